/**
 * The decoded view's route on the training page's server: `GET /api/events/:id/decoded` → the
 * event's decoded tree (registry.ts) from the ring of recent captures, opened with the lab's own
 * keys: the key table over the live directory (the admin API's rotations included) and Entra's
 * copy of the krbtgt_AzureAD keys from the tenant's KerberosDomain objects. Secrets are masked
 * unless the lab was started with --ui-show-secrets; nothing decoded is logged.
 */
import type { DerivedKeyStore } from '../../kerberos/keys/derived-keys.ts';
import { KeyTable } from '../../kerberos/keys/keytable.ts';
import { partialTgtKeyFromTenant, type PartialTgtKey } from '../../kerberos/partial-tgt/index.ts';
import type { LabStores } from '../../stores/lab-stores.ts';
import type { KerberosDomain } from '../../tenant/model.ts';
import type { Capture } from '../../trace/capture.ts';
import type { TraceEvent } from '../../trace/trace.ts';
import type { DecodeContext } from './context.ts';
import { decodeEvent } from './registry.ts';
import { CaptureRing } from './ring.ts';

export const DECODED_PATH = /^\/api\/events\/(\d{1,12})\/decoded$/;

export interface DecodedViewOptions {
  /** The lab's run-time stores, read on every request (a getter: it follows a lab restart). */
  readonly stores: () => LabStores;
  /** Show secrets (session keys, NT hashes, tokens) instead of masking them: `ctlab up --ui-show-secrets`. */
  readonly showSecrets?: boolean;
  /** Where derived keys are remembered (the lab's key cache); default the process-wide store. */
  readonly keyStore?: DerivedKeyStore;
  readonly ring?: CaptureRing;
}

export class DecodedView {
  readonly ring: CaptureRing;
  private readonly o: DecodedViewOptions;
  private keys?: KeyTable;
  private keysFor?: object;
  private readonly cloudKeys = new WeakMap<KerberosDomain, PartialTgtKey[]>();

  constructor(o: DecodedViewOptions) {
    this.o = o;
    this.ring = o.ring ?? new CaptureRing();
  }

  /** The TraceStream's observer: every event with its id and capture goes into the ring. */
  readonly observe = (id: number, e: TraceEvent, capture: Capture | undefined): void => this.ring.add(id, e, capture);

  private context(): DecodeContext {
    const stores = this.o.stores();
    const directory = stores.directory;
    if (!this.keys || this.keysFor !== directory) {
      // A new directory (a restarted lab): a new key table over it (derived keys come from the store).
      this.keys = KeyTable.build(directory, this.o.keyStore ? { store: this.o.keyStore } : {});
      this.keysFor = directory;
    }
    return {
      directory,
      keys: this.keys,
      showSecrets: this.o.showSecrets === true,
      cloudPartialTgtKeys: () => stores.kerberosDomains.list().flatMap((kd) => this.cloudKeysOf(kd)),
    };
  }

  private cloudKeysOf(kd: KerberosDomain): PartialTgtKey[] {
    let keys = this.cloudKeys.get(kd);
    if (!keys) {
      keys = [];
      for (const which of ['current', 'previous'] as const) {
        try {
          keys.push(partialTgtKeyFromTenant(kd, which));
        } catch {
          // No such key (no previous one yet, or no aes256 key): nothing to try.
        }
      }
      this.cloudKeys.set(kd, keys);
    }
    return keys;
  }

  /** The answer for `GET path`, or undefined when the path is not this route's. */
  answer(method: string, path: string): { status: number; body: unknown } | undefined {
    const m = DECODED_PATH.exec(path);
    if (!m || method !== 'GET') return undefined;
    const id = Number(m[1]);
    const entry = this.ring.get(id);
    if (!entry) return { status: 404, body: { error: 'NOT_FOUND', message: `event ${id} is not among the last ${this.ring.size} the page's server keeps` } };
    return { status: 200, body: decodeEvent(this.context(), id, entry.event, entry.capture) };
  }
}
