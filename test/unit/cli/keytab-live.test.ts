/**
 * `ctlab keytab --principal krbtgt_AzureAD --lab FILE` reads a running lab: the key it writes is the
 * key AD holds now (after `set` on a domain whose scenario has no AzureADKerberos objects, and after
 * a rotation), compared byte for byte with the key the cloud store seals with after a full rotation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { keytabVerb } from '../../../clients/cli/verbs/keytab.ts';
import { AdminServer } from '../../../emulator/admin/index.ts';
import { readKeytabFile } from '../../../emulator/kerberos/files/fs.ts';
import { partialTgtKeyFromTenant } from '../../../emulator/kerberos/partial-tgt/index.ts';
import { adminLab, FIXTURES, type AdminLab } from '../admin/fixture.ts';

let lab: AdminLab;
let server: AdminServer;
let tmp: string;
let labFile: string;

beforeAll(async () => {
  lab = adminLab('rodc-no-azuread.yaml');
  server = new AdminServer({ admin: lab.admin, port: 0 });
  const [b] = await server.start();
  tmp = mkdtempSync(join(tmpdir(), 'keytab-live-'));
  labFile = join(tmp, 'lab.json');
  writeFileSync(labFile, JSON.stringify({ scenario: join(FIXTURES, 'rodc-no-azuread.yaml'), services: { admin: { host: b.host, port: b.port, protocols: ['http'] } } }));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

const aes256Of = (file: string) => readKeytabFile(file).find((e) => e.enctype === 18)!;

describe('ctlab keytab against a running lab', () => {
  it('no krbtgt_AzureAD in the lab: exit 1', async () => {
    expect(await keytabVerb(['--principal', 'krbtgt_AzureAD', '--lab', labFile, '-o', join(tmp, 'none.keytab')])).toBe(1);
  });

  it('after set and after a rotation: the key and kvno AD holds now', async () => {
    lab.admin.set();
    const out = join(tmp, 'set.keytab');
    expect(await keytabVerb(['--principal', 'krbtgt_AzureAD', '--lab', labFile, '-o', out])).toBe(0);
    const id = lab.stores.adKerberosServer.get()!.id;
    const cloud = () => partialTgtKeyFromTenant(lab.stores.kerberosDomains.get('fabrikam.local')!);
    expect(aes256Of(out).kvno).toBe(((id << 16) | 2) >>> 0);
    expect(Buffer.from(aes256Of(out).key).equals(Buffer.from(cloud().key.bytes))).toBe(true);
    lab.admin.rotate({ force: true });
    const rotated = join(tmp, 'rotated.keytab');
    expect(await keytabVerb(['--principal', 'krbtgt_AzureAD', '--all-kvnos', '--lab', labFile, '-o', rotated])).toBe(0);
    expect(readKeytabFile(rotated).filter((e) => e.enctype === 18).map((e) => e.kvno & 0xffff)).toEqual([3, 2]);
    expect(Buffer.from(aes256Of(rotated).key).equals(Buffer.from(cloud().key.bytes))).toBe(true);
    expect(Buffer.from(aes256Of(rotated).key).equals(Buffer.from(aes256Of(out).key))).toBe(false);
  });
});
