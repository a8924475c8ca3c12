/**
 * `ctlab nltest` checked by tools nobody here wrote, on the same lab (rodc-only-site.yaml, free
 * ports): dig shows the SRV and A records the locator followed (generic and Branch site-specific),
 * ldapsearch sends the LDAP ping over TCP and its Netlogon reply carries the DS_FLAG word nltest
 * printed, and ldapsearch lists the DC server objects /dclist printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nltestFlagNames } from '../../clients/admin/nltest-format.ts';
import { DS_FLAG } from '../../emulator/ldap/netlogon/index.ts';
import { startLab, type RunningLab } from '../../emulator/lab.ts';
import { runProcess } from '../support/process.ts';
import { dig, requireDig } from './dig.support.ts';
import { ldapsearch, requireLdapsearch } from './ldapsearch.support.ts';

const SCENARIO = new URL('../../scenarios/rodc-only-site.yaml', import.meta.url).pathname;
const CTLAB = new URL('../../bin/ctlab.mjs', import.meta.url).pathname;

let lab: RunningLab;
let tmp: string;
let labFile: string;

async function nltest(args: string[]): Promise<{ code: number | null; fields: Map<string, string>; out: string }> {
  const r = await runProcess(process.execPath, [CTLAB, 'nltest', ...args, '--lab', labFile], { timeoutMs: 20_000 });
  const fields = new Map<string, string>();
  for (const l of r.stdout.split('\n')) {
    const m = /^\s*([A-Za-z ]+): (.*)$/.exec(l);
    if (m) fields.set(m[1].trim(), m[2]);
  }
  return { code: r.code, fields, out: r.stdout };
}

beforeAll(async () => {
  requireDig();
  requireLdapsearch();
  lab = await startLab(SCENARIO, { ports: { dns: 0, kerberos: 0, ldap: 0, gc: 0, kpasswd: 0, entra: 0 }, freePorts: true, env: {} });
  tmp = mkdtempSync(join(tmpdir(), 'nltest-interop-'));
  labFile = join(tmp, 'lab.json');
  writeFileSync(labFile, JSON.stringify(lab.labFile()));
});

afterAll(async () => {
  await lab?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('ctlab nltest /dsgetdc against dig and ldapsearch', () => {
  it('/kdc /keylist /writable: the DC is the target of the generic _kerberos SRV record and its A record is the Address', async () => {
    const n = await nltest(['/dsgetdc:fabrikam.local', '/kdc', '/keylist', '/writable']);
    expect(n.code).toBe(0);
    const dc = n.fields.get('DC')!.replace(/^\\\\/, '');
    const srv = await dig(lab.port('dns')!, ['_kerberos._tcp.dc._msdcs.fabrikam.local', 'SRV']);
    expect(srv.status).toBe('NOERROR');
    expect(srv.answer.map((r) => r.rdata[3].replace(/\.$/, ''))).toEqual([dc]);
    expect(srv.answer[0].rdata[2]).toBe(String(lab.port('kdc')));
    const a = await dig(lab.port('dns')!, [dc, 'A']);
    expect(`\\\\${a.answer[0].rdata[0]}`).toBe(n.fields.get('Address'));
    // The branch's site-specific record names only the RODC, which nltest passed over.
    const branch = await dig(lab.port('dns')!, ['_kerberos._tcp.Branch._sites.dc._msdcs.fabrikam.local', 'SRV']);
    expect(branch.answer.map((r) => r.rdata[3])).toEqual(['rodc1.fabrikam.local.']);
    expect([n.fields.get('Dc Site Name'), n.fields.get('Our Site Name')]).toEqual(['HQ', 'Branch']);
  });

  it("the LDAP ping ldapsearch sends over TCP gets dc1's Netlogon reply with the flags nltest printed", async () => {
    const n = await nltest(['/dsgetdc:fabrikam.local', '/kdc', '/keylist', '/writable']);
    const r = await ldapsearch(['-x', '-H', `ldap://127.0.0.1:${lab.port('ldap')}`, '-b', '', '-s', 'base', '(&(DnsDomain=fabrikam.local)(NtVer=\\16\\00\\00\\00))', 'Netlogon']);
    expect(r.code).toBe(0);
    const nl = r.entries[0].attrs.get('netlogon')?.[0] ?? r.entries[0].attrs.get('Netlogon')?.[0];
    if (!(nl instanceof Uint8Array)) throw new Error(`no binary Netlogon value in:\n${r.stdout}`);
    // NETLOGON_SAM_LOGON_RESPONSE_EX (MS-ADTS 6.3.1.9): Opcode u16, Sbz u16, Flags u32 (LE).
    const view = new DataView(nl.buffer, nl.byteOffset, nl.byteLength);
    expect(view.getUint16(0, true)).toBe(23);
    const wireFlags = view.getUint32(4, true);
    // nltest adds the DNS_* bits (the names it returns are DNS names); CLOSE_SITE depends on the
    // client's site, which is Branch for both (127.0.0.1), so it is off in both.
    const dns = DS_FLAG.DS_DNS_CONTROLLER_FLAG | DS_FLAG.DS_DNS_DOMAIN_FLAG | DS_FLAG.DS_DNS_FOREST_FLAG;
    expect(n.fields.get('Flags')).toBe(nltestFlagNames((wireFlags | dns) >>> 0).join(' '));
    expect(n.fields.get('Flags')!.split(' ')).toEqual(expect.arrayContaining(['KDC', 'WRITABLE', 'KEYLIST']));
  });

  it('a domain dig cannot resolve is the domain nltest cannot find (1355)', async () => {
    const srv = await dig(lab.port('dns')!, ['_kerberos._tcp.dc._msdcs.east.contoso.com', 'SRV']);
    expect(srv.answer).toEqual([]);
    const n = await nltest(['/dsgetdc:east.contoso.com', '/kdc']);
    expect([n.code, n.out]).toEqual([1, 'Getting DC name failed: Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN\n']);
  });
});

describe('ctlab nltest /dclist against ldapsearch', () => {
  it('lists the server objects ldapsearch finds under CN=Sites, with their sites', async () => {
    const n = await nltest(['/dclist:fabrikam.local']);
    expect(n.code).toBe(0);
    const listed = n.out
      .split('\n')
      .filter((l) => /\[DS\] Site:/.test(l))
      .map((l) => /^\s*(\S+).*Site: (\S+)$/.exec(l)!.slice(1, 3).join(' '));
    const dir = lab.world.directory;
    const admin = dir.accountBySam('Administrator')!.secrets.current.password!;
    const r = await ldapsearch(['-x', '-H', `ldap://127.0.0.1:${lab.port('ldap')}`, '-D', 'FABRIKAM\\Administrator', '-w', admin, '-b', `CN=Sites,${dir.domain.configurationDn}`, '(objectClass=server)', 'dNSHostName']);
    expect(r.code).toBe(0);
    const found = r.entries.map((e) => `${e.attrs.get('dNSHostName')![0]} ${/CN=Servers,CN=([^,]+),/.exec(e.dn)![1]}`);
    expect(listed.sort()).toEqual(found.sort());
    expect(listed.sort()).toEqual(['dc1.fabrikam.local HQ', 'rodc1.fabrikam.local Branch']);
  });
});
