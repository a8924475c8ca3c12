import type { KeyObject } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { equalBytes } from '../../core/bytes.ts';
import { OPENSSL_HMAC_MIN, opensslHmacSha1, secretKey, useOpenssl } from './backend.ts';
import { dk, KC, KE, KI, usageConstant } from './derive.ts';
import type { SimplifiedCipher } from './simplified.ts';

/**
 * The derived keys of the simplified profile (RFC 3961 section 5.3: Ke, Ki, Kc per base key and
 * usage), derived once and kept prepared: Ke as the cipher's prepared key (AES: expanded key
 * schedule), Ki and Kc as HMAC states with the key pads already absorbed (cloned per message).
 * A KDC uses the same few long-term keys and usages for every request, so after the first
 * request no call re-derives.
 *
 * Two levels: by the base key's Uint8Array (a WeakMap: an entry lives as long as the key does),
 * checked against a copy of its bytes on every hit, so a caller that rewrites a key in place
 * gets keys derived from the new bytes; then by the key's bytes, for keys that arrive as fresh
 * arrays with known contents (a TGT's session key, decoded anew from every TGS-REQ), bounded to
 * MAX_BY_CONTENT entries per cipher (oldest dropped first). Per base key at most MAX_USAGES
 * usages are kept (usages are caller-chosen numbers). Pure: no I/O, no randomness; only
 * memoisation.
 */
/**
 * A keyed HMAC state and a scratch instance it is copied into per message (noble's
 * `_cloneInto`, what its own `clone()` does into a fresh object): no new hash objects, buffers
 * or views per message. `mac()` copies, absorbs and digests in one call, so the scratch never
 * outlives a call.
 */
interface HmacState {
  update(data: Uint8Array): HmacState;
  digest(): Uint8Array;
  _cloneInto(to?: HmacState): HmacState;
}
interface MacTemplate {
  readonly keyed: HmacState;
  scratch: HmacState | undefined;
  /** The key for OpenSSL's HMAC-SHA1 (backend.ts), when the cipher's hash is SHA-1; made on first use. */
  readonly raw: Uint8Array | undefined;
  node?: KeyObject;
}

function template(c: SimplifiedCipher, key: Uint8Array): MacTemplate {
  return { keyed: hmac.create(c.hash, key) as unknown as HmacState, scratch: undefined, raw: c.hashName === 'sha1' ? key.slice() : undefined };
}

/** HMAC of `data` under the template's key (full output; callers truncate). */
export function mac(t: MacTemplate, data: Uint8Array): Uint8Array {
  if (t.raw !== undefined && useOpenssl(data.length, OPENSSL_HMAC_MIN)) return opensslHmacSha1((t.node ??= secretKey(t.raw)), data);
  const h = t.keyed._cloneInto(t.scratch);
  t.scratch = h;
  return h.update(data).digest();
}

interface UsageKeys {
  ke?: unknown;
  ki?: MacTemplate;
  kc?: MacTemplate;
}

interface Entry {
  readonly cipher: SimplifiedCipher;
  readonly bytes: Uint8Array;
  readonly usages: Map<number, UsageKeys>;
}

const MAX_USAGES = 64;
const MAX_BY_CONTENT = 1024;
const byIdentity = new WeakMap<Uint8Array, Entry>();
const byContent = new WeakMap<SimplifiedCipher, Map<string, Entry>>();

function entryFor(c: SimplifiedCipher, key: Uint8Array): Entry {
  let e = byIdentity.get(key);
  if (e !== undefined && e.cipher === c && equalBytes(e.bytes, key)) return e;
  let known = byContent.get(c);
  if (known === undefined) byContent.set(c, (known = new Map()));
  const id = String.fromCharCode(...key);
  e = known.get(id);
  if (e === undefined) {
    if (known.size >= MAX_BY_CONTENT) known.delete(known.keys().next().value!);
    e = { cipher: c, bytes: key.slice(), usages: new Map() };
    known.set(id, e);
  }
  byIdentity.set(key, e);
  return e;
}

function usageKeys(c: SimplifiedCipher, key: Uint8Array, usage: number): UsageKeys {
  if (!Number.isInteger(usage) || usage < 0 || usage > 0xffffffff) throw new RangeError('key usage out of range');
  const e = entryFor(c, key);
  let u = e.usages.get(usage);
  if (u === undefined) {
    if (e.usages.size >= MAX_USAGES) e.usages.clear();
    u = {};
    e.usages.set(usage, u);
  }
  return u;
}

/** Ke = DK(base, usage | 0xAA), prepared by the cipher. */
export function encryptionKey<P>(c: SimplifiedCipher<P>, key: Uint8Array, usage: number): P {
  const u = usageKeys(c as SimplifiedCipher, key, usage);
  return (u.ke ??= c.prepare(dk(c, key, usageConstant(usage, KE)))) as P;
}

/** The HMAC keyed with Ki = DK(base, usage | 0x55), for `mac()`. */
export function integrityMac(c: SimplifiedCipher, key: Uint8Array, usage: number): MacTemplate {
  const u = usageKeys(c, key, usage);
  return (u.ki ??= template(c, dk(c, key, usageConstant(usage, KI))));
}

/** The HMAC keyed with Kc = DK(base, usage | 0x99), for `mac()`. */
export function checksumMac(c: SimplifiedCipher, key: Uint8Array, usage: number): MacTemplate {
  const u = usageKeys(c, key, usage);
  return (u.kc ??= template(c, dk(c, key, usageConstant(usage, KC))));
}
