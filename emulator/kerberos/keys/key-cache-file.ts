/**
 * The key cache file (`.ctlab/key-cache.bin` for `ctlab up`): derived keys by `derivationId`, so a
 * restart of the lab does not run PBKDF2 again for accounts it has served before. It holds keys,
 * never passwords, and is treated as a secret:
 *   - created with mode 0600 (never world- or group-readable), written whole to a temporary file
 *     in the same directory and renamed over the old one (a reader never sees half a file);
 *   - a file that is not ours (another owner, group/world permissions, wrong magic) or is corrupt
 *     (bad length or digest) is ignored with one warning and replaced on the next write.
 *
 * Format (all of it covered by the trailing digest):
 *   "CTLABKC1" | u32be count | count x ( 32-byte id | u8 length | key bytes ) | SHA-256 of the above
 *
 * Loaded on first use (a lab whose keys are all explicit never reads it); new keys are written
 * shortly after they are derived (timer, unref'd), on `flush()` and at process exit.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DerivedKeyStore } from './derived-keys.ts';

const MAGIC = Buffer.from('CTLABKC1', 'latin1');
const ID_BYTES = 32;
const DIGEST_BYTES = 32;
/** A bound against a runaway file: far above any directory's accounts x enctypes x generations. */
export const MAX_KEY_CACHE_ENTRIES = 4_000_000;
const WRITE_DELAY_MS = 500;

export interface FileKeyCacheOptions {
  /** Where a problem with the file is reported (never with key material). Default: stderr. */
  warn?: (message: string) => void;
  /** Delay between a new key and the write, ms (default 500; 0 = write only on flush/exit). */
  writeDelayMs?: number;
}

export class FileKeyCache implements DerivedKeyStore {
  readonly path: string;
  private keys: Map<string, Uint8Array> | undefined;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly warn: (message: string) => void;
  private readonly writeDelayMs: number;
  private readonly onExit = () => this.flush();

  constructor(path: string, opts: FileKeyCacheOptions = {}) {
    this.path = path;
    this.warn = opts.warn ?? ((m) => process.stderr.write(`ctlab: ${m}\n`));
    this.writeDelayMs = opts.writeDelayMs ?? WRITE_DELAY_MS;
  }

  get(id: string): Uint8Array | undefined {
    return this.loaded().get(id);
  }

  put(id: string, key: Uint8Array): void {
    const keys = this.loaded();
    if (keys.size >= MAX_KEY_CACHE_ENTRIES) keys.delete(keys.keys().next().value!);
    keys.set(id, key.slice());
    if (!this.dirty) {
      this.dirty = true;
      process.once('exit', this.onExit);
      if (this.writeDelayMs > 0) {
        this.timer = setTimeout(() => this.flush(), this.writeDelayMs);
        this.timer.unref();
      }
    }
  }

  /** Number of keys held (loads the file). */
  get size(): number {
    return this.loaded().size;
  }

  /** Writes pending keys now (atomically). Errors are reported, not thrown: the cache is an optimisation. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty || !this.keys) return;
    this.dirty = false;
    process.removeListener('exit', this.onExit);
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      const body = encode(this.keys);
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, body);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.path);
    } catch (err) {
      rmSync(tmp, { force: true });
      this.warn(`key cache ${this.path} not written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); keys will be derived again next time`);
    }
  }

  private loaded(): Map<string, Uint8Array> {
    if (this.keys) return this.keys;
    this.keys = new Map();
    let raw: Buffer;
    try {
      const st = statSync(this.path);
      const uid = process.getuid?.();
      if (uid !== undefined && st.uid !== uid) return this.ignore(`is owned by uid ${st.uid}, not this user`);
      if ((st.mode & 0o077) !== 0) return this.ignore(`is readable or writable by others (mode ${(st.mode & 0o777).toString(8)})`);
      raw = readFileSync(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.keys;
      return this.ignore(`cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const decoded = decode(raw);
    if (typeof decoded === 'string') return this.ignore(decoded);
    this.keys = decoded;
    return this.keys;
  }

  private ignore(why: string): Map<string, Uint8Array> {
    this.warn(`key cache ${this.path} ignored: it ${why}; it will be rewritten`);
    this.dirty = false;
    return (this.keys = new Map());
  }
}

function encode(keys: ReadonlyMap<string, Uint8Array>): Buffer {
  let size = MAGIC.length + 4 + DIGEST_BYTES;
  for (const k of keys.values()) size += ID_BYTES + 1 + k.length;
  const out = Buffer.alloc(size);
  let at = MAGIC.copy(out, 0);
  at = out.writeUInt32BE(keys.size, at);
  for (const [id, key] of keys) {
    at += out.write(id, at, ID_BYTES, 'hex');
    out[at++] = key.length;
    out.set(key, at);
    at += key.length;
  }
  createHash('sha256').update(out.subarray(0, at)).digest().copy(out, at);
  return out;
}

/** The keys of a cache file, or why it is not one. */
function decode(raw: Buffer): Map<string, Uint8Array> | string {
  if (raw.length < MAGIC.length + 4 + DIGEST_BYTES || !raw.subarray(0, MAGIC.length).equals(MAGIC)) return 'is not a cloudtrust-lab key cache';
  const end = raw.length - DIGEST_BYTES;
  const digest = createHash('sha256').update(raw.subarray(0, end)).digest();
  if (!digest.equals(raw.subarray(end))) return 'is corrupt (digest mismatch)';
  const count = raw.readUInt32BE(MAGIC.length);
  if (count > MAX_KEY_CACHE_ENTRIES) return `is corrupt (${count} entries)`;
  const keys = new Map<string, Uint8Array>();
  let at = MAGIC.length + 4;
  for (let i = 0; i < count; i++) {
    if (at + ID_BYTES + 1 > end) return 'is corrupt (truncated)';
    const id = raw.toString('hex', at, at + ID_BYTES);
    const len = raw[at + ID_BYTES];
    at += ID_BYTES + 1;
    if ((len !== 16 && len !== 32) || at + len > end) return 'is corrupt (bad key length)';
    keys.set(id, new Uint8Array(raw.subarray(at, at + len)));
    at += len;
  }
  if (at !== end) return 'is corrupt (trailing bytes)';
  return keys;
}
