/**
 * `ctlab nltest /dsgetdc:DOMAIN [/kdc] [/keylist] [/writable] ...` and `ctlab nltest /dclist:DOMAIN`
 * against the running lab, printing what Windows' nltest prints. /dsgetdc runs the DC locator over
 * the wire (DNS SRV, CLDAP ping; clients/locator); /dclist locates a DC, then reads the DC list
 * over LDAP from it. Exit 0 on success, 1 when no DC is found (1355 ERROR_NO_SUCH_DOMAIN), 2 for
 * bad usage.
 */
import { UsageError } from '../../../emulator/core/errors.ts';
import type { TraceEnvelope } from '../../../emulator/trace/envelope.ts';
import { readDcList, readRootDse } from '../../admin/dc-list.ts';
import { formatDcList, formatDsGetDc, formatDsGetDcFailure, statusText } from '../../admin/nltest-format.ts';
import { ClientError } from '../../errors.ts';
import { LdapConnection } from '../../ldap/search.ts';
import { DSGETDC, locateDc, type LocateResult } from '../../locator/index.ts';
import { adminCredentials } from '../admin-bind.ts';
import { resolveLabEndpoints } from '../lab-endpoints.ts';

export const NLTEST_USAGE = `usage: ctlab nltest /dsgetdc:DOMAIN [/kdc] [/keylist] [/writable] [/pdc] [/gc] [/ds] [/timeserv]
                    [/ds_6] [/ds_8] [/ds_9] [/ds_10] [/web_service] [/site:SITE] [/force]
       ctlab nltest /dclist:DOMAIN
  options: --lab FILE (default .ctlab/lab.json) | --dns HOST:PORT [--ldap-port N]
           --client-address ADDR (ping from this local address; its subnet decides "Our Site Name")
           --user NAME --password P (LDAP bind for /dclist; default the scenario's Administrator)
           --timeout MS (per DNS query and ping, default 1000)  --trace (each locator step to stderr)
           --json (/dsgetdc: the DC found or the status, with every locator step as a trace envelope)`;

/** nltest's /dsgetdc switches and the DSGETDC flag each sets. */
const SWITCHES: Record<string, number> = {
  kdc: DSGETDC.DS_KDC_REQUIRED,
  keylist: DSGETDC.DS_KEY_LIST_SUPPORT_REQUIRED,
  writable: DSGETDC.DS_WRITABLE_REQUIRED,
  pdc: DSGETDC.DS_PDC_REQUIRED,
  gc: DSGETDC.DS_GC_SERVER_REQUIRED,
  ds: DSGETDC.DS_DIRECTORY_SERVICE_REQUIRED,
  dsp: DSGETDC.DS_DIRECTORY_SERVICE_PREFERRED,
  timeserv: DSGETDC.DS_TIMESERV_REQUIRED,
  gtimeserv: DSGETDC.DS_GOOD_TIMESERV_PREFERRED,
  ds_6: DSGETDC.DS_DIRECTORY_SERVICE_6_REQUIRED,
  ds_8: DSGETDC.DS_DIRECTORY_SERVICE_8_REQUIRED,
  ds_9: DSGETDC.DS_DIRECTORY_SERVICE_9_REQUIRED,
  ds_10: DSGETDC.DS_DIRECTORY_SERVICE_10_REQUIRED,
  web_service: DSGETDC.DS_WEB_SERVICE_REQUIRED,
  // The lab keeps no locator cache: every run rediscovers, so /force changes nothing.
  force: DSGETDC.DS_FORCE_REDISCOVERY,
  dns: DSGETDC.DS_IS_DNS_NAME,
  ret_dns: DSGETDC.DS_RETURN_DNS_NAME,
  try_next_closest_site: DSGETDC.DS_TRY_NEXTCLOSEST_SITE,
  avoidself: DSGETDC.DS_AVOID_SELF,
};

/** Switches nltest has that the lab cannot honour: refused by name instead of ignored. */
const UNSUPPORTED: Record<string, string> = {
  netbios: 'the lab serves DNS-based discovery only (no NetBIOS mailslot pings)',
  ret_netbios: 'the lab returns DNS names only',
  ip: 'the lab answers over IP only; /ip changes nothing and is refused to say so',
  background: 'the lab keeps no locator cache',
};

export interface NltestCommand {
  readonly op: 'dsgetdc' | 'dclist';
  readonly domain: string;
  readonly flags: number;
  readonly site?: string;
  readonly options: Record<string, string | true>;
}

const LONG_OPTIONS = new Set(['lab', 'dns', 'ldap-port', 'client-address', 'user', 'password', 'timeout']);

/** Parses nltest's Windows-style switches (case-insensitive) and ctlab's --options. */
export function parseNltestArgs(args: readonly string[]): NltestCommand | 'help' {
  let op: NltestCommand['op'] | undefined;
  let domain = '';
  let flags = 0;
  let site: string | undefined;
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help' || a === '/?') return 'help';
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (name === 'trace' || name === 'json') {
        options[name] = true;
        continue;
      }
      if (!LONG_OPTIONS.has(name)) throw new UsageError(`unknown option '${a}'\n${NLTEST_USAGE}`);
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${NLTEST_USAGE}`);
      options[name] = v;
      continue;
    }
    if (!a.startsWith('/')) throw new UsageError(`unexpected argument '${a}': nltest switches start with '/'\n${NLTEST_USAGE}`);
    const [rawName, value] = a.slice(1).split(/:(.*)/s, 2);
    const name = rawName.toLowerCase();
    if (name === 'dsgetdc' || name === 'dclist') {
      if (op) throw new UsageError(`one of /dsgetdc: or /dclist: only, got '${a}' after /${op}:\n${NLTEST_USAGE}`);
      if (!value) throw new UsageError(`/${name}: needs a domain name, e.g. /${name}:fabrikam.local\n${NLTEST_USAGE}`);
      op = name;
      domain = value;
    } else if (name === 'site') {
      if (!value) throw new UsageError(`/site: needs a site name\n${NLTEST_USAGE}`);
      site = value;
    } else if (name in UNSUPPORTED) {
      throw new UsageError(`/${rawName} is not supported here: ${UNSUPPORTED[name]}`);
    } else if (name in SWITCHES && value === undefined) {
      flags |= SWITCHES[name];
    } else {
      throw new UsageError(`unknown switch '${a}'\n${NLTEST_USAGE}`);
    }
  }
  if (!op) throw new UsageError(`missing /dsgetdc:DOMAIN or /dclist:DOMAIN\n${NLTEST_USAGE}`);
  if (op === 'dclist' && (flags || site)) throw new UsageError(`/dclist: takes no locator switches\n${NLTEST_USAGE}`);
  if (/[\s/\\]/.test(domain) || domain.length > 255) throw new UsageError(`'${domain}' is not a domain name`);
  return { op, domain, flags: flags >>> 0, ...(site ? { site } : {}), options };
}

function traceLine(e: TraceEnvelope): string {
  return `${e.service} ${e.step.padEnd(10)} ${e.verdict.padEnd(5)} ${e.code ?? ''}${e.fact ? `: ${e.fact}` : ''}`;
}

export async function nltestVerb(args: string[]): Promise<number> {
  const cmd = parseNltestArgs(args);
  if (cmd === 'help') {
    process.stdout.write(NLTEST_USAGE + '\n');
    return 0;
  }
  const o = cmd.options;
  const str = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const ends = resolveLabEndpoints({ lab: str('lab'), dns: str('dns'), ldapPort: str('ldap-port') });
  const dns = ends.dns;
  if (!dns) throw new UsageError('no DNS server known: pass --dns HOST:PORT');
  const timeout = str('timeout');
  if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new UsageError(`--timeout: expected milliseconds, got '${timeout}'`);
  const locate = (flags: number): Promise<LocateResult> =>
    locateDc({
      dns,
      ldapPort: ends.ldapPort,
      domain: cmd.domain,
      flags,
      ...(cmd.site ? { siteName: cmd.site } : {}),
      ...(str('client-address') ? { clientAddress: str('client-address') } : {}),
      ...(timeout ? { timeoutMs: Number(timeout) } : {}),
      ...(o.trace ? { onEvent: (e: TraceEnvelope) => process.stderr.write(traceLine(e) + '\n') } : {}),
    });

  if (cmd.op === 'dsgetdc') {
    const r = await locate(cmd.flags);
    if (o.json) {
      process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      return r.ok ? 0 : 1;
    }
    if (!r.ok) {
      process.stdout.write(formatDsGetDcFailure(r.status, r.statusName));
      return 1;
    }
    process.stdout.write(formatDsGetDc(r.dc));
    return 0;
  }

  // /dclist: find a DC (DS_DIRECTORY_SERVICE_PREFERRED, as nltest does), then ask it for the list.
  const r = await locate(DSGETDC.DS_DIRECTORY_SERVICE_PREFERRED);
  if (!r.ok) {
    process.stdout.write(`Cannot find DC to get DC list from.${statusText(r.status, r.statusName)}\n`);
    return 1;
  }
  const creds = adminCredentials({ user: str('user'), password: str('password'), scenario: ends.scenario });
  let conn: LdapConnection;
  try {
    conn = await LdapConnection.open(r.dc.address, ends.ldapPort);
  } catch (err) {
    // Only the lab's serving DC runs LDAP over TCP; the others answer pings only.
    if (!(err instanceof ClientError)) throw err;
    conn = await LdapConnection.open(ends.ldap.host, ends.ldap.port);
  }
  try {
    const root = await readRootDse(conn);
    const bound = await conn.bind(creds.name, creds.password);
    if (bound.resultCode !== 0) {
      process.stdout.write(`You don't have access to DsBind to ${cmd.domain} (\\\\${root.dnsHostName}) (${bound.resultName}: ${bound.diagnosticMessage})\n`);
      return 1;
    }
    process.stdout.write(formatDcList(cmd.domain, root.dnsHostName, await readDcList(conn, root)));
    return 0;
  } finally {
    conn.close();
  }
}

