/**
 * Derived defaults: everything a small lab does not care about is filled in from the seed, so the
 * builders read one complete `Scenario` and two loads of one file are identical. Static defaults
 * (booleans, site name, ...) are in the zod schema; these depend on other fields.
 */
import { deriveDomainSid, deriveGuid, derive } from '../directory/ids.ts';
import { normalizeOsLabel, osInfo, supportsKeyList } from '../directory/os.ts';
import { defaultNetbiosName } from './names.ts';
import type { ParsedScenario } from './schema.ts';

/** A secret with its version resolved; the password is always present (derived when not given). */
export interface ResolvedSecret {
  password: string;
  previousPassword?: string;
  keyVersion: number;
  keys?: { aes256?: string; aes128?: string; rc4?: string };
  salt?: string;
}

type P = ParsedScenario;
type SecretKey = 'password' | 'previousPassword' | 'keyVersion' | 'keys' | 'ntHash' | 'salt';
type WithSecret<T> = Omit<T, SecretKey> & { secret: ResolvedSecret };

export interface Scenario {
  /** The file it came from (as given) and its name. */
  file: string;
  name: string;
  description?: string;
  seed: string;
  /** Epoch ms of the directory's creation. */
  epoch: number;
  domain: Omit<P['domain'], 'netbiosName' | 'sid' | 'forestFunctionalLevel'> & { netbiosName: string; sid: string; forestFunctionalLevel: P['domain']['functionalLevel'] };
  /** The Kerberos policy, the service-ticket lifetime resolved (MS-GPSB 2.2.2 units). */
  kerberos: Omit<P['kerberos'], 'maxServiceAgeMinutes'> & { maxServiceAgeMinutes: number };
  upnSuffixes: string[];
  unpublishedUpnSuffixes: string[];
  sites: P['sites'];
  dcs: (WithSecret<P['dcs'][number]> & { site: string; keyListPatch: boolean; os: string; rodcNumber?: number })[];
  ous: string[];
  groups: P['groups'];
  users: (WithSecret<P['users'][number]> & { upn: string; displayName: string })[];
  computers: (WithSecret<P['computers'][number]> & { dnsHostName: string })[];
  builtin: { administrator: ResolvedSecret; krbtgt: ResolvedSecret; guest: ResolvedSecret };
  azureADKerberos: Omit<P['azureADKerberos'], SecretKey | 'id' | 'neverReveal' | 'revealOnDemand'> & {
    id: number;
    secret: ResolvedSecret;
    neverReveal?: string[];
    revealOnDemand?: string[];
  };
  tenant: Omit<P['tenant'], 'id' | 'displayName' | 'initialDomain' | 'domains' | 'kerberosDomain'> & {
    id: string;
    displayName: string;
    initialDomain: string;
    domains: { name: string; verified: boolean; authentication: 'managed' | 'federated'; default: boolean }[];
    kerberosDomain: { present: boolean; domainDnsName: string; id: number; secret: ResolvedSecret };
  };
  entra: P['entra'];
  client: P['client'];
  sysvol: P['sysvol'];
  faults: P['faults'];
  expect: P['expect'];
  exercise?: P['exercise'];
}

/** The default key version of an account created with a password (AD shows 2 after the initial set). */
export const DEFAULT_KEY_VERSION = 2;

/** MS-GPSB 2.2.2 MaxServiceAge default; a shorter user-ticket lifetime lowers it (it may not exceed MaxTicketAge). */
export const DEFAULT_MAX_SERVICE_AGE_MINUTES = 600;

/** TLDs Entra cannot verify; such names are not turned into tenant domains by default. */
const NON_ROUTABLE_TLDS = new Set(['local', 'lan', 'internal', 'localdomain', 'corp', 'home', 'test', 'invalid', 'example']);

/** A password derived from the seed: stable, unique per account, meets AD's complexity rules. */
export function derivedPassword(seed: string, account: string): string {
  const b = Buffer.from(derive(seed, `password:${account.toLowerCase()}`)).toString('base64url').slice(0, 18);
  return `Lab-${b}-9a`;
}

/** A 16-bit RODC number from the seed, 1..65535, avoiding the ones already taken. */
export function derivedRodcNumber(seed: string, label: string, taken: ReadonlySet<number>): number {
  const h = derive(seed, `rodc:${label}`);
  let n = (((h[0] << 8) | h[1]) % 65535) + 1;
  while (taken.has(n)) n = (n % 65535) + 1;
  return n;
}

function secret(
  seed: string,
  account: string,
  f: { password?: string; previousPassword?: string; keyVersion?: number; keys?: ResolvedSecret['keys']; ntHash?: string; salt?: string },
): ResolvedSecret {
  // An NT hash is the rc4-hmac key (validate.ts refuses one that contradicts keys.rc4).
  const keys = f.ntHash !== undefined ? { ...f.keys, rc4: f.keys?.rc4 ?? f.ntHash } : f.keys;
  return {
    password: f.password ?? derivedPassword(seed, account),
    keyVersion: f.keyVersion ?? DEFAULT_KEY_VERSION,
    ...(f.previousPassword !== undefined ? { previousPassword: f.previousPassword } : {}),
    ...(keys !== undefined ? { keys } : {}),
    ...(f.salt !== undefined ? { salt: f.salt } : {}),
  };
}

function stripSecret<T extends object>(o: T): Omit<T, SecretKey> {
  const { password: _p, previousPassword: _pp, keyVersion: _k, keys: _ks, ntHash: _nt, salt: _s, ...rest } = o as T & Record<string, unknown>;
  return rest as Omit<T, SecretKey>;
}

/** Completes a validated scenario. Pure: the same input always gives the same output. */
export function resolveScenario(p: ParsedScenario, src: { file: string; name: string }): Scenario {
  const dnsName = p.domain.dnsName.toLowerCase();
  const seed = p.seed ?? dnsName;
  const netbiosName = (p.domain.netbiosName ?? defaultNetbiosName(dnsName)).toUpperCase();
  const firstSite = p.sites[0].name;
  const upnSuffixes = p.upnSuffixes.map((u) => u.toLowerCase());

  const taken = new Set<number>(p.dcs.flatMap((d) => (d.readOnly && d.rodcNumber !== undefined ? [d.rodcNumber] : [])));
  if (p.azureADKerberos.id !== undefined) taken.add(p.azureADKerberos.id);
  const azId = p.azureADKerberos.id ?? derivedRodcNumber(seed, 'AzureADKerberos', taken);
  taken.add(azId);

  const dcs = p.dcs.map((d) => {
    const os = osInfo(d.os)!;
    const rodcNumber = d.readOnly ? (d.rodcNumber ?? derivedRodcNumber(seed, `dc:${d.name.toLowerCase()}`, taken)) : undefined;
    if (rodcNumber !== undefined) taken.add(rodcNumber);
    return {
      ...stripSecret(d),
      name: d.name.toLowerCase(),
      os: normalizeOsLabel(d.os)!,
      site: p.sites.find((s) => s.name.toLowerCase() === (d.site ?? firstSite).toLowerCase())!.name,
      keyListPatch: d.keyListPatch ?? supportsKeyList(os),
      ...(rodcNumber !== undefined ? { rodcNumber } : {}),
      secret: secret(seed, `${d.name}$`, d),
    };
  });

  const users = p.users.map((u) => ({
    ...stripSecret(u),
    upn: u.upn ?? `${u.sam}@${dnsName}`,
    displayName: u.displayName ?? ([u.givenName, u.surname].filter(Boolean).join(' ') || u.sam),
    secret: secret(seed, u.sam, u),
  }));

  const computers = p.computers.map((c) => ({
    ...stripSecret(c),
    dnsHostName: (c.dnsHostName ?? `${c.name}.${dnsName}`).toLowerCase(),
    secret: secret(seed, `${c.name}$`, c),
  }));

  const az = p.azureADKerberos;
  const azSecret = secret(seed, `krbtgt_${azId}`, az);
  const { id: _id, neverReveal, revealOnDemand, ...azRest } = stripSecret(az);

  const t = p.tenant;
  const defaultDomains = [dnsName, ...upnSuffixes, ...p.unpublishedUpnSuffixes.map((u) => u.toLowerCase())].filter((d) => !NON_ROUTABLE_TLDS.has(d.slice(d.lastIndexOf('.') + 1)));
  const domainList = t.domains ?? defaultDomains.map((name) => ({ name, verified: true, authentication: 'managed' as const }));
  const defaultIndex = Math.max(0, domainList.findIndex((d) => ('default' in d && d.default) === true));
  const domains = domainList.map((d, i) => ({ name: d.name.toLowerCase(), verified: d.verified, authentication: d.authentication, default: i === defaultIndex }));
  const kd = t.kerberosDomain;
  const { kerberosDomain: _kd, id: _tid, displayName: _dn, initialDomain: _idom, domains: _doms, ...tRest } = t;

  return {
    file: src.file,
    name: src.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    seed,
    epoch: Date.parse(p.epoch),
    domain: {
      ...p.domain,
      dnsName,
      netbiosName,
      sid: p.domain.sid ?? deriveDomainSid(seed, dnsName),
      forestFunctionalLevel: p.domain.forestFunctionalLevel ?? p.domain.functionalLevel,
    },
    kerberos: { ...p.kerberos, maxServiceAgeMinutes: p.kerberos.maxServiceAgeMinutes ?? Math.min(DEFAULT_MAX_SERVICE_AGE_MINUTES, p.kerberos.maxTicketAgeHours * 60) },
    upnSuffixes,
    unpublishedUpnSuffixes: p.unpublishedUpnSuffixes.map((u) => u.toLowerCase()),
    sites: p.sites,
    dcs,
    ous: p.ous,
    groups: p.groups,
    users,
    computers,
    builtin: {
      administrator: secret(seed, 'Administrator', p.builtin.administrator),
      krbtgt: secret(seed, 'krbtgt', p.builtin.krbtgt),
      guest: secret(seed, 'Guest', {}),
    },
    azureADKerberos: {
      ...azRest,
      id: azId,
      secret: azSecret,
      ...(neverReveal ? { neverReveal } : {}),
      ...(revealOnDemand ? { revealOnDemand } : {}),
    },
    tenant: {
      ...tRest,
      id: (t.id ?? deriveGuid(seed, 'tenant')).toLowerCase(),
      displayName: t.displayName ?? `${netbiosName} lab`,
      initialDomain: (t.initialDomain ?? `${netbiosName.toLowerCase()}.onmicrosoft.com`).toLowerCase(),
      domains,
      kerberosDomain: {
        present: kd.present ?? az.present,
        domainDnsName: (kd.domainDnsName ?? dnsName).toLowerCase(),
        id: kd.id ?? azId,
        // Entra's copy: when the file gives the cloud its own password or keys, nothing is inherited
        // from AD (that is how drift is written); otherwise the cloud holds exactly AD's secret.
        secret:
          kd.password !== undefined || kd.keys !== undefined
            ? secret(seed, `cloud:krbtgt_${azId}`, { ...kd, keyVersion: kd.keyVersion ?? azSecret.keyVersion })
            : { ...azSecret, keyVersion: kd.keyVersion ?? azSecret.keyVersion },
      },
    },
    entra: p.entra,
    client: p.client,
    sysvol: p.sysvol,
    faults: p.faults,
    expect: p.expect,
    ...(p.exercise ? { exercise: p.exercise } : {}),
  };
}
