// What `ctlab up` prints after `ready` (without --quiet): the next commands for the scenario.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextCommands } from '../../../clients/cli/verbs/up.ts';
import { loadWorld } from '../../../emulator/world.ts';

describe('ctlab up: the next commands after ready', () => {
  it('names the first two users of the scenario, the kerberos-server view, the locator for its domain and ctlab test', () => {
    const lines = nextCommands(loadWorld(join(import.meta.dirname, '../../../scenarios/multi-upn-suffix.yaml'))).trimEnd().split('\n').slice(1).map((l) => l.trim());
    expect(lines).toEqual([
      'ctlab signin alice@contoso.com --password P',
      'ctlab signin bob@east.contoso.com --password P',
      'ctlab kerberos-server get',
      'ctlab nltest /dsgetdc:fabrikam.local /kdc /keylist',
      'ctlab test',
    ]);
  });
});
