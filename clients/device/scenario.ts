/**
 * The device's configuration as a scenario describes it (what a GPO and the machine's krb5 view
 * would set): `client.dcLocatorHint`, `client.joinType`, `client.deviceName`, and the
 * [domain_realm] mapping `ctlab krb5conf` writes (the AD domain and every UPN suffix to the
 * realm). For `ctlab signin`, `ctlab test` and embedders. The user's password is a separate,
 * explicit lookup (`scenarioPassword`): only callers that own the scenario use it. Pure.
 */
import type { Scenario } from '../../emulator/scenario/defaults.ts';
import { defaultDomainRealm } from './realm.ts';
import type { DeviceExtras } from './signin.ts';
import type { SignInOptions } from './types.ts';

export function deviceSettings(s: Scenario): Pick<SignInOptions, 'dcLocatorHint'> & Required<Pick<DeviceExtras, 'joinType' | 'deviceName' | 'domainRealm'>> {
  return {
    dcLocatorHint: s.client.dcLocatorHint,
    joinType: s.client.joinType,
    deviceName: s.client.deviceName,
    domainRealm: defaultDomainRealm(s.domain.dnsName, s.domain.dnsName, s.upnSuffixes),
  };
}

/** The user's cloud password as the scenario defines it (the tenant's copy, else the AD one). */
export function scenarioPassword(s: Scenario, upn: string): string | undefined {
  const want = upn.toLowerCase();
  const ad = s.users.find((u) => u.upn.toLowerCase() === want);
  const cloud = s.tenant.users.find((u) => u.upn?.toLowerCase() === want || (ad !== undefined && u.user?.toLowerCase() === ad.sam.toLowerCase()));
  return cloud?.password ?? ad?.secret.password;
}
