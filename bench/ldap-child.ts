/**
 * The lab's LDAP server as its own process for `npm run bench -- --ldap` (so its CPU time can be
 * read from /proc/<pid>): loads the scenario, serves LDAP on a free loopback port (no GC
 * listener, no trace sink), prints one JSON line { port, loadMs, entries } and runs until SIGTERM.
 *
 *   node bench/ldap-child.ts SCENARIO
 */
import { LdapServer } from '../emulator/ldap/index.ts';
import { loadWorld } from '../emulator/world.ts';

const scenario = process.argv[2];
if (!scenario) {
  process.stderr.write('usage: ldap-child.ts SCENARIO\n');
  process.exit(2);
}
const t0 = performance.now();
const world = loadWorld(scenario);
const server = new LdapServer({ directory: world.directory, bind: '127.0.0.1', port: 0, gcPort: null });
const bound = await server.start();
const loadMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ port: bound[0].port, loadMs, entries: world.directory.entries.length })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
