/**
 * The fake Entra ID token endpoint as its own process for the benchmark (CPU time and memory read
 * from /proc/<pid>): loads the scenario, serves plain HTTP on a free loopback port (no TLS, so the
 * rows measure the endpoint, not the handshake), prints one JSON line { port } and runs until
 * SIGTERM. No trace sink.
 */
import { systemClock } from '../emulator/core/clock.ts';
import { systemRandom } from '../emulator/core/random.ts';
import { EntraService } from '../emulator/entra/index.ts';
import { MemoryKerberosDomainStore } from '../emulator/stores/kerberos-domains.ts';
import { loadWorld } from '../emulator/world.ts';

const scenario = process.argv[2];
if (!scenario) {
  process.stderr.write('usage: entra-child.ts SCENARIO\n');
  process.exit(2);
}
const world = loadWorld(scenario);
const svc = new EntraService({
  tenant: world.tenant,
  kerberosDomains: new MemoryKerberosDomainStore(world.tenant.kerberosDomains),
  seed: world.scenario.seed,
  clock: systemClock,
  rng: systemRandom,
  bind: '127.0.0.1',
  httpsPort: null,
  httpPort: 0,
});
const [bound] = await svc.start();
process.stdout.write(`${JSON.stringify({ port: bound.port })}\n`);
process.on('SIGTERM', () => {
  void svc.close().then(() => process.exit(0));
});
