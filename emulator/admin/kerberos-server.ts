/**
 * The Kerberos server admin operations, as the AzureADHybridAuthenticationManagement module's
 * cmdlets act (PROTOCOL.md section 3; MS Learn "Microsoft Entra Kerberos server key rotation"):
 *
 *   get      Get-AzureADKerberosServer: both sides' fields (view.ts)
 *   set      Set-AzureADKerberosServer: creates AzureADKerberos + krbtgt_AzureAD in AD when
 *            missing, then publishes AD's key, version and KeyUpdatedOn to the tenant's
 *            KerberosDomain (created when missing): afterwards the two sides agree
 *   rotate   Set-AzureADKerberosServer -RotateServerKey: a new key in AD (msDS-KeyVersionNumber
 *            + 1, the old key kept as N-1), published to the cloud with AD's new version (the
 *            cloud's primary becomes its secondary). Refused within 24 hours of KeyUpdatedOn
 *            unless `force`. `onPremOnly` / `cloudOnly` make a rotation that reached one side
 *            (the cloud-only one moves CloudKeyVersion by one), the failure PROTOCOL.md section 6
 *            lists as KeyVersion != CloudKeyVersion
 *   remove   Remove-AzureADKerberosServer: both sides' objects
 *
 * Keys come from key-material.ts (seed, RODC number, version, rotation serial). Pure apart from
 * the injected clock; each change emits one trace envelope (service 'admin'); refusals are
 * AdminErrors, traced by the server with the request.
 */
import type { Clock } from '../core/clock.ts';
import type { Directory, KeyMaterial } from '../directory/model.ts';
import type { Scenario } from '../scenario/defaults.ts';
import { DEFAULT_KEY_VERSION } from '../scenario/defaults.ts';
import { createAdKerberosServer, rotateAdKerberosServer } from '../stores/ad-kerberos-objects.ts';
import type { AdKerberosServer, KeyOrigin } from '../stores/ad-kerberos-server.ts';
import type { LabStores } from '../stores/lab-stores.ts';
import type { KerberosDomain } from '../tenant/model.ts';
import type { TraceEnvelope } from '../trace/envelope.ts';
import { AdminError } from './errors.ts';
import { rotationMaterial } from './key-material.ts';
import { keyGenerationsView, kerberosServerView, type KeyGenerationsView, type KerberosServerView } from './view.ts';

/** Set-AzureADKerberosServer -RotateServerKey may run once per 24 hours without -Force. */
export const ROTATION_INTERVAL_MS = 24 * 3_600_000;

export interface RotateOptions {
  readonly force?: boolean;
  readonly onPremOnly?: boolean;
  readonly cloudOnly?: boolean;
}

export interface KerberosServerState {
  readonly kerberosServer: KerberosServerView;
  readonly keyGenerations: KeyGenerationsView;
}

export interface KerberosServerAdminOptions {
  readonly scenario: Scenario;
  /** The scenario's built directory (objects re-created by `set` come from it). */
  readonly baseDirectory: Directory;
  readonly stores: LabStores;
  readonly clock: Clock;
  /** KeyUpdatedFrom of the changes made here: the serving DC's host name. */
  readonly dcHostName: string;
  readonly trace?: (e: Omit<TraceEnvelope, 'service' | 't'>) => void;
}

export class KerberosServerAdmin {
  private readonly o: KerberosServerAdminOptions;
  private serial = 0;
  private readonly cloudOrigins = new Map<string, { current: KeyOrigin; previous?: KeyOrigin }>();
  constructor(o: KerberosServerAdminOptions) {
    this.o = o;
  }

  /** The AD domain the lab serves (lower case): the KerberosDomain's domainDnsName. */
  get domain(): string {
    return this.o.baseDirectory.domain.dnsName.toLowerCase();
  }

  private ad(): AdKerberosServer | undefined {
    return this.o.stores.adKerberosServer.get();
  }

  private cloud(): KerberosDomain | undefined {
    return this.o.stores.kerberosDomains.get(this.domain);
  }

  get(): KerberosServerState {
    return {
      kerberosServer: kerberosServerView(this.domain, this.ad(), this.cloud()),
      keyGenerations: keyGenerationsView(this.ad(), this.cloud(), this.cloudOrigins.get(this.domain)),
    };
  }

  private change(material: KeyMaterial, origin: KeyOrigin) {
    return { material, origin, now: this.o.clock.now(), dc: this.o.dcHostName, usn: this.o.stores.directory.highestCommittedUsn + 1 };
  }

  /** Publishes AD's current key to the tenant (the cloud's primary becomes its secondary unless `fresh`). */
  private publish(ad: AdKerberosServer): void {
    const s = ad.krbtgt.secrets;
    const kd: KerberosDomain = Object.freeze({
      domainDnsName: this.domain,
      id: ad.id,
      displayName: ad.krbtgt.samAccountName,
      keyVersion: s.current.kvno,
      keyUpdatedOn: ad.keyUpdatedOn,
      current: s.current,
      ...(s.previous ? { previous: s.previous } : {}),
    });
    this.o.stores.kerberosDomains.put(kd);
    this.cloudOrigins.set(this.domain, { current: ad.keyOrigin.current, ...(ad.keyOrigin.previous ? { previous: ad.keyOrigin.previous } : {}) });
  }

  set(): KerberosServerState {
    let ad = this.ad();
    const created = !ad;
    if (!ad) {
      const serial = ++this.serial;
      const id = this.o.scenario.azureADKerberos.id;
      ad = createAdKerberosServer(this.o.scenario, this.o.baseDirectory, this.change(rotationMaterial(this.o.scenario.seed, id, DEFAULT_KEY_VERSION, serial), { kind: 'rotation', serial }));
      this.o.stores.adKerberosServer.put(ad);
    }
    this.publish(ad);
    const state = this.get();
    this.emit('set', 'ok', `${created ? 'created AzureADKerberos and krbtgt_AzureAD' : 'AzureADKerberos present'}; published key version ${ad.krbtgt.secrets.current.kvno} to the KerberosDomain of ${this.domain}`, state);
    return state;
  }

  rotate(opts: RotateOptions = {}): KerberosServerState {
    if (opts.onPremOnly && opts.cloudOnly) throw new AdminError('BAD_REQUEST', 'onPremOnly and cloudOnly exclude each other');
    const now = this.o.clock.now();
    const ad = this.ad();
    const cloud = this.cloud();
    if (!opts.cloudOnly && !ad) throw new AdminError('NOT_CONFIGURED', `no AzureADKerberos object in ${this.domain}: run set first`);
    if (opts.cloudOnly && !cloud) throw new AdminError('NOT_CONFIGURED', `the tenant has no KerberosDomain for ${this.domain}: run set first`);
    const last = opts.cloudOnly ? cloud!.keyUpdatedOn : ad!.keyUpdatedOn;
    if (!opts.force && now - last < ROTATION_INTERVAL_MS) {
      const next = new Date(last + ROTATION_INTERVAL_MS).toISOString();
      throw new AdminError('ROTATION_TOO_SOON', `the key was updated on ${new Date(last).toISOString()}; a rotation is allowed once per 24 hours (next at ${next}) unless forced`, { keyUpdatedOn: new Date(last).toISOString(), nextAllowed: next });
    }
    const serial = ++this.serial;
    const origin: KeyOrigin = { kind: 'rotation', serial };
    const seed = this.o.scenario.seed;
    let side: string;
    if (opts.cloudOnly) {
      const v = cloud!.keyVersion + 1;
      const prevOrigin = this.cloudOrigins.get(this.domain)?.current ?? { kind: 'scenario' };
      this.o.stores.kerberosDomains.put(Object.freeze({ ...cloud!, keyVersion: v, keyUpdatedOn: now, current: rotationMaterial(seed, cloud!.id, v, serial), previous: cloud!.current }));
      this.cloudOrigins.set(this.domain, { current: origin, previous: prevOrigin });
      side = `cloud only: CloudKeyVersion ${cloud!.keyVersion} -> ${v}`;
    } else {
      const v = ad!.krbtgt.secrets.current.kvno + 1;
      const next = rotateAdKerberosServer(this.o.scenario, ad!, this.change(rotationMaterial(seed, ad!.id, v, serial), origin));
      this.o.stores.adKerberosServer.put(next);
      if (opts.onPremOnly) side = `on-premises only: KeyVersion ${v - 1} -> ${v}`;
      else {
        this.publishRotation(next, cloud);
        side = `both sides: KeyVersion and CloudKeyVersion ${v}`;
      }
    }
    const state = this.get();
    this.emit('rotate', 'ok', `rotated krbtgt_AzureAD's key, ${side}`, state, { force: Boolean(opts.force) });
    return state;
  }

  /**
   * The cloud side of a full rotation: AD's new key becomes primary, the cloud's primary secondary.
   * When the cloud's primary already carries AD's new version (a cloud-only rotation reached it
   * before), the published key replaces that one and the cloud keeps its secondary: one version
   * names one key, so the secondary never carries the primary's version.
   */
  private publishRotation(ad: AdKerberosServer, cloud: KerberosDomain | undefined): void {
    if (!cloud) return this.publish(ad);
    const was = this.cloudOrigins.get(this.domain);
    const v = ad.krbtgt.secrets.current.kvno;
    const replaced = cloud.current.kvno === v;
    const previous = replaced ? cloud.previous : cloud.current;
    const prevOrigin = replaced ? was?.previous : (was?.current ?? { kind: 'scenario' });
    const { previous: _drop, ...rest } = cloud;
    this.o.stores.kerberosDomains.put(
      Object.freeze({ ...rest, id: ad.id, displayName: ad.krbtgt.samAccountName, keyVersion: v, keyUpdatedOn: ad.keyUpdatedOn, current: ad.krbtgt.secrets.current, ...(previous ? { previous } : {}) }),
    );
    this.cloudOrigins.set(this.domain, { current: ad.keyOrigin.current, ...(previous && prevOrigin ? { previous: prevOrigin } : {}) });
  }

  remove(): KerberosServerState & { removed: { onPrem: boolean; cloud: boolean } } {
    const onPrem = this.o.stores.adKerberosServer.remove();
    const cloud = this.o.stores.kerberosDomains.remove(this.domain);
    this.cloudOrigins.delete(this.domain);
    if (!onPrem && !cloud) throw new AdminError('NOT_CONFIGURED', `no Kerberos server objects in ${this.domain} on either side`);
    const state = { ...this.get(), removed: { onPrem, cloud } };
    this.emit('remove', 'ok', `removed ${[onPrem ? 'AzureADKerberos and krbtgt_AzureAD from AD' : '', cloud ? `the KerberosDomain of ${this.domain}` : ''].filter(Boolean).join(' and ')}`, state);
    return state;
  }

  private emit(step: string, verdict: 'ok', fact: string, state: KerberosServerState, extra: Record<string, unknown> = {}): void {
    const v = state.kerberosServer;
    this.o.trace?.({ step, verdict, fact, detail: { keyVersion: v.KeyVersion, cloudKeyVersion: v.CloudKeyVersion, ...extra } });
  }
}
