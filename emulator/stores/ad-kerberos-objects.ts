/**
 * Builds and changes the AD side's Kerberos server objects (ad-kerberos-server.ts) the way
 * Set-AzureADKerberosServer does (PROTOCOL.md section 3):
 *   - from the built directory (the scenario's initial state);
 *   - created when missing: the scenario's own objects when it had them, otherwise objects built
 *     as the directory builder would (same DNs, policy groups and UAC) with RIDs after the highest
 *     one in use (AD's RID pool moves forward) and whenCreated = now;
 *   - rotated: a new generation becomes current, the old one N-1, pwdLastSet / whenChanged /
 *     uSNChanged move, and msDS-KeyVersionNumber (secrets.current.kvno) follows.
 * Pure apart from the injected `now`; entries are rebuilt with the directory's entry builders so
 * LDAP shows exactly what a fresh build would.
 */
import { BuildContext } from '../directory/build-context.ts';
import { buildDirectory } from '../directory/build.ts';
import { normalizeDn } from '../directory/dn.ts';
import { toGeneralizedTime } from '../directory/ids.ts';
import { computerEntry, userEntry } from '../directory/entries.ts';
import type { Attribute, AttributeValue, ComputerAccount, Directory, DirectoryEntry, EpochMs, KeyMaterial, UserAccount } from '../directory/model.ts';
import type { Scenario } from '../scenario/defaults.ts';
import type { AdKerberosServer, KeyOrigin } from './ad-kerberos-server.ts';

/** DN of the container Set-AzureADKerberosServer creates for its service connection point. */
export const azureAdContainerDn = (domainDn: string): string => `CN=AzureAD,CN=System,${domainDn}`;

/** A copy of `entry` with some attributes replaced (undefined removes one). */
export function patchEntry(entry: DirectoryEntry, changes: Record<string, readonly AttributeValue[] | undefined>): DirectoryEntry {
  const map = new Map<string, Attribute>(entry.attributes);
  for (const [name, values] of Object.entries(changes)) {
    if (values === undefined || values.length === 0) map.delete(name.toLowerCase());
    else map.set(name.toLowerCase(), Object.freeze({ name: map.get(name.toLowerCase())?.name ?? name, values: Object.freeze([...values]) }));
  }
  return Object.freeze({ dn: entry.dn, attributes: map });
}

function entriesOf(scenario: Scenario, dir: Pick<Directory, 'entryByDn' | 'domain'>, computer: ComputerAccount, krbtgt: UserAccount, scpDn: string): DirectoryEntry[] {
  const ctx = new BuildContext(scenario);
  const container = dir.entryByDn(azureAdContainerDn(dir.domain.dn));
  const scp = dir.entryByDn(scpDn);
  return [...(container ? [container] : []), ...(scp ? [scp] : []), userEntry(ctx, krbtgt), computerEntry(ctx, computer)];
}

/** The objects as the scenario built them, or undefined when the directory has none. */
export function adKerberosServerFromDirectory(scenario: Scenario, dir: Directory, keyUpdatedFrom: string): AdKerberosServer | undefined {
  const az = dir.azureAdKerberos;
  if (!az) return undefined;
  const fromScenario: KeyOrigin = { kind: 'scenario' };
  return Object.freeze({
    id: az.id,
    computer: az.computer,
    krbtgt: az.krbtgt,
    serviceConnectionPointDn: az.serviceConnectionPointDn,
    scpId: az.scpId,
    keyUpdatedOn: az.krbtgt.pwdLastSet ?? scenario.epoch,
    keyUpdatedFrom,
    keyOrigin: { current: fromScenario, ...(az.krbtgt.secrets.previous ? { previous: fromScenario } : {}) },
    entries: entriesOf(scenario, dir, az.computer, az.krbtgt, az.serviceConnectionPointDn),
  });
}

/** A new generation of krbtgt_AzureAD's key: current -> N-1, `material` current. */
export function rotateAdKerberosServer(
  scenario: Scenario,
  server: AdKerberosServer,
  change: { material: KeyMaterial; origin: KeyOrigin; now: EpochMs; dc: string; usn: number },
): AdKerberosServer {
  const k = server.krbtgt;
  const krbtgt: UserAccount = Object.freeze({
    ...k,
    secrets: Object.freeze({ current: Object.freeze({ ...change.material }), previous: k.secrets.current }),
    pwdLastSet: change.now,
    whenChanged: change.now,
    usnChanged: change.usn,
  });
  const entries = server.entries.map((e) =>
    normalizeDn(e.dn) === normalizeDn(k.dn) ? userEntry(new BuildContext(scenario), krbtgt) : e,
  );
  return Object.freeze({
    ...server,
    krbtgt,
    keyUpdatedOn: change.now,
    keyUpdatedFrom: change.dc,
    keyOrigin: { current: change.origin, previous: server.keyOrigin.current },
    entries,
  });
}

/** Highest RID of any principal in `dir` (the next objects get the ones after it). */
function highestRid(dir: Directory): number {
  let max = 0;
  for (const p of [...dir.users, ...dir.computers, ...dir.groups]) if (p.rid > max && p.rid < 0x7fffffff) max = p.rid;
  return max;
}

/**
 * Creates the objects when the domain has none (Set-AzureADKerberosServer on a fresh domain, or
 * after Remove-AzureADKerberosServer): the scenario's own objects when it had them, otherwise
 * built from the scenario's azureADKerberos settings with fresh RIDs. The key is `material`.
 */
export function createAdKerberosServer(
  scenario: Scenario,
  base: Directory,
  change: { material: KeyMaterial; origin: KeyOrigin; now: EpochMs; dc: string; usn: number },
): AdKerberosServer {
  let dir = base;
  let computer: ComputerAccount;
  let krbtgt: UserAccount;
  let fresh = false;
  if (base.azureAdKerberos) {
    ({ computer, krbtgt } = base.azureAdKerberos);
  } else {
    dir = buildDirectory({ ...scenario, azureADKerberos: { ...scenario.azureADKerberos, present: true } });
    const az = dir.azureAdKerberos!;
    const rid = highestRid(base);
    const domainSid = base.domain.sid;
    computer = { ...az.computer, rid: rid + 1, sid: `${domainSid}-${rid + 1}` };
    krbtgt = { ...az.krbtgt, rid: rid + 2, sid: `${domainSid}-${rid + 2}` };
    fresh = true;
  }
  const az = dir.azureAdKerberos!;
  const meta = { whenCreated: change.now, whenChanged: change.now, usnCreated: change.usn, usnChanged: change.usn };
  computer = Object.freeze({ ...computer, ...(fresh ? meta : {}) });
  krbtgt = Object.freeze({
    ...krbtgt,
    ...meta,
    secrets: Object.freeze({ current: Object.freeze({ ...change.material }) }),
    pwdLastSet: change.now,
  });
  const when = [toGeneralizedTime(change.now)];
  const entries = entriesOf(scenario, dir, computer, krbtgt, az.serviceConnectionPointDn).map((e) => {
    if (normalizeDn(e.dn) !== normalizeDn(az.serviceConnectionPointDn)) return e;
    const keywords = JSON.stringify({ Id: az.scpId, UserAccountSid: krbtgt.sid, ComputerAccountSid: computer.sid });
    return patchEntry(e, { keywords: [keywords], whenCreated: when, whenChanged: when, uSNCreated: [String(change.usn)], uSNChanged: [String(change.usn)] });
  });
  return Object.freeze({
    id: az.id,
    computer,
    krbtgt,
    serviceConnectionPointDn: az.serviceConnectionPointDn,
    scpId: az.scpId,
    keyUpdatedOn: change.now,
    keyUpdatedFrom: change.dc,
    keyOrigin: { current: change.origin },
    entries,
  });
}
