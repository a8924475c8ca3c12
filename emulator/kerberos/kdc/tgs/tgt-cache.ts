/**
 * The TGTs this KDC has already opened, by their exact enc-part bytes: a client presents the same
 * TGT with every TGS-REQ for its lifetime (ten hours by default), and opening it is the same pure
 * work each time: decrypt with the krbtgt key (usage 2), decode the EncTicketPart, find the PAC,
 * check its server and KDC signatures with that key. This cache keeps the result of that work,
 * so a TGS-REQ with a TGT seen before only compares bytes. Everything that depends on more than
 * the ticket and the key is still decided per request, by the same steps as before: the kvno
 * rule and the candidate keys (the key table, so a rotated krbtgt key is seen at once), the
 * ticket's times and flags, the client's account in the directory, the PAC's requestor against
 * that account, the authenticator and the replay cache.
 *
 * A hit needs the same enc-part bytes (compared in full) and a candidate generation whose key of
 * the ticket's enctype has the bytes of the key that opened it; the generations are tried in the
 * order the key table gives, as unsealTicketWith tries them (a different key cannot open the same
 * bytes: the integrity check would fail). Failures are never cached: a ticket that does not
 * decrypt, or whose PAC does not verify, goes through the full steps every time.
 *
 * Entries are frozen (the part is shared by every request that presents the ticket) and bounded:
 * at most `maxEntries`, the least recently used dropped first. One cache per KDC context.
 */
import { timingSafeEqual } from 'node:crypto';
import type { EncTicketPart, Ticket } from '../../asn1/index.ts';
import type { KerberosKey } from '../../crypto/index.ts';
import type { KeyGeneration } from '../../keys/keytable.ts';
import type { PresentedPac } from './pac.ts';

/** Default bound: a TGT per client of a busy lab, about 3 KiB each. */
export const TGT_CACHE_MAX_ENTRIES = 4096;

/** The PAC check of a cached TGT (tgs/pac.ts verifyPacSignatures) and the trace detail it wrote. */
export interface VerifiedPacMemo {
  readonly pac: PresentedPac;
  readonly pacSignatures: string;
  readonly rodcIdentifier?: number;
}

export interface OpenedTgtEntry {
  readonly cipher: Uint8Array;
  readonly etype: number;
  /** A copy of the bytes of the key that opened it. */
  readonly keyBytes: Uint8Array;
  readonly part: EncTicketPart;
  /** Set once the PAC verified with the key that opened the ticket. */
  verifiedPac: VerifiedPacMemo | undefined;
}

/** Freezes a decoded value and everything in it except byte arrays (which cannot be frozen). */
function deepFreeze<T>(v: T): T {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || Object.isFrozen(v)) return v;
  for (const x of Object.values(v)) deepFreeze(x);
  return Object.freeze(v);
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && timingSafeEqual(a, b);

export class OpenedTgtCache {
  /** lookup key -> entry, least recently used first. */
  private readonly entries = new Map<string, OpenedTgtEntry>();
  readonly maxEntries: number;

  constructor(maxEntries: number = TGT_CACHE_MAX_ENTRIES) {
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The lookup key: etype, length and the first and last 16 bytes of the cipher (the HMAC tag of
   * aes and rc4 lies there, random per ticket); the whole cipher is compared on a hit.
   */
  private static keyOf(etype: number, cipher: Uint8Array): string {
    const n = cipher.length;
    let s = `${etype}:${n}:`;
    for (let i = 0; i < 16 && i < n; i++) s += String.fromCharCode(cipher[i]);
    for (let i = Math.max(16, n - 16); i < n; i++) s += String.fromCharCode(cipher[i]);
    return s;
  }

  /**
   * The entry for `ticket` when one of `generations` holds the key that opened it: the first such
   * generation (in the given order) and its key, as unsealing would return them.
   */
  find(
    ticket: Ticket,
    generations: readonly KeyGeneration[],
  ): { entry: OpenedTgtEntry; generation: KeyGeneration; key: KerberosKey } | undefined {
    const { etype, cipher } = ticket.encPart;
    const k = OpenedTgtCache.keyOf(etype, cipher);
    const entry = this.entries.get(k);
    if (entry === undefined || entry.etype !== etype || !sameBytes(entry.cipher, cipher)) return undefined;
    for (const generation of generations) {
      const key = generation.keys.get(etype);
      if (key !== undefined && key.etype === etype && sameBytes(key.bytes, entry.keyBytes)) {
        this.entries.delete(k);
        this.entries.set(k, entry);
        return { entry, generation, key };
      }
    }
    return undefined;
  }

  /** Remembers a ticket that `key` opened to `part` (frozen here); returns the entry. */
  remember(ticket: Ticket, key: KerberosKey, part: EncTicketPart): OpenedTgtEntry {
    const { etype, cipher } = ticket.encPart;
    const k = OpenedTgtCache.keyOf(etype, cipher);
    const entry: OpenedTgtEntry = { cipher: cipher.slice(), etype, keyBytes: key.bytes.slice(), part: deepFreeze(part), verifiedPac: undefined };
    this.entries.delete(k);
    if (this.maxEntries <= 0) return entry;
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(k, entry);
    return entry;
  }
}
