/**
 * The credentials an admin command binds to LDAP with: `--user` and `--password` when given,
 * else the scenario's built-in Administrator (the scenario holds every password), as an admin
 * signed in to a domain-joined machine would be. The password is never printed.
 */
import { UsageError } from '../../emulator/core/errors.ts';
import { loadScenario } from '../../emulator/scenario/load.ts';

export interface BindCredentials {
  readonly name: string;
  readonly password: string;
}

export function adminCredentials(opts: { user?: string; password?: string; scenario?: string }): BindCredentials {
  if (opts.user !== undefined || opts.password !== undefined) {
    if (opts.user === undefined || opts.password === undefined) throw new UsageError('--user and --password go together');
    return { name: opts.user, password: opts.password };
  }
  if (!opts.scenario) throw new UsageError('no scenario to take the Administrator password from: pass --user and --password, or run against a lab started with ctlab up');
  const s = loadScenario(opts.scenario);
  return { name: `${s.domain.netbiosName}\\Administrator`, password: s.builtin.administrator.password };
}
