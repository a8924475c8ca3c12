/**
 * The product clients' codecs and failure codes: DNS query/response against the lab's own DNS
 * handler and dns2 (an independent parser), the LDAP ping against the CLDAP handler, and the
 * ClientError codes a caller switches on (TIMEOUT, UNREACHABLE, CLOSED, UNEXPECTED_REPLY).
 */
import { createServer, type Server } from 'node:net';
import { createSocket } from 'node:dgram';
import { Packet } from 'dns2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientError } from '../../../clients/errors.ts';
import { buildAsReq, parseReply, sendTcp, sendUdp } from '../../../clients/kerberos/index.ts';
import { decodeResponse, encodeQuery } from '../../../clients/dns/index.ts';
import { cldapPing, decodePingReply, encodePing, LOCATOR_NT_VER } from '../../../clients/ldap/index.ts';
import { DnsFaults } from '../../../emulator/dns/faults.ts';
import { handleMessage } from '../../../emulator/dns/handler.ts';
import { ZoneIndex } from '../../../emulator/dns/lookup.ts';
import { locatorRecords } from '../../../emulator/dns/records.ts';
import { decodeQuery, TYPE } from '../../../emulator/dns/wire.ts';
import { handleDatagram } from '../../../emulator/ldap/cldap/handler.ts';
import { decodeMessage } from '../../../emulator/ldap/codec/index.ts';
import { extractPingTerms } from '../../../emulator/ldap/netlogon/index.ts';
import { fabrikam, dc, PORTS } from '../dns/fixture.ts';
import { multiUpnDirectory } from '../ldap/netlogon/fixture.ts';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof ClientError ? err.code : `other: ${(err as Error).message}`;
  }
}

describe('DNS query and response codec', () => {
  it('encodes a query the lab decoder and dns2 both read (name, type, EDNS payload)', () => {
    const q = encodeQuery('_ldap._tcp.dc._msdcs.fabrikam.local.', TYPE.SRV, { id: 0x1234, ednsPayload: 1232 });
    const ours = decodeQuery(q);
    expect([ours.header.id, ours.header.rd, ours.question.name, ours.question.type, ours.edns?.udpPayloadSize]).toEqual([0x1234, true, '_ldap._tcp.dc._msdcs.fabrikam.local', TYPE.SRV, 1232]);
    const theirs = Packet.parse(Buffer.from(q));
    expect(theirs.questions[0]).toMatchObject({ name: '_ldap._tcp.dc._msdcs.fabrikam.local', type: TYPE.SRV, class: 1 });
  });

  it('refuses a label over 63 octets before sending (BAD_REQUEST)', () => {
    expect(() => encodeQuery(`${'a'.repeat(64)}.local`, TYPE.A, { id: 1 })).toThrow(ClientError);
  });

  it('decodes SRV (with uncompressed targets), A glue, and an NXDOMAIN with its SOA', () => {
    const index = new ZoneIndex(locatorRecords(fabrikam([dc('dc1', { pdc: true }), dc('dc2', { address: '127.0.0.2' })]), PORTS));
    const ask = (name: string, type: number) => handleMessage(encodeQuery(name, type, { id: 7 }), 'udp', index, new DnsFaults([])).reply!;
    const srv = decodeResponse(ask('_ldap._tcp.dc._msdcs.fabrikam.local', TYPE.SRV));
    expect(srv.header).toMatchObject({ id: 7, qr: true, aa: true, rcode: 0 });
    expect(srv.answers.map((r) => r.data)).toEqual([
      { type: 'SRV', priority: 0, weight: 100, port: PORTS.ldap, target: 'dc1.fabrikam.local' },
      { type: 'SRV', priority: 0, weight: 100, port: PORTS.ldap, target: 'dc2.fabrikam.local' },
    ]);
    const a = decodeResponse(ask('dc2.fabrikam.local', TYPE.A));
    expect(a.answers[0]).toMatchObject({ name: 'dc2.fabrikam.local', typeCode: TYPE.A, ttl: 600, data: { type: 'A', address: '127.0.0.2' } });
    const nx = decodeResponse(ask('_ldap._tcp.Nowhere._sites.dc._msdcs.fabrikam.local', TYPE.SRV));
    expect(nx.header.rcode).toBe(3);
    expect(nx.authority[0].data).toMatchObject({ type: 'SOA', serial: 1, minimum: 3600 });
  });

  it('throws DecodeError, not a RangeError, for a truncated response', () => {
    expect(() => decodeResponse(new Uint8Array([0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0, 3, 0x61]))).toThrow(expect.objectContaining({ code: 'DECODE_ERROR' }));
  });
});

describe('the LDAP ping', () => {
  const dir = multiUpnDirectory();
  it('builds the filter Windows sends (DnsDomain, Host, User, AAC, NtVer 0x16) that the DC reads back', () => {
    const msg = decodeMessage(encodePing({ dnsDomain: 'fabrikam.local', host: 'WS1', user: 'alice', aac: 0x10 }, 9));
    if (msg.protocolOp.op !== 'searchRequest') throw new Error('not a search');
    expect(msg.protocolOp).toMatchObject({ baseObject: '', scope: 0, attributes: ['Netlogon'] });
    expect(extractPingTerms(msg.protocolOp.filter)).toMatchObject({ dnsDomain: 'fabrikam.local', host: 'WS1', user: 'alice', aac: 0x10, ntVer: LOCATOR_NT_VER });
    expect(LOCATOR_NT_VER).toBe(0x16);
  });

  it("decodes the lab DC's reply, and refuses a reply to another message id (UNEXPECTED_REPLY)", () => {
    const { reply } = handleDatagram({ directory: dir, dc: dir.dcs[0], clientAddress: '127.0.0.1' }, encodePing({ dnsDomain: 'fabrikam.local' }, 5));
    const r = decodePingReply(reply!, 5);
    expect(r.resultCode).toBe(0);
    expect(r.response).toMatchObject({ form: 'ex', dnsHostName: 'dc1.fabrikam.local', dnsDomainName: 'fabrikam.local' });
    let code = '';
    try {
      decodePingReply(reply!, 6);
    } catch (err) {
      code = (err as ClientError).code;
    }
    expect(code).toBe('UNEXPECTED_REPLY');
  });

  it('reports no entry for another domain as answered: false', () => {
    const { reply } = handleDatagram({ directory: dir, dc: dir.dcs[0] }, encodePing({ dnsDomain: 'east.contoso.com' }, 3));
    expect(decodePingReply(reply!, 3)).toEqual({ resultCode: 0 });
  });
});

describe('ClientError codes on the wire', () => {
  let silentUdp: ReturnType<typeof createSocket>;
  let udpPort: number;
  let closer: Server;
  let closerPort: number;
  let closedPort: number;
  beforeAll(async () => {
    silentUdp = createSocket('udp4');
    await new Promise<void>((r) => silentUdp.bind(0, '127.0.0.1', () => r()));
    udpPort = silentUdp.address().port;
    closer = createServer((s) => s.destroy());
    await new Promise<void>((r) => closer.listen(0, '127.0.0.1', () => r()));
    closerPort = (closer.address() as { port: number }).port;
    const tmp = createServer();
    await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', () => r()));
    closedPort = (tmp.address() as { port: number }).port;
    await new Promise<void>((r) => tmp.close(() => r()));
  });
  afterAll(async () => {
    silentUdp.close();
    await new Promise<void>((r) => closer.close(() => r()));
  });

  const req = buildAsReq({ cname: 'alice', realm: 'FABRIKAM.LOCAL', now: 0 });
  it('TIMEOUT when a UDP KDC or DC never answers', async () => {
    expect(await codeOf(sendUdp('127.0.0.1', udpPort, req, 100))).toBe('TIMEOUT');
    expect(await codeOf(cldapPing({ host: '127.0.0.1', port: udpPort }, { dnsDomain: 'fabrikam.local' }, 100))).toBe('TIMEOUT');
  });
  it('UNREACHABLE when nothing listens on the TCP port', async () => {
    expect(await codeOf(sendTcp('127.0.0.1', closedPort, req, 1000))).toBe('UNREACHABLE');
  });
  it('CLOSED when the KDC closes without a reply', async () => {
    expect(await codeOf(sendTcp('127.0.0.1', closerPort, req, 1000))).toBe('CLOSED');
  });
  it('UNEXPECTED_REPLY when a KDC answers with something that is no reply (an AS-REQ)', () => {
    expect(() => parseReply(req)).toThrow(expect.objectContaining({ code: 'UNEXPECTED_REPLY', client: 'kerberos' }));
  });
});
