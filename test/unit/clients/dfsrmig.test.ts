/**
 * SYSVOL migration state: the scenario setting, the directory objects AD stores it in
 * (msDFSR-Flags = state * 16), and `ctlab dfsrmig` reading them over LDAP and printing what
 * dfsrmig.exe prints, AzureADKerberos included as the DC stuck in 'Start'.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatMigrationState, stateName } from '../../../clients/admin/dfsrmig.ts';
import { main } from '../../../clients/cli/main.ts';
import type { RunningLab } from '../../../emulator/lab.ts';
import { validateScenarioData } from '../../../emulator/scenario/validate.ts';
import { loadWorld } from '../../../emulator/world.ts';
import { SCENARIOS, startTestLab } from './lab.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const flagsOf = (w: ReturnType<typeof loadWorld>, dn: string) => w.directory.entryByDn(dn)?.attributes.get('msdfsr-flags')?.values[0];

describe('the directory objects of the SYSVOL migration state', () => {
  it('native DFSR (the default): DFSR-GlobalSettings and every DC at 48 (Eliminated), none for AzureADKerberos', () => {
    const w = loadWorld(join(SCENARIOS, 'multi-upn-suffix.yaml'));
    const dom = w.directory.domain.dn;
    expect(flagsOf(w, `CN=DFSR-GlobalSettings,CN=System,${dom}`)).toBe('48');
    expect(flagsOf(w, `CN=DFSR-LocalSettings,${w.directory.dcs[0].computer.dn}`)).toBe('48');
    expect(w.directory.entryByDn(`CN=DFSR-LocalSettings,${w.directory.azureAdKerberos!.computer.dn}`)).toBeUndefined();
  });
  it('dfsr-migration-blocked: FRS with the global state Prepared (16) and dc1 at Prepared', () => {
    const w = loadWorld(join(SCENARIOS, 'dfsr-migration-blocked.yaml'));
    expect(flagsOf(w, `CN=DFSR-GlobalSettings,CN=System,${w.directory.domain.dn}`)).toBe('16');
    const local = w.directory.entryByDn(`CN=DFSR-LocalSettings,${w.directory.dcs[0].computer.dn}`)!;
    expect([local.attributes.get('msdfsr-flags')?.values[0], local.attributes.get('msdfsr-version')?.values[0], local.attributes.get('objectclass')?.values]).toEqual(['16', '1.0.0.0', ['top', 'msDFSR-LocalSettings']]);
  });
  it('FRS never migrated: no DFSR objects at all', () => {
    const data = parse(readFileSync(join(SCENARIOS, 'baseline.yaml'), 'utf8'));
    const file = join(mkdtempSync(join(tmpdir(), 'ctlab-frs-')), 'frs.yaml');
    writeFileSync(file, stringify({ ...data, sysvol: { replication: 'frs' } }));
    const w = loadWorld(file);
    expect(w.directory.entries.filter((e) => /^CN=DFSR-/i.test(e.dn))).toEqual([]);
    const native = loadWorld(join(SCENARIOS, 'baseline.yaml'));
    expect(native.directory.entries.filter((e) => /^CN=DFSR-/i.test(e.dn)).length).toBe(1 + native.directory.dcs.length);
  });
  it('refuses localStates naming no DC and states with native DFSR', () => {
    const data = parse(readFileSync(join(SCENARIOS, 'baseline.yaml'), 'utf8'));
    const bad = validateScenarioData({ ...data, sysvol: { replication: 'frs', globalState: 1, localStates: { dc9: 1 } } });
    expect(bad.ok === false && bad.issues.map((i) => [i.path.join('.'), i.reason])).toEqual([['sysvol.localStates.dc9', 'BAD_VALUE']]);
    const conflict = validateScenarioData({ ...data, sysvol: { replication: 'dfsr', globalState: 1 } });
    expect(conflict.ok === false && conflict.issues.map((i) => i.reason)).toEqual(['CONFLICT']);
    const range = validateScenarioData({ ...data, sysvol: { replication: 'frs', globalState: 4 } });
    expect(range.ok).toBe(false);
  });
});

describe('dfsrmig output', () => {
  it('names the states as dfsrmig does and prints the consistent form', () => {
    expect([0, 16, 32, 48, 5].map(stateName)).toEqual(['Start', 'Prepared', 'Redirected', 'Eliminated', 'Unknown (5)']);
    expect(formatMigrationState({ globalFlags: 48, dcs: [{ name: 'DC1', dn: 'x', localFlags: 48, hasLocalSettings: true, type: 'Primary DC' }] })).toBe(
      "All domain controllers have migrated successfully to the Global state ('Eliminated').\nMigration has reached a consistent state on all domain controllers.\nSucceeded.\n",
    );
    expect(formatMigrationState({ dcs: [] })).toBe('DFSR migration has not yet initialized. To initialize, please set global state to desired value.\n');
  });
});

describe('ctlab dfsrmig against dfsr-migration-blocked', () => {
  let lab: RunningLab;
  let fixed: RunningLab;
  let labFile: string;
  let fixedFile: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctlab-dfsrmig-'));
    lab = await startTestLab('dfsr-migration-blocked.yaml');
    labFile = join(dir, 'lab.json');
    writeFileSync(labFile, JSON.stringify(lab.labFile()));
    // The same world with the fix: AzureADKerberos given a DFSR-LocalSettings at the global state.
    const data = parse(readFileSync(join(SCENARIOS, 'dfsr-migration-blocked.yaml'), 'utf8'));
    const fixedYaml = join(dir, 'fixed.yaml');
    writeFileSync(fixedYaml, stringify({ ...data, name: 'dfsr-fixed', sysvol: { ...data.sysvol, azureADKerberosLocalState: 1 } }));
    const { startLab } = await import('../../../emulator/lab.ts');
    fixed = await startLab(fixedYaml, { ports: { dns: 0, kerberos: 0, ldap: 0, gc: 0, kpasswd: 0, entra: 0 }, freePorts: true, env: {} });
    fixedFile = join(dir, 'fixed.json');
    writeFileSync(fixedFile, JSON.stringify({ ...fixed.labFile(), scenario: fixedYaml }));
  });
  afterAll(async () => {
    await lab.close();
    await fixed.close();
  });

  it("/getmigrationstate lists AzureADKerberos ('Start') - Writable DC, as the real tool does", async () => {
    const r = await run(['dfsrmig', '/getmigrationstate', '--lab', labFile]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        "The following domain controllers have not reached Global state ('Prepared'):",
        '',
        'Domain Controller (Local Migration State) - DC Type',
        '===================================================',
        '',
        "AzureADKerberos ('Start') - Writable DC",
        '',
        'Migration has not yet reached a consistent state on all domain controllers.',
        'State information might be stale due to Active Directory Domain Services latency.',
        '',
      ].join('\n'),
    );
  });

  it('--json shows dc1 as the Primary DC at Prepared and AzureADKerberos without DFSR-LocalSettings', async () => {
    const r = await run(['dfsrmig', '/GetMigrationState', '--json', '--lab', labFile]);
    const s = JSON.parse(r.out);
    expect(s.globalFlags).toBe(16);
    expect(s.dcs.map((d: { name: string; localFlags: number; hasLocalSettings: boolean; type: string }) => [d.name, d.localFlags, d.hasLocalSettings, d.type])).toEqual([
      ['DC1', 16, true, 'Primary DC'],
      ['AzureADKerberos', 0, false, 'Writable DC'],
    ]);
  });

  it('/getglobalstate prints the global state', async () => {
    const r = await run(['dfsrmig', '/getglobalstate', '--lab', labFile]);
    expect(r.out).toBe("\nCurrent DFSR global state: 'Prepared'\nSucceeded.\n");
  });

  it('with the fix applied the migration is consistent', async () => {
    const r = await run(['dfsrmig', '/getmigrationstate', '--lab', fixedFile]);
    expect(r.out.split('\n')[0]).toBe("All domain controllers have migrated successfully to the Global state ('Prepared').");
  });

  it('refuses /setglobalstate and unknown commands with exit 2 naming them', async () => {
    const set = await run(['dfsrmig', '/setglobalstate', '3', '--lab', labFile]);
    expect(set.code).toBe(2);
    expect(set.err).toContain('/setglobalstate is not supported here');
    const unk = await run(['dfsrmig', '/bogus']);
    expect([unk.code, unk.err.includes("unknown command '/bogus'")]).toEqual([2, true]);
    const help = await run(['dfsrmig', '--help']);
    expect([help.code, help.out.startsWith('usage: ctlab dfsrmig')]).toEqual([0, true]);
  });

  it('a wrong password gets the PDC message and exit 1', async () => {
    const r = await run(['dfsrmig', '/getmigrationstate', '--lab', labFile, '--user', 'FABRIKAM\\Administrator', '--password', 'nope']);
    expect(r.code).toBe(1);
    expect(r.out).toContain("Unable to connect to the Primary DC's AD.");
  });
});
