/**
 * `npm run bench -- --entra`: the fake Entra ID token endpoint in its own process (plain HTTP on
 * loopback, bench/entra-child.ts), driven from this process with keep-alive fetch:
 *   srv_challenge        nonces per second and server CPU per nonce
 *   prt (tgt=true)       one nonce + one PRT grant (password inner grant) per iteration: PRT
 *                        grants per second and server CPU per grant (the nonce's CPU subtracted)
 *   prt (no tgt)         the same without tgt_ad / tgt_cloud
 * Then the crypto a grant does, timed apart in this process on the same Node (the server cannot
 * be split from outside): RS256 verification of the request JWT, RSA-OAEP (SHA-1) wrapping of the
 * session key, RS256 signing of the id token, the two tickets with their AS-REPs, and the two
 * clientKey JWEs. The request JWTs are signed here (client CPU, not counted).
 *
 *   npm run bench -- --entra [--seconds N] [--clients 1,4]
 */
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { CompactEncrypt, compactVerify, SignJWT } from 'jose';
import { systemClock } from '../emulator/core/clock.ts';
import { systemRandom } from '../emulator/core/random.ts';
import { clientKeyJwe } from '../emulator/entra/prt/tgt.ts';
import { issueCloudTgt, issuePartialTgt, partialTgtKeyFromTenant, ticketAsRep } from '../emulator/kerberos/partial-tgt/index.ts';
import { loadWorld } from '../emulator/world.ts';
import * as dev from '../test/helpers/entra-device.ts';
import { procCpuSplitMs, procPeakRssMiB, startEntraEndpoint } from './servers.ts';

export interface EntraBenchOptions {
  readonly seconds: number;
  readonly clients: readonly number[];
}

const SCENARIO = join(import.meta.dirname, '../test/fixtures/entra-lab.yaml');
const ALICE = ['alice@contoso.com', 'Alice-Passw0rd!'] as const;

interface Row {
  what: string;
  clients: number;
  perSecond: number;
  cpuMs: number;
  errors: number;
}

async function loop(clients: number, ms: number, one: () => Promise<boolean>): Promise<{ count: number; errors: number; elapsed: number }> {
  let count = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        if (await one()) count++;
        else errors++;
      }
    }),
  );
  return { count, errors, elapsed: performance.now() - start };
}

/** Mean ms per call of `f` over about `ms` milliseconds (after a short warm-up). */
async function timeOp(f: () => unknown, ms = 700): Promise<number> {
  for (let i = 0; i < 20; i++) await f();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await f();
    n++;
  }
  return (performance.now() - start) / n;
}

export async function runEntraBench(o: EntraBenchOptions): Promise<void> {
  const server = await startEntraEndpoint(SCENARIO);
  const base = `http://127.0.0.1:${server.port}`;
  const rows: Row[] = [];
  try {
    const token = await dev.drsToken(base, ...ALICE);
    const device = await dev.registerDevice(base, token);
    const nonceOnce = async () => (await fetch(`${base}/common/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'srv_challenge' }) })).status === 200;
    const prtOnce = (tgt: string) => async () => {
      const req = await dev.signRequest(device, dev.passwordPayload(...ALICE, await dev.nonce(base)));
      const r = await fetch(`${base}/common/oauth2/token`, { method: 'POST', body: new URLSearchParams(dev.prtForm(req, tgt)) });
      await r.arrayBuffer();
      return r.status === 200;
    };
    await loop(2, 1500, prtOnce('True')); // warm-up: JIT, key derivation caches
    let nonceCpu = 0;
    for (const clients of o.clients) {
      const c0 = procCpuSplitMs(server.pid);
      const r = await loop(clients, o.seconds * 1000, nonceOnce);
      const c1 = procCpuSplitMs(server.pid);
      nonceCpu = (c1.user + c1.sys - c0.user - c0.sys) / Math.max(1, r.count);
      rows.push({ what: 'srv_challenge', clients, perSecond: (r.count * 1000) / r.elapsed, cpuMs: nonceCpu, errors: r.errors });
    }
    for (const [what, tgt] of [['prt (tgt=true)', 'True'], ['prt (no tgt)', 'false']] as const) {
      for (const clients of o.clients) {
        const c0 = procCpuSplitMs(server.pid);
        const r = await loop(clients, o.seconds * 1000, prtOnce(tgt));
        const c1 = procCpuSplitMs(server.pid);
        rows.push({ what, clients, perSecond: (r.count * 1000) / r.elapsed, cpuMs: (c1.user + c1.sys - c0.user - c0.sys) / Math.max(1, r.count) - nonceCpu, errors: r.errors });
      }
    }
    const rss = procPeakRssMiB(server.pid);
    const head = ['endpoint', 'clients', 'per second', 'server CPU ms each', 'errors'];
    const body = rows.map((r) => [r.what, String(r.clients), r.perSecond.toFixed(0), r.cpuMs.toFixed(3), String(r.errors)]);
    const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
    process.stdout.write(`\nEntra token endpoint: ${o.seconds} s per row, HTTP keep-alive on loopback, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.versions.node}; peak RSS ${rss.toFixed(1)} MiB\n`);
    process.stdout.write([line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...body.map(line)].join('\n') + '\n');
    process.stdout.write('(prt rows: server CPU per grant with the nonce request of each iteration subtracted)\n');
  } finally {
    await server.stop();
  }

  // The crypto of one grant, apart (same Node, this process).
  const world = loadWorld(SCENARIO);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const device = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwt = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: 'RS256' }).sign(device.privateKey);
  const sessionKey = systemRandom.bytes(32);
  const transport = device.publicKey;
  const kd = world.tenant.kerberosDomains[0];
  const key = partialTgtKeyFromTenant(kd);
  const alice = world.tenant.userByUpn(ALICE[0])!;
  const ops: [string, () => unknown][] = [
    ['RS256 verify (request JWT, device key)', () => compactVerify(jwt, device.publicKey)],
    ['RSA-OAEP SHA-1 wrap (session_key_jwe, jose)', () => new CompactEncrypt(new Uint8Array(2)).setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A256GCM' }).setContentEncryptionKey(sessionKey).encrypt(transport)],
    ['RSA-OAEP SHA-1 alone (node:crypto publicEncrypt)', () => publicEncrypt({ key: transport, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, sessionKey)],
    ['RS256 sign (id token, tenant key)', () => new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey)],
    ['partial TGT + AS-REP (PAC signed, aes256)', () => ticketAsRep(issuePartialTgt({ domainDnsName: 'fabrikam.local', samAccountName: 'alice', userSid: alice.onPremisesSecurityIdentifier!, key, clock: systemClock, rng: systemRandom }), systemRandom)],
    ['cloud TGT + AS-REP', () => ticketAsRep(issueCloudTgt({ upn: alice.userPrincipalName, key: { key: key.key, kvno: 1 }, clock: systemClock, rng: systemRandom }), systemRandom)],
    ['clientKey JWE (KBKDF + AES-256-GCM)', () => clientKeyJwe(sessionKey, key.key, systemRandom.bytes(24))],
  ];
  process.stdout.write('\nThe crypto of one PRT grant, timed apart in the bench process (ms per operation; a grant with tgt=true does each once, the JWE twice):\n');
  for (const [name, f] of ops) process.stdout.write(`  ${name.padEnd(52)} ${(await timeOp(f)).toFixed(3)}\n`);
}
