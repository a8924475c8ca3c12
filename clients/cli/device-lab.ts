/**
 * What the device commands (`ctlab signin`, `ctlab device register`, `ctlab dsregcmd`) need from
 * the lab: its ready file (`.ctlab/lab.json` or `--lab FILE`), or a lab started in-process from
 * `--scenario FILE` on free ports; the device's own configuration from the scenario (the client
 * settings a GPO would set: dcLocatorHint, joinType, deviceName, and the [domain_realm] mapping
 * `ctlab krb5conf` writes); the lab CA the device trusts (`ctlab ca`, derived from the seed).
 * The user's password is read from the scenario only in `--scenario` mode, and only when the
 * command line gave none.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../emulator/core/errors.ts';
import { LabCa } from '../../emulator/entra/index.ts';
import { startLab, type LabFile, type RunningLab } from '../../emulator/lab.ts';
import type { Scenario } from '../../emulator/scenario/defaults.ts';
import { loadScenario } from '../../emulator/scenario/load.ts';
import type { DomainRealmMap } from '../device/realm.ts';
import { deviceSettings } from '../device/scenario.ts';
import { DEFAULT_LAB_FILE, LabFileError } from './lab-file.ts';

export interface DeviceLab {
  readonly lab: LabFile;
  readonly scenario: Scenario;
  readonly caPem: string;
  readonly domainRealm: DomainRealmMap;
  /** Where the device keeps its state (.ctlab/ beside lab.json, or ./.ctlab). */
  readonly stateDir: string;
  /** Set when the lab runs in this process (--scenario): close it when done. */
  readonly running?: RunningLab;
  /** Client mode (--entra-url): the endpoints come from a URL and DNS, not from a lab's ready file. */
  readonly remote?: boolean;
}

function readLab(path: string): LabFile {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new LabFileError(`${path}: not a readable lab file (${(err as Error).message})`);
  }
  const o = v as Partial<LabFile> | null;
  if (!o || typeof o !== 'object' || typeof o.scenario !== 'string' || typeof o.realm !== 'string' || !o.services || typeof o.services !== 'object') {
    throw new LabFileError(`${path}: expected the object ctlab up writes ({scenario, bind, realm, pid, services})`);
  }
  return { ...o, bind: o.bind ?? '127.0.0.1', pid: o.pid ?? 0, scenario: resolve(dirname(path), '..', o.scenario) } as LabFile;
}

export async function deviceLab(opts: { lab?: string; scenario?: string; cwd?: string }): Promise<DeviceLab> {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.lab !== undefined && opts.scenario !== undefined) throw new UsageError('give --lab FILE or --scenario FILE, not both');
  let lab: LabFile;
  let running: RunningLab | undefined;
  let stateDir: string;
  if (opts.scenario !== undefined) {
    const file = resolve(cwd, opts.scenario);
    if (!existsSync(file)) throw new UsageError(`--scenario ${opts.scenario}: no such file (${file})`);
    running = await startLab(file, { freePorts: true });
    lab = running.labFile();
    stateDir = resolve(cwd, '.ctlab');
  } else {
    const path = resolve(cwd, opts.lab ?? DEFAULT_LAB_FILE);
    if (!existsSync(path)) {
      throw new UsageError(opts.lab !== undefined ? `--lab ${opts.lab}: no such file (${path})` : `no running lab found (${path} is missing): start one with 'ctlab up', or pass --lab FILE or --scenario FILE`);
    }
    lab = readLab(path);
    stateDir = dirname(path);
  }
  const scenario = running ? running.world.scenario : loadScenario(lab.scenario);
  const ca = await LabCa.fromSeed(scenario.seed);
  return {
    lab,
    scenario,
    caPem: ca.pem,
    domainRealm: deviceSettings(scenario).domainRealm,
    stateDir,
    ...(running ? { running } : {}),
  };
}

export { scenarioPassword } from '../device/scenario.ts';

/** `IP` or `IP:PORT` (`[v6]:PORT`) as a DNS server; port 53 when none is given. */
export function parseDnsServer(value: string, what: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(value) ?? /^([^:]+)(?::(\d+))?$/.exec(value) ?? (isIP(value) === 6 ? [value, value, undefined] : null);
  const host = m?.[1];
  const port = m?.[2] === undefined ? 53 : Number(m[2]);
  if (!host || isIP(host) === 0 || !(port > 0 && port < 65536)) throw new UsageError(`${what}: expected IP or IP:PORT of a DNS server, got '${value}'`);
  return { host, port };
}

/** The first `nameserver` of resolv.conf text: the system's resolver, as a Windows device uses its configured DNS. */
export function systemDnsServer(resolvConf: string): { host: string; port: number } | undefined {
  const line = resolvConf.split('\n').map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1]).find((h) => h !== undefined && isIP(h.replace(/%.*$/, '')) !== 0);
  return line ? { host: line.replace(/%.*$/, ''), port: 53 } : undefined;
}

/**
 * Client mode (`ctlab signin --entra-url URL`): no ready file and no lab in this process. The device
 * reaches the token endpoint at URL (its host name resolved by the system resolver, as a device
 * does) and finds the DC through DNS at `dns` (default: the system resolver). The scenario file
 * gives only the device's settings (realm, client section, domain_realm) and, unless `caFile`,
 * the lab CA (derived from its seed).
 */
export async function remoteDeviceLab(opts: { entraUrl: string; dns?: string; scenario?: string; caFile?: string; cwd?: string }): Promise<DeviceLab> {
  const cwd = opts.cwd ?? process.cwd();
  let url: URL;
  try {
    url = new URL(opts.entraUrl);
  } catch {
    throw new UsageError(`--entra-url: expected an https:// or http:// URL, got '${opts.entraUrl}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--entra-url: expected an https:// or http:// URL, got '${opts.entraUrl}'`);
  if (opts.scenario === undefined) throw new UsageError('--entra-url needs --scenario FILE: the scenario the lab runs (the realm, the device settings and the lab CA come from it)');
  const file = resolve(cwd, opts.scenario);
  if (!existsSync(file)) throw new UsageError(`--scenario ${opts.scenario}: no such file (${file})`);
  let dns: { host: string; port: number } | undefined;
  if (opts.dns !== undefined) dns = parseDnsServer(opts.dns, '--dns');
  else {
    dns = existsSync('/etc/resolv.conf') ? systemDnsServer(readFileSync('/etc/resolv.conf', 'utf8')) : undefined;
    if (!dns) throw new UsageError('--dns IP[:PORT] is needed: /etc/resolv.conf names no nameserver');
  }
  const scenario = loadScenario(file);
  const base = url.origin;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const endpoint = { host: url.hostname, port, protocols: ['tcp'], url: base };
  const lab: LabFile = {
    scenario: file,
    bind: dns.host,
    realm: scenario.domain.dnsName.toUpperCase(),
    pid: 0,
    services: { [url.protocol === 'https:' ? 'entra' : 'entra-http']: endpoint, dns: { ...dns, protocols: ['udp', 'tcp'] } },
  };
  const caPem = opts.caFile !== undefined ? readFileSync(resolve(cwd, opts.caFile), 'utf8') : (await LabCa.fromSeed(scenario.seed)).pem;
  return { lab, scenario, caPem, domainRealm: deviceSettings(scenario).domainRealm, stateDir: resolve(cwd, '.ctlab'), remote: true };
}
