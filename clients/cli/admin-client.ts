/**
 * Where the running lab's admin API is: the `admin` entry of its ready file (`--lab FILE`, default
 * .ctlab/lab.json), written by `ctlab up`. A missing or unreadable file is a LabFileError (exit 1)
 * naming the file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_LAB_FILE, LabFileError, readLabFile } from './lab-file.ts';

export function adminUrlOf(lab: string | undefined, cwd = process.cwd()): { url: string; labFile: string } {
  const labFile = resolve(cwd, lab ?? DEFAULT_LAB_FILE);
  if (!existsSync(labFile)) throw new LabFileError(`no running lab: ${labFile} is missing (start one with 'ctlab up', or pass --lab FILE)`);
  const info = readLabFile(labFile);
  const admin = info.services.admin;
  if (!admin) throw new LabFileError(`${labFile} names no admin endpoint (a lab started before the admin API existed?): restart it with 'ctlab up'`);
  const host = admin.host.includes(':') ? `[${admin.host}]` : admin.host;
  return { url: `http://${host}:${admin.port}`, labFile };
}

/** GET /kerberos-server of a running lab; undefined when it does not answer. */
export async function fetchKerberosServerState(url: string): Promise<import('../../emulator/admin/kerberos-server.ts').KerberosServerState | undefined> {
  try {
    const res = await fetch(`${url}/kerberos-server`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return undefined;
    return (await res.json()) as import('../../emulator/admin/kerberos-server.ts').KerberosServerState;
  } catch {
    return undefined;
  }
}
