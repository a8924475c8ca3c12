/**
 * nltest and klist as Windows prints them: the formats against published nltest outputs, the
 * switch parser's refusals (exit-2 usage errors naming what was wrong), the verbs end to end
 * against a lab on free ports, and the klist view of a ccache.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatDcList, formatDsGetDc, formatDsGetDcFailure, nltestFlagNames } from '../../../clients/admin/nltest-format.ts';
import { formatKlist, klistTime, ticketViews, utcZone } from '../../../clients/admin/klist-format.ts';
import { nltestVerb, parseNltestArgs } from '../../../clients/cli/verbs/nltest.ts';
import { ccachePath, klistVerb } from '../../../clients/cli/verbs/klist.ts';
import { main } from '../../../clients/cli/main.ts';
import { DSGETDC } from '../../../clients/locator/index.ts';
import { UsageError } from '../../../emulator/core/errors.ts';
import { encodeTicket } from '../../../emulator/kerberos/asn1/index.ts';
import { writeCcacheFile } from '../../../emulator/kerberos/files/fs.ts';
import type { Ccache, Credential } from '../../../emulator/kerberos/files/index.ts';
import type { RunningLab } from '../../../emulator/lab.ts';
import { startTestLab } from './lab.ts';

async function run(verb: (a: string[]) => Promise<number>, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  try {
    return { code: await verb(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('nltest formats', () => {
  it('names the flags of a patched 2016+ PDC in the order published nltest outputs show', () => {
    // "Flags: PDC GC DS LDAP KDC TIMESERV GTIMESERV WRITABLE DNS_DC DNS_DOMAIN DNS_FOREST CLOSE_SITE FULL_SECRET WS DS_8 DS_9 DS_10 KEYLIST"
    expect(nltestFlagNames(0xe003f3fd).join(' ')).toBe('PDC GC DS LDAP KDC TIMESERV GTIMESERV WRITABLE DNS_DC DNS_DOMAIN DNS_FOREST CLOSE_SITE FULL_SECRET WS DS_8 DS_9 DS_10 KEYLIST');
    expect(nltestFlagNames(0x00100002)).toEqual(['0x2', '0x100000']);
  });

  it('prints /dsgetdc: with the labels right-aligned to "Our Site Name:"', () => {
    const text = formatDsGetDc({
      domainControllerName: '\\\\DC01.corp.local',
      domainControllerAddress: '\\\\192.168.1.100',
      domainGuid: '92c120b3-0294-4355-ac20-ceaa7d7fb622',
      domainName: 'corp.local',
      dnsForestName: 'corp.local',
      flags: 0xe000f3fd,
      dcSiteName: 'Default-First-Site-Name',
      clientSiteName: 'Default-First-Site-Name',
      address: '192.168.1.100',
      hostName: 'DC01.corp.local',
      netbiosComputerName: 'DC01',
      netbiosDomainName: 'CORP',
    });
    expect(text).toBe(
      [
        '           DC: \\\\DC01.corp.local',
        '      Address: \\\\192.168.1.100',
        '     Dom Guid: 92c120b3-0294-4355-ac20-ceaa7d7fb622',
        '     Dom Name: corp.local',
        '  Forest Name: corp.local',
        ' Dc Site Name: Default-First-Site-Name',
        'Our Site Name: Default-First-Site-Name',
        '        Flags: PDC GC DS LDAP KDC TIMESERV GTIMESERV WRITABLE DNS_DC DNS_DOMAIN DNS_FOREST CLOSE_SITE FULL_SECRET WS DS_8 DS_9',
        'The command completed successfully',
        '',
      ].join('\n'),
    );
    expect(formatDsGetDcFailure(1355, 'ERROR_NO_SUCH_DOMAIN')).toBe('Getting DC name failed: Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN\n');
  });

  it('prints /dclist: as a published output lays it out (names right-aligned, [PDC] column)', () => {
    expect(
      formatDcList('offsec.nl', 'DC2016.offsec.nl', [
        { hostName: 'DC2008R2.offsec.nl', pdc: true, site: 'Default-First-Site-Name' },
        { hostName: 'DC2016.offsec.nl', pdc: false, site: 'Default-First-Site-Name' },
      ]),
    ).toBe(
      [
        "Get list of DCs in domain 'offsec.nl' from '\\\\DC2016.offsec.nl'.",
        '    DC2008R2.offsec.nl [PDC]  [DS] Site: Default-First-Site-Name',
        '      DC2016.offsec.nl        [DS] Site: Default-First-Site-Name',
        'The command completed successfully',
        '',
      ].join('\n'),
    );
  });
});

describe('nltest switches', () => {
  it('maps /kdc /keylist /writable (any case) to the DSGETDC flags', () => {
    const c = parseNltestArgs(['/DSGETDC:fabrikam.local', '/KDC', '/keylist', '/Writable', '/force', '/site:Branch']);
    expect(c).toMatchObject({ op: 'dsgetdc', domain: 'fabrikam.local', site: 'Branch' });
    expect(c !== 'help' && c.flags).toBe(DSGETDC.DS_KDC_REQUIRED | DSGETDC.DS_KEY_LIST_SUPPORT_REQUIRED | DSGETDC.DS_WRITABLE_REQUIRED | DSGETDC.DS_FORCE_REDISCOVERY);
  });
  for (const [args, names] of [
    [[], '/dsgetdc:DOMAIN'],
    [['/dsgetdc:'], 'needs a domain name'],
    [['/dsgetdc:x', '/nosuch'], "'/nosuch'"],
    [['/dsgetdc:x', '/netbios'], '/netbios is not supported'],
    [['/dclist:x', '/kdc'], 'takes no locator switches'],
    [['dsgetdc:x'], "'dsgetdc:x'"],
    [['/dsgetdc:x', '--port', '1'], "'--port'"],
    [['/dsgetdc:x', '--dns'], '--dns needs a value'],
  ] as const) {
    it(`refuses ${JSON.stringify(args)} with a usage error naming ${names}`, () => {
      let err: unknown;
      try {
        parseNltestArgs(args);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toContain(names);
    });
  }
  it('exits 2 through ctlab for bad usage', async () => {
    const r = await run(main, ['nltest', '/dsgetdc:x', '/bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown switch '/bogus'");
  });
});

describe('ctlab nltest against a running lab (rodc-only-site)', () => {
  let lab: RunningLab;
  let labFile: string;
  beforeAll(async () => {
    lab = await startTestLab('rodc-only-site.yaml');
    labFile = join(mkdtempSync(join(tmpdir(), 'ctlab-nltest-')), 'lab.json');
    writeFileSync(labFile, JSON.stringify(lab.labFile()));
  });
  afterAll(() => lab.close());

  it('/dsgetdc /kdc /keylist /writable: dc1 in HQ, our site Branch, no CLOSE_SITE', async () => {
    const r = await run(nltestVerb, ['/dsgetdc:fabrikam.local', '/kdc', '/keylist', '/writable', '--lab', labFile]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('           DC: \\\\dc1.fabrikam.local');
    expect(lines[1]).toBe('      Address: \\\\127.0.0.1');
    expect(lines[2]).toBe(`     Dom Guid: ${lab.world.directory.domain.guid}`);
    expect(lines.slice(5, 7)).toEqual([' Dc Site Name: HQ', 'Our Site Name: Branch']);
    expect(lines[7]).toBe('        Flags: PDC GC DS LDAP KDC TIMESERV GTIMESERV WRITABLE DNS_DC DNS_DOMAIN DNS_FOREST FULL_SECRET WS DS_8 DS_9 DS_10 KEYLIST');
    expect(lines[8]).toBe('The command completed successfully');
  });

  it('/dsgetdc without switches: the branch RODC, closest, SELECT_SECRET and no WRITABLE', async () => {
    const r = await run(nltestVerb, ['/dsgetdc:fabrikam.local', '--lab', labFile]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('           DC: \\\\rodc1.fabrikam.local\n      Address: \\\\127.0.0.3\n');
    expect(r.out).toContain('        Flags: GC DS LDAP KDC TIMESERV DNS_DC DNS_DOMAIN DNS_FOREST CLOSE_SITE SELECT_SECRET WS DS_8 DS_9 DS_10 KEYLIST\n');
  });

  it('/dsgetdc --json: the DC info and every locator step as trace envelopes', async () => {
    const r = await run(nltestVerb, ['/dsgetdc:fabrikam.local', '/kdc', '/keylist', '/writable', '--json', '--lab', labFile]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ ok: true, dc: { hostName: 'dc1.fabrikam.local', dcSiteName: 'HQ', clientSiteName: 'Branch' } });
    expect(j.trace.map((e: { step: string }) => e.step)).toEqual(['dns-srv', 'dns-a', 'cldap-ping', 'dns-srv', 'dns-a', 'cldap-ping', 'select']);
  });

  it('/dsgetdc for a domain DNS does not serve: 1355 ERROR_NO_SUCH_DOMAIN, exit 1', async () => {
    const r = await run(nltestVerb, ['/dsgetdc:east.contoso.com', '/kdc', '--lab', labFile]);
    expect([r.code, r.out]).toEqual([1, 'Getting DC name failed: Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN\n']);
  });

  it('/dclist lists both DCs with their sites, dc1 as PDC, read over LDAP as the Administrator', async () => {
    const r = await run(nltestVerb, ['/dclist:FABRIKAM', '--lab', labFile, '--dns', `127.0.0.1:${lab.port('dns')}`]);
    expect(r.out).toBe('Cannot find DC to get DC list from.Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN\n');
    const ok = await run(nltestVerb, ['/dclist:fabrikam.local', '--lab', labFile]);
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(
      [
        "Get list of DCs in domain 'fabrikam.local' from '\\\\dc1.fabrikam.local'.",
        '      dc1.fabrikam.local [PDC]  [DS] Site: HQ',
        '    rodc1.fabrikam.local        [DS] Site: Branch',
        'The command completed successfully',
        '',
      ].join('\n'),
    );
  });

  it('/dclist with a wrong password says the bind was refused, exit 1', async () => {
    const r = await run(nltestVerb, ['/dclist:fabrikam.local', '--lab', labFile, '--user', 'FABRIKAM\\Administrator', '--password', 'wrong']);
    expect(r.code).toBe(1);
    expect(r.out).toContain("You don't have access to DsBind to fabrikam.local (\\\\dc1.fabrikam.local) (invalidCredentials");
  });

  it('exits 2 naming the missing lab file', async () => {
    const r = await run(main, ['nltest', '/dsgetdc:fabrikam.local', '--lab', '/nonexistent/lab.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('/nonexistent/lab.json');
  });
});

describe('klist view of an MIT ccache', () => {
  const ticket = (realm: string, comps: string[], etype: number, kvno: number) =>
    encodeTicket({ realm, sname: { nameType: 2, nameString: comps }, encPart: { etype, kvno, cipher: new Uint8Array(40) } });
  const cred = (server: string[], etype: number, flags: number, renew: number): Credential => ({
    client: { nameType: 1, components: ['alice'], realm: 'FABRIKAM.LOCAL' },
    server: { nameType: 2, components: server, realm: 'FABRIKAM.LOCAL' },
    key: { enctype: 18, value: new Uint8Array(32) },
    authtime: 1_700_000_000,
    starttime: 1_700_000_000,
    endtime: 1_700_036_000,
    renewTill: renew,
    isSkey: false,
    ticketFlags: flags,
    addresses: [],
    authdata: [],
    ticket: ticket('FABRIKAM.LOCAL', server, etype, 2),
    secondTicket: new Uint8Array(0),
  });
  const cc: Ccache = {
    version: 4,
    defaultPrincipal: { nameType: 1, components: ['alice'], realm: 'FABRIKAM.LOCAL' },
    credentials: [cred(['krbtgt', 'FABRIKAM.LOCAL'], 18, 0x40e10000, 1_700_604_800), cred(['cifs', 'fs1.fabrikam.local'], 23, 0x40a10000, 0)],
  };

  it('prints each ticket as Windows klist does, the TGT as PRIMARY', () => {
    const text = formatKlist('FILE:/tmp/x', cc, utcZone, 'dc1.fabrikam.local');
    expect(text).toContain('Cached Tickets: (2)');
    expect(text).toContain(
      [
        '#0>\tClient: alice @ FABRIKAM.LOCAL',
        '\tServer: krbtgt/FABRIKAM.LOCAL @ FABRIKAM.LOCAL',
        '\tKerbTicket Encryption Type: AES-256-CTS-HMAC-SHA1-96',
        '\tTicket Flags 0x40e10000 -> forwardable renewable initial pre_authent name_canonicalize ',
        '\tStart Time: 11/14/2023 22:13:20 (local)',
        '\tEnd Time:   11/15/2023 8:13:20 (local)',
        '\tRenew Time: 11/21/2023 22:13:20 (local)',
        '\tSession Key Type: AES-256-CTS-HMAC-SHA1-96',
        '\tCache Flags: 0x1 -> PRIMARY ',
        '\tKdc Called: dc1.fabrikam.local',
      ].join('\n'),
    );
    expect(text).toContain('\tServer: cifs/fs1.fabrikam.local @ FABRIKAM.LOCAL\n\tKerbTicket Encryption Type: RSADSI RC4-HMAC(NT)\n');
    expect(text).toContain('\tRenew Time: 0\n\tSession Key Type: AES-256-CTS-HMAC-SHA1-96\n\tCache Flags: 0\n');
    expect(klistTime(1_700_000_000, () => 60)).toBe('11/14/2023 23:13:20 (local)');
  });

  it('leaves configuration entries out and reads the ticket kvno', () => {
    const withConf: Ccache = { ...cc, credentials: [...cc.credentials, { ...cc.credentials[0], server: { nameType: 0, components: ['krb5_ccache_conf_data', 'fast_avail'], realm: 'X-CACHECONF:' } }] };
    expect(ticketViews(withConf).map((v) => [v.server, v.ticketKvno, v.cacheFlags])).toEqual([
      ['krbtgt/FABRIKAM.LOCAL @ FABRIKAM.LOCAL', 2, 1],
      ['cifs/fs1.fabrikam.local @ FABRIKAM.LOCAL', 2, 0],
    ]);
  });

  it('ctlab klist -c FILE reads the file; exit 1 naming a missing one; exit 2 for MEMORY: caches', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ctlab-klist-')), 'cc');
    writeCcacheFile(file, cc);
    const ok = await run(klistVerb, ['-c', file, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).tickets.map((t: { ticketEtype: number }) => t.ticketEtype)).toEqual([18, 23]);
    const missing = await run(klistVerb, ['-c', `${file}.nope`]);
    expect([missing.code, missing.err]).toEqual([1, `ctlab klist: no credentials cache found (filename: ${file}.nope)\n`]);
    expect(() => ccachePath('MEMORY:x', {}, 0)).toThrow(UsageError);
    expect(ccachePath(undefined, { KRB5CCNAME: 'FILE:/tmp/a' }, 0)).toBe('/tmp/a');
    expect(ccachePath(undefined, {}, 1000)).toBe('/tmp/krb5cc_1000');
    const bad = await run(main, ['klist', 'purge']);
    expect(bad.code).toBe(2);
  });
});
