/**
 * `ctlab klist -c CCACHE` against MIT's own view of the same cache: MIT kinit and kvno write the
 * ccache against the lab KDC (multi-upn-suffix.yaml, free ports), then MIT `klist -e -f` and
 * `ctlab klist` (run as the CLI, TZ=UTC) must agree ticket by ticket on the server, the ticket and
 * session-key enctypes, the flags, and the start, end and renew times. The other way round, a
 * ccache the lab's own client wrote (clients/kerberos: AS exchange, ccacheOf) is one MIT klist
 * lists and MIT kvno uses to get a service ticket from the lab KDC.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderKrb5Conf } from '../../clients/cli/verbs/krb5conf.ts';
import { asWithPassword, ccacheOf } from '../../clients/kerberos/index.ts';
import { systemRandom } from '../../emulator/core/random.ts';
import { writeCcacheFile } from '../../emulator/kerberos/files/fs.ts';
import { startLab, type RunningLab } from '../../emulator/lab.ts';
import { PATH, runProcess } from '../support/process.ts';
import { requireMitClients, runMitToolOk } from '../support/mit-tools.ts';
import { parseKlistCache } from './files-klist.support.ts';

const SCENARIO = new URL('../../scenarios/multi-upn-suffix.yaml', import.meta.url).pathname;
const CTLAB = new URL('../../bin/ctlab.mjs', import.meta.url).pathname;

/** Windows klist enctype names → numbers; flag names → MIT klist -f letters. */
const ETYPE: Record<string, number> = { 'AES-256-CTS-HMAC-SHA1-96': 18, 'AES-128-CTS-HMAC-SHA1-96': 17, 'RSADSI RC4-HMAC(NT)': 23 };
const LETTER: Record<string, string> = {
  forwardable: 'F',
  forwarded: 'f',
  proxiable: 'P',
  proxy: 'p',
  may_postdate: 'D',
  postdated: 'd',
  renewable: 'R',
  initial: 'I',
  invalid: 'i',
  pre_authent: 'A',
  hw_authent: 'H',
  ok_as_delegate: 'O',
};
/** MIT letters → the TicketFlags bits (krb5.h TKT_FLG_*), T included (Windows klist has no name for it). */
const BIT: Record<string, number> = { F: 0x40000000, f: 0x20000000, P: 0x10000000, p: 0x08000000, D: 0x04000000, d: 0x02000000, i: 0x01000000, R: 0x00800000, I: 0x00400000, A: 0x00200000, H: 0x00100000, T: 0x00080000, O: 0x00040000, a: 0x00008000 };

interface WinTicket {
  client: string;
  server: string;
  tktEtype: number;
  flagsHex: number;
  flagLetters: string;
  start: number;
  end: number;
  renew: number;
  skeyEtype: number;
  cacheFlags: string;
}

/** `M/D/YYYY H:MM:SS (local)` in TZ=UTC → epoch seconds. */
function winTime(s: string): number {
  if (s === '0') return 0;
  const m = /^(\d+)\/(\d+)\/(\d{4}) (\d+):(\d\d):(\d\d) \(local\)$/.exec(s);
  if (!m) throw new Error(`not a klist time: ${s}`);
  const [mo, d, y, h, mi, se] = m.slice(1).map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, se) / 1000;
}

function parseWindowsKlist(out: string): { count: number; tickets: WinTicket[] } {
  const count = Number(/^Cached Tickets: \((\d+)\)$/m.exec(out)?.[1]);
  const tickets = out
    .split(/\n(?=#\d+>)/)
    .slice(1)
    .map((block) => {
      const f = (label: string) => {
        const m = new RegExp(`${label}:? +(.*)$`, 'm').exec(block);
        if (!m) throw new Error(`no ${label} in:\n${block}`);
        return m[1].trim();
      };
      const flags = /Ticket Flags 0x([0-9a-f]+) -> (.*)$/m.exec(block)!;
      return {
        client: f('Client'),
        server: f('Server'),
        tktEtype: ETYPE[f('KerbTicket Encryption Type')],
        flagsHex: parseInt(flags[1], 16),
        flagLetters: flags[2].trim().split(' ').filter(Boolean).map((n) => LETTER[n] ?? '').join(''),
        start: winTime(f('Start Time')),
        end: winTime(f('End Time')),
        renew: winTime(f('Renew Time')),
        skeyEtype: ETYPE[f('Session Key Type')],
        cacheFlags: f('Cache Flags'),
      };
    });
  return { count, tickets };
}

let lab: RunningLab;
let tmp: string;
let ccache: string;

beforeAll(async () => {
  await requireMitClients(['kinit', 'klist', 'kvno']);
  lab = await startLab(SCENARIO, { ports: { dns: 0, kerberos: 0, ldap: 0, gc: 0, kpasswd: 0, entra: 0 }, freePorts: true, env: {} });
  tmp = mkdtempSync(join(tmpdir(), 'klist-view-'));
  const d = lab.world.directory.domain;
  writeFileSync(join(tmp, 'krb5.conf'), renderKrb5Conf({ realm: d.realm, domain: d.dnsName, upnSuffixes: d.upnSuffixes, kdc: { host: '127.0.0.1', port: lab.port('kdc')! } }));
  ccache = join(tmp, 'ccache');
  const opts = { krb5Config: join(tmp, 'krb5.conf'), ccache };
  await runMitToolOk('kinit', ['-f', '-r', '2d', 'alice'], { ...opts, input: 'Alice-Passw0rd!\n' });
  await runMitToolOk('kvno', ['cifs/fs1.fabrikam.local'], opts);
});

afterAll(async () => {
  await lab?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('ctlab klist shows what MIT klist -e -f shows', () => {
  it('agrees ticket by ticket on server, enctypes, flags and times', async () => {
    const mit = parseKlistCache(await runMitToolOk('klist', ['-e', '-f'], { krb5Config: join(tmp, 'krb5.conf'), ccache }));
    const r = await runProcess(process.execPath, [CTLAB, 'klist', '-c', ccache, '--kdc-called', 'dc1.fabrikam.local'], { env: { PATH, TZ: 'UTC', LANG: 'C' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const win = parseWindowsKlist(r.stdout);
    expect(mit.creds.length).toBe(2);
    expect(win.count).toBe(mit.creds.length);
    win.tickets.forEach((w, i) => {
      const m = mit.creds[i];
      expect(w.client).toBe('alice @ FABRIKAM.LOCAL');
      expect(w.server.replace(' @ ', '@')).toBe(m.server);
      expect([w.tktEtype, w.skeyEtype]).toEqual([m.tktEtype, m.skeyEtype]);
      expect([w.start, w.end, w.renew]).toEqual([m.start, m.expires, m.renewUntil ?? 0]);
      // The hex word carries every bit MIT prints a letter for (MIT has none for 0x10000).
      const mitBits = [...m.flags].reduce((a, c) => (a | BIT[c]) >>> 0, 0);
      expect((w.flagsHex & ~0x00010000) >>> 0).toBe(mitBits);
      // The names Windows klist prints are the letters MIT prints, except T (no Windows name).
      expect([...w.flagLetters].sort().join('')).toBe([...m.flags.replace('T', '')].sort().join(''));
    });
    expect(win.tickets.map((t) => t.cacheFlags)).toEqual(['0x1 -> PRIMARY', '0']);
    expect(r.stdout).toContain('\tKdc Called: dc1.fabrikam.local');
    expect(mit.creds[0].server).toBe('krbtgt/FABRIKAM.LOCAL@FABRIKAM.LOCAL');
    expect(mit.creds[1].server).toBe('cifs/fs1.fabrikam.local@FABRIKAM.LOCAL');
  });
});

describe("a ccache written by the lab's client", () => {
  it('MIT klist lists its TGT and MIT kvno gets cifs/fs1 with it', async () => {
    const r = await asWithPassword({ kdc: { host: '127.0.0.1', port: lab.port('kdc')! }, now: () => Date.now(), rng: systemRandom, user: 'bob', realm: 'FABRIKAM.LOCAL', password: 'Bob-Passw0rd!' });
    if (!r.ok) throw new Error(r.code);
    const cc = join(tmp, 'bob.cc');
    writeCcacheFile(cc, ccacheOf([r.held]));
    const opts = { krb5Config: join(tmp, 'krb5.conf'), ccache: cc };
    const before = parseKlistCache(await runMitToolOk('klist', ['-e', '-f'], opts));
    expect(before.defaultPrincipal).toBe('bob@FABRIKAM.LOCAL');
    expect(before.creds.map((c) => [c.server, c.tktEtype, c.skeyEtype])).toEqual([['krbtgt/FABRIKAM.LOCAL@FABRIKAM.LOCAL', 18, 18]]);
    expect(before.creds[0].expires).toBe(Math.floor(r.held.part.endtime / 1000));
    const kvno = await runMitToolOk('kvno', ['cifs/fs1.fabrikam.local'], opts);
    expect(kvno).toMatch(/cifs\/fs1\.fabrikam\.local@FABRIKAM\.LOCAL: kvno = 2/);
    const after = parseKlistCache(await runMitToolOk('klist', ['-e', '-f'], opts));
    expect(after.creds.map((c) => c.server)).toEqual(['krbtgt/FABRIKAM.LOCAL@FABRIKAM.LOCAL', 'cifs/fs1.fabrikam.local@FABRIKAM.LOCAL']);
  });
});
