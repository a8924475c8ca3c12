import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, hex, utf8 } from '../../emulator/core/bytes.ts';
import { SeededRandom } from '../../emulator/core/random.ts';
import { stringToKey } from '../../emulator/kerberos/crypto/index.ts';
import { readCcacheFile, readKeytabFile, writeCcacheFile, writeKeytabFile } from '../../emulator/kerberos/files/fs.ts';
import {
  TKT_FLG,
  configEntryOf,
  decodeCcache,
  decodeKeytab,
  encodeCcache,
  encodeKeytab,
  isConfigEntry,
  makeConfigEntry,
  type Credential,
  type KeytabEntry,
  type Principal,
} from '../../emulator/kerberos/files/index.ts';
import { startMitKdc, tempDir, writeKrb5Conf, type MitKdc } from '../support/mit-kdc.ts';
import { runMitToolOk } from '../support/mit-tools.ts';
import { parseKlistCache, parseKlistKeytab } from './files-klist.support.ts';

// MIT krb5 (Debian krb5-user / krb5-kdc / krb5-admin-server) reads what we write and we read what it writes.

const REALM = 'CONTOSO.COM';
const unparse = (p: Principal) => `${p.components.join('/')}@${p.realm}`;

/** klist -f letters in klist's order (MIT clients/klist/klist.c flags_string). */
const KLIST_LETTERS: [number, string][] = [
  [TKT_FLG.FORWARDABLE, 'F'], [TKT_FLG.FORWARDED, 'f'], [TKT_FLG.PROXIABLE, 'P'], [TKT_FLG.PROXY, 'p'],
  [TKT_FLG.MAY_POSTDATE, 'D'], [TKT_FLG.POSTDATED, 'd'], [TKT_FLG.INVALID, 'i'], [TKT_FLG.RENEWABLE, 'R'],
  [TKT_FLG.INITIAL, 'I'], [TKT_FLG.PRE_AUTH, 'A'], [TKT_FLG.HW_AUTH, 'H'], [TKT_FLG.TRANSIT_POLICY_CHECKED, 'T'],
  [TKT_FLG.OK_AS_DELEGATE, 'O'], [TKT_FLG.ANONYMOUS, 'a'],
];
const letters = (flags: number) => KLIST_LETTERS.filter(([bit]) => (flags & bit) !== 0).map(([, l]) => l).join('');

// Minimal DER for a syntactically valid Ticket (RFC 4120 5.3), built by hand.
function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concat(new Uint8Array([tag, ...len]), content);
}
const int = (n: number) => tlv(0x02, new Uint8Array([n])); // 0 <= n < 128
const gstr = (s: string) => tlv(0x1b, utf8(s));
const ctx = (n: number, c: Uint8Array) => tlv(0xa0 + n, c);
const seq = (...parts: Uint8Array[]) => tlv(0x30, concat(...parts));
function ticketDer(sname: Principal, etype: number, kvno: number, cipher: Uint8Array): Uint8Array {
  const principalName = seq(ctx(0, int(sname.nameType)), ctx(1, seq(...sname.components.map(gstr))));
  const encPart = seq(ctx(0, int(etype)), ctx(1, int(kvno)), ctx(2, tlv(0x04, cipher)));
  // Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0], realm [1], sname [2], enc-part [3] }
  return tlv(0x61, seq(ctx(0, int(5)), ctx(1, gstr(sname.realm)), ctx(2, principalName), ctx(3, encPart)));
}

let dir: string;
let krb5Config: string;
beforeAll(() => {
  dir = tempDir('ctlab-files-');
  krb5Config = writeKrb5Conf(join(dir, 'krb5.conf'), { realm: REALM, allowRc4: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MIT klist lists a keytab we write', () => {
  const rng = new SeededRandom('files-klist-keytab');
  const entries: KeytabEntry[] = [
    { principal: { nameType: 1, components: ['alice'], realm: REALM }, timestamp: 1_700_000_000, kvno: 2, enctype: 18, key: rng.bytes(32) },
    { principal: { nameType: 1, components: ['alice'], realm: REALM }, timestamp: 1_700_000_001, kvno: 2, enctype: 17, key: rng.bytes(16) },
    { principal: { nameType: 2, components: ['krbtgt', REALM], realm: REALM }, timestamp: 1_700_000_002, kvno: 300, enctype: 18, key: rng.bytes(32) },
    // RODC krbtgt: RODC number 30775 in the high 16 bits, 8-bit field 0x01.
    { principal: { nameType: 2, components: ['krbtgt', REALM], realm: REALM }, timestamp: 1_700_000_003, kvno: (30775 << 16) | 1, enctype: 23, key: rng.bytes(16) },
    { principal: { nameType: 2, components: ['cifs', 'fs1.contoso.com'], realm: REALM }, timestamp: 1_800_000_000, kvno: 256, enctype: 23, key: rng.bytes(16) },
  ];

  it('with exactly the principals, kvnos, timestamps, enctypes and keys we wrote', async () => {
    const path = join(dir, 'ours.keytab');
    writeKeytabFile(path, entries);
    const listed = parseKlistKeytab(await runMitToolOk('klist', ['-k', '-e', '-K', '-t', path], { krb5Config }));
    expect(listed).toEqual(
      entries.map((e) => ({
        kvno: e.kvno,
        timestamp: e.timestamp,
        principal: unparse(e.principal),
        enctype: e.enctype,
        keyHex: hex(e.key),
      })),
    );
  });

  it('and ktutil (rkt, wkt) rewrites it byte for byte as we write it, timestamps aside', async () => {
    const src = join(dir, 'ours2.keytab');
    const copy = join(dir, 'ktutil-copy.keytab');
    writeKeytabFile(src, entries);
    await runMitToolOk('ktutil', [], { krb5Config, input: `rkt ${src}\nwkt ${copy}\nquit\n` });
    const mit = new Uint8Array(readFileSync(copy));
    // ktutil stamps entries with the time it writes them; everything else must be ours exactly.
    const stamps = readKeytabFile(copy).map((e) => e.timestamp);
    expect(stamps.length).toBe(entries.length);
    expect(hex(mit)).toBe(hex(encodeKeytab(entries.map((e, i) => ({ ...e, timestamp: stamps[i] })))));
  });
});

describe('we read a keytab MIT ktutil writes', () => {
  it('with the right principals, kvnos, enctypes, keys and timestamps', async () => {
    const path = join(dir, 'ktutil.keytab');
    const adds = [
      { p: { nameType: 1, components: ['alice'], realm: REALM }, kvno: 3, etype: 18, name: 'aes256-cts-hmac-sha1-96', pw: 'Passw0rd!Alice' },
      { p: { nameType: 1, components: ['host', 'ws1.contoso.com'], realm: REALM }, kvno: 700, etype: 17, name: 'aes128-cts-hmac-sha1-96', pw: 'Ws1-Secret' },
      { p: { nameType: 1, components: ['host', 'ws1.contoso.com'], realm: REALM }, kvno: 701, etype: 18, name: 'aes256-cts-hmac-sha1-96', pw: 'Ws1-Secret' },
    ];
    const script = adds.map((a) => `addent -password -p ${unparse(a.p)} -k ${a.kvno} -e ${a.name}\n${a.pw}\n`).join('');
    const before = Math.floor(Date.now() / 1000);
    await runMitToolOk('ktutil', [], { krb5Config, input: `${script}wkt ${path}\nquit\n` });
    const after = Math.ceil(Date.now() / 1000);
    const bytes = new Uint8Array(readFileSync(path));
    const got = decodeKeytab(bytes);
    expect(got.map(({ principal, kvno, enctype, key }) => ({ principal, kvno, enctype, key: hex(key) }))).toEqual(
      adds.map((a) => ({
        principal: a.p,
        kvno: a.kvno,
        enctype: a.etype,
        // MIT's default salt: realm followed by the components.
        key: hex(stringToKey(a.etype, a.pw, a.p.realm + a.p.components.join('')).bytes),
      })),
    );
    for (const e of got) {
      expect(e.timestamp).toBeGreaterThanOrEqual(before);
      expect(e.timestamp).toBeLessThanOrEqual(after);
    }
    expect(bytes[2 + 4 + 2 + 2 + 11 + 2 + 5 + 4 + 4]).toBe(3); // alice's 8-bit kvno field
    expect(hex(encodeKeytab(got))).toBe(hex(bytes));
  });
});

describe('MIT klist lists a ccache we write', () => {
  const alice: Principal = { nameType: 1, components: ['alice'], realm: REALM };
  const krbtgt: Principal = { nameType: 2, components: ['krbtgt', REALM], realm: REALM };
  const cifs: Principal = { nameType: 2, components: ['cifs', 'fs1.contoso.com'], realm: REALM };
  const rng = new SeededRandom('files-klist-ccache');
  const tgt: Credential = {
    client: alice, server: krbtgt, key: { enctype: 18, value: rng.bytes(32) },
    authtime: 1_900_000_000, starttime: 1_900_000_000, endtime: 1_900_036_000, renewTill: 1_900_604_800,
    isSkey: false, ticketFlags: TKT_FLG.FORWARDABLE | TKT_FLG.RENEWABLE | TKT_FLG.INITIAL | TKT_FLG.PRE_AUTH,
    addresses: [], authdata: [], ticket: ticketDer(krbtgt, 18, 2, rng.bytes(64)), secondTicket: new Uint8Array(0),
  };
  const svc: Credential = {
    client: alice, server: cifs, key: { enctype: 23, value: rng.bytes(16) },
    authtime: 1_900_000_000, starttime: 1_900_000_600, endtime: 1_900_030_000, renewTill: 0,
    isSkey: false, ticketFlags: TKT_FLG.FORWARDABLE | TKT_FLG.PRE_AUTH | TKT_FLG.OK_AS_DELEGATE,
    addresses: [], authdata: [], ticket: ticketDer(cifs, 17, 5, rng.bytes(48)), secondTicket: new Uint8Array(0),
  };
  const paType = makeConfigEntry(alice, { key: 'pa_type', principal: unparse(krbtgt), value: utf8('2') });

  it('with the default principal, server names, times, flags and etypes', async () => {
    const path = join(dir, 'ours.ccache');
    writeCcacheFile(path, { kdcTimeOffset: { seconds: 0, microseconds: 0 }, defaultPrincipal: alice, credentials: [paType, tgt, svc] });
    const listed = parseKlistCache(await runMitToolOk('klist', ['-c', `FILE:${path}`, '-e', '-f'], { krb5Config }));
    expect(listed.defaultPrincipal).toBe('alice@CONTOSO.COM');
    expect(listed.creds).toEqual([
      { start: tgt.starttime, expires: tgt.endtime, server: 'krbtgt/CONTOSO.COM@CONTOSO.COM', renewUntil: tgt.renewTill, flags: 'FRIA', skeyEtype: 18, tktEtype: 18 },
      { start: svc.starttime, expires: svc.endtime, server: 'cifs/fs1.contoso.com@CONTOSO.COM', flags: 'FAO', skeyEtype: 23, tktEtype: 17 },
    ]);
    expect(letters(tgt.ticketFlags)).toBe('FRIA');
    const withConf = await runMitToolOk('klist', ['-c', `FILE:${path}`, '-C'], { krb5Config });
    expect(withConf).toMatch(/^config: pa_type\(krbtgt\/CONTOSO\.COM@CONTOSO\.COM\) = 2$/m);
  });
});

describe('we read a ccache MIT kinit writes against a throwaway MIT KDC', () => {
  const realm = 'FABRIKAM.LOCAL';
  let kdc: MitKdc;
  beforeAll(async () => {
    kdc = await startMitKdc({
      realm,
      principals: { [`alice@${realm}`]: 'Passw0rd!Alice', [`cifs/fs1.fabrikam.local@${realm}`]: 'Svc!Pw1' },
      krb5: { allowRc4: true },
    });
  });
  afterAll(async () => {
    await kdc?.stop();
  });

  it('with the right principals, flags and times, and re-encodes it byte for byte', async () => {
    const cc = join(kdc.dir, 'alice.ccache');
    const before = Math.floor(Date.now() / 1000);
    await runMitToolOk('kinit', ['-f', '-r', '2d', '-c', `FILE:${cc}`, `alice@${realm}`], { krb5Config: kdc.env.KRB5_CONFIG, input: 'Passw0rd!Alice\n' });
    await runMitToolOk('kvno', ['-c', `FILE:${cc}`, `cifs/fs1.fabrikam.local@${realm}`], { krb5Config: kdc.env.KRB5_CONFIG });
    const after = Math.ceil(Date.now() / 1000);

    const bytes = new Uint8Array(readFileSync(cc));
    const cache = readCcacheFile(cc);
    expect(hex(encodeCcache(cache))).toBe(hex(bytes));
    expect(cache.version).toBe(4);
    expect(cache.defaultPrincipal).toEqual({ nameType: 1, components: ['alice'], realm });

    const confs = cache.credentials.filter(isConfigEntry).map((c) => configEntryOf(c));
    expect(confs).toContainEqual({ key: 'pa_type', principal: `krbtgt/${realm}@${realm}`, value: utf8('2') });

    const creds = cache.credentials.filter((c) => !isConfigEntry(c));
    expect(creds.map((c) => unparse(c.server))).toEqual([`krbtgt/${realm}@${realm}`, `cifs/fs1.fabrikam.local@${realm}`]);
    const [tgt, svc] = creds;
    for (const c of creds) {
      expect(c.client).toEqual(cache.defaultPrincipal);
      expect(c.key.enctype).toBe(18);
      expect(c.key.value.length).toBe(32);
      expect(c.ticket[0]).toBe(0x61); // [APPLICATION 1] Ticket
      expect(c.authtime).toBeGreaterThanOrEqual(before);
      expect(c.authtime).toBeLessThanOrEqual(after);
    }
    const fria = TKT_FLG.FORWARDABLE | TKT_FLG.RENEWABLE | TKT_FLG.INITIAL | TKT_FLG.PRE_AUTH;
    expect(tgt.ticketFlags & fria).toBe(fria);
    expect(svc.ticketFlags & TKT_FLG.INITIAL).toBe(0);
    expect(svc.ticketFlags & (TKT_FLG.FORWARDABLE | TKT_FLG.PRE_AUTH)).toBe(TKT_FLG.FORWARDABLE | TKT_FLG.PRE_AUTH);
    expect(tgt.renewTill - tgt.authtime).toBe(2 * 86400);

    // klist's view of the same file agrees with ours field by field.
    const listed = parseKlistCache(await runMitToolOk('klist', ['-c', `FILE:${cc}`, '-e', '-f'], { krb5Config: kdc.env.KRB5_CONFIG }));
    expect(listed.defaultPrincipal).toBe(`alice@${realm}`);
    expect(listed.creds).toEqual(
      creds.map((c) => ({
        start: c.starttime || c.authtime,
        expires: c.endtime,
        server: unparse(c.server),
        renewUntil: c.renewTill || undefined,
        flags: letters(c.ticketFlags),
        skeyEtype: c.key.enctype,
        tktEtype: 18,
      })),
    );
    expect(decodeCcache(bytes).credentials.length).toBe(cache.credentials.length);
  });
});
