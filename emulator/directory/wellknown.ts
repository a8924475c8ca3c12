/**
 * The accounts and groups AD creates in every domain, with their RIDs (MS-DTYP 2.4.2.4), scopes,
 * containers and default memberships; and the default password replication policy lists
 * (PROTOCOL.md section 3). Scenario groups and users may reference these by name.
 */
import type { GroupScope } from './model.ts';

export interface WellKnownGroup {
  readonly rid: number;
  /** cn and sAMAccountName. */
  readonly name: string;
  readonly scope: GroupScope;
  readonly description: string;
  /** Default direct members, by name of another well-known group or built-in account. */
  readonly members: readonly string[];
}

/** Domain groups in CN=Users (SID = domain SID + RID). */
export const DOMAIN_GROUPS: readonly WellKnownGroup[] = [
  { rid: 512, name: 'Domain Admins', scope: 'global', description: 'Designated administrators of the domain', members: ['Administrator'] },
  { rid: 513, name: 'Domain Users', scope: 'global', description: 'All domain users', members: [] },
  { rid: 514, name: 'Domain Guests', scope: 'global', description: 'All domain guests', members: [] },
  { rid: 515, name: 'Domain Computers', scope: 'global', description: 'All workstations and servers joined to the domain', members: [] },
  { rid: 516, name: 'Domain Controllers', scope: 'global', description: 'All domain controllers in the domain', members: [] },
  { rid: 517, name: 'Cert Publishers', scope: 'domainLocal', description: 'Members of this group are permitted to publish certificates to the directory', members: [] },
  { rid: 518, name: 'Schema Admins', scope: 'universal', description: 'Designated administrators of the schema', members: ['Administrator'] },
  { rid: 519, name: 'Enterprise Admins', scope: 'universal', description: 'Designated administrators of the enterprise', members: ['Administrator'] },
  { rid: 520, name: 'Group Policy Creator Owners', scope: 'global', description: 'Members in this group can modify group policy for the domain', members: ['Administrator'] },
  { rid: 521, name: 'Read-only Domain Controllers', scope: 'global', description: 'Members of this group are Read-Only Domain Controllers in the domain', members: [] },
  { rid: 522, name: 'Cloneable Domain Controllers', scope: 'global', description: 'Members of this group that are domain controllers may be cloned.', members: [] },
  { rid: 525, name: 'Protected Users', scope: 'global', description: 'Members of this group are afforded additional protections against authentication security threats.', members: [] },
  { rid: 526, name: 'Key Admins', scope: 'global', description: 'Members of this group can perform administrative actions on key objects within the domain.', members: [] },
  { rid: 527, name: 'Enterprise Key Admins', scope: 'universal', description: 'Members of this group can perform administrative actions on key objects within the forest.', members: [] },
  { rid: 553, name: 'RAS and IAS Servers', scope: 'domainLocal', description: 'Servers in this group can access remote access properties of users', members: [] },
  { rid: 571, name: 'Allowed RODC Password Replication Group', scope: 'domainLocal', description: 'Members in this group can have their passwords replicated to all read-only domain controllers in the domain', members: [] },
  {
    rid: 572,
    name: 'Denied RODC Password Replication Group',
    scope: 'domainLocal',
    description: 'Members in this group cannot have their passwords replicated to any read-only domain controllers in the domain',
    members: ['Cert Publishers', 'Domain Admins', 'Domain Controllers', 'Enterprise Admins', 'Group Policy Creator Owners', 'Read-only Domain Controllers', 'Schema Admins', 'krbtgt'],
  },
];

/** Builtin groups in CN=Builtin (SID = S-1-5-32-RID). */
export const BUILTIN_GROUPS: readonly WellKnownGroup[] = [
  { rid: 544, name: 'Administrators', scope: 'builtin', description: 'Administrators have complete and unrestricted access to the computer/domain', members: ['Administrator', 'Enterprise Admins', 'Domain Admins'] },
  { rid: 545, name: 'Users', scope: 'builtin', description: 'Users are prevented from making accidental or intentional system-wide changes', members: ['Domain Users'] },
  { rid: 546, name: 'Guests', scope: 'builtin', description: 'Guests have the same access as members of the Users group by default', members: ['Guest', 'Domain Guests'] },
  { rid: 548, name: 'Account Operators', scope: 'builtin', description: 'Members can administer domain user and group accounts', members: [] },
  { rid: 549, name: 'Server Operators', scope: 'builtin', description: 'Members can administer domain servers', members: [] },
  { rid: 550, name: 'Print Operators', scope: 'builtin', description: 'Members can administer printers installed on domain controllers', members: [] },
  { rid: 551, name: 'Backup Operators', scope: 'builtin', description: 'Backup Operators can override security restrictions for the sole purpose of backing up or restoring files', members: [] },
  { rid: 552, name: 'Replicator', scope: 'builtin', description: 'Supports file replication in a domain', members: [] },
  { rid: 555, name: 'Remote Desktop Users', scope: 'builtin', description: 'Members in this group are granted the right to logon remotely', members: [] },
];

export const ALL_WELL_KNOWN_GROUPS: readonly WellKnownGroup[] = [...DOMAIN_GROUPS, ...BUILTIN_GROUPS];

/** Well-known account RIDs. */
export const RID = {
  ADMINISTRATOR: 500,
  GUEST: 501,
  KRBTGT: 502,
  DOMAIN_ADMINS: 512,
  DOMAIN_USERS: 513,
  DOMAIN_GUESTS: 514,
  DOMAIN_COMPUTERS: 515,
  DOMAIN_CONTROLLERS: 516,
  CERT_PUBLISHERS: 517,
  SCHEMA_ADMINS: 518,
  ENTERPRISE_ADMINS: 519,
  READONLY_DOMAIN_CONTROLLERS: 521,
  ALLOWED_RODC_PRG: 571,
  DENIED_RODC_PRG: 572,
  BUILTIN_ADMINISTRATORS: 544,
  BUILTIN_USERS: 545,
  ACCOUNT_OPERATORS: 548,
  SERVER_OPERATORS: 549,
  BACKUP_OPERATORS: 551,
} as const;

/** The first RID handed to objects the scenario creates (AD's RID pool starts at 1000; DCs take the first). */
export const FIRST_ALLOCATED_RID = 1000;

/**
 * AzureADKerberos' default msDS-NeverRevealGroup [O S13, S8 screenshots]: it differs from a normal
 * RODC's (which uses the Denied RODC Password Replication Group plus four Builtin groups).
 */
export const AZUREAD_KERBEROS_NEVER_REVEAL: readonly string[] = [
  'Account Operators',
  'Server Operators',
  'Domain Admins',
  'Cert Publishers',
  'Enterprise Admins',
  'Schema Admins',
  'Domain Controllers',
  'Backup Operators',
  'Administrators',
];
/** AzureADKerberos' default msDS-RevealOnDemandGroup [O S8, S13]: Domain Users. */
export const AZUREAD_KERBEROS_REVEAL_ON_DEMAND: readonly string[] = ['Domain Users'];

/** A normal RODC's defaults, as Samba's join.py and dcpromo set them [C S18]. */
export const RODC_NEVER_REVEAL: readonly string[] = [
  'Denied RODC Password Replication Group',
  'Administrators',
  'Server Operators',
  'Backup Operators',
  'Account Operators',
];
export const RODC_REVEAL_ON_DEMAND: readonly string[] = ['Allowed RODC Password Replication Group'];

/** Names of the built-in accounts that the scenario's group references may also name. */
export const BUILTIN_ACCOUNT_NAMES: readonly string[] = ['Administrator', 'Guest', 'krbtgt'];

/** The serviceConnectionPoint CN Set-AzureADKerberosServer uses (PROTOCOL.md section 3). */
export const AZUREAD_KERBEROS_SCP_CN = '900274c4-b7d2-43c8-90ee-00a9f650e335';
