/**
 * What `Get-AzureADKerberosServer` shows (PROTOCOL.md section 3; MS Learn "Passwordless security
 * key sign-in to on-premises resources", "View and verify the Microsoft Entra Kerberos server"),
 * read from the two stores: the on-premises fields from AD's objects, the Cloud* fields from the
 * tenant's KerberosDomain for the same domain. A side without its object leaves its fields empty
 * (null); everything empty means Kerberos is not configured. Times are ISO 8601 (UTC) in JSON;
 * the CLI prints them as the cmdlet does. CloudTrustDisplay stays empty: the lab creates no
 * trusted domain object (-SetupCloudTrust), which is the normal state for Windows Hello.
 */
import type { AdKerberosServer, KeyOrigin } from '../stores/ad-kerberos-server.ts';
import type { KerberosDomain } from '../tenant/model.ts';

/** The cmdlet's fields, in its order. */
export const KERBEROS_SERVER_FIELDS = [
  'Id',
  'UserAccount',
  'ComputerAccount',
  'DisplayName',
  'DomainDnsName',
  'KeyVersion',
  'KeyUpdatedOn',
  'KeyUpdatedFrom',
  'CloudDisplayName',
  'CloudDomainDnsName',
  'CloudId',
  'CloudKeyVersion',
  'CloudKeyUpdatedOn',
  'CloudTrustDisplay',
] as const;
export type KerberosServerField = (typeof KERBEROS_SERVER_FIELDS)[number];

/** The fields as JSON: numbers, strings, ISO times, or null when empty. */
export type KerberosServerView = { readonly [K in KerberosServerField]: string | number | null };

/** One key generation as the API reports it: its version and where it came from, never the key. */
export interface KeyGenerationView {
  readonly keyVersion: number;
  readonly origin: KeyOrigin['kind'];
  /** The rotation serial a rotated key was derived with (admin/key-material.ts). */
  readonly serial?: number;
}

export interface KeyGenerationsView {
  readonly onPrem: { readonly current: KeyGenerationView; readonly previous?: KeyGenerationView } | null;
  readonly cloud: { readonly current: KeyGenerationView; readonly previous?: KeyGenerationView } | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function kerberosServerView(domainDnsName: string, ad: AdKerberosServer | undefined, cloud: KerberosDomain | undefined): KerberosServerView {
  return {
    Id: ad?.id ?? null,
    UserAccount: ad?.krbtgt.dn ?? null,
    ComputerAccount: ad?.computer.dn ?? null,
    DisplayName: ad?.krbtgt.samAccountName ?? null,
    DomainDnsName: ad ? domainDnsName : null,
    KeyVersion: ad?.krbtgt.secrets.current.kvno ?? null,
    KeyUpdatedOn: ad ? iso(ad.keyUpdatedOn) : null,
    KeyUpdatedFrom: ad?.keyUpdatedFrom ?? null,
    CloudDisplayName: cloud?.displayName ?? null,
    CloudDomainDnsName: cloud?.domainDnsName ?? null,
    CloudId: cloud?.id ?? null,
    CloudKeyVersion: cloud?.keyVersion ?? null,
    CloudKeyUpdatedOn: cloud ? iso(cloud.keyUpdatedOn) : null,
    CloudTrustDisplay: null,
  };
}

const gen = (keyVersion: number, origin: KeyOrigin | undefined): KeyGenerationView => ({
  keyVersion,
  origin: origin?.kind ?? 'scenario',
  ...(origin?.kind === 'rotation' ? { serial: origin.serial } : {}),
});

export function keyGenerationsView(
  ad: AdKerberosServer | undefined,
  cloud: KerberosDomain | undefined,
  cloudOrigin: { current: KeyOrigin; previous?: KeyOrigin } | undefined,
): KeyGenerationsView {
  const s = ad?.krbtgt.secrets;
  return {
    onPrem: ad && s
      ? { current: gen(s.current.kvno, ad.keyOrigin.current), ...(s.previous ? { previous: gen(s.previous.kvno, ad.keyOrigin.previous) } : {}) }
      : null,
    cloud: cloud
      ? {
          current: gen(cloud.keyVersion, cloudOrigin?.current),
          ...(cloud.previous ? { previous: gen(cloud.previous.kvno, cloudOrigin?.previous) } : {}),
        }
      : null,
  };
}
