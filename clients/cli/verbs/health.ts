/**
 * `ctlab health [--lab FILE] [--timeout MS]`: exit 0 when the lab the ready file describes is
 * running and every service it lists answers a request of its own protocol on each transport
 * (clients/health), 1 otherwise (also when there is no ready file yet: not ready). One line per
 * probe. The container HEALTHCHECK and the Kubernetes readiness probe run it inside the
 * container, where the ready file is $CTLAB_READY_FILE.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../../emulator/core/errors.ts';
import type { LabFile } from '../../../emulator/lab.ts';
import { checkLab } from '../../health/check.ts';
import { parseVerbArgs } from '../args.ts';
import { DEFAULT_READY_FILE } from './up.ts';

const USAGE = `usage: ctlab health [--lab FILE] [--timeout MS]
  FILE defaults to $CTLAB_READY_FILE, else ${DEFAULT_READY_FILE}; MS (per probe) to 2000.
  Exit 0 when every service the file lists answers its protocol, 1 otherwise.`;

/** The parts of the ready file the probes need, or why it is not usable. */
function readReadyFile(path: string): Pick<LabFile, 'realm' | 'services' | 'pid'> | string {
  if (!existsSync(path)) return `no ready file at ${path} (the lab has not started yet)`;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return `${path}: not JSON (${(err as Error).message})`;
  }
  const services = o.services as LabFile['services'] | undefined;
  if (typeof o.realm !== 'string' || !services || typeof services !== 'object') return `${path}: no "realm" and "services"`;
  for (const [name, s] of Object.entries(services)) {
    if (typeof s?.host !== 'string' || typeof s.port !== 'number' || !Array.isArray(s.protocols)) return `${path}: services.${name} is not {host, port, protocols}`;
  }
  return { realm: o.realm, services, pid: typeof o.pid === 'number' ? o.pid : 0 };
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function healthVerb(args: string[]): Promise<number> {
  const parsed = parseVerbArgs(args, { lab: { type: 'string' }, timeout: { type: 'string' } }, USAGE);
  if (!parsed) return 0;
  const { values } = parsed;
  const timeout = values.timeout === undefined ? 2000 : Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0) throw new UsageError(`--timeout: expected milliseconds > 0, got '${values.timeout}'\n${USAGE}`);
  const path = resolve(values.lab ?? (process.env.CTLAB_READY_FILE || DEFAULT_READY_FILE));
  const lab = readReadyFile(path);
  if (typeof lab === 'string') {
    process.stdout.write(`not ready: ${lab}\n`);
    return 1;
  }
  if (lab.pid > 0 && !running(lab.pid)) {
    process.stdout.write(`not ready: the lab of ${path} (pid ${lab.pid}) is not running\n`);
    return 1;
  }
  const results = await checkLab(lab, timeout);
  for (const r of results) {
    const where = r.target.host.includes(':') ? `[${r.target.host}]:${r.target.port}` : `${r.target.host}:${r.target.port}`;
    process.stdout.write(`${`${r.service}/${r.protocol}`.padEnd(12)} ${where.padEnd(21)} ${r.ok ? 'ok' : 'FAILED'}: ${r.detail} (${r.ms} ms)\n`);
  }
  const failed = results.filter((r) => !r.ok).length;
  process.stdout.write(failed === 0 ? `healthy: ${results.length} probes answered\n` : `unhealthy: ${failed} of ${results.length} probes failed\n`);
  return failed === 0 ? 0 : 1;
}
