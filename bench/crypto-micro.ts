/**
 * Micro-benchmark of the Kerberos crypto calls of one AS and one TGS exchange, with their real
 * sizes and a long-term key reused as the KDC's key table hands it out, through the project's
 * crypto API (@noble). With --node, the same calls on node:crypto (OpenSSL AES-CBC/CTS and HMAC,
 * keys derived by our RFC 3961 code and cached the same way) for comparison: an estimate of what
 * switching the primitives would save, checked byte-equal with ours. Prints microseconds.
 *
 * With --backends, the project's own API under each backend of emulator/kerberos/crypto/backend.ts
 * (@noble forced, OpenSSL forced, and the default size thresholds), per call and per exchange.
 *
 *   node bench/crypto-micro.ts [--n 20000] [--node] [--backends]
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';
import { hex } from '../emulator/core/bytes.ts';
import { SeededRandom } from '../emulator/core/random.ts';
import { aesCipher } from '../emulator/kerberos/crypto/aes.ts';
import { deriveKc, deriveKe, deriveKi } from '../emulator/kerberos/crypto/simplified.ts';
import { checksum, decrypt, encryptWithConfounder, randomKey, setCryptoBackend, type CryptoBackend, type KerberosKey } from '../emulator/kerberos/crypto/index.ts';
import { bestOf } from './best-of.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '20000' }, node: { type: 'boolean', default: false }, backends: { type: 'boolean', default: false } } });
const n = Math.max(100, Math.min(1_000_000, Number(values.n)));
const rng = new SeededRandom('crypto-micro');

/** RFC 3962 on node:crypto: AES-CBC-CTS from aes-*-cbc without padding, HMAC-SHA1-96. */
const nodeKeys = new Map<string, Buffer>();
function derived(kind: 'e' | 'i' | 'c', key: KerberosKey, usage: number): Buffer {
  const id = `${kind}${usage}${hex(key.bytes)}`;
  let k = nodeKeys.get(id);
  if (!k) {
    const c = aesCipher(key.bytes.length);
    k = Buffer.from((kind === 'e' ? deriveKe : kind === 'i' ? deriveKi : deriveKc)(c, key.bytes, usage));
    nodeKeys.set(id, k);
  }
  return k;
}
function cbc(dir: 'enc' | 'dec', key: Buffer, data: Uint8Array): Buffer {
  const alg = `aes-${key.length * 8}-cbc`;
  const c = dir === 'enc' ? createCipheriv(alg, key, Buffer.alloc(16)) : createDecipheriv(alg, key, Buffer.alloc(16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}
function nodeEncrypt(key: KerberosKey, usage: number, pt: Uint8Array, conf: Uint8Array): Uint8Array {
  const data = Buffer.concat([conf, pt]);
  const nBlocks = Math.ceil(data.length / 16);
  const padded = Buffer.alloc(nBlocks * 16);
  data.copy(padded);
  const c = cbc('enc', derived('e', key, usage), padded);
  const last = data.length - (nBlocks - 1) * 16;
  const body = nBlocks === 1 ? c : Buffer.concat([c.subarray(0, (nBlocks - 2) * 16), c.subarray((nBlocks - 1) * 16), c.subarray((nBlocks - 2) * 16, (nBlocks - 2) * 16 + last)]);
  const mac = createHmac('sha1', derived('i', key, usage)).update(data).digest().subarray(0, 12);
  return Buffer.concat([body, mac]);
}
function nodeDecrypt(key: KerberosKey, usage: number, ct: Uint8Array): Uint8Array {
  const body = ct.subarray(0, ct.length - 12);
  const nBlocks = Math.ceil(body.length / 16);
  const last = body.length - (nBlocks - 1) * 16;
  const head = (nBlocks - 2) * 16;
  const ke = derived('e', key, usage);
  let pt: Buffer;
  if (nBlocks === 1) pt = cbc('dec', ke, body);
  else {
    const dn = createDecipheriv(`aes-${ke.length * 8}-ecb`, ke, null).setAutoPadding(false).update(body.subarray(head, head + 16));
    const cn1 = Buffer.concat([body.subarray(head + 16), dn.subarray(last)]);
    const front = cbc('dec', ke, Buffer.concat([body.subarray(0, head), cn1]));
    const pn = Buffer.alloc(last);
    for (let i = 0; i < last; i++) pn[i] = dn[i] ^ cn1[i];
    pt = Buffer.concat([front, pn]);
  }
  const mac = createHmac('sha1', derived('i', key, usage)).update(pt).digest().subarray(0, 12);
  if (!mac.equals(Buffer.from(ct.subarray(ct.length - 12)))) throw new Error('integrity');
  return pt.subarray(16);
}
const nodeChecksum = (key: KerberosKey, usage: number, data: Uint8Array) => createHmac('sha1', derived('c', key, usage)).update(data).digest().subarray(0, 12);

interface Impl {
  enc(key: KerberosKey, usage: number, pt: Uint8Array): Uint8Array;
  dec(key: KerberosKey, usage: number, ct: Uint8Array): Uint8Array;
  sum(key: KerberosKey, usage: number, data: Uint8Array): Uint8Array;
}
const conf = rng.bytes(16);
const noble: Impl = { enc: (k, u, p) => encryptWithConfounder(k, u, p, conf), dec: decrypt, sum: (k, u, d) => checksum(16, k, u, d) };
const node: Impl = { enc: (k, u, p) => nodeEncrypt(k, u, p, conf), dec: nodeDecrypt, sum: nodeChecksum };

const longTerm = randomKey(18, rng);
const session = randomKey(18, rng);
const sizes = { ts: rng.bytes(40), ticket: rng.bytes(1100), rep: rng.bytes(300), pac: rng.bytes(1000), sig: rng.bytes(12), auth: rng.bytes(120) };
const tgt = noble.enc(longTerm, 2, sizes.ticket);
const tsCt = noble.enc(longTerm, 1, sizes.ts);
const authCt = noble.enc(session, 7, sizes.auth);

/** The calls of one exchange, in the order the KDC makes them. */
const AS = (i: Impl) => {
  i.dec(longTerm, 1, tsCt);
  i.sum(longTerm, 17, sizes.pac);
  i.sum(longTerm, 17, sizes.sig);
  i.enc(longTerm, 2, sizes.ticket);
  i.enc(longTerm, 3, sizes.rep);
};
const TGS = (i: Impl) => {
  i.dec(longTerm, 2, tgt);
  i.dec(session, 7, authCt);
  i.sum(longTerm, 17, sizes.pac); // verify server and KDC signatures
  i.sum(longTerm, 17, sizes.sig);
  i.sum(longTerm, 17, sizes.ticket); // ticket signature, full-PAC, server, KDC
  i.sum(longTerm, 17, sizes.pac);
  i.sum(longTerm, 17, sizes.pac);
  i.sum(longTerm, 17, sizes.sig);
  i.enc(longTerm, 2, sizes.ticket);
  i.enc(session, 8, sizes.rep);
};

const time = (name: string, fn: () => unknown): number => bestOf(name, n, fn, 40);

if (values.backends) {
  for (const b of ['noble', 'openssl', 'auto'] as CryptoBackend[]) {
    setCryptoBackend(b);
    time(`[${b}] decrypt PA-ENC-TIMESTAMP (usage 1, 40 B)`, () => noble.dec(longTerm, 1, tsCt));
    time(`[${b}] decrypt authenticator (usage 7, 120 B)`, () => noble.dec(session, 7, authCt));
    time(`[${b}] encrypt EncTicketPart (usage 2, 1100 B)`, () => noble.enc(longTerm, 2, sizes.ticket));
    time(`[${b}] decrypt TGT (usage 2, 1100 B)`, () => noble.dec(longTerm, 2, tgt));
    time(`[${b}] encrypt EncTGSRepPart (usage 8, 300 B)`, () => noble.enc(session, 8, sizes.rep));
    time(`[${b}] checksum PAC (usage 17, 1000 B)`, () => noble.sum(longTerm, 17, sizes.pac));
    time(`[${b}] checksum signature (usage 17, 12 B)`, () => noble.sum(longTerm, 17, sizes.sig));
    time(`[${b}] one AS exchange`, () => AS(noble));
    time(`[${b}] one TGS exchange`, () => TGS(noble));
  }
  setCryptoBackend('noble');
}

time('decrypt PA-ENC-TIMESTAMP (usage 1, 40 B)', () => noble.dec(longTerm, 1, tsCt));
time('encrypt EncTicketPart (usage 2, 1100 B)', () => noble.enc(longTerm, 2, sizes.ticket));
time('encrypt EncASRepPart (usage 3, 300 B)', () => noble.enc(longTerm, 3, sizes.rep));
time('checksum PAC (usage 17, 1000 B)', () => noble.sum(longTerm, 17, sizes.pac));
time('checksum signature (usage 17, 12 B)', () => noble.sum(longTerm, 17, sizes.sig));
const asNoble = time('one AS exchange, @noble', () => AS(noble));
const tgsNoble = time('one TGS exchange, @noble', () => TGS(noble));
if (values.node) {
  // Same bytes first: the estimate is only worth something if the node path is correct.
  for (const [k, u, p] of [[longTerm, 2, sizes.ticket], [longTerm, 3, sizes.rep], [session, 7, sizes.auth], [longTerm, 1, sizes.ts]] as const) {
    const a = noble.enc(k, u, p);
    if (hex(node.enc(k, u, p)) !== hex(a) || hex(node.dec(k, u, a)) !== hex(p)) throw new Error(`node:crypto path differs for usage ${u}`);
  }
  if (hex(node.sum(longTerm, 17, sizes.pac)) !== hex(noble.sum(longTerm, 17, sizes.pac))) throw new Error('node:crypto checksum differs');
  const asNode = time('one AS exchange, node:crypto', () => AS(node));
  const tgsNode = time('one TGS exchange, node:crypto', () => TGS(node));
  process.stdout.write(`node:crypto would save ${(asNoble - asNode).toFixed(1)} us per AS and ${(tgsNoble - tgsNode).toFixed(1)} us per TGS exchange\n`);
}
