/**
 * Where the admin commands that speak DNS and LDAP find the lab: `--dns HOST:PORT` and
 * `--ldap-port N` when given, else the running lab's file (`--lab FILE`, default .ctlab/lab.json),
 * whose `dns` and `ldap` services `ctlab up` writes. The scenario path comes along so a command
 * can bind as the scenario's Administrator, as an admin on a domain-joined machine would.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../emulator/core/errors.ts';
import { parsePort } from '../../emulator/lab-ports.ts';
import { DEFAULT_LAB_FILE, parseEndpoint, readLabFile, type Endpoint } from './lab-file.ts';

export interface LabEndpoints {
  /** Absent only when the caller said it needs no DNS (`allowNoDns`) and none is known. */
  readonly dns?: Endpoint;
  /** The LDAP/CLDAP port every DC listens on (CLDAP pings go there). */
  readonly ldapPort: number;
  /** The lab's own LDAP endpoint (the serving DC). */
  readonly ldap: Endpoint;
  readonly scenario?: string;
  readonly labFile?: string;
}

export function resolveLabEndpoints(opts: { lab?: string; dns?: string; ldapPort?: string; cwd?: string; allowNoDns?: boolean }): LabEndpoints {
  const cwd = opts.cwd ?? process.cwd();
  const labPath = resolve(cwd, opts.lab ?? DEFAULT_LAB_FILE);
  if (opts.lab !== undefined && !existsSync(labPath)) throw new UsageError(`--lab ${opts.lab}: no such file (${labPath})`);
  const useLab = opts.lab !== undefined || existsSync(labPath);
  const lab = useLab ? readLabFile(labPath) : undefined;
  const dns = opts.dns !== undefined ? parseEndpoint(opts.dns, '--dns') : lab?.services.dns;
  if (!dns && !(opts.allowNoDns && lab)) {
    throw new UsageError(lab ? `${labPath} names no dns service: pass --dns HOST:PORT` : `no running lab found (${labPath} is missing): start one with 'ctlab up', or pass --lab FILE or --dns HOST:PORT`);
  }
  const ldapPort = opts.ldapPort !== undefined ? parsePort(opts.ldapPort, '--ldap-port') : (lab?.services.ldap?.port ?? 389);
  const ldap = lab?.services.ldap ?? { host: dns?.host ?? '127.0.0.1', port: ldapPort };
  return { ...(dns ? { dns } : {}), ldapPort, ldap, ...(lab ? { scenario: lab.scenario, labFile: labPath } : {}) };
}
