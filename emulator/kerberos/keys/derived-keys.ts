/**
 * Derived long-term keys, remembered by what they derive from. A key derived from a password is a
 * pure function of (enctype, password, salt, iterations); its identity here is a SHA-256 of those
 * four (`derivationId`), so a store never holds a password and a changed secret simply misses and
 * derives anew: no invalidation call exists or is needed.
 *
 * `DerivedKeyStore` is what the key table consults before running string-to-key; the in-memory
 * one below serves tests and one-shot verbs, the file one (key-cache-file.ts) makes a restart free.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AES_DEFAULT_ITERATIONS } from '../crypto/index.ts';
import type { KerberosKey } from '../crypto/index.ts';
import { deriveKeyFromPassword } from './s2k.ts';

/** Where derived keys are remembered, by `derivationId`. Implementations never log keys. */
export interface DerivedKeyStore {
  get(id: string): Uint8Array | undefined;
  put(id: string, key: Uint8Array): void;
}

/** Counters of one store user (the key table reports them in its stats). */
export interface DerivationStats {
  /** string-to-key runs (PBKDF2 for AES, MD4 for RC4). */
  derived: number;
  /** Keys found in the store instead. */
  storeHits: number;
  /** Wall time spent deriving, ms. */
  deriveMs: number;
}

const LABEL = 'cloudtrust-lab string-to-key v1';

/** The identity of a derivation: SHA-256 over the enctype, iterations, salt and password (hex). */
export function derivationId(etype: number, password: string, salt: string, iterations: number = AES_DEFAULT_ITERATIONS): string {
  const h = createHash('sha256');
  h.update(`${LABEL}\0${etype}\0${iterations}\0${salt.length}\0`);
  h.update(salt, 'utf8');
  h.update('\0');
  h.update(password, 'utf8');
  return h.digest('hex');
}

/** An unbounded in-memory store (a process's derivations; a few hundred bytes per key). */
export class MemoryKeyStore implements DerivedKeyStore {
  private readonly keys = new Map<string, Uint8Array>();
  get(id: string): Uint8Array | undefined {
    return this.keys.get(id);
  }
  put(id: string, key: Uint8Array): void {
    this.keys.set(id, key);
  }
  get size(): number {
    return this.keys.size;
  }
}

/** The process-wide store used when a caller names none (keytab verb, Entra's partial-TGT key). */
export const processKeyStore = new MemoryKeyStore();

/**
 * The key of `etype` for `password` and `salt`: from `store` when it has it, else derived (and
 * put there). `stats` counts which of the two happened.
 */
export function passwordKey(
  store: DerivedKeyStore,
  etype: number,
  password: string,
  salt: string,
  stats?: DerivationStats,
  iterations: number = AES_DEFAULT_ITERATIONS,
): KerberosKey {
  const id = derivationId(etype, password, salt, iterations);
  const known = store.get(id);
  if (known) {
    if (stats) stats.storeHits++;
    return { etype, bytes: known.slice() };
  }
  const t0 = performance.now();
  const key = deriveKeyFromPassword(etype, password, salt, iterations);
  if (stats) {
    stats.derived++;
    stats.deriveMs += performance.now() - t0;
  }
  store.put(id, key.bytes.slice());
  return key;
}
