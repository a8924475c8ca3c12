/**
 * The lab KDC as its own process for the benchmark (so its CPU time and memory can be read from
 * /proc/<pid>): loads the scenario, derives the key table once, serves TCP+UDP on a free loopback
 * port, prints one JSON line { port, deriveMs, accounts, keys } and runs until SIGTERM.
 * No trace sink and no logging: the measured work is the exchanges.
 */
import { createKdcContext, startKdc } from '../emulator/kerberos/kdc/index.ts';
import { loadWorld } from '../emulator/world.ts';

const scenario = process.argv[2];
if (!scenario) {
  process.stderr.write('usage: lab-kdc-child.ts SCENARIO\n');
  process.exit(2);
}
const world = loadWorld(scenario);
const ctx = createKdcContext(world.directory);
const kdc = await startKdc(ctx, { host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: kdc.port, deriveMs: ctx.keys.stats.deriveMs, accounts: ctx.keys.stats.accounts, keys: ctx.keys.stats.keys })}\n`);
process.on('SIGTERM', () => {
  void kdc.close().then(() => process.exit(0));
});
