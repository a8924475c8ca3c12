/** ctlab keytab / krb5conf and the lab-file lookup they share. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hex } from '../../../emulator/core/bytes.ts';
import { UsageError } from '../../../emulator/core/errors.ts';
import { readKeytabFile } from '../../../emulator/kerberos/files/fs.ts';
import { KeyTable } from '../../../emulator/kerberos/keys/keytable.ts';
import { loadWorld } from '../../../emulator/world.ts';
import { resolveLabTarget, parseEndpoint, LabFileError } from '../../../clients/cli/lab-file.ts';
import { keytabEntries, keytabPrincipal, keytabVerb } from '../../../clients/cli/verbs/keytab.ts';
import { renderKrb5Conf } from '../../../clients/cli/verbs/krb5conf.ts';

const SCENARIO = join(import.meta.dirname, '../../../scenarios/multi-upn-suffix.yaml');
const dir = loadWorld(SCENARIO).directory;

describe('ctlab keytab', () => {
  it('finds accounts by sAMAccountName, UPN, SPN, krbtgt_AzureAD and with @REALM', () => {
    expect(keytabPrincipal(dir, 'alice')!.components).toEqual(['alice']);
    expect(keytabPrincipal(dir, 'alice@FABRIKAM.LOCAL')!.account.samAccountName).toBe('alice');
    expect(keytabPrincipal(dir, 'bob@east.contoso.com')!.components).toEqual(['bob']);
    expect(keytabPrincipal(dir, 'cifs/fs1.fabrikam.local')).toMatchObject({ components: ['cifs', 'fs1.fabrikam.local'] });
    expect(keytabPrincipal(dir, 'cifs/fs1.fabrikam.local')!.account.samAccountName).toBe('FS1$');
    expect(keytabPrincipal(dir, 'krbtgt/FABRIKAM.LOCAL')!.account.dn).toBe(dir.krbtgt.dn);
    expect(keytabPrincipal(dir, 'krbtgt_AzureAD')!.components).toEqual(['krbtgt_30775']);
    expect(keytabPrincipal(dir, 'nobody')).toBeUndefined();
  });

  it('writes the key table\'s keys with the RODC-numbered kvno for krbtgt_AzureAD', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ctlab-kt-')), 'az.keytab');
    const write = process.stdout.write;
    process.stdout.write = (() => true) as never;
    try {
      expect(await keytabVerb(['--scenario', SCENARIO, '--principal', 'krbtgt_AzureAD', '-o', out])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const entries = readKeytabFile(out);
    const az = dir.azureAdKerberos!.krbtgt;
    const table = KeyTable.build(dir);
    expect(entries.map((e) => [e.principal.components.join('/'), e.principal.realm, e.kvno, e.enctype])).toEqual(
      [18, 17, 23].map((et) => ['krbtgt_30775', 'FABRIKAM.LOCAL', ((30775 << 16) | 2) >>> 0, et]),
    );
    for (const e of entries) expect(hex(e.key)).toBe(hex(table.forAccount(az)!.current.keys.get(e.enctype)!.bytes));
  });

  it('adds the previous generation with --all-kvnos', () => {
    const rot = loadWorld(SCENARIO);
    const account = { ...rot.directory.accountBySam('alice')!, secrets: { current: { kvno: 5, password: 'new' }, previous: { kvno: 4, password: 'old' } } };
    const e = keytabEntries(rot.directory, account, ['alice'], { allKvnos: true, timestamp: 0 });
    expect(e.map((x) => x.kvno)).toEqual([5, 5, 5, 4, 4, 4]);
    expect(keytabEntries(rot.directory, account, ['alice'], { timestamp: 0 }).map((x) => x.kvno)).toEqual([5, 5, 5]);
  });
});

describe('ctlab krb5conf', () => {
  it('names the KDC port and maps the domain and every UPN suffix', () => {
    const text = renderKrb5Conf({ realm: 'FABRIKAM.LOCAL', domain: 'fabrikam.local', upnSuffixes: ['contoso.com', 'East.Contoso.com'], kdc: { host: '127.0.0.1', port: 18088 } });
    const lines = text.split('\n').map((l) => l.trim());
    for (const l of ['default_realm = FABRIKAM.LOCAL', 'udp_preference_limit = 1', 'rdns = false', 'dns_lookup_kdc = false', 'dns_canonicalize_hostname = false', 'kdc = 127.0.0.1:18088', '.contoso.com = FABRIKAM.LOCAL', 'east.contoso.com = FABRIKAM.LOCAL', 'fabrikam.local = FABRIKAM.LOCAL']) {
      expect(lines).toContain(l);
    }
    expect(text).not.toMatch(/allow_weak_crypto/);
  });
});

describe('lab file', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'ctlab-lab-'));

  it('needs a lab or a scenario', () => {
    expect(() => resolveLabTarget({ cwd })).toThrow(UsageError);
  });

  it('reads .ctlab/lab.json as ctlab up writes it', () => {
    mkdirSync(join(cwd, '.ctlab'), { recursive: true });
    writeFileSync(join(cwd, '.ctlab/lab.json'), JSON.stringify({ scenario: SCENARIO, bind: '127.0.0.1', realm: 'FABRIKAM.LOCAL', pid: 1, services: { kdc: { host: '127.0.0.1', port: 20088, protocols: ['tcp', 'udp'] } } }));
    expect(resolveLabTarget({ cwd })).toMatchObject({ scenario: SCENARIO, kdc: { host: '127.0.0.1', port: 20088 } });
    expect(resolveLabTarget({ cwd, scenario: SCENARIO, kdc: '10.0.0.1:88' }).kdc).toEqual({ host: '10.0.0.1', port: 88 });
    writeFileSync(join(cwd, 'bad.json'), '{');
    expect(() => resolveLabTarget({ cwd, lab: 'bad.json' })).toThrow(LabFileError);
  });

  it('parses HOST:PORT', () => {
    expect(parseEndpoint('[::1]:88', 'x')).toEqual({ host: '::1', port: 88 });
    expect(() => parseEndpoint('nohost', 'x')).toThrow(UsageError);
  });
});
