/**
 * `ctlab kerberos-server get|set|rotate|remove`: the AzureADHybridAuthenticationManagement cmdlets
 * (Get-/Set-/Remove-AzureADKerberosServer, Set-... -RotateServerKey) against a running lab,
 * through its admin API (emulator/admin/, loopback HTTP, found in the ready file as `admin`).
 * Exit 0 done, 1 the lab refused or is not running (the ready file named), 2 bad usage.
 */
import { UsageError } from '../../../emulator/core/errors.ts';
import type { KerberosServerView } from '../../../emulator/admin/view.ts';
import { parseVerbArgs } from '../args.ts';
import { formatKerberosServer } from '../kerberos-server-view.ts';
import { adminUrlOf } from '../admin-client.ts';

export const KERBEROS_SERVER_USAGE = `usage: ctlab kerberos-server get [--json] [--lab FILE]
       ctlab kerberos-server set [--json] [--lab FILE]
       ctlab kerberos-server rotate [--force] [--on-prem-only | --cloud-only] [--json] [--lab FILE]
       ctlab kerberos-server remove [--json] [--lab FILE]
  get     the fields of Get-AzureADKerberosServer (AD's objects, then the Cloud* fields of the
          tenant's KerberosDomain)
  set     create AzureADKerberos and krbtgt_AzureAD when missing and publish AD's key to the cloud
  rotate  a new key on both sides (refused within 24 hours of KeyUpdatedOn unless --force);
          --on-prem-only / --cloud-only make a rotation that reached one side
  remove  remove the objects on both sides
  --lab FILE is the running lab's ready file (default .ctlab/lab.json).`;

const ACTIONS: Record<string, { method: string; path: string; flags: readonly string[] }> = {
  get: { method: 'GET', path: '/kerberos-server', flags: [] },
  set: { method: 'PUT', path: '/kerberos-server', flags: [] },
  rotate: { method: 'POST', path: '/kerberos-server/rotate', flags: ['force', 'on-prem-only', 'cloud-only'] },
  remove: { method: 'DELETE', path: '/kerberos-server', flags: [] },
};

export async function kerberosServerVerb(args: string[]): Promise<number> {
  const parsed = parseVerbArgs(
    args,
    {
      lab: { type: 'string' },
      json: { type: 'boolean' },
      force: { type: 'boolean' },
      'on-prem-only': { type: 'boolean' },
      'cloud-only': { type: 'boolean' },
    },
    KERBEROS_SERVER_USAGE,
    true,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`expected one action (get, set, rotate or remove)\n${KERBEROS_SERVER_USAGE}`);
  const name = positionals[0];
  const action = ACTIONS[name];
  if (!action) throw new UsageError(`unknown action '${name}': expected get, set, rotate or remove\n${KERBEROS_SERVER_USAGE}`);
  for (const f of ['force', 'on-prem-only', 'cloud-only'] as const) {
    if (values[f] && !action.flags.includes(f)) throw new UsageError(`--${f} applies to rotate only\n${KERBEROS_SERVER_USAGE}`);
  }
  if (values['on-prem-only'] && values['cloud-only']) throw new UsageError(`--on-prem-only and --cloud-only exclude each other\n${KERBEROS_SERVER_USAGE}`);

  const { url, labFile } = adminUrlOf(values.lab);
  const body =
    name === 'rotate'
      ? JSON.stringify({ ...(values.force ? { force: true } : {}), ...(values['on-prem-only'] ? { onPremOnly: true } : {}), ...(values['cloud-only'] ? { cloudOnly: true } : {}) })
      : undefined;
  let res: Response;
  try {
    res = await fetch(`${url}${action.path}`, {
      method: action.method,
      ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    process.stderr.write(`ctlab kerberos-server: the lab in ${labFile} does not answer at ${url} (${cause}): is it running? start it with 'ctlab up'\n`);
    return 1;
  }
  let out: unknown;
  try {
    out = await res.json();
  } catch {
    process.stderr.write(`ctlab kerberos-server: ${url}${action.path} answered HTTP ${res.status} without JSON: is ${url} the lab's admin API (${labFile})?\n`);
    return 1;
  }
  if (!res.ok) {
    const e = (out as { error?: { code?: string; message?: string } }).error;
    process.stderr.write(`ctlab kerberos-server ${name}: ${e?.code ?? `HTTP ${res.status}`}: ${e?.message ?? ''}\n`);
    return 1;
  }
  const view = (out as { kerberosServer: KerberosServerView }).kerberosServer;
  if (values.json) process.stdout.write(JSON.stringify(view, null, 2) + '\n');
  else process.stdout.write('\n' + formatKerberosServer(view) + '\n');
  return 0;
}
