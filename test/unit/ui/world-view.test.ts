/**
 * The training page's world view: what it lists and where it says AD and the tenant disagree,
 * read from the world and the run-time stores (a rotation in the cloud store shows at once).
 */
import { describe, expect, it } from 'vitest';
import { createLabStores } from '../../../emulator/stores/lab-stores.ts';
import { loadWorld } from '../../../emulator/world.ts';
import { worldView } from '../../../emulator/ui/world-view.ts';
import { readFileSync } from 'node:fs';
import { applyFaultSwitches, parseFaultSwitches } from '../../../emulator/admin/index.ts';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';
import { buildWorld } from '../../../emulator/world.ts';

const FIXTURE = new URL('../../fixtures/entra-lab.yaml', import.meta.url).pathname;

describe('worldView', () => {
  const world = loadWorld(FIXTURE);
  const fresh = () => createLabStores(world, world.directory.dcs[0].hostName);

  it('lists the users, DCs and both sides of the Kerberos server with their key versions', () => {
    const v = worldView(world, fresh());
    expect(v.users.map((u) => u.samAccountName)).toEqual(world.directory.users.filter((u) => u.role === 'normal').map((u) => u.samAccountName));
    expect(v.dcs.map((d) => [d.name, d.readOnly, d.keyListPatch])).toEqual(world.directory.dcs.map((d) => [d.name, d.readOnly, d.keyListPatch]));
    expect(v.azureAdKerberos?.keyVersion).toBe(world.directory.azureAdKerberos!.krbtgt.secrets.current.kvno);
    expect(v.kerberosDomain?.cloudKeyVersion).toBe(world.tenant.kerberosDomains[0].keyVersion);
    expect(v.azureAdKerberos?.neverReveal).toContain('Domain Admins');
  });

  it('names the synced user whose onPremisesSecurityIdentifier is missing (bob) and the Domain Admin AzureADKerberos never reveals (carol)', () => {
    const v = worldView(world, fresh());
    const bob = v.users.find((u) => u.samAccountName === 'bob')!;
    expect(bob.cloud?.onPremisesSecurityIdentifier).toBeNull();
    expect(bob.mismatched).toEqual(['onPremisesSecurityIdentifier']);
    expect(v.findings.filter((f) => f.where.startsWith('user:')).map((f) => [f.where, f.fields])).toEqual([
      ['user:carol', ['msDS-NeverRevealGroup']],
      ['user:bob', ['onPremisesSecurityIdentifier']],
    ]);
    expect(v.findings.some((f) => f.where === 'kerberos-server')).toBe(false);
  });

  it('a user itself on msDS-NeverRevealGroup (the NeverReveal switch) is named as blocked, as a member of a listed group is', () => {
    const patched = applyFaultSwitches(readFileSync(FIXTURE, 'utf8'), world.scenario, parseFaultSwitches({ neverReveal: { add: 'alice' } }));
    const w = buildWorld(parseScenarioText(patched, FIXTURE));
    const v = worldView(w, createLabStores(w, w.directory.dcs[0].hostName));
    const alice = v.findings.find((f) => f.where === 'user:alice')!;
    expect(alice.fields).toEqual(['msDS-NeverRevealGroup']);
    expect(alice.text).toMatch(/^alice is itself on AzureADKerberos' msDS-NeverRevealGroup: .*KDC_ERR_TGT_REVOKED/);
  });

  it('a cloud key one version behind is AD\'s previous key, which still opens (the text says so)', () => {
    const stores = fresh();
    const kd = stores.kerberosDomains.get('fabrikam.local')!;
    const prev = world.directory.azureAdKerberos!.krbtgt.secrets.previous!.kvno;
    stores.kerberosDomains.put({ ...kd, keyVersion: prev });
    const f = worldView(world, stores).findings.find((x) => x.where === 'kerberos-server');
    expect(f?.fields).toEqual(['KeyVersion', 'CloudKeyVersion']);
    expect(f?.text).toContain('previous key');
  });

  it('KeyVersion ≠ CloudKeyVersion once the cloud store holds another key version; no Kerberos server once both are removed', () => {
    const stores = fresh();
    const kd = stores.kerberosDomains.get('fabrikam.local')!;
    stores.kerberosDomains.put({ ...kd, keyVersion: kd.keyVersion + 1 });
    const f = worldView(world, stores).findings.find((x) => x.where === 'kerberos-server');
    expect(f?.fields).toEqual(['KeyVersion', 'CloudKeyVersion']);
    expect(f?.text).toContain('a key AD does not hold');
    stores.kerberosDomains.remove('fabrikam.local');
    stores.adKerberosServer.remove();
    const v = worldView(world, stores);
    expect([v.azureAdKerberos, v.kerberosDomain]).toEqual([null, null]);
    expect(v.findings.find((f) => f.where === 'kerberos-server')?.fields).toEqual(['KeyVersion', 'CloudKeyVersion']);
  });
});
