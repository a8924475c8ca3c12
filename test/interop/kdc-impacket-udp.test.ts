/**
 * A TGS-REQ over UDP whose reply does not fit, then the same bytes over TCP (RFC 4120 7.2.1), as
 * Windows and impacket-over-UDP clients send it: impacket 0.10.0's own getKerberosTGT and
 * getKerberosTGS (Debian python3-impacket, /usr/bin/python3), its sendReceive wrapped by
 * py/impacket_udp_retry.py so the TGS-REQ impacket built goes twice over UDP (a retransmission)
 * and then through impacket's own TCP sendReceive. For TGT session keys (and so authenticators) of
 * aes256, aes128 and rc4-hmac: both UDP attempts get KRB_ERR_RESPONSE_TOO_BIG, the TCP retry gets
 * the full service ticket with its PAC (answered from the lookaside cache), and the same
 * authenticator in another request is still KRB_AP_ERR_REPEAT. impacket always talks to port 88,
 * so the KDC listens on 127.0.0.1:88 (run under /tmp/ctlab-interop.lock).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hex } from '../../emulator/core/bytes.ts';
import { ntHash } from '../../emulator/kerberos/crypto/index.ts';
import { createKdcContext, startKdc, type KdcServer, type KdcTraceEvent } from '../../emulator/kerberos/kdc/index.ts';
import { accountSalt, KeyTable } from '../../emulator/kerberos/keys/keytable.ts';
import { loadWorld } from '../../emulator/world.ts';
import { PATH, runProcess } from '../support/process.ts';

const PYTHON = '/usr/bin/python3';
const DRIVER = new URL('./py/impacket_udp_retry.py', import.meta.url).pathname;
const FIXTURE = new URL('../fixtures/rodc-exchange.yaml', import.meta.url).pathname;

const dir = loadWorld(FIXTURE).directory;
const keys = KeyTable.build(dir);
const alice = dir.accountBySam('alice')!;
const fs1 = dir.accountBySam('FS1$')!;
const SERVICE = { password: fs1.secrets.current.password!, salt: accountSalt(dir.domain.realm, fs1) };
const events: KdcTraceEvent[] = [];
let kdc: KdcServer | undefined;

interface Outcome {
  udpErrors: (number | null)[];
  tcp: string;
  sessionKeyEtype: number;
  authenticatorEtype: number;
  ticketEtype: number;
  sname: string[];
  cname: string[];
  hasPac: boolean;
  replay: { error?: number; reply?: string };
}

async function impacket(secret: Record<string, string>): Promise<Outcome> {
  const input = JSON.stringify({ user: 'alice', domain: 'fabrikam.local', kdc: '127.0.0.1', spn: 'cifs/fs1.fabrikam.local', service: SERVICE, ...secret });
  const r = await runProcess(PYTHON, [DRIVER], { env: { PATH, LANG: 'C.UTF-8' }, input, timeoutMs: 40_000 });
  if (r.code !== 0) throw new Error(`impacket_udp_retry.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Outcome;
}

beforeAll(async () => {
  try {
    kdc = await startKdc(createKdcContext(dir, { keys, trace: (e) => events.push(e) }), { host: '127.0.0.1', port: 88 });
  } catch (err) {
    throw new Error(`cannot listen on 127.0.0.1:88 (impacket only talks to port 88): ${(err as Error).message}; is another KDC or lab running?`);
  }
});

afterAll(async () => {
  await kdc?.close();
});

const CASES: { etype: number; name: string; secret: () => Record<string, string> }[] = [
  { etype: 18, name: 'aes256 (password)', secret: () => ({ password: alice.secrets.current.password! }) },
  { etype: 17, name: 'aes128 (16-byte AES key)', secret: () => ({ aesKeyHex: hex(keys.forAccount(alice)!.current.keys.get(17)!.bytes) }) },
  { etype: 23, name: 'rc4-hmac (NT hash)', secret: () => ({ ntHashHex: hex(ntHash(alice.secrets.current.password!)) }) },
];

describe('impacket: TGS-REQ over UDP, RESPONSE_TOO_BIG, the same bytes over TCP', () => {
  for (const c of CASES) {
    it(`${c.name}: the TCP retry gets the full service ticket; a genuine replay is KRB_AP_ERR_REPEAT`, async () => {
      const before = events.length;
      const out = await impacket(c.secret());
      expect([out.sessionKeyEtype, out.authenticatorEtype]).toEqual([c.etype, c.etype]);
      expect(out.udpErrors).toEqual([52, 52]);
      expect(out.tcp).toBe('TGS-REP');
      expect(out.sname).toEqual(['cifs', 'fs1.fabrikam.local']);
      expect(out.cname).toEqual(['alice']);
      expect(out.hasPac).toBe(true);
      expect(out.replay).toEqual({ error: 34 });
      const tgs = events.slice(before).filter((e) => e.exchange === 'TGS');
      expect(tgs.map((e) => [e.transport, e.code ?? e.verdict, e.detail?.lookaside ?? false])).toEqual([
        ['udp', 'KRB_ERR_RESPONSE_TOO_BIG', false],
        ['udp', 'KRB_ERR_RESPONSE_TOO_BIG', true],
        ['tcp', 'ok', true],
        ['tcp', 'KRB_AP_ERR_REPEAT', false],
      ]);
      expect(tgs[2].fact).toMatch(/lookaside/);
    });
  }
});
