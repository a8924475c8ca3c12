/**
 * A lab's stores and KDC in one process for the admin and store tests: test/fixtures/rodc-exchange.yaml
 * (krbtgt_AzureAD Id 30775, key version 2 with N-1; the tenant holds the same key), the KDC serving the
 * live directory over the AD store as the lab wires it, a fixed clock, and a partial TGT for alice
 * sealed with the key the KerberosDomainStore holds now (as the token endpoint reads it).
 */
import { join } from 'node:path';
import { FixedClock } from '../../../emulator/core/clock.ts';
import { SeededRandom } from '../../../emulator/core/random.ts';
import { KerberosServerAdmin } from '../../../emulator/admin/index.ts';
import { decodeKerberosMessage, NAME_TYPE } from '../../../emulator/kerberos/asn1/index.ts';
import { krbErrorName } from '../../../emulator/kerberos/error-codes.ts';
import { createKdcContext, dispatchKdc, type KdcContext, type KdcTraceEvent } from '../../../emulator/kerberos/kdc/index.ts';
import { issuePartialTgt, partialTgtKeyFromTenant } from '../../../emulator/kerberos/partial-tgt/index.ts';
import { KeyTable } from '../../../emulator/kerberos/keys/keytable.ts';
import { createLabStores, type LabStores } from '../../../emulator/stores/lab-stores.ts';
import type { TraceEnvelope } from '../../../emulator/trace/envelope.ts';
import { loadWorld, type World } from '../../../emulator/world.ts';
import { buildTgsReq, TGS_OPTIONS } from '../../../clients/kerberos/tgs.ts';

export const FIXTURES = join(import.meta.dirname, '../../fixtures');
/** Well after the scenario epoch (2024-01-01): the first rotation is allowed. */
export const NOW = Date.parse('2025-03-01T12:00:00Z');

const worlds = new Map<string, { world: World; keys: KeyTable }>();
function worldOf(file: string) {
  let w = worlds.get(file);
  if (!w) {
    const world = loadWorld(join(FIXTURES, file));
    worlds.set(file, (w = { world, keys: KeyTable.build(world.directory) }));
  }
  return w;
}

export interface AdminLab {
  readonly world: World;
  readonly stores: LabStores;
  readonly admin: KerberosServerAdmin;
  readonly kdc: KdcContext;
  readonly clock: FixedClock;
  readonly kdcEvents: KdcTraceEvent[];
  readonly adminEvents: Omit<TraceEnvelope, 'service' | 't'>[];
  /** Exchanges a partial TGT for `sam` sealed with the tenant's current key; the error name or 'ok'. */
  exchange(sam?: string): string;
}

export function adminLab(file = 'rodc-exchange.yaml'): AdminLab {
  const { world, keys } = worldOf(file);
  const clock = new FixedClock(NOW);
  const rng = new SeededRandom('admin-test');
  const stores = createLabStores(world, 'dc1.fabrikam.local');
  const kdcEvents: KdcTraceEvent[] = [];
  const adminEvents: Omit<TraceEnvelope, 'service' | 't'>[] = [];
  const kdc = createKdcContext(stores.directory, { keys, clock, rng, dc: 'dc1', trace: (e) => kdcEvents.push(e) });
  const admin = new KerberosServerAdmin({ scenario: world.scenario, baseDirectory: world.directory, stores, clock, dcHostName: 'dc1.fabrikam.local', trace: (e) => adminEvents.push(e) });
  return {
    world,
    stores,
    admin,
    kdc,
    clock,
    kdcEvents,
    adminEvents,
    exchange(sam = 'alice') {
      const kd = stores.kerberosDomains.get('fabrikam.local');
      if (!kd) throw new Error('the tenant has no KerberosDomain');
      const cu = world.tenant.users.find((u) => u.syncedFrom === sam)!;
      const p = issuePartialTgt({
        domainDnsName: cu.onPremisesDomainName!,
        samAccountName: cu.onPremisesSamAccountName!,
        userSid: cu.onPremisesSecurityIdentifier!,
        key: partialTgtKeyFromTenant(kd),
        clock: { now: () => clock.now() - 60_000 },
        rng,
      });
      const req = buildTgsReq({
        ticket: p.ticket,
        sessionKey: p.sessionKey,
        cname: p.cname,
        crealm: p.realm,
        sname: { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', 'FABRIKAM.LOCAL'] },
        realm: 'FABRIKAM.LOCAL',
        now: clock.now(),
        rng,
        kdcOptions: TGS_OPTIONS,
        keyList: [23],
      });
      const m = decodeKerberosMessage(dispatchKdc(kdc, req, { transport: 'direct' }));
      if (m.name === 'TGS-REP') return 'ok';
      if (m.name === 'KRB-ERROR') return krbErrorName(m.message.errorCode);
      throw new Error(`unexpected ${m.name}`);
    },
  };
}
