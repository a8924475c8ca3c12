/**
 * The cloud side: one Entra ID tenant as the lab's fake token endpoint sees it.
 *
 * Kept apart from the directory on purpose (ARCHITECTURE.md): the synced users' `onPremises*`
 * attributes and the KerberosDomain's key are copies that may be missing or drift from AD, which is
 * exactly the failure class the lab reproduces (PROTOCOL.md sections 5 and 6). Built by build.ts
 * from a validated scenario; immutable; identifiers deterministic from the scenario seed.
 */
import type { EpochMs, GuidString, KeyMaterial, SidString } from '../directory/model.ts';

/** A custom or initial domain of the tenant. */
export interface TenantDomain {
  /** Lower-case DNS name (`contoso.com`, `fabrikamlab.onmicrosoft.com`). */
  readonly name: string;
  readonly isVerified: boolean;
  /** authenticationType as Graph spells it: managed (cloud auth, PHS/PTA) or federated (AD FS etc.). */
  readonly authenticationType: 'Managed' | 'Federated';
  readonly isDefault: boolean;
  /** The `<name>.onmicrosoft.com` domain every tenant has. */
  readonly isInitial: boolean;
}

/**
 * A user in the tenant. For synced users the four attributes Entra builds the partial TGT from are
 * copied from AD at build time unless the scenario overrides or removes them (undefined = missing).
 */
export interface CloudUser {
  /** Graph `id` (deterministic GUID). */
  readonly objectId: GuidString;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly accountEnabled: boolean;
  /** Password the token endpoint accepts for a password grant (PHS copy); undefined = none. */
  readonly password?: string;
  /** True for users synced from AD by Entra Connect. */
  readonly onPremisesSyncEnabled: boolean;
  /** cname of the partial TGT. */
  readonly onPremisesSamAccountName?: string;
  /** Realm of the partial TGT and (by default) the DC-locator hint: the AD DNS domain. */
  readonly onPremisesDomainName?: string;
  /** The SID Entra puts in the partial TGT's PAC. */
  readonly onPremisesSecurityIdentifier?: SidString;
  readonly onPremisesUserPrincipalName?: string;
  /** sourceAnchor (base64 of the AD objectGUID by default). */
  readonly onPremisesImmutableId?: string;
  readonly onPremisesDistinguishedName?: string;
  /** The AD user's sAMAccountName this entry was synced from (bookkeeping for tests and traces only). */
  readonly syncedFrom?: string;
}

/** A device registered in the tenant (device registration fills this at run time; the scenario may pre-seed). */
export interface RegisteredDevice {
  readonly deviceId: GuidString;
  readonly objectId: GuidString;
  readonly displayName: string;
  /** AzureAd = Entra joined, ServerAd = hybrid joined, Workplace = registered. */
  readonly trustType: 'AzureAd' | 'ServerAd' | 'Workplace';
  readonly accountEnabled: boolean;
  /** Public device certificate (DER) when registered; undefined for pre-seeded placeholders. */
  readonly certificate?: Uint8Array;
}

/**
 * The KerberosDomain object `Set-AzureADKerberosServer` publishes (one per AD domain): Entra's own
 * copy of krbtgt_AzureAD's key, used to seal partial TGTs. Its values are the `Cloud*` fields of
 * Get-AzureADKerberosServer and must equal the on-prem ones for cloud trust to work.
 */
export interface KerberosDomain {
  /** CloudDomainDnsName: the AD domain (lower case) this key is for. */
  readonly domainDnsName: string;
  /** CloudId: the RODC number sealed into the kvno's upper 16 bits. */
  readonly id: number;
  /** CloudDisplayName: `krbtgt_<id>`. */
  readonly displayName: string;
  /** CloudKeyVersion: the lower 16 bits of the kvno come from this. */
  readonly keyVersion: number;
  /** CloudKeyUpdatedOn. */
  readonly keyUpdatedOn: EpochMs;
  /** Entra's primary key (current) and secondary key (previous), as password or explicit keys. */
  readonly current: KeyMaterial;
  readonly previous?: KeyMaterial;
}

export interface Tenant {
  /** Tenant id (GUID) used in `/{tenant}/oauth2/token` and token claims. */
  readonly id: GuidString;
  readonly displayName: string;
  /** `<x>.onmicrosoft.com`. */
  readonly initialDomain: string;
  readonly domains: readonly TenantDomain[];
  readonly users: readonly CloudUser[];
  readonly devices: readonly RegisteredDevice[];
  /** Zero or more; absent ones model "not configured" / "wrong tenant" (Cloud* fields empty). */
  readonly kerberosDomains: readonly KerberosDomain[];

  /** Case-insensitive UPN lookup. */
  userByUpn(upn: string): CloudUser | undefined;
  userById(objectId: GuidString): CloudUser | undefined;
  /** Case-insensitive domain lookup (exact name, no parent walking). */
  domain(name: string): TenantDomain | undefined;
  /** The KerberosDomain whose domainDnsName matches (case-insensitive). */
  kerberosDomainFor(dnsDomainName: string): KerberosDomain | undefined;
}
