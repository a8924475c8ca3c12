/**
 * Scenario schema, on-premises half: domain, sites, DCs, OUs, groups, users, computers, built-in
 * accounts and the AzureADKerberos server object. Static defaults live here (`.default`); defaults
 * derived from other fields (UPN from sam, passwords from the seed, ...) are applied by defaults.ts.
 */
import { z } from 'zod';
import {
  Cidr,
  DomainSid,
  DnsName,
  FunctionalLevelLabel,
  HostLabel,
  IpAddress,
  IsoTime,
  KeyVersion,
  NameRef,
  NetbiosName,
  OsLabel,
  OuPath,
  Rid,
  RodcNumber,
  SamName,
  SecretFields,
  Upn,
} from './primitives.ts';

export const DEFAULT_SITE = 'Default-First-Site-Name';

export const PasswordPolicySchema = z
  .strictObject({
    maxPasswordAgeDays: z.number().int().min(0).max(999).default(0).describe('maxPwdAge in days; 0 = never expire (lab default)'),
    minPasswordLength: z.number().int().min(0).max(255).default(7),
    lockoutThreshold: z.number().int().min(0).max(999).default(0).describe('bad attempts before lockout; 0 = never'),
    lockoutDurationMinutes: z.number().int().min(0).max(99999).default(0).describe('0 = until an administrator unlocks'),
    lockoutObservationMinutes: z.number().int().min(1).max(99999).default(30),
  })
  .describe('domain password and lockout policy');

/**
 * The Default Domain Policy's "Kerberos Policy" (MS-GPSB 2.2.2; MS-KILE 3.3.1 MaxTicketAge,
 * MaxRenewAge, MaxServiceTicketAge, MaxClockSkew), Windows defaults, plus two lab knobs for the
 * ticket flags. GPSB allows 0 for "never expires" in the two lifetimes; the lab does not model
 * tickets that never expire, so those start at 1 hour and 10 minutes.
 */
export const KerberosPolicySchema = z
  .strictObject({
    maxTicketAgeHours: z.number().int().min(1).max(99999).default(10).describe('"Maximum lifetime for user ticket" (TGT), hours (MaxTicketAge)'),
    maxRenewAgeDays: z.number().int().min(0).max(99999).default(7).describe('"Maximum lifetime for user ticket renewal", days (MaxRenewAge)'),
    maxServiceAgeMinutes: z
      .number()
      .int()
      .min(10)
      .max(99999)
      .optional()
      .describe('"Maximum lifetime for service ticket", minutes (MaxServiceAge), at most maxTicketAgeHours x 60; default 600, or maxTicketAgeHours x 60 when that is shorter'),
    maxClockSkewMinutes: z.number().int().min(0).max(99999).default(5).describe('"Maximum tolerance for computer clock synchronization", minutes (MaxClockSkew)'),
    forwardable: z.boolean().default(true).describe('lab knob: tickets are forwardable when the client asks (Windows); false = never'),
    renewable: z.boolean().default(true).describe('lab knob: tickets are renewable when the client asks (Windows); false = never'),
    kdcArmoring: z
      .enum(['notSupported', 'supported', 'alwaysProvideClaims', 'failUnarmored'])
      .default('notSupported')
      .describe(
        'the Default Domain Controllers Policy\'s "KDC support for claims, compound authentication and Kerberos armoring" (FAST, RFC 6113): notSupported (not configured), supported, alwaysProvideClaims, failUnarmored (unarmored AS-REQs are refused)',
      ),
  })
  .describe("the domain's Kerberos policy (Default Domain Policy), used by the lab KDC");

export const DomainSchema = z
  .strictObject({
    dnsName: DnsName.describe('AD DNS domain name, e.g. fabrikam.local (the Kerberos realm is its upper case)'),
    netbiosName: NetbiosName.optional().describe('NetBIOS name; default: first DNS label upper-cased'),
    sid: DomainSid.optional().describe('domain SID; default: derived from the seed'),
    functionalLevel: FunctionalLevelLabel.default('2016'),
    forestFunctionalLevel: FunctionalLevelLabel.optional().describe('default: the domain functional level'),
    passwordPolicy: PasswordPolicySchema.prefault({}),
  })
  .describe('the AD domain (one-domain forest)');

export const SiteSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/, 'a site name of letters, digits and hyphens'),
  subnets: z.array(Cidr).default([]),
});

export const DcSchema = z
  .strictObject({
    name: HostLabel.describe('host name, e.g. dc1 (FQDN = name.domain)'),
    address: IpAddress.default('127.0.0.1'),
    os: OsLabel.default('Windows Server 2022'),
    readOnly: z.boolean().default(false).describe('an RODC'),
    site: z.string().optional().describe('site name; default: the first site'),
    globalCatalog: z.boolean().default(true),
    keyListPatch: z.boolean().optional().describe('serves KERB-KEY-LIST-REQ; default: true for 2016 and later'),
    rodcPacRequestorEnforced: z
      .boolean()
      .default(true)
      .describe('refuse RODC-issued TGTs without a PAC / PAC_REQUESTOR (the 2022 enforcement)'),
    rodcNumber: RodcNumber.optional().describe('RODC number of a read-only DC; default: derived'),
    ...SecretFields,
  })
  .describe('a domain controller');

export const GroupSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[^"/\\[\]:;|=,+*?<>@]{1,64}$/, 'a group name of 1..64 characters without "/\\[]:;|=,+*?<>@')
      .describe('cn and sAMAccountName'),
    scope: z.enum(['global', 'domainLocal', 'universal']).default('global'),
    description: z.string().optional(),
    members: z.array(NameRef).default([]).describe('users, computers (NAME$ or name) or groups'),
    memberOf: z.array(NameRef).default([]).describe('groups this group is a member of'),
    ou: OuPath.optional().describe('default: CN=Users'),
    rid: Rid.optional(),
  })
  .describe('a group');

/**
 * Kerberos delegation settings of a user or computer (the Delegation tab of ADUC; MS-SFU, MS-ADA):
 * protocol transition, constrained delegation and resource-based constrained delegation.
 */
export const DelegationFields = {
  trustedToAuthForDelegation: z
    .boolean()
    .default(false)
    .describe('userAccountControl TRUSTED_TO_AUTH_FOR_DELEGATION ("use any authentication protocol"): S4U2Self tickets are forwardable'),
  allowedToDelegateTo: z
    .array(z.string().min(3))
    .default([])
    .describe('msDS-AllowedToDelegateTo: the SPNs this account may delegate to with S4U2Proxy (constrained delegation)'),
  allowedToActOnBehalfOf: z
    .array(NameRef)
    .default([])
    .describe('msDS-AllowedToActOnBehalfOfOtherIdentity: the accounts that may delegate to this one (resource-based constrained delegation)'),
};

export const UserSchema = z
  .strictObject({
    sam: SamName.describe('sAMAccountName'),
    upn: Upn.optional().describe('userPrincipalName; default: sam@<domain>; its suffix must be the domain or a UPN suffix'),
    displayName: z.string().optional(),
    givenName: z.string().optional(),
    surname: z.string().optional(),
    mail: z.string().optional(),
    description: z.string().optional(),
    ...SecretFields,
    groups: z.array(NameRef).default([]).describe('groups (scenario or well-known, e.g. Domain Admins)'),
    primaryGroup: NameRef.default('Domain Users').describe('primaryGroupID by group name'),
    enabled: z.boolean().default(true),
    passwordNeverExpires: z.boolean().default(false),
    passwordExpired: z.boolean().default(false).describe('pwdLastSet = 0: the KDC answers KDC_ERR_KEY_EXPIRED'),
    pwdLastSet: IsoTime.optional().describe('default: the scenario epoch'),
    accountExpires: IsoTime.nullable().default(null).describe('null = never'),
    locked: z.boolean().default(false).describe('lockoutTime = the scenario epoch (or lockoutTime)'),
    lockoutTime: IsoTime.optional(),
    smartcardRequired: z.boolean().default(false),
    notDelegated: z.boolean().default(false),
    dontRequirePreauth: z.boolean().default(false),
    ...DelegationFields,
    supportedEncryptionTypes: z.number().int().min(0).max(0x7fffffff).optional().describe('msDS-SupportedEncryptionTypes'),
    spns: z.array(z.string().min(3)).default([]),
    ou: OuPath.optional().describe('default: CN=Users'),
    rid: Rid.optional(),
  })
  .describe('a user account');

export const ComputerSchema = z
  .strictObject({
    name: HostLabel.describe('computer name; sAMAccountName is NAME$'),
    dnsHostName: DnsName.optional().describe('default: name.<domain>'),
    os: z.string().optional().describe('operatingSystem'),
    ...SecretFields,
    spns: z.array(z.string().min(3)).default([]).describe('in addition to HOST/ and RestrictedKrbHost/'),
    defaultSpns: z.boolean().default(true).describe('add HOST/name, HOST/fqdn, RestrictedKrbHost/... as a domain join does'),
    groups: z.array(NameRef).default([]),
    enabled: z.boolean().default(true),
    ou: OuPath.optional().describe('default: CN=Computers'),
    rid: Rid.optional(),
    supportedEncryptionTypes: z.number().int().min(0).max(0x7fffffff).optional(),
    ...DelegationFields,
  })
  .describe('a member computer');

export const BuiltinAccountSchema = z.strictObject({ ...SecretFields });

export const BuiltinsSchema = z
  .strictObject({
    administrator: BuiltinAccountSchema.prefault({}),
    krbtgt: BuiltinAccountSchema.prefault({}),
  })
  .describe('the built-in Administrator (500) and krbtgt (502) accounts');

export const AzureADKerberosSchema = z
  .strictObject({
    present: z.boolean().default(true).describe('Set-AzureADKerberosServer has run in this domain'),
    id: RodcNumber.optional().describe('Id = RODC number of AzureADKerberos; default: derived from the seed'),
    keyVersion: KeyVersion.optional().describe('msDS-KeyVersionNumber of krbtgt_AzureAD (KeyVersion); default 2'),
    password: SecretFields.password,
    previousPassword: SecretFields.previousPassword,
    keys: SecretFields.keys,
    ntHash: SecretFields.ntHash,
    salt: SecretFields.salt,
    neverReveal: z.array(NameRef).optional().describe('msDS-NeverRevealGroup; default as the module creates it'),
    revealOnDemand: z.array(NameRef).optional().describe('msDS-RevealOnDemandGroup; default [Domain Users]'),
    missingKrbtgtLink: z.boolean().default(false).describe('fault: no msDS-KrbTgtLink (the KDC answers KDC_ERR_POLICY)'),
    missingPartialSecrets: z
      .boolean()
      .default(false)
      .describe('fault: userAccountControl without PARTIAL_SECRETS_ACCOUNT (KDC_ERR_POLICY)'),
  })
  .describe('the AzureADKerberos RODC object and its krbtgt_AzureAD account');
