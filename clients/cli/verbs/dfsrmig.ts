/**
 * `ctlab dfsrmig /getmigrationstate | /getglobalstate` against the running lab: reads the SYSVOL
 * migration objects over LDAP from the lab's DC (the PDC, which dfsrmig insists on) as the
 * scenario's Administrator and prints what dfsrmig.exe prints (clients/admin/dfsrmig.ts).
 * `/setglobalstate N` is refused by name: the lab's directory does not change at run time, so
 * the state is the scenario's `sysvol` setting. Exit 2 for bad usage.
 */
import { UsageError } from '../../../emulator/core/errors.ts';
import { readRootDse } from '../../admin/dc-list.ts';
import { formatGlobalState, formatMigrationState, readMigrationState } from '../../admin/dfsrmig.ts';
import { LdapConnection } from '../../ldap/search.ts';
import { adminCredentials } from '../admin-bind.ts';
import { resolveLabEndpoints } from '../lab-endpoints.ts';
import { parseEndpoint } from '../lab-file.ts';

export const DFSRMIG_USAGE = `usage: ctlab dfsrmig /getmigrationstate | /getglobalstate [--json]
  options: --lab FILE (default .ctlab/lab.json) | --ldap HOST:PORT
           --user NAME --password P (default: the scenario's Administrator)
  /setglobalstate is not served: set sysvol.globalState in the scenario and restart the lab`;

export async function dfsrmigVerb(args: string[]): Promise<number> {
  type Op = 'getmigrationstate' | 'getglobalstate';
  let op: Op | undefined;
  const opts: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help' || a === '/?') {
      process.stdout.write(DFSRMIG_USAGE + '\n');
      return 0;
    }
    if (a === '--json') {
      json = true;
      continue;
    }
    if (a.startsWith('--')) {
      const name = a.slice(2);
      if (!['lab', 'ldap', 'user', 'password'].includes(name)) throw new UsageError(`unknown option '${a}'\n${DFSRMIG_USAGE}`);
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${DFSRMIG_USAGE}`);
      opts[name] = v;
      continue;
    }
    const sw = a.toLowerCase();
    if (sw === '/getmigrationstate' || sw === '/getglobalstate') {
      if (op) throw new UsageError(`one command at a time, got '${a}' after /${op}`);
      op = sw.slice(1) as Op;
    } else if (sw === '/setglobalstate') {
      throw new UsageError(
        `/setglobalstate is not supported here: the lab's directory does not change at run time; set sysvol.globalState (0 Start, 1 Prepared, 2 Redirected, 3 Eliminated) in the scenario and restart the lab`,
      );
    } else if (['/createglobalobjects', '/deleterontfrsmember', '/deleterodfsrmember'].includes(sw)) {
      throw new UsageError(`${a} is not supported here: the lab's directory does not change at run time`);
    } else {
      throw new UsageError(`unknown command '${a}'\n${DFSRMIG_USAGE}`);
    }
  }
  if (!op) throw new UsageError(`missing /getmigrationstate or /getglobalstate\n${DFSRMIG_USAGE}`);
  const ends = opts.ldap ? undefined : resolveLabEndpoints({ lab: opts.lab, allowNoDns: true });
  const ldap = opts.ldap ? parseEndpoint(opts.ldap, '--ldap') : ends!.ldap;
  const creds = adminCredentials({ user: opts.user, password: opts.password, scenario: ends?.scenario });
  const conn = await LdapConnection.open(ldap.host, ldap.port);
  try {
    const root = await readRootDse(conn);
    const bound = await conn.bind(creds.name, creds.password);
    if (bound.resultCode !== 0) {
      process.stdout.write(`Unable to connect to the Primary DC's AD.\n\nPlease make sure that the PDC is reachable and try the command later.\n`);
      process.stderr.write(`ctlab dfsrmig: bind as ${creds.name} refused: ${bound.resultName} ${bound.diagnosticMessage}\n`);
      return 1;
    }
    const state = await readMigrationState(conn, root);
    if (json) process.stdout.write(JSON.stringify(state, null, 2) + '\n');
    else process.stdout.write(op === 'getmigrationstate' ? formatMigrationState(state) : formatGlobalState(state));
    return 0;
  } finally {
    conn.close();
  }
}
