/** Starts a scenario's lab on free loopback ports for client tests (one call, closed after). */
import { join } from 'node:path';
import { startLab, type RunningLab } from '../../../emulator/lab.ts';

export const SCENARIOS = join(import.meta.dirname, '../../../scenarios');

export function startTestLab(file: string): Promise<RunningLab> {
  return startLab(join(SCENARIOS, file), { ports: { dns: 0, kerberos: 0, ldap: 0, gc: 0, kpasswd: 0, entra: 0 }, freePorts: true, env: {} });
}

export function endpoints(lab: RunningLab) {
  return { dns: { host: '127.0.0.1', port: lab.port('dns')! }, ldapPort: lab.port('ldap')!, kdcPort: lab.port('kdc')! };
}
