/**
 * Small reusable zod types for scenario files: names, addresses, times, secrets. Every refinement
 * is a regex or a range so the generated JSON Schema carries it to editors too.
 */
import { z } from 'zod';

/** A DNS name (letters, digits, hyphens; labels of 1..63; total <= 253). */
export const DnsName = z
  .string()
  .regex(/^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, 'a DNS name such as fabrikam.local')
  .describe('DNS name');

/** A DNS owner name that may hold `_service` labels or a leading `*.` (fault targets). */
export const DnsOwnerName = z
  .string()
  .regex(/^(?=.{1,253}$)(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})?)*\.?$/, 'a DNS name (labels may start with _; *.suffix matches every name under it)')
  .describe('DNS owner name, exact or *.suffix');

/** A single host label (DC or computer name): 1..15 characters as NetBIOS allows. */
export const HostLabel = z
  .string()
  .regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,13}[A-Za-z0-9])?$/, 'a host name of 1..15 letters, digits or hyphens')
  .describe('host name without the domain');

/** A NetBIOS domain name: 1..15 characters, no dots. */
export const NetbiosName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9!@#$%^&'()_{}~-]{0,14}$/, 'a NetBIOS name of 1..15 characters without dots')
  .describe('NetBIOS domain name');

/** sAMAccountName of a user or group: 1..20 characters without the ones AD forbids. */
export const SamName = z
  .string()
  .regex(/^[^"/\\[\]:;|=,+*?<>@\s](?:[^"/\\[\]:;|=,+*?<>@]{0,18}[^"/\\[\]:;|=,+*?<>@\s.])?$/, 'a sAMAccountName of 1..20 characters without "/\\[]:;|=,+*?<>@')
  .describe('sAMAccountName');

/** A group or account reference by name (sAMAccountName or cn of a well-known group). */
export const NameRef = z.string().min(1, 'a name').describe('name of a group or account');

export const Upn = z
  .string()
  .regex(/^[^@\s]+@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/, 'a UPN such as alice@contoso.com')
  .describe('userPrincipalName');

export const IpAddress = z.union([z.ipv4(), z.ipv6()]).describe('IPv4 or IPv6 address');

export const Cidr = z
  .string()
  .regex(/^(\d{1,3}(\.\d{1,3}){3}\/(\d|[12]\d|3[0-2])|[0-9A-Fa-f:]+\/\d{1,3})$/, 'a subnet in CIDR form such as 10.0.0.0/24')
  .describe('subnet (CIDR)');

/** An ISO 8601 timestamp with a zone, e.g. 2024-01-01T00:00:00Z. */
export const IsoTime = z.iso.datetime({ offset: true }).describe('ISO 8601 timestamp with zone');

export const DomainSid = z
  .string()
  .regex(/^S-1-5-21-\d{1,10}-\d{1,10}-\d{1,10}$/, 'a domain SID of the form S-1-5-21-a-b-c')
  .describe('domain SID');

export const AnySid = z
  .string()
  .regex(/^S-1-\d{1,14}(-\d{1,10}){1,15}$/, 'a SID such as S-1-5-21-1-2-3-1105')
  .describe('SID');

export const Guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a GUID such as 4b8a9f0e-...')
  .describe('GUID');

/** An RID the scenario assigns explicitly (AD allocates from 1000; 500..999 are reserved). */
export const Rid = z.number().int().min(1000).max(0x3fffffff).describe('relative identifier, 1000 or more');

/** An RODC number: 16 bits, never 0 (MS-KILE 3.1.5.8; Samba picks 1..0xFFFF). */
export const RodcNumber = z.number().int().min(1).max(65535).describe('RODC number (msDS-SecondaryKrbTgtNumber), 1..65535');

/** msDS-KeyVersionNumber: AD keeps it as a 32-bit counter; the ticket kvno carries its low 16 bits for RODCs. */
export const KeyVersion = z.number().int().min(1).max(0x7fffffff).describe('key version number (msDS-KeyVersionNumber)');

const hexOf = (bytes: number, what: string) =>
  z.string().regex(new RegExp(`^[0-9A-Fa-f]{${bytes * 2}}$`), `${bytes * 2} hex digits (${what})`);

/** Explicit keys instead of (or on top of) a password. */
export const ExplicitKeys = z
  .strictObject({
    aes256: hexOf(32, 'aes256-cts-hmac-sha1-96, etype 18').optional(),
    aes128: hexOf(16, 'aes128-cts-hmac-sha1-96, etype 17').optional(),
    rc4: hexOf(16, 'rc4-hmac, the NT hash, etype 23').optional(),
  })
  .describe('explicit long-term keys in hex');

/** Fields every account with a secret has; missing passwords are derived from the seed. */
export const SecretFields = {
  password: z.string().min(1).optional().describe('password (keys are derived by the KDC key table)'),
  previousPassword: z.string().min(1).optional().describe('the previous password AD keeps (N-1)'),
  keyVersion: KeyVersion.optional(),
  keys: ExplicitKeys.optional(),
  ntHash: hexOf(16, 'the NT hash, i.e. the rc4-hmac key, etype 23')
    .optional()
    .describe('the NT hash (MD4 of the UTF-16LE password) as 32 hex digits: the account gets this rc4-hmac key and no AES keys, unless keys gives them'),
  salt: z.string().min(1).optional().describe('Kerberos salt override (default: as AD computes it)'),
};

/** OS labels the lab knows: "Windows Server 2022", "2022", "2012 R2", "Windows Server 2012R2", ... */
export const OsLabel = z
  .string()
  .regex(/^(Windows Server )?(2008( ?R2)?|2012( ?R2)?|2016|2019|2022|2025)$/i, 'a Windows Server version such as "Windows Server 2022" or "2012 R2"')
  .describe('Windows Server version');

/** Domain/forest functional level by Windows Server version. */
export const FunctionalLevelLabel = z
  .enum(['2003', '2008', '2008R2', '2012', '2012R2', '2016', '2025'])
  .describe('functional level (msDS-Behavior-Version by Windows Server version)');

/** Path of an OU below the domain, parents first, separated by `/`: `Corp/Staff`. */
export const OuPath = z
  .string()
  .regex(/^[^/,=+<>#;"\\]+(\/[^/,=+<>#;"\\]+)*$/, 'an OU path such as Corp/Staff')
  .describe('OU path below the domain, e.g. Corp/Staff');
