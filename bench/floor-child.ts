/**
 * The transport floor for the benchmark: the lab KDC's own TCP listener (emulator/kerberos/kdc/
 * tcp.ts: framing, noDelay, idle timeout, connection limit) in its own process, with a handler
 * that does no Kerberos at all and answers every request with the same canned bytes. What it
 * costs per request is what this Node version charges for accepting a connection, reading a
 * frame, writing a reply and closing: the part of the lab's CPU time per request that no change
 * to the KDC can remove. Prints one JSON line { port } and runs until SIGTERM.
 *
 *   node bench/floor-child.ts SCENARIO REPLY_BYTES
 */
import { createKdcContext, createKdcTcpServer } from '../emulator/kerberos/kdc/index.ts';
import { loadWorld } from '../emulator/world.ts';

const [scenario, size] = process.argv.slice(2);
if (!scenario || !size) {
  process.stderr.write('usage: floor-child.ts SCENARIO REPLY_BYTES\n');
  process.exit(2);
}
const ctx = createKdcContext(loadWorld(scenario).directory);
// [APPLICATION 13] (TGS-REP) tag byte, then filler: the load generator only counts replies here.
const reply = new Uint8Array(Number(size)).fill(0x30);
reply[0] = 0x6d;
const server = createKdcTcpServer(ctx, () => reply);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
