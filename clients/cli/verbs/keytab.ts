/**
 * `ctlab keytab --principal NAME [--all-kvnos] [--scenario FILE] [--lab FILE] -o FILE`: writes an
 * MIT keytab with the keys the lab's KDC holds for one account of the scenario, e.g. a service's
 * keys for `kvno`/impacket, or krbtgt_AzureAD's (kvno (Id << 16) | KeyVersion, as RODC tickets carry
 * it) for forging partial TGTs. Keys come from the key table's derivation; nothing is printed but
 * the principal, kvnos and enctypes.
 *
 * NAME: a sAMAccountName (`alice`, `FS1$`, `krbtgt_30775`), a UPN, an SPN (`cifs/fs1.fabrikam.local`,
 * `krbtgt/FABRIKAM.LOCAL`), or `krbtgt_AzureAD` (the CN of the AzureADKerberos krbtgt), with or
 * without `@REALM`. The keytab entry is named as given for SPNs, by sAMAccountName otherwise.
 *
 * krbtgt_AzureAD's keys change while a lab runs (`ctlab kerberos-server rotate`): when the verb reads
 * a running lab (its ready file), it asks the lab's admin API which generations AD holds now (key
 * versions and where each came from, never key bytes) and derives those (admin/key-material.ts).
 */
import { parseVerbArgs } from '../args.ts';
import { UsageError } from '../../../emulator/core/errors.ts';
import type { Account, Directory } from '../../../emulator/directory/model.ts';
import { encTypeProfile } from '../../../emulator/kerberos/crypto/index.ts';
import { writeKeytabFile } from '../../../emulator/kerberos/files/fs.ts';
import type { KeytabEntry } from '../../../emulator/kerberos/files/index.ts';
import { findServer } from '../../../emulator/kerberos/kdc/principals.ts';
import { accountSalt, deriveKeyGeneration, ticketKvno } from '../../../emulator/kerberos/keys/keytable.ts';
import { buildDirectory } from '../../../emulator/directory/build.ts';
import { loadWorld } from '../../../emulator/world.ts';
import { rotationMaterial } from '../../../emulator/admin/key-material.ts';
import type { KeyGenerationView } from '../../../emulator/admin/view.ts';
import type { KeyMaterial } from '../../../emulator/directory/model.ts';
import { adminUrlOf, fetchKerberosServerState } from '../admin-client.ts';
import { resolveLabTarget } from '../lab-file.ts';

const USAGE = 'usage: ctlab keytab --principal NAME [--all-kvnos] [--scenario FILE | --lab FILE] -o FILE';

/** The account a keytab NAME means, and the principal name to write for it. */
export function keytabPrincipal(dir: Directory, name: string): { account: Account; components: string[] } | undefined {
  const at = name.lastIndexOf('@');
  const realmPart = at > 0 ? name.slice(at + 1) : undefined;
  const bare = realmPart !== undefined && realmPart.toUpperCase() === dir.domain.realm.toUpperCase() ? name.slice(0, at) : name;
  const parts = bare.split('/');
  if (parts.length > 1) {
    const s = findServer(dir, { nameType: 2, nameString: parts });
    return s ? { account: s.account, components: s.by === 'krbtgt' ? ['krbtgt', dir.domain.realm] : parts } : undefined;
  }
  const az = dir.azureAdKerberos;
  const a =
    dir.accountBySam(bare) ??
    dir.accountByUpn(bare) ??
    (az && bare.toLowerCase() === az.krbtgt.cn.toLowerCase() ? az.krbtgt : undefined);
  return a ? { account: a, components: [a.samAccountName] } : undefined;
}

/** Keytab entries for an account: current generation (and the previous one with `allKvnos`). */
export function keytabEntries(
  dir: Directory,
  account: Account,
  components: string[],
  opts: { allKvnos?: boolean; timestamp: number; secrets?: { current: KeyMaterial; previous?: KeyMaterial } },
): KeytabEntry[] {
  const salt = accountSalt(dir.domain.realm, account);
  const secrets = opts.secrets ?? account.secrets;
  const gens = [secrets.current, ...(opts.allKvnos && secrets.previous ? [secrets.previous] : [])];
  const out: KeytabEntry[] = [];
  for (const material of gens) {
    const gen = deriveKeyGeneration(material, salt);
    for (const key of gen.keys.values()) {
      out.push({
        principal: { nameType: 1, components, realm: dir.domain.realm },
        timestamp: opts.timestamp,
        kvno: ticketKvno(account, gen),
        enctype: key.etype,
        key: key.bytes,
      });
    }
  }
  return out;
}

export async function keytabVerb(args: string[]): Promise<number> {
  const parsed = parseVerbArgs(
    args,
    {
      principal: { type: 'string', short: 'p' },
      'all-kvnos': { type: 'boolean' },
      scenario: { type: 'string' },
      lab: { type: 'string' },
      output: { type: 'string', short: 'o' },
    },
    USAGE,
  );
  if (!parsed) return 0;
  const { values } = parsed;
  if (!values.principal) throw new UsageError(`--principal is required\n${USAGE}`);
  if (!values.output) throw new UsageError(`-o FILE is required\n${USAGE}`);
  const target = resolveLabTarget({ scenario: values.scenario, lab: values.lab });
  const world = loadWorld(target.scenario);
  const dir = world.directory;
  const fromLab = target.labFile !== undefined && values.scenario === undefined;
  // A scenario without the AzureADKerberos objects: a running lab may have them (`kerberos-server
  // set`), built as the admin API builds them (same sAMAccountName and RODC number, so same keys).
  const withAzure = !dir.azureAdKerberos && fromLab ? buildDirectory({ ...world.scenario, azureADKerberos: { ...world.scenario.azureADKerberos, present: true } }) : undefined;
  const azureFound = withAzure ? keytabPrincipal(withAzure, values.principal) : undefined;
  const found = keytabPrincipal(dir, values.principal) ?? (azureFound?.account === withAzure?.azureAdKerberos?.krbtgt ? azureFound : undefined);
  if (!found) {
    process.stderr.write(`ctlab keytab: no account '${values.principal}' in ${target.scenario}\n`);
    return 1;
  }
  const az = dir.azureAdKerberos ?? withAzure?.azureAdKerberos;
  let secrets: { current: KeyMaterial; previous?: KeyMaterial } | undefined;
  if (az && found.account === az.krbtgt && fromLab) {
    const live = await liveAzureSecrets(target.labFile!, world.scenario.seed, az.id, dir.azureAdKerberos ? az.krbtgt.secrets : { current: { kvno: -1 } });
    if (live === 'removed' || (live === undefined && !dir.azureAdKerberos)) {
      process.stderr.write(`ctlab keytab: the running lab (${target.labFile}) has no krbtgt_AzureAD; 'ctlab kerberos-server set' creates it\n`);
      return 1;
    }
    secrets = live;
  }
  const entries = keytabEntries(dir, found.account, found.components, { allKvnos: values['all-kvnos'], timestamp: Math.floor(Date.now() / 1000), ...(secrets ? { secrets } : {}) });
  if (entries.length === 0) {
    process.stderr.write(`ctlab keytab: ${found.account.samAccountName} has no keys\n`);
    return 1;
  }
  writeKeytabFile(values.output, entries);
  const name = `${found.components.join('/')}@${dir.domain.realm}`;
  for (const e of entries) {
    process.stdout.write(`${name} kvno ${e.kvno} (0x${e.kvno.toString(16)}) ${encTypeProfile(e.enctype).name}\n`);
  }
  process.stdout.write(`wrote ${entries.length} keys to ${values.output}\n`);
  return 0;
}

/**
 * krbtgt_AzureAD's generations as the running lab holds them: each reported generation is the
 * scenario's (same version) or a rotation's, derived again from seed, version and serial. Undefined
 * (use the scenario) when the lab's admin API does not answer; 'removed' when AD has no object.
 */
async function liveAzureSecrets(
  labFile: string,
  seed: string,
  id: number,
  scenario: { current: KeyMaterial; previous?: KeyMaterial },
): Promise<{ current: KeyMaterial; previous?: KeyMaterial } | 'removed' | undefined> {
  let url: string;
  try {
    url = adminUrlOf(labFile).url;
  } catch {
    return undefined;
  }
  const state = await fetchKerberosServerState(url);
  if (!state) {
    process.stderr.write(`ctlab keytab: the lab's admin API (${url}) does not answer; writing the scenario's krbtgt_AzureAD keys\n`);
    return undefined;
  }
  const onPrem = state.keyGenerations.onPrem;
  if (!onPrem) return 'removed';
  const material = (g: KeyGenerationView): KeyMaterial | undefined =>
    g.origin === 'rotation' && g.serial !== undefined
      ? rotationMaterial(seed, id, g.keyVersion, g.serial)
      : [scenario.current, scenario.previous].find((m) => m && m.kvno === g.keyVersion);
  const current = material(onPrem.current);
  if (!current) return undefined;
  const previous = onPrem.previous ? material(onPrem.previous) : undefined;
  return { current, ...(previous ? { previous } : {}) };
}
