/**
 * `ctlab klist [-c CCACHE] [--json]`: the tickets of an MIT credential cache as Windows' klist
 * shows them (clients/admin/klist-format.ts). The cache is -c, else KRB5CCNAME (FILE: caches),
 * else /tmp/krb5cc_<uid>, as MIT klist looks for it. Exit 1 when there is no cache or it does not
 * decode (naming the file), 2 for bad usage.
 */
import { existsSync } from 'node:fs';
import { LabError, UsageError } from '../../../emulator/core/errors.ts';
import { readCcacheFile } from '../../../emulator/kerberos/files/fs.ts';
import { formatKlist, localZone, ticketViews } from '../../admin/klist-format.ts';
import { parseVerbArgs } from '../args.ts';

export const KLIST_USAGE = `usage: ctlab klist [-c CCACHE] [--kdc-called NAME] [--json]
  CCACHE: a FILE: cache path (default: $KRB5CCNAME, else /tmp/krb5cc_<uid>)
  --kdc-called names the KDC the tickets came from (an MIT ccache does not record it)`;

/** The FILE: cache path MIT would use; UsageError for cache types a file reader cannot open. */
export function ccachePath(given: string | undefined, env: NodeJS.ProcessEnv, uid: number): string {
  const name = given ?? env.KRB5CCNAME ?? `FILE:/tmp/krb5cc_${uid}`;
  const m = /^([A-Za-z]+):(.*)$/s.exec(name);
  if (m && m[1].length > 1) {
    if (m[1].toUpperCase() !== 'FILE') throw new UsageError(`${name}: only FILE: credential caches can be read (not ${m[1]}:)`);
    return m[2];
  }
  return name;
}

class CcacheFileError extends LabError {
  readonly code = 'CCACHE_UNREADABLE';
}

export async function klistVerb(args: string[]): Promise<number> {
  const parsed = parseVerbArgs(args, { c: { type: 'string', short: 'c' }, 'kdc-called': { type: 'string' }, json: { type: 'boolean' } }, KLIST_USAGE, true);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  // Windows klist takes a sub-command (tickets, tgt, purge); only the ticket list is served.
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0].toLowerCase() !== 'tickets')) {
    throw new UsageError(`'${positionals.join(' ')}': only 'klist [tickets]' is served here\n${KLIST_USAGE}`);
  }
  const path = ccachePath(values.c as string | undefined, process.env, process.getuid?.() ?? 0);
  if (!existsSync(path)) {
    process.stderr.write(`ctlab klist: no credentials cache found (filename: ${path})\n`);
    return 1;
  }
  let cc;
  try {
    cc = readCcacheFile(path);
  } catch (err) {
    throw new CcacheFileError(`${path}: not an MIT credential cache (${(err as Error).message})`);
  }
  if (values.json) {
    process.stdout.write(JSON.stringify({ cache: `FILE:${path}`, tickets: ticketViews(cc) }, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(formatKlist(`FILE:${path}`, cc, localZone, (values['kdc-called'] as string | undefined) ?? ''));
  return 0;
}
