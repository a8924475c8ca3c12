/**
 * The environment Samba's krb5 suite reads (python/samba/tests/krb5/raw_testcase.py,
 * kdc_base_test.py), filled from a lab world the way Samba's selftest fills it for an AD DC
 * (source4/selftest/tests.py of Samba 4.17, `krb5_environ`), with the lab's Windows-like
 * answers to the feature questions:
 *   - SERVER / DC_SERVER: the DC's host name; REALM, DOMAIN (NetBIOS);
 *   - USERNAME/PASSWORD: the plain user; CLIENT_*: a second plain user and MAC_*: a computer,
 *     handed out where a test asks for a new account without options (driver.py);
 *   - SERVICE_*: the member server the tests ask tickets for; ADMIN_* as selftest (the user);
 *   - KRBTGT_* and DC_*: username, kvno and keys from the key table, as `ctlab keytab` writes
 *     them; *_TGS_SUPPORTED_ENCTYPES as the suite's own download path computes them (the domain
 *     default enctypes for the krbtgt, msDS-SupportedEncryptionTypes plus the AES bits for the
 *     DC; kdc_base_test.py get_krbtgt_creds / get_dc_creds);
 *   - feature flags: a Windows Server 2022 DC: ticket and full PAC signatures in service tickets
 *     (TKT_SIG_SUPPORT, FULL_SIG_SUPPORT: the November 2021 and 2022 updates), the PAC and the
 *     extra buffers expected, cname and padata checks on; no claims or compound identity;
 *     FAST_SUPPORT follows the scenario's armoring policy (off by default, as a DC with the
 *     default "KDC support for claims, compound authentication and Kerberos armoring" policy);
 *     STRICT_CHECKING 0, as selftest sets it for every krb5 module.
 */
import type { Account } from '../../../emulator/directory/model.ts';
import { hex } from '../../../emulator/core/bytes.ts';
import { EncType } from '../../../emulator/kerberos/crypto/index.ts';
import { keytabEntries } from '../../../clients/cli/verbs/keytab.ts';
import type { World } from '../../../emulator/world.ts';

/** The modules that work with existing accounts (issue 13), in the order they run. */
export const SUITE_MODULES = [
  'simple_tests',
  'kdc_tests',
  'compatability_tests',
  'as_req_tests',
  'kdc_tgs_tests',
  's4u_tests',
  'protected_users_tests',
  'fast_tests',
] as const;

/**
 * Accounts the suite asks for by options (kdc_base_test.py get_cached_creds), given scenario
 * accounts with the same settings instead of new ones: `opts` are the options that differ from
 * the suite's defaults, as driver.py compares them. The mock RODC of the suite is the lab's
 * AzureADKerberos (MOCK_RODC_KRBTGT_* below): "allowed" accounts are in its RevealOnDemand list,
 * "denied" ones in its NeverReveal list. "Revealed" is not modelled (the lab does not track
 * msDS-RevealedUsers for AzureADKerberos, PROTOCOL.md section 4 step 8), so accounts "allowed but
 * not revealed" stay needs-account.
 */
export const ACCOUNT_MAP: ReadonlyArray<{ readonly type: 'user' | 'computer'; readonly opts: Readonly<Record<string, boolean | number>>; readonly sam: string }> = [
  { type: 'computer', opts: { id: 1 }, sam: 'WS2$' },
  { type: 'computer', opts: { id: 2 }, sam: 'WS3$' },
  { type: 'computer', opts: { allowed_replication_mock: true, revealed_to_mock_rodc: true }, sam: 'RODC1$' },
  { type: 'computer', opts: { allowed_replication_mock: true, revealed_to_mock_rodc: true, id: 1 }, sam: 'RODC2$' },
  { type: 'computer', opts: { allowed_replication_mock: true, revealed_to_mock_rodc: true, id: 2 }, sam: 'RODC3$' },
  { type: 'computer', opts: { allowed_replication_mock: true, denied_replication_mock: true, revealed_to_mock_rodc: true }, sam: 'RODCD1$' },
  { type: 'computer', opts: { denied_replication_mock: true, revealed_to_mock_rodc: true }, sam: 'RODCD3$' },
];

const RC4_BIT = 0x4;
const AES128_BIT = 0x8;
const AES256_BIT = 0x10;
const AES256_SK_BIT = 0x20;
const FAST_BIT = 0x10000;

function keyVars(world: World, prefix: string, account: Account): Record<string, string> {
  const entries = keytabEntries(world.directory, account, [account.samAccountName], { timestamp: 0 });
  const out: Record<string, string> = { [`${prefix}_USERNAME`]: account.samAccountName, [`${prefix}_KVNO`]: String(entries[0]?.kvno ?? 1) };
  for (const e of entries) {
    if (e.enctype === EncType.AES256_CTS_HMAC_SHA1_96) out[`${prefix}_AES256_KEY_HEX`] = hex(e.key);
    if (e.enctype === EncType.AES128_CTS_HMAC_SHA1_96) out[`${prefix}_AES128_KEY_HEX`] = hex(e.key);
    if (e.enctype === EncType.RC4_HMAC) out[`${prefix}_RC4_KEY_HEX`] = hex(e.key);
  }
  return out;
}

/** The kvno the suite checks in tickets sealed with an account's key (password accounts). */
function kvnoVar(world: World, name: string, account: Account): Record<string, string> {
  const entries = keytabEntries(world.directory, account, [account.samAccountName], { timestamp: 0 });
  return { [name]: String(entries[0]?.kvno ?? 1) };
}

function passwordOf(account: Account, what: string): string {
  const p = account.secrets.current.password;
  if (p === undefined) throw new Error(`the suite needs a password for ${what} (${account.samAccountName})`);
  return p;
}

function accountBySam(world: World, sam: string): Account {
  const a = world.directory.accountBySam(sam);
  if (!a) throw new Error(`the samba-krb5 scenario has no account ${sam}`);
  return a;
}

export interface SuiteEnvOptions {
  /** The lab KDC's host and ports (the driver redirects the suite's 88 and 464 there). */
  readonly host: string;
  readonly kdcPort: number;
  readonly kpasswdPort?: number;
  /** FAST_SUPPORT: the KDC serves armored requests. */
  readonly fast: boolean;
}

/** The mock RODC's krbtgt: the lab's krbtgt_AzureAD, kvno (Id << 16) | version, AES only. */
function mockRodcVars(world: World, domainDefault: number): Record<string, string> {
  const az = world.directory.azureAdKerberos;
  if (!az) return {};
  const etypes = String((domainDefault | AES128_BIT | AES256_BIT) & ~(AES256_SK_BIT | RC4_BIT));
  return { ...keyVars(world, 'MOCK_RODC_KRBTGT', az.krbtgt), MOCK_RODC_KRBTGT_TGS_SUPPORTED_ENCTYPES: etypes, MOCK_RODC_KRBTGT_AS_SUPPORTED_ENCTYPES: etypes, MOCK_RODC_KRBTGT_AP_SUPPORTED_ENCTYPES: etypes };
}

/** ACCOUNT_MAP as the driver reads it, and each mapped account's credentials (CTLAB_ACCT<n>_*). */
function accountMapVars(world: World): Record<string, string> {
  const out: Record<string, string> = {};
  const map = ACCOUNT_MAP.map((m, i) => {
    const a = accountBySam(world, m.sam);
    const prefix = `CTLAB_ACCT${i}`;
    out[`${prefix}_USERNAME`] = a.samAccountName;
    out[`${prefix}_PASSWORD`] = passwordOf(a, prefix);
    Object.assign(out, kvnoVar(world, `${prefix}_KVNO`, a));
    return { type: m.type, opts: m.opts, prefix };
  });
  out.CTLAB_SAMBA_ACCOUNT_MAP = JSON.stringify(map);
  return out;
}

/** The suite's environment (see the file comment). */
export function suiteEnv(world: World, opts: SuiteEnvOptions): Record<string, string> {
  const dir = world.directory;
  const dc = dir.dcs.find((d) => !d.readOnly) ?? dir.dcs[0];
  const user = accountBySam(world, 'alice');
  const client = accountBySam(world, 'bob');
  const mac = accountBySam(world, 'WS1$');
  const service = accountBySam(world, 'FS1$');
  const domainDefault = RC4_BIT | (dir.domain.functionalLevel >= 3 ? AES128_BIT | AES256_BIT : 0);
  const dcEtypes = ((dc.computer.supportedEncryptionTypes ?? domainDefault) | AES128_BIT | AES256_BIT) & ~AES256_SK_BIT;
  const krbtgtEtypes = domainDefault | (opts.fast ? FAST_BIT : 0);
  return {
    SERVER: dc.hostName,
    DC_SERVER: dc.hostName,
    REALM: dir.domain.realm,
    DOMAIN: dir.domain.netbiosName,
    USERNAME: user.samAccountName,
    PASSWORD: passwordOf(user, 'USERNAME'),
    ...kvnoVar(world, 'KVNO', user),
    ...kvnoVar(world, 'CLIENT_KVNO', client),
    ...kvnoVar(world, 'MAC_KVNO', mac),
    ...kvnoVar(world, 'SERVICE_KVNO', service),
    ADMIN_USERNAME: user.samAccountName,
    ADMIN_PASSWORD: passwordOf(user, 'ADMIN_USERNAME'),
    FOR_USER: user.samAccountName,
    CLIENT_USERNAME: client.samAccountName,
    CLIENT_PASSWORD: passwordOf(client, 'CLIENT_USERNAME'),
    MAC_USERNAME: mac.samAccountName,
    MAC_PASSWORD: passwordOf(mac, 'MAC_USERNAME'),
    SERVICE_USERNAME: service.samAccountName,
    SERVICE_PASSWORD: passwordOf(service, 'SERVICE_USERNAME'),
    ...keyVars(world, 'KRBTGT', dir.krbtgt),
    KRBTGT_TGS_SUPPORTED_ENCTYPES: String(krbtgtEtypes),
    KRBTGT_AS_SUPPORTED_ENCTYPES: String(krbtgtEtypes),
    KRBTGT_AP_SUPPORTED_ENCTYPES: String(krbtgtEtypes),
    ...keyVars(world, 'DC', dc.computer),
    ...mockRodcVars(world, domainDefault),
    ...accountMapVars(world),
    DC_TGS_SUPPORTED_ENCTYPES: String(dcEtypes),
    DC_AS_SUPPORTED_ENCTYPES: String(dcEtypes),
    DC_AP_SUPPORTED_ENCTYPES: String(dcEtypes),
    FAST_SUPPORT: opts.fast ? '1' : '0',
    CLAIMS_SUPPORT: '0',
    COMPOUND_ID_SUPPORT: '0',
    TKT_SIG_SUPPORT: '1',
    FULL_SIG_SUPPORT: '1',
    GNUTLS_PBKDF2_SUPPORT: '1',
    EXPECT_PAC: '1',
    EXPECT_EXTRA_PAC_BUFFERS: '1',
    CHECK_CNAME: '1',
    CHECK_PADATA: '1',
    KADMIN_IS_TGS: '0',
    STRICT_CHECKING: '0',
    CTLAB_SAMBA_KDC_HOST: opts.host,
    CTLAB_SAMBA_KDC_PORT: String(opts.kdcPort),
    CTLAB_SAMBA_KPASSWD_PORT: String(opts.kpasswdPort ?? 0),
    CTLAB_SAMBA_FUNCTIONAL_LEVEL: String(dir.domain.functionalLevel),
    // simple_tests asks for host/<SERVICE_USERNAME>: selftest gives it the DC's name there.
    CTLAB_SAMBA_MODULE_ENV: JSON.stringify({ simple_tests: { SERVICE_USERNAME: dc.name } }),
  };
}
