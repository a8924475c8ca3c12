import { afterEach, describe, expect, it } from 'vitest';
import { createDnsServer, type DnsServer } from '../../../emulator/dns/server.ts';
import { ServiceStateError } from '../../../emulator/core/errors.ts';
import type { DnsEvent } from '../../../emulator/dns/handler.ts';
import { decodeHeader, RCODE, TYPE } from '../../../emulator/dns/wire.ts';
import { fabrikam, PORTS } from './fixture.ts';
import { TcpProbe, UdpProbe } from '../../../clients/dns/index.ts';
import { query } from './respond.ts';
import { walkMessage } from './walk.ts';

let server: DnsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(faults: Parameters<typeof createDnsServer>[0]['faults'] = [], events: DnsEvent[] = []): Promise<number> {
  server = createDnsServer({ directory: fabrikam(), ports: PORTS, port: 0, faults, onEvent: (e) => events.push(e) });
  const addrs = await server.start();
  expect(addrs.map((a) => [a.name, a.protocol, a.host])).toEqual([
    ['dns/udp', 'udp', '127.0.0.1'],
    ['dns/tcp', 'tcp', '127.0.0.1'],
  ]);
  expect(addrs[0].port).toBe(addrs[1].port);
  expect(addrs[0].port).toBeGreaterThan(0);
  expect(server.addresses).toEqual(addrs);
  expect(server.state).toBe('running');
  return addrs[0].port;
}

describe('DNS service lifecycle and transports', () => {
  it('answers over UDP and TCP on the same port and reports events', async () => {
    const events: DnsEvent[] = [];
    const port = await start([], events);
    const udp = await UdpProbe.open(port);
    const r = await udp.exchange(query('_kerberos._udp.fabrikam.local', TYPE.SRV, { id: 11 }));
    udp.close();
    expect(decodeHeader(r!).rcode).toBe(RCODE.NOERROR);
    expect(walkMessage(r!).rrs.filter((x) => x.type === TYPE.SRV)).toHaveLength(1);
    const tcp = await TcpProbe.open(port);
    // Two pipelined queries on one connection (RFC 7766 6.2.1.1).
    tcp.send(query('dc1.fabrikam.local', TYPE.A, { id: 21 }));
    tcp.send(query('example.org', TYPE.A, { id: 22 }));
    const a = await tcp.next();
    const b = await tcp.next();
    tcp.close();
    expect([decodeHeader(a!).id, decodeHeader(a!).rcode]).toEqual([21, RCODE.NOERROR]);
    expect([decodeHeader(b!).id, decodeHeader(b!).rcode]).toEqual([22, RCODE.REFUSED]);
    expect(events.map((e) => [e.transport, e.name, e.rcode])).toEqual([
      ['udp', '_kerberos._udp.fabrikam.local', 'NOERROR'],
      ['tcp', 'dc1.fabrikam.local', 'NOERROR'],
      ['tcp', 'example.org', 'REFUSED'],
    ]);
    expect(events[0].peer).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('delays a reply by the fault delay and drops another', async () => {
    const events: DnsEvent[] = [];
    const port = await start(
      [
        { name: 'dc1.fabrikam.local', action: 'delay', delayMs: 150 },
        { name: 'fabrikam.local', type: 'SOA', action: 'drop' },
      ],
      events,
    );
    const udp = await UdpProbe.open(port);
    const t0 = performance.now();
    const r = await udp.exchange(query('dc1.fabrikam.local', TYPE.A, { id: 31 }));
    const elapsed = performance.now() - t0;
    expect(decodeHeader(r!).rcode).toBe(RCODE.NOERROR);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(await udp.exchange(query('fabrikam.local', TYPE.SOA, { id: 32 }), 300)).toBeNull();
    udp.close();
    expect(events.map((e) => [e.name, e.fault, e.rcode])).toEqual([
      ['dc1.fabrikam.local', 'delay', 'NOERROR'],
      ['fabrikam.local', 'drop', null],
    ]);
  });

  it('refuses a second start, closes idempotently and frees the port', async () => {
    const port = await start();
    await expect(server!.start()).rejects.toBeInstanceOf(ServiceStateError);
    const tcp = await TcpProbe.open(port);
    await server!.close();
    await server!.close();
    expect(server!.state).toBe('closed');
    await tcp.next(500);
    expect(tcp.closed).toBe(true);
    const again = createDnsServer({ directory: fabrikam(), ports: PORTS, port });
    await again.start();
    await again.close();
  });

  it('closes idle TCP connections after the idle timeout', async () => {
    server = createDnsServer({ directory: fabrikam(), ports: PORTS, port: 0, tcpIdleTimeoutMs: 100 });
    const [addr] = await server.start();
    const tcp = await TcpProbe.open(addr.port);
    expect(await tcp.next(1000)).toBeNull();
    expect(tcp.closed).toBe(true);
  });
});
