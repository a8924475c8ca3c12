/**
 * The on-premises Active Directory model: the one source of truth for DNS, LDAP/CLDAP and the KDC.
 *
 * Built once from a validated scenario (build.ts) and immutable afterwards; every identifier (SID,
 * GUID, USN, timestamp) is derived from the scenario so two builds of one file are identical.
 * Typed objects live here; the LDAP-neutral `{ dn, attributes }` view is in entries.ts and the
 * lookups in index.ts. Facts follow PROTOCOL.md sections 3 and 4 and MS-ADTS / MS-ADA*.
 *
 * Keys: the directory holds passwords (or explicit keys) and key versions, never protocol keys.
 * The KDC's key table derives Kerberos keys from `Secrets` once per scenario load.
 */

/** A SID in its string form, `S-1-5-21-a-b-c-rid` (binary form: ids.ts sidToBytes). */
export type SidString = string;
/** A GUID as lower-case text `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (binary, MS byte order: ids.ts guidToBytes). */
export type GuidString = string;
/** Milliseconds since the Unix epoch; FILETIME/GeneralizedTime conversions happen in entries.ts. */
export type EpochMs = number;

// ---------------------------------------------------------------------------------------------
// Secrets

/** An explicit long-term key given by the scenario instead of a password (etype per RFC 3961/4757). */
export interface ExplicitKey {
  /** 17 aes128-cts-hmac-sha1-96, 18 aes256-cts-hmac-sha1-96, 23 rc4-hmac (the NT hash). */
  readonly etype: number;
  readonly key: Uint8Array;
}

/**
 * One generation of an account's secret. Either `password` or `keys` (or both: explicit keys then win
 * for their etypes). The key table derives the rest; `salt` overrides AD's default salt when set.
 */
export interface KeyMaterial {
  /** Key version number of this generation (msDS-KeyVersionNumber when it is the current one). */
  readonly kvno: number;
  readonly password?: string;
  readonly keys?: readonly ExplicitKey[];
  readonly salt?: string;
}

/** The current secret and, as AD keeps it, the previous one (N-1) when the scenario names it. */
export interface Secrets {
  readonly current: KeyMaterial;
  readonly previous?: KeyMaterial;
}

// ---------------------------------------------------------------------------------------------
// Common object metadata

/** Replication metadata every object carries; all derived deterministically at build time. */
export interface ObjectMeta {
  /** Distinguished name as AD spells it, e.g. `CN=alice,CN=Users,DC=fabrikam,DC=local`. */
  readonly dn: string;
  /** objectGUID. */
  readonly guid: GuidString;
  readonly usnCreated: number;
  readonly usnChanged: number;
  readonly whenCreated: EpochMs;
  readonly whenChanged: EpochMs;
}

// ---------------------------------------------------------------------------------------------
// Domain and forest

/** Fine-grained-free domain password and lockout policy (attributes of the domain object). */
export interface PasswordPolicy {
  /** maxPwdAge in ms; null = passwords never expire (the lab's default, so real clocks do not expire them). */
  readonly maxPwdAgeMs: number | null;
  readonly minPwdAgeMs: number;
  readonly minPwdLength: number;
  /** lockoutThreshold: bad attempts before lockout; 0 = never lock. */
  readonly lockoutThreshold: number;
  /** lockoutDuration in ms; null = locked until an administrator unlocks (AD's 0 / "forever"). */
  readonly lockoutDurationMs: number | null;
  readonly lockoutObservationWindowMs: number;
}

/** Functional levels as msDS-Behavior-Version numbers (MS-ADTS 6.1.4.2): 2008=3 ... 2016=7, 2025=10. */
export type FunctionalLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 10;

export interface DomainInfo {
  /** DNS name, lower case (`fabrikam.local`). */
  readonly dnsName: string;
  /** NetBIOS name, upper case (`FABRIKAM`). */
  readonly netbiosName: string;
  /** Kerberos realm: the DNS name upper-cased (`FABRIKAM.LOCAL`). */
  readonly realm: string;
  /** Domain naming context, e.g. `DC=fabrikam,DC=local`. */
  readonly dn: string;
  readonly sid: SidString;
  /** objectGUID of the domain object: the DomainGuid of the netlogon ping and of `_ldap._tcp.<guid>.domains._msdcs`. */
  readonly guid: GuidString;
  readonly functionalLevel: FunctionalLevel;
  /** Forest root DNS name (one-domain forest: equals dnsName). */
  readonly forestName: string;
  readonly forestFunctionalLevel: FunctionalLevel;
  /** `CN=Configuration,<forest dn>`. */
  readonly configurationDn: string;
  /** `CN=Schema,CN=Configuration,<forest dn>`. */
  readonly schemaDn: string;
  /** `DC=DomainDnsZones,<domain dn>` and `DC=ForestDnsZones,<forest dn>`. */
  readonly domainDnsZonesDn: string;
  readonly forestDnsZonesDn: string;
  /** Alternative UPN suffixes on `CN=Partitions` (uPNSuffixes), without the domain's own name. */
  readonly upnSuffixes: readonly string[];
  readonly passwordPolicy: PasswordPolicy;
  /** The scenario's creation time: every whenCreated is at or after it. */
  readonly epoch: EpochMs;
}

// ---------------------------------------------------------------------------------------------
// Security principals

/** Group scope; `builtin` = BUILTIN domain-local groups with S-1-5-32-* SIDs (CN=Builtin). */
export type GroupScope = 'global' | 'domainLocal' | 'universal' | 'builtin';

export interface Group extends ObjectMeta {
  readonly kind: 'group';
  readonly cn: string;
  readonly samAccountName: string;
  readonly sid: SidString;
  /** Last sub-authority of the SID (512, 544, 1105, ...). */
  readonly rid: number;
  readonly scope: GroupScope;
  /** groupType as AD stores it (signed 32-bit: global security = -2147483646). */
  readonly groupType: number;
  readonly description?: string;
  /** True for the groups AD creates itself (Domain Admins, Administrators, ...). */
  readonly wellKnown: boolean;
  /** Direct members (DNs of users, computers, groups); primary-group membership is not listed, as in AD. */
  readonly memberDns: readonly string[];
  /** Direct group memberships (DNs), the memberOf back-link. */
  readonly memberOfDns: readonly string[];
}

/**
 * What an account is for. `krbtgt` is the domain's (RID 502); `rodcKrbtgt` a `krbtgt_<n>` account of
 * an RODC or of AzureADKerberos; `dc`/`rodc` DC computer accounts; `azureAdKerberos` the
 * `AzureADKerberos$` computer; `builtin` Administrator/Guest; `normal` anything from the scenario.
 */
export type AccountRole = 'normal' | 'builtin' | 'krbtgt' | 'rodcKrbtgt' | 'dc' | 'rodc' | 'azureAdKerberos';

/** Fields shared by user and computer accounts (attribute names in comments). */
export interface AccountBase extends ObjectMeta {
  readonly role: AccountRole;
  readonly cn: string;
  /** sAMAccountName as stored (case preserved; lookups are case-insensitive). Computers end in `$`. */
  readonly samAccountName: string;
  /** userPrincipalName, when set. */
  readonly upn?: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly sid: SidString;
  readonly rid: number;
  /** userAccountControl bits, see UF_* in uac.ts. */
  readonly userAccountControl: number;
  /** primaryGroupID: 513 users, 515 computers, 516 DCs, 521 RODCs and AzureADKerberos. */
  readonly primaryGroupRid: number;
  /** Direct group memberships (DNs), the memberOf back-link (primary group excluded, as in AD). */
  readonly memberOfDns: readonly string[];
  /** servicePrincipalName values as stored. */
  readonly spns: readonly string[];
  /** Password or explicit keys, current and previous; the current kvno is msDS-KeyVersionNumber. */
  readonly secrets: Secrets;
  /** pwdLastSet; null = 0 in AD ("must change at next logon", the KDC answers KEY_EXPIRED). */
  readonly pwdLastSet: EpochMs | null;
  /** accountExpires; null = never (AD's 0 or 0x7FFFFFFFFFFFFFFF). */
  readonly accountExpires: EpochMs | null;
  /** lockoutTime; null = not locked (AD's 0). */
  readonly lockoutTime: EpochMs | null;
  /** msDS-SupportedEncryptionTypes when set (bit 0x10 = AES256, 0x8 = AES128, 0x4 = RC4). */
  readonly supportedEncryptionTypes?: number;
  /** msDS-AllowedToDelegateTo: SPNs this account may delegate to (S4U2Proxy, constrained delegation). */
  readonly allowedToDelegateTo?: readonly string[];
  /** msDS-AllowedToActOnBehalfOfOtherIdentity as the SIDs its DACL allows (resource-based constrained delegation). */
  readonly allowedToActOnBehalfOfSids?: readonly string[];
}

export interface UserAccount extends AccountBase {
  readonly kind: 'user';
  readonly givenName?: string;
  readonly sn?: string;
  readonly mail?: string;
  /** msDS-SecondaryKrbTgtNumber on `krbtgt_<n>` accounts (role `rodcKrbtgt`). */
  readonly secondaryKrbTgtNumber?: number;
  /** msDS-KrbTgtLinkBl: DNs of the RODC computers that link here (empty when the link is broken). */
  readonly krbTgtLinkBlDns: readonly string[];
}

export interface ComputerAccount extends AccountBase {
  readonly kind: 'computer';
  /** dNSHostName; absent on AzureADKerberos (it has no host). */
  readonly dnsHostName?: string;
  readonly operatingSystem?: string;
  readonly operatingSystemVersion?: string;
  /** msDS-KrbTgtLink: DN of this RODC's `krbtgt_<n>` account (absent when missing, a fault knob). */
  readonly krbTgtLinkDn?: string;
  /** msDS-NeverRevealGroup (DNs), on RODCs and AzureADKerberos. */
  readonly neverRevealGroupDns?: readonly string[];
  /** msDS-RevealOnDemandGroup (DNs), on RODCs and AzureADKerberos. */
  readonly revealOnDemandGroupDns?: readonly string[];
}

export type Account = UserAccount | ComputerAccount;
/** Anything with a SID. */
export type Principal = Account | Group;

// ---------------------------------------------------------------------------------------------
// Topology

/** What a DC's operating system implies (os.ts holds the table). */
export interface OsInfo {
  /** The scenario's label, normalised: "2012R2", "2016", "2019", "2022", "2025", ... */
  readonly label: string;
  /** operatingSystem, e.g. "Windows Server 2022 Datacenter". */
  readonly operatingSystem: string;
  /** operatingSystemVersion, e.g. "10.0 (20348)". */
  readonly operatingSystemVersion: string;
  readonly major: number;
  readonly minor: number;
  readonly build: number;
  /** domainControllerFunctionality / msDS-Behavior-Version of the DSA (2012R2 = 6, 2016+ = 7, 2025 = 10). */
  readonly dcFunctionality: FunctionalLevel;
}

export interface Site extends ObjectMeta {
  readonly kind: 'site';
  /** e.g. `Default-First-Site-Name`; DN `CN=<name>,CN=Sites,<configuration>`. */
  readonly name: string;
  /** Subnets (CIDR) linked to the site. */
  readonly subnets: readonly string[];
}

export interface DomainController {
  /** Short host name as the scenario gives it, lower case (`dc1`). */
  readonly name: string;
  /** FQDN, lower case (`dc1.fabrikam.local`). */
  readonly hostName: string;
  /** IPv4 (or IPv6) address the DNS A/AAAA record names. */
  readonly address: string;
  readonly site: string;
  readonly readOnly: boolean;
  readonly globalCatalog: boolean;
  /** PDC emulator: the first writable DC. */
  readonly pdc: boolean;
  readonly os: OsInfo;
  /** Serves KERB-KEY-LIST-REQ (Server 2016 with KB4534307 or later): KEY_LIST flag, key-list locator. */
  readonly keyListPatch: boolean;
  /** Refuse RODC-issued TGTs without a PAC / PAC_REQUESTOR (the 2022 enforcement); default true. */
  readonly rodcPacRequestorEnforced: boolean;
  /** RODC number (msDS-SecondaryKrbTgtNumber of its krbtgt_<n>) for read-only DCs. */
  readonly rodcNumber?: number;
  /** The DC's computer account in OU=Domain Controllers. */
  readonly computer: ComputerAccount;
  /** `CN=<NAME>,CN=Servers,CN=<site>,CN=Sites,<configuration>`. */
  readonly serverDn: string;
  /** `CN=NTDS Settings,<serverDn>`: the dsServiceName. */
  readonly ntdsSettingsDn: string;
  /** objectGUID of NTDS Settings: the DSA GUID of the `<guid>._msdcs.<forest>` CNAME. */
  readonly ntdsSettingsGuid: GuidString;
  /** invocationId of the DSA. */
  readonly invocationId: GuidString;
}

/** The objects `Set-AzureADKerberosServer` creates (PROTOCOL.md section 3), when present. */
export interface AzureAdKerberosServer {
  /** The RODC number ("Id"), 1..65535, = msDS-SecondaryKrbTgtNumber of krbtgt_AzureAD. */
  readonly id: number;
  /** `CN=AzureADKerberos,OU=Domain Controllers,<domain>`, sAMAccountName `AzureADKerberos$`. */
  readonly computer: ComputerAccount;
  /** `CN=krbtgt_AzureAD,CN=Users,<domain>`, sAMAccountName `krbtgt_<id>`, disabled. */
  readonly krbtgt: UserAccount;
  /** `CN=900274c4-b7d2-43c8-90ee-00a9f650e335,CN=AzureAD,CN=System,<domain>`. */
  readonly serviceConnectionPointDn: string;
  /** The SCP's `keywords` JSON Id. */
  readonly scpId: GuidString;
  /** KeyVersion as Get-AzureADKerberosServer reports it (= krbtgt's msDS-KeyVersionNumber). */
  readonly keyVersion: number;
}

/** An OU or container (organizationalUnit, container, builtinDomain, ...). */
export interface Container extends ObjectMeta {
  readonly kind: 'container';
  readonly objectClass: readonly string[];
  readonly name: string;
}

// ---------------------------------------------------------------------------------------------
// LDAP-neutral entries (entries.ts builds them)

/** A value as LDAP carries it: text (integers in decimal, times as GeneralizedTime) or binary. */
export type AttributeValue = string | Uint8Array;

export interface Attribute {
  /** The name as the schema spells it (`sAMAccountName`, `msDS-KrbTgtLinkBl`). */
  readonly name: string;
  readonly values: readonly AttributeValue[];
}

export interface DirectoryEntry {
  readonly dn: string;
  /** Keyed by the lower-cased attribute name; `Attribute.name` keeps the schema spelling. */
  readonly attributes: ReadonlyMap<string, Attribute>;
}

// ---------------------------------------------------------------------------------------------
// The whole directory

/** Case-insensitive lookups (index.ts). Every method returns undefined when nothing matches. */
export interface DirectoryLookups {
  /** The entry view of any object by DN (case- and space-insensitive around `,` and `=`). */
  entryByDn(dn: string): DirectoryEntry | undefined;
  entryByGuid(guid: GuidString): DirectoryEntry | undefined;
  principalByDn(dn: string): Principal | undefined;
  principalBySid(sid: SidString): Principal | undefined;
  /** sAMAccountName, case-insensitive; computers with or without the trailing `$`. */
  accountBySam(sam: string): Account | undefined;
  groupBySam(sam: string): Group | undefined;
  accountByUpn(upn: string): Account | undefined;
  /** servicePrincipalName, case-insensitive; `host/` also covers the sPNMappings aliases (cifs/, http/, ...). */
  accountBySpn(spn: string): Account | undefined;
  /** The `krbtgt_<n>` account whose msDS-SecondaryKrbTgtNumber is n. */
  accountBySecondaryKrbTgtNumber(n: number): UserAccount | undefined;
}

export interface Directory extends DirectoryLookups {
  readonly domain: DomainInfo;
  readonly sites: readonly Site[];
  readonly dcs: readonly DomainController[];
  /** Every user account, built-in and krbtgt accounts included. */
  readonly users: readonly UserAccount[];
  /** Every computer account: DCs, AzureADKerberos and the scenario's computers. */
  readonly computers: readonly ComputerAccount[];
  readonly groups: readonly Group[];
  readonly containers: readonly Container[];
  /** The domain krbtgt (RID 502). */
  readonly krbtgt: UserAccount;
  readonly azureAdKerberos?: AzureAdKerberosServer;
  /** Every object as `{ dn, attributes }`, parents before children. */
  readonly entries: readonly DirectoryEntry[];
  readonly highestCommittedUsn: number;
}
