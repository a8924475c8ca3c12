/**
 * The registry behind a diagnosis, keyed by the wire code name a failed step ends with: each rule
 * reads the scenario (and the step's detail) and names the settings that produce that code, with
 * the reason in one sentence. A rule returns nothing when no setting explains the failure.
 * PROTOCOL.md sections 4-6 are the source of each mapping.
 */
import type { Scenario } from '../../emulator/scenario/defaults.ts';
import { AZUREAD_KERBEROS_NEVER_REVEAL, AZUREAD_KERBEROS_REVEAL_ON_DEMAND } from '../../emulator/directory/wellknown.ts';
import { tenantPath, userPath, type Subject } from './subject.ts';
import { realmForHost, spnHost } from '../device/realm.ts';

/** One scenario setting behind a failure. */
export interface Finding {
  /** The scenario path, e.g. `azureADKerberos.neverReveal`. */
  readonly setting: string;
  /** Its value as the scenario holds it (defaults applied). */
  readonly value: unknown;
  readonly why: string;
}

export interface FailedStep {
  readonly step: string;
  readonly code?: string;
  readonly wire?: number;
  readonly fact?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface RuleContext {
  readonly scenario: Scenario;
  readonly subject: Subject;
  readonly failure: FailedStep;
  /** The SPN of the serviceTicket step, when there was one. */
  readonly service?: string;
}

export type Rule = (c: RuleContext) => Finding[];

const lc = (s: string) => s.toLowerCase();
const sam = (c: RuleContext) => c.subject.user?.sam ?? c.subject.name;

const tgtRevoked: Rule = (c) => {
  const az = c.scenario.azureADKerberos;
  const never = az.neverReveal ?? [...AZUREAD_KERBEROS_NEVER_REVEAL];
  const user = c.subject.user;
  // The account itself on the list (what `ctlab lab fault neverReveal --add alice` does).
  if (user && never.some((n) => lc(n) === lc(user.sam))) {
    return [{ setting: 'azureADKerberos.neverReveal', value: never, why: `msDS-NeverRevealGroup lists ${user.sam} itself, and NeverReveal wins` }];
  }
  const hits = never.filter((g) => c.subject.groups.has(lc(g)));
  if (hits.length) {
    return [{ setting: 'azureADKerberos.neverReveal', value: never, why: `msDS-NeverRevealGroup contains ${hits.join(', ')}; ${sam(c)} is a member (${userPath(c.subject, 'groups')}), and NeverReveal wins` }];
  }
  const reveal = az.revealOnDemand ?? [...AZUREAD_KERBEROS_REVEAL_ON_DEMAND];
  if (c.subject.user && !reveal.some((g) => c.subject.groups.has(lc(g)))) {
    return [
      {
        setting: userPath(c.subject, 'primaryGroup'),
        value: c.subject.user.primaryGroup,
        why: `${sam(c)} is in none of azureADKerberos.revealOnDemand (${reveal.join(', ')}): the password replication policy denies by default`,
      },
    ];
  }
  const t = c.subject.tenantUser;
  if (t?.onPremisesSecurityIdentifier) {
    return [{ setting: tenantPath(c.subject, 'onPremisesSecurityIdentifier'), value: t.onPremisesSecurityIdentifier, why: "the partial TGT's PAC SID is not the account's objectSid" }];
  }
  return [];
};

const badIntegrity: Rule = (c) => {
  if (c.failure.step !== 'fullTgt') return [];
  const ad = c.scenario.azureADKerberos.secret;
  const cloud = c.scenario.tenant.kerberosDomain.secret;
  const out: Finding[] = [];
  if (ad.keyVersion !== cloud.keyVersion) {
    out.push({ setting: 'azureADKerberos.keyVersion', value: ad.keyVersion, why: `KeyVersion ${ad.keyVersion} (krbtgt_AzureAD in AD) is not CloudKeyVersion ${cloud.keyVersion} (tenant.kerberosDomain.keyVersion): the key was rotated on one side only` });
  }
  if (cloud.password !== ad.password && cloud.password !== ad.previousPassword) {
    out.push({ setting: 'tenant.kerberosDomain.password', value: '(secret)', why: "Entra's copy of the key is neither krbtgt_AzureAD's current key nor the N-1 AD keeps, so the DC cannot decrypt the partial TGT" });
  }
  return out;
};

const principalUnknown: Rule = (c) => {
  const s = c.scenario;
  if (c.failure.step === 'fullTgt') {
    if (!s.azureADKerberos.present) return [{ setting: 'azureADKerberos.present', value: false, why: 'no krbtgt_AzureAD account carries the RODC number in the ticket kvno' }];
    if (s.tenant.kerberosDomain.id !== s.azureADKerberos.id) {
      return [{ setting: 'tenant.kerberosDomain.id', value: s.tenant.kerberosDomain.id, why: `CloudId ${s.tenant.kerberosDomain.id} is not the AD Id ${s.azureADKerberos.id}: no account has msDS-SecondaryKrbTgtNumber ${s.tenant.kerberosDomain.id}` }];
    }
  }
  if (c.failure.step === 'serviceTicket') return domainRealm(c);
  return [];
};

const clientUnknown: Rule = (c) => {
  const t = c.subject.tenantUser;
  if (t?.onPremisesSamAccountName) return [{ setting: tenantPath(c.subject, 'onPremisesSamAccountName'), value: t.onPremisesSamAccountName, why: 'the partial TGT names an account AD does not have' }];
  const u = c.subject.user;
  if (u && c.failure.step === 'asReq') {
    const suffix = lc(u.upn.slice(u.upn.lastIndexOf('@') + 1));
    const known = [lc(c.scenario.domain.dnsName), ...c.scenario.upnSuffixes.map(lc)];
    if (!known.includes(suffix)) return [{ setting: 'upnSuffixes', value: c.scenario.upnSuffixes, why: `${suffix} (the suffix of ${u.upn}) is not among the forest's UPN suffixes, so the KDC does not find the account by that UPN` }];
  }
  return [];
};

function domainRealm(c: RuleContext): Finding[] {
  const map = c.scenario.client.domainRealm;
  if (!Object.keys(map).length || !c.service) return [];
  const host = spnHost(c.service);
  const realm = c.scenario.domain.dnsName.toUpperCase();
  if (!host) return [];
  const choice = realmForHost(host, map, realm);
  if (choice.realm === realm) return [];
  return [{ setting: 'client.domainRealm', value: map, why: `${host} maps to ${choice.realm} (entry '${choice.entry ?? ''}'), but ${c.service} is in ${realm}` }];
}

const skew: Rule = (c) => {
  const sk = c.scenario.faults.clockSkewSeconds;
  const max = c.scenario.kerberos.maxClockSkewMinutes * 60;
  const out: Finding[] = [];
  if (sk.kdc) out.push({ setting: 'faults.clockSkewSeconds.kdc', value: sk.kdc, why: `the DC's clock is ${sk.kdc} s off (kerberos.maxClockSkewMinutes allows ${max} s)` });
  if (sk.cloud) out.push({ setting: 'faults.clockSkewSeconds.cloud', value: sk.cloud, why: `Entra's clock (the partial TGT's times) is ${sk.cloud} s off (allowed ${max} s)` });
  return out;
};

const keyExpired: Rule = (c) => {
  const u = c.subject.user;
  if (!u) return [];
  if (u.passwordExpired) return [{ setting: userPath(c.subject, 'passwordExpired'), value: true, why: `${u.sam}'s pwdLastSet is 0: the password must change, and cloud trust sign-in is blocked until it does` }];
  const days = c.scenario.domain.passwordPolicy.maxPasswordAgeDays;
  if (days && !u.passwordNeverExpires) return [{ setting: 'domain.passwordPolicy.maxPasswordAgeDays', value: days, why: `${u.sam}'s password is older than ${days} days` }];
  return [];
};

const clientRevoked: Rule = (c) => {
  const u = c.subject.user;
  if (!u) return [];
  const out: Finding[] = [];
  if (!u.enabled) out.push({ setting: userPath(c.subject, 'enabled'), value: false, why: `${u.sam} is disabled in AD (ACCOUNTDISABLE)${c.subject.tenantUser?.enabled ? `, while ${tenantPath(c.subject, 'enabled')} keeps it enabled in Entra` : ''}` });
  if (u.locked) out.push({ setting: userPath(c.subject, 'locked'), value: true, why: `${u.sam} is locked out` });
  if (u.accountExpires) out.push({ setting: userPath(c.subject, 'accountExpires'), value: u.accountExpires, why: `${u.sam}'s account has expired` });
  return out;
};

const policy: Rule = (c) => {
  const az = c.scenario.azureADKerberos;
  const out: Finding[] = [];
  if (az.missingKrbtgtLink) out.push({ setting: 'azureADKerberos.missingKrbtgtLink', value: true, why: 'CN=AzureADKerberos has no msDS-KrbTgtLink to krbtgt_AzureAD' });
  if (az.missingPartialSecrets) out.push({ setting: 'azureADKerberos.missingPartialSecrets', value: true, why: 'CN=AzureADKerberos lacks PARTIAL_SECRETS_ACCOUNT' });
  return out;
};

const cloudDisabled: Rule = (c) => {
  const t = c.subject.tenantUser;
  if (t?.enabled === false) return [{ setting: tenantPath(c.subject, 'enabled'), value: false, why: `${c.subject.name} has accountEnabled false in Entra` }];
  const u = c.subject.user;
  if (u && !u.enabled) return [{ setting: userPath(c.subject, 'enabled'), value: false, why: `${u.sam} is disabled in AD and sync carries accountEnabled false to Entra` }];
  return [];
};

const cloudUnknown: Rule = (c) => {
  const t = c.subject.tenantUser;
  if (t && t.synced === false) return [{ setting: tenantPath(c.subject, 'synced'), value: false, why: `${c.subject.name} is filtered out of sync: Entra has no such user` }];
  if (!c.scenario.tenant.syncAllUsers && !t) return [{ setting: 'tenant.syncAllUsers', value: false, why: `${c.subject.name} is not listed in tenant.users, and only listed users are synced` }];
  return [];
};

const badPassword: Rule = (c) =>
  c.subject.tenantUser?.password ? [{ setting: tenantPath(c.subject, 'password'), value: '(secret)', why: "Entra's (PHS) password differs from the one the device used" }] : [];

const attributesMissing: Rule = (c) => {
  const t = c.subject.tenantUser;
  if (!t) return [];
  return (['onPremisesDomainName', 'onPremisesSamAccountName', 'onPremisesSecurityIdentifier'] as const)
    .filter((k) => t[k] === null)
    .map((k) => ({ setting: tenantPath(c.subject, k), value: null, why: `${c.subject.name} is synced without ${k}: Entra issues no partial TGT` }));
};

const kerberosDomainMissing: Rule = (c) => {
  const kd = c.scenario.tenant.kerberosDomain;
  if (!kd.present) return [{ setting: 'tenant.kerberosDomain.present', value: false, why: 'the tenant has no KerberosDomain: Get-AzureADKerberosServer shows empty Cloud* fields and tgt_ad carries an error' }];
  if (lc(kd.domainDnsName) !== lc(c.scenario.domain.dnsName)) return [{ setting: 'tenant.kerberosDomain.domainDnsName', value: kd.domainDnsName, why: `the KerberosDomain is for ${kd.domainDnsName}, not ${c.scenario.domain.dnsName}` }];
  return [];
};

const userNotSynced: Rule = (c) => (c.subject.tenantUser?.cloudOnly ? [{ setting: tenantPath(c.subject, 'cloudOnly'), value: true, why: 'a cloud-only user gets no partial TGT' }] : []);

/** The locator found no DC: the hint, the DNS faults, the DCs' versions and roles, services down. */
const noDc: Rule = (c) => {
  const s = c.scenario;
  const out: Finding[] = [];
  const upn = c.subject.user?.upn ?? c.subject.name;
  const suffix = lc(upn.slice(upn.lastIndexOf('@') + 1));
  const asked = typeof c.failure.detail?.domain === 'string' ? lc(c.failure.detail.domain) : s.client.dcLocatorHint === 'upnSuffix' ? suffix : lc(s.domain.dnsName);
  if (s.client.dcLocatorHint === 'upnSuffix' && suffix !== lc(s.domain.dnsName)) {
    out.push({ setting: 'client.dcLocatorHint', value: 'upnSuffix', why: `the locator searches the DC SRV records under ${suffix} (the UPN suffix) instead of the AD domain ${s.domain.dnsName}` });
  }
  s.faults.dns.forEach((f, i) => {
    const n = lc(f.name).replace(/\.$/, '');
    const hits = n.startsWith('*.') ? asked === n.slice(2) || asked.endsWith(n.slice(1)) : n === asked || n.endsWith(`.${asked}`);
    if (hits && f.action !== 'delay') out.push({ setting: `faults.dns[${i}]`, value: f, why: `the lab DNS answers ${f.action.toUpperCase()} for ${f.name}` });
  });
  const writable = s.dcs.filter((d) => !d.readOnly);
  if (!writable.length) out.push({ setting: 'dcs[].readOnly', value: true, why: 'every DC is an RODC; the partial-TGT exchange needs a writable DC' });
  else if (!writable.some((d) => d.keyListPatch)) out.push({ setting: 'dcs[].keyListPatch', value: false, why: `no writable DC serves KERB-KEY-LIST-REQ (${writable.map((d) => `${d.name}: ${d.os}`).join(', ')}): none sets DS_KEY_LIST_FLAG` });
  for (const svc of ['dns', 'cldap', 'ldap'] as const) if (s.faults.down.includes(svc)) out.push({ setting: 'faults.down', value: s.faults.down, why: `the lab's ${svc} service is not started` });
  return out;
};

const kdcDown: Rule = (c) => (c.scenario.faults.down.includes('kdc') ? [{ setting: 'faults.down', value: c.scenario.faults.down, why: 'the DC is found in DNS and answers the LDAP ping, but its KDC (88/tcp) is not running' }] : []);

/** LDAP bind refusals carry AD's reason as `data <hex>` in the diagnostic message (MS-ADTS / the Win32 status). */
const ldapInvalidCredentials: Rule = (c) => {
  const data = /data ([0-9a-f]+)/i.exec(c.failure.fact ?? '')?.[1]?.toLowerCase();
  const u = c.subject.user;
  if (!data || !u) return [];
  if (data === '533') return clientRevoked(c).filter((f) => f.setting.endsWith('.enabled'));
  if (data === '775') return clientRevoked(c).filter((f) => f.setting.endsWith('.locked'));
  if (data === '701') return clientRevoked(c).filter((f) => f.setting.endsWith('.accountExpires'));
  if (data === '773' || data === '532') return keyExpired(c);
  return [];
};

export const RULES: Readonly<Record<string, Rule>> = {
  invalidCredentials: ldapInvalidCredentials,
  KDC_ERR_TGT_REVOKED: tgtRevoked,
  KRB_AP_ERR_BAD_INTEGRITY: badIntegrity,
  KRB_AP_ERR_MODIFIED: badIntegrity,
  KDC_ERR_S_PRINCIPAL_UNKNOWN: principalUnknown,
  KDC_ERR_WRONG_REALM: domainRealm,
  KDC_ERR_C_PRINCIPAL_UNKNOWN: clientUnknown,
  KRB_AP_ERR_SKEW: skew,
  KRB_AP_ERR_TKT_NYV: skew,
  KRB_AP_ERR_TKT_EXPIRED: skew,
  KDC_ERR_KEY_EXPIRED: keyExpired,
  KDC_ERR_CLIENT_REVOKED: clientRevoked,
  KDC_ERR_POLICY: policy,
  AADSTS50057: cloudDisabled,
  AADSTS50034: cloudUnknown,
  AADSTS50126: badPassword,
  OnPremisesAttributesMissing: attributesMissing,
  KerberosDomainNotFound: kerberosDomainMissing,
  UserNotSynced: userNotSynced,
  ERROR_NO_SUCH_DOMAIN: noDc,
  NXDOMAIN: noDc,
  REFUSED: noDc,
  SERVFAIL: noDc,
  UNREACHABLE: kdcDown,
  KDC_UNREACHABLE: kdcDown,
  TIMEOUT: kdcDown,
};
