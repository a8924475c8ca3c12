/**
 * Scenario schema, cloud and run-time half: the Entra tenant (domains, synced users, the
 * KerberosDomain object), the Windows client's settings, injected faults and expected outcomes.
 */
import { z } from 'zod';
import { AnySid, DnsName, DnsOwnerName, Guid, KeyVersion, NameRef, RodcNumber, SecretFields, Upn } from './primitives.ts';

/** The DC-locator hints, DNS fault record types and actions, and the clock-skew bound (ten years) the scenario accepts; the admin API's switches use the same. */
export const LOCATOR_HINTS = ['onPremisesDomainName', 'upnSuffix'] as const;
export const DNS_FAULT_TYPES = ['A', 'AAAA', 'SRV', 'CNAME', 'SOA', 'NS', 'ANY'] as const;
export const DNS_FAULT_ACTIONS = ['drop', 'nxdomain', 'servfail', 'delay'] as const;
export const MAX_CLOCK_SKEW_S = 315_360_000;

export const TenantDomainSchema = z.strictObject({
  name: DnsName,
  verified: z.boolean().default(true),
  authentication: z.enum(['managed', 'federated']).default('managed'),
  default: z.boolean().optional().describe('the tenant default domain; default: the first verified one'),
});

/**
 * A synced user's overrides, or a cloud-only user. For `onPremises*`: leave out to derive from the
 * AD user, write a value to override it, write `null` to model the attribute missing in Entra.
 */
export const TenantUserSchema = z
  .strictObject({
    user: NameRef.optional().describe('sAMAccountName of the AD user this entry is synced from'),
    upn: Upn.optional().describe('cloud userPrincipalName; default: the AD UPN (required for cloud-only users)'),
    cloudOnly: z.boolean().default(false).describe('a user created in Entra, not synced'),
    synced: z.boolean().default(true).describe('false: the AD user is filtered out of sync (no cloud user)'),
    displayName: z.string().optional(),
    enabled: z.boolean().optional().describe('default: the AD user enabled state'),
    password: z.string().min(1).optional().describe('cloud password (PHS copy); default: the AD password'),
    onPremisesSamAccountName: z.string().min(1).nullable().optional(),
    onPremisesDomainName: DnsName.nullable().optional(),
    onPremisesSecurityIdentifier: AnySid.nullable().optional(),
    onPremisesUserPrincipalName: Upn.nullable().optional(),
  })
  .describe('a tenant user: synced-user overrides or a cloud-only user');

export const KerberosDomainSchema = z
  .strictObject({
    present: z.boolean().optional().describe('default: present when the AD AzureADKerberos object is'),
    domainDnsName: DnsName.optional().describe('CloudDomainDnsName; default: the AD domain'),
    id: RodcNumber.optional().describe('CloudId; default: the AD Id'),
    keyVersion: KeyVersion.optional().describe('CloudKeyVersion; default: the AD KeyVersion'),
    password: SecretFields.password.describe("Entra's copy of the key as a password; default: the AD one"),
    previousPassword: SecretFields.previousPassword,
    keys: SecretFields.keys,
    ntHash: SecretFields.ntHash,
    salt: SecretFields.salt,
  })
  .describe("the tenant's KerberosDomain object: Entra's own copy of krbtgt_AzureAD's key");

export const DeviceSchema = z.strictObject({
  name: z.string().min(1),
  deviceId: Guid.optional(),
  trustType: z.enum(['AzureAd', 'ServerAd', 'Workplace']).default('ServerAd'),
  enabled: z.boolean().default(true),
});

export const TenantSchema = z
  .strictObject({
    id: Guid.optional().describe('tenant id; default: derived from the seed'),
    displayName: z.string().optional(),
    initialDomain: DnsName.optional().describe('default: <netbios>.onmicrosoft.com'),
    domains: z.array(TenantDomainSchema).optional().describe('default: every UPN suffix, verified and managed'),
    syncAllUsers: z.boolean().default(true).describe('every scenario user is synced unless listed with synced: false'),
    users: z.array(TenantUserSchema).default([]),
    devices: z.array(DeviceSchema).default([]),
    kerberosDomain: KerberosDomainSchema.prefault({}),
  })
  .describe('the Entra ID tenant');

export const EntraSchema = z
  .strictObject({
    dnsRecords: z
      .boolean()
      .default(false)
      .describe('the lab DNS answers A records for login.microsoftonline.com, login.windows.net, enterpriseregistration.windows.net and hostNames'),
    address: z.ipv4().optional().describe('the address of those A records; default: the bind address (127.0.0.1 when binding every interface)'),
    hostNames: z.array(DnsName).default([]).describe("the lab's own host names: in the TLS certificate, and in DNS with dnsRecords"),
  })
  .describe('the fake Entra ID token endpoint (docs/entra.md)');

export const ClientSchema = z
  .strictObject({
    useCloudTrust: z.boolean().default(true).describe('policy "Use cloud Kerberos trust for on-premises authentication"'),
    useCertificateTrust: z.boolean().default(false).describe('policy "Use certificate for on-premises authentication" (wins over cloud trust)'),
    joinType: z.enum(['hybrid', 'entra']).default('hybrid'),
    dcLocatorHint: z
      .enum(LOCATOR_HINTS)
      .default('onPremisesDomainName')
      .describe('which name the DC locator searches: the partial TGT realm (documented) or the UPN suffix'),
    deviceName: z.string().min(1).default('ws1'),
    domainRealm: z
      .record(
        z.string().regex(/^\.?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, 'a host name, or .suffix for every host under that DNS domain'),
        z.string().regex(/^[A-Z0-9]([A-Z0-9-]{0,61}[A-Z0-9])?(\.[A-Z0-9]([A-Z0-9-]{0,61}[A-Z0-9])?)*$/, 'a realm in upper case such as FABRIKAM.LOCAL'),
      )
      .default({})
      .describe(
        "host-to-realm mapping the device uses for service tickets (krb5.conf [domain_realm]; on Windows the 'Define host name-to-Kerberos realm mappings' policy): 'host' matches that host, '.suffix' every host under suffix (the longest entry wins); a host no entry matches stays in the TGT's realm. Empty (default): the AD domain maps to its realm",
      ),
  })
  .describe('settings of the emulated Windows device');

export const DnsFaultSchema = z.strictObject({
  name: DnsOwnerName,
  type: z.enum(DNS_FAULT_TYPES).default('ANY'),
  action: z.enum(DNS_FAULT_ACTIONS),
  delayMs: z.number().int().min(1).max(60_000).optional().describe('required with action: delay'),
});

export const SERVICE_NAMES = ['dns', 'kdc', 'kpasswd', 'ldap', 'cldap', 'gc', 'entra'] as const;

export const FaultsSchema = z
  .strictObject({
    dns: z.array(DnsFaultSchema).default([]),
    clockSkewSeconds: z
      .strictObject({
        kdc: z.number().int().min(-MAX_CLOCK_SKEW_S).max(MAX_CLOCK_SKEW_S).default(0).describe("the lab KDC's clock offset"),
        cloud: z.number().int().min(-MAX_CLOCK_SKEW_S).max(MAX_CLOCK_SKEW_S).default(0).describe("Entra's clock offset (partial TGT times)"),
      })
      .prefault({}),
    down: z.array(z.enum(SERVICE_NAMES)).default([]).describe('services that are not started'),
  })
  .describe('injected faults');

export const STEPS = ['prt', 'partialTgt', 'locateDc', 'fullTgt', 'keyList', 'serviceTicket', 'asReq', 'ldapBind'] as const;

export const ExpectationSchema = z
  .strictObject({
    user: NameRef.describe('sAMAccountName of an AD user, or the UPN of a tenant user'),
    step: z.enum(STEPS).describe('the sign-in step checked: prt, partialTgt, locateDc, fullTgt, keyList, serviceTicket (the device chain); asReq (password AS exchange with the UPN), ldapBind (LDAP simple bind with the UPN)'),
    outcome: z
      .string()
      .regex(/^(ok|[A-Za-z][A-Za-z0-9_]*)$/, 'ok or an error code such as KDC_ERR_TGT_REVOKED')
      .describe('ok, a Kerberos error name, an OAuth error or a lab code'),
    service: z.string().optional().describe('SPN for the serviceTicket step'),
    note: z.string().optional().describe('why, shown beside a mismatch in the ctlab test report'),
  })
  .describe('an expected outcome, checked by ctlab test');
