/**
 * What `dfsrmig.exe /getmigrationstate` and `/getglobalstate` read and print, over LDAP from the
 * PDC: the global state from msDFSR-Flags of CN=DFSR-GlobalSettings,CN=System (state * 16; no
 * object = migration not initialized), and for every computer that is a DC by its
 * userAccountControl (SERVER_TRUST_ACCOUNT or PARTIAL_SECRETS_ACCOUNT) the local state from its
 * CN=DFSR-LocalSettings child ('Start' when it has none). So the AzureADKerberos object, which
 * carries PARTIAL_SECRETS_ACCOUNT but no DFSR objects, is listed as a DC stuck in 'Start', as the
 * real tool lists it (PROTOCOL.md section 6, DFSRMIG row). DC Type: 'Primary DC' for the PDC,
 * 'Read-Only DC' for a DC whose NTDS Settings is an nTDSDSARO, 'Writable DC' otherwise (which is
 * what the tool shows for AzureADKerberos, having no NTDS Settings at all) [I: the tool's exact
 * test is not documented].
 */
import { ClientError } from '../errors.ts';
import type { LdapConnection } from '../ldap/search.ts';
import type { RootDse } from './dc-list.ts';

export const MIGRATION_STATES = ['Start', 'Prepared', 'Redirected', 'Eliminated'] as const;

/** A state name for msDFSR-Flags (16 * state); other values print as dfsrmig's numeric form. */
export function stateName(flags: number): string {
  const s = flags / 16;
  return Number.isInteger(s) && s >= 0 && s < MIGRATION_STATES.length ? MIGRATION_STATES[s] : `Unknown (${flags})`;
}

export type DcType = 'Primary DC' | 'Writable DC' | 'Read-Only DC';

export interface DcMigrationState {
  /** The computer's cn (`DC1`, `AzureADKerberos`). */
  readonly name: string;
  readonly dn: string;
  /** msDFSR-Flags of its DFSR-LocalSettings, 0 ('Start') when there is none. */
  readonly localFlags: number;
  readonly hasLocalSettings: boolean;
  readonly type: DcType;
}

export interface MigrationState {
  /** msDFSR-Flags of DFSR-GlobalSettings; undefined when the object does not exist. */
  readonly globalFlags?: number;
  readonly dcs: readonly DcMigrationState[];
}

const UF_SERVER_TRUST_ACCOUNT = 0x2000;
const UF_PARTIAL_SECRETS_ACCOUNT = 0x04000000;
const NO_SUCH_OBJECT = 32;

function int(v: readonly string[] | undefined): number | undefined {
  return v?.[0] !== undefined && /^-?\d+$/.test(v[0]) ? Number(v[0]) : undefined;
}

async function flagsAt(conn: LdapConnection, dn: string): Promise<number | undefined> {
  const r = await conn.search({ base: dn, scope: 'base', filter: '(objectClass=*)', attributes: ['msDFSR-Flags'] });
  if (r.result.resultCode === NO_SUCH_OBJECT) return undefined;
  if (r.result.resultCode !== 0) throw new ClientError('ldap', 'UNEXPECTED_REPLY', `reading ${dn}: ${r.result.resultName} ${r.result.diagnosticMessage}`, { peer: conn.peer });
  return int(r.entries[0]?.attributes.get('msdfsr-flags')) ?? 0;
}

export async function readMigrationState(conn: LdapConnection, root: RootDse): Promise<MigrationState> {
  const base = root.defaultNamingContext;
  const globalFlags = await flagsAt(conn, `CN=DFSR-GlobalSettings,CN=System,${base}`);
  const dom = await conn.search({ base, scope: 'base', attributes: ['fSMORoleOwner'] });
  const pdcNtds = (dom.entries[0]?.attributes.get('fsmoroleowner')?.[0] ?? '').toLowerCase();
  const found = await conn.search({
    base,
    scope: 'sub',
    filter: `(&(objectClass=computer)(|(userAccountControl:1.2.840.113556.1.4.803:=${UF_SERVER_TRUST_ACCOUNT})(userAccountControl:1.2.840.113556.1.4.803:=${UF_PARTIAL_SECRETS_ACCOUNT})))`,
    attributes: ['cn', 'serverReferenceBL'],
  });
  if (found.result.resultCode !== 0) throw new ClientError('ldap', 'UNEXPECTED_REPLY', `searching DCs: ${found.result.resultName} ${found.result.diagnosticMessage}`, { peer: conn.peer });
  const dcs: DcMigrationState[] = [];
  for (const e of found.entries) {
    const server = e.attributes.get('serverreferencebl')?.[0];
    let type: DcType = 'Writable DC';
    if (server) {
      const ntdsDn = `CN=NTDS Settings,${server}`;
      if (ntdsDn.toLowerCase() === pdcNtds) type = 'Primary DC';
      else {
        const ntds = await conn.search({ base: ntdsDn, scope: 'base', attributes: ['objectClass'] });
        if ((ntds.entries[0]?.attributes.get('objectclass') ?? []).some((c) => c.toLowerCase() === 'ntdsdsaro')) type = 'Read-Only DC';
      }
    }
    const local = await flagsAt(conn, `CN=DFSR-LocalSettings,${e.dn}`);
    dcs.push({ name: e.attributes.get('cn')?.[0] ?? e.dn, dn: e.dn, localFlags: local ?? 0, hasLocalSettings: local !== undefined, type });
  }
  return { ...(globalFlags !== undefined ? { globalFlags } : {}), dcs };
}

export const NOT_INITIALIZED = 'DFSR migration has not yet initialized. To initialize, please set global state to desired value.';

/** /getmigrationstate as dfsrmig prints it. */
export function formatMigrationState(s: MigrationState): string {
  if (s.globalFlags === undefined) return `${NOT_INITIALIZED}\n`;
  const global = stateName(s.globalFlags);
  const behind = s.dcs.filter((d) => d.localFlags !== s.globalFlags);
  if (behind.length === 0) {
    return [`All domain controllers have migrated successfully to the Global state ('${global}').`, 'Migration has reached a consistent state on all domain controllers.', 'Succeeded.', ''].join('\n');
  }
  return [
    `The following domain controllers have not reached Global state ('${global}'):`,
    '',
    'Domain Controller (Local Migration State) - DC Type',
    '===================================================',
    '',
    ...behind.map((d) => `${d.name} ('${stateName(d.localFlags)}') - ${d.type}`),
    '',
    'Migration has not yet reached a consistent state on all domain controllers.',
    'State information might be stale due to Active Directory Domain Services latency.',
    '',
  ].join('\n');
}

/** /getglobalstate as dfsrmig prints it. */
export function formatGlobalState(s: MigrationState): string {
  if (s.globalFlags === undefined) return `${NOT_INITIALIZED}\n`;
  return `\nCurrent DFSR global state: '${stateName(s.globalFlags)}'\nSucceeded.\n`;
}
