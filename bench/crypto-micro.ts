/**
 * Micro-benchmark of the Kerberos crypto calls one AS exchange makes, with their real sizes:
 * decrypt PA-ENC-TIMESTAMP (usage 1, ~60 bytes), encrypt EncTicketPart (usage 2, ~1 KiB with a
 * PAC), encrypt EncASRepPart (usage 3, ~300 bytes), and the two PAC checksums (usage 17, ~1 KiB
 * and 12 bytes). Same long-term key every time, as the KDC's key table hands it out. Prints
 * microseconds per call and per "exchange" (the five together).
 *
 *   npx tsx bench/crypto-micro.ts [--n 20000]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { SeededRandom } from '../emulator/core/random.ts';
import { checksum, decrypt, encrypt, randomKey } from '../emulator/kerberos/crypto/index.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '20000' } } });
const n = Math.max(100, Math.min(1_000_000, Number(values.n)));
const rng = new SeededRandom('crypto-micro');
const key = randomKey(18, rng);
const ts = encrypt(key, 1, new Uint8Array(40), rng);
const ticketPart = new Uint8Array(1100);
const repPart = new Uint8Array(300);
const pac = new Uint8Array(1000);

function time(name: string, fn: () => unknown): number {
  for (let i = 0; i < n / 10; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  const us = ((performance.now() - t0) * 1000) / n;
  process.stdout.write(`${name.padEnd(34)} ${us.toFixed(2).padStart(8)} us\n`);
  return us;
}

let total = 0;
total += time('decrypt ts (usage 1, 40 B)', () => decrypt(key, 1, ts));
total += time('encrypt ticket (usage 2, 1100 B)', () => encrypt(key, 2, ticketPart, rng));
total += time('encrypt rep part (usage 3, 300 B)', () => encrypt(key, 3, repPart, rng));
total += time('checksum PAC (usage 17, 1000 B)', () => checksum(16, key, 17, pac));
total += time('checksum sig (usage 17, 12 B)', () => checksum(16, key, 17, pac.subarray(0, 12)));
process.stdout.write(`${'one AS exchange'.padEnd(34)} ${total.toFixed(2).padStart(8)} us\n`);
