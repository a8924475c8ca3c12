/**
 * How admin verbs find the lab they talk about: `.ctlab/lab.json` in the working directory (or
 * `--lab FILE`), which `ctlab up` writes, or a scenario file given with `--scenario FILE` (with an
 * optional `--kdc HOST:PORT`) so the verbs also work without a running lab.
 *
 * lab.json: { "scenario": "<abs path>", "bind": "127.0.0.1", "realm": "FABRIKAM.LOCAL", "pid": n,
 *             "services": { "kdc": { "host": "127.0.0.1", "port": 10088, ... }, ... } }
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { LabError, UsageError } from '../../emulator/core/errors.ts';
import { localDefaultPorts } from '../../emulator/core/service.ts';
import { parsePort } from '../../emulator/lab-ports.ts';

export const DEFAULT_LAB_FILE = '.ctlab/lab.json';

export interface Endpoint {
  host: string;
  port: number;
}

/** The parts of lab.json the admin verbs read. */
export interface LabFileInfo {
  /** Absolute path of the scenario the lab runs. */
  scenario: string;
  realm?: string;
  bind?: string;
  services: Record<string, Endpoint>;
}

/** lab.json could not be read or is not what `ctlab up` writes. */
export class LabFileError extends LabError {
  readonly code = 'LAB_FILE_INVALID';
}

function endpointOf(v: unknown): Endpoint | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const { host, port } = v as Record<string, unknown>;
  if (typeof host !== 'string' || typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  return { host, port };
}

/** Reads and checks a lab file; relative scenario paths are taken relative to the file's directory's parent. */
export function readLabFile(path: string): LabFileInfo {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new LabFileError(`${path}: not a readable lab file (${(err as Error).message})`);
  }
  if (!data || typeof data !== 'object') throw new LabFileError(`${path}: expected a JSON object`);
  const o = data as Record<string, unknown>;
  if (typeof o.scenario !== 'string' || o.scenario === '') throw new LabFileError(`${path}: "scenario" missing`);
  const services: Record<string, Endpoint> = {};
  if (o.services && typeof o.services === 'object') {
    for (const [name, v] of Object.entries(o.services as Record<string, unknown>)) {
      const e = endpointOf(v);
      if (e) services[name] = e;
    }
  }
  return {
    scenario: isAbsolute(o.scenario) ? o.scenario : resolve(path, '../..', o.scenario),
    ...(typeof o.realm === 'string' ? { realm: o.realm } : {}),
    ...(typeof o.bind === 'string' ? { bind: o.bind } : {}),
    services,
  };
}

/** `HOST:PORT` (IPv6 as `[::1]:88`) as an endpoint; UsageError otherwise. */
export function parseEndpoint(value: string, what: string): Endpoint {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(value) ?? /^([^:]+):(\d+)$/.exec(value);
  if (!m) throw new UsageError(`${what}: expected HOST:PORT, got '${value}'`);
  return { host: m[1], port: parsePort(m[2], what) };
}

export interface LabTarget {
  /** The scenario file to build the world from. */
  scenario: string;
  /** Where the lab's KDC listens (lab.json, --kdc, or the local default 127.0.0.1:10088). */
  kdc: Endpoint;
  kpasswd?: Endpoint;
  /** The lab file used, when one was. */
  labFile?: string;
}

/**
 * Resolves what a verb works on: `--scenario` (+ `--kdc`) when given, else the lab file
 * (`--lab` or .ctlab/lab.json under `cwd`). UsageError when neither is available.
 */
export function resolveLabTarget(opts: { scenario?: string; kdc?: string; lab?: string; cwd?: string }): LabTarget {
  const cwd = opts.cwd ?? process.cwd();
  const labPath = resolve(cwd, opts.lab ?? DEFAULT_LAB_FILE);
  const lab = opts.lab !== undefined || (opts.scenario === undefined && existsSync(labPath)) ? readLabFile(labPath) : undefined;
  if (opts.scenario === undefined && !lab) {
    throw new UsageError(`no running lab found (${labPath} is missing): start one with 'ctlab up' or pass --scenario FILE`);
  }
  const scenario = opts.scenario !== undefined ? resolve(cwd, opts.scenario) : lab!.scenario;
  const kdc = opts.kdc !== undefined ? parseEndpoint(opts.kdc, '--kdc') : (lab?.services.kdc ?? { host: '127.0.0.1', port: localDefaultPorts().kerberos });
  const kpasswd = lab?.services.kpasswd;
  return { scenario, kdc, ...(kpasswd ? { kpasswd } : {}), ...(lab ? { labFile: labPath } : {}) };
}
