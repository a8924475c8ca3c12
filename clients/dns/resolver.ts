/**
 * A stub resolver that asks one server (the lab's DNS) one question, as the Windows DNS client
 * does for the DC locator: over UDP, again over TCP when the reply is truncated (RFC 1035 4.2.1,
 * RFC 7766). The answer comes back as data whatever its RCODE (NXDOMAIN is an answer); only no
 * reply at all or a reply that does not match the question throws ClientError.
 */
import { rcodeName, TYPE } from '../../emulator/dns/wire.ts';
import { ClientError } from '../errors.ts';
import { decodeResponse, encodeQuery, type DecodedRecord, type DnsResponse } from './message.ts';
import { TcpProbe, UdpProbe } from './probe.ts';

export interface DnsServerAddress {
  readonly host: string;
  readonly port: number;
}

export interface DnsAnswer {
  readonly name: string;
  readonly type: number;
  /** RCODE name: 'NOERROR', 'NXDOMAIN', 'SERVFAIL', ... */
  readonly rcode: string;
  /** Answer records of the asked type (CNAME chains are not followed; AD locator records have none). */
  readonly records: readonly DecodedRecord[];
  readonly response: DnsResponse;
  /** 'udp', or 'tcp' when the UDP reply was truncated. */
  readonly transport: 'udp' | 'tcp';
}

export interface ResolveOptions {
  readonly timeoutMs?: number;
  /** Query id; default random-ish from the caller's counter. */
  readonly id?: number;
  /** Skip UDP (for tests of the TCP path). */
  readonly tcpOnly?: boolean;
}

let nextId = (Date.now() & 0xffff) ^ 0x5a5a;

function check(res: DnsResponse, id: number, name: string, type: number, peer: string): void {
  if (!res.header.qr) throw new ClientError('dns', 'UNEXPECTED_REPLY', 'the reply is a query (QR=0)', { peer });
  if (res.header.id !== id) throw new ClientError('dns', 'UNEXPECTED_REPLY', `reply id ${res.header.id} does not match ${id}`, { peer });
  const q = res.question;
  if (q && (q.type !== type || q.name.toLowerCase() !== name.toLowerCase().replace(/\.$/, ''))) {
    throw new ClientError('dns', 'UNEXPECTED_REPLY', `the reply answers ${q.name}/${q.type}, not ${name}/${type}`, { peer });
  }
}

/** Asks `server` for `name`/`type` (TYPE.SRV, TYPE.A, ...). */
export async function resolve(server: DnsServerAddress, name: string, type: number, opts: ResolveOptions = {}): Promise<DnsAnswer> {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const id = opts.id ?? (nextId = (nextId + 1) & 0xffff);
  const peer = `${server.host}:${server.port}`;
  const query = encodeQuery(name, type, { id, ednsPayload: 1232 });
  let bytes: Uint8Array | null = null;
  let transport: 'udp' | 'tcp' = 'udp';
  if (!opts.tcpOnly) {
    const udp = await UdpProbe.open(server.port, server.host);
    try {
      bytes = await udp.exchange(query, timeoutMs);
    } finally {
      udp.close();
    }
    if (!bytes) throw new ClientError('dns', 'TIMEOUT', `no reply to ${name} ${type === TYPE.SRV ? 'SRV' : type} within ${timeoutMs} ms`, { peer });
  }
  if (!bytes || decodeResponse(bytes).header.tc) {
    transport = 'tcp';
    let tcp: TcpProbe;
    try {
      tcp = await TcpProbe.open(server.port, server.host);
    } catch (err) {
      throw new ClientError('dns', 'UNREACHABLE', `TCP connect failed: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { peer, cause: err });
    }
    try {
      tcp.send(query);
      bytes = await tcp.next(timeoutMs);
    } finally {
      tcp.close();
    }
    if (!bytes) throw new ClientError('dns', 'TIMEOUT', `no TCP reply to ${name} within ${timeoutMs} ms`, { peer });
  }
  const response = decodeResponse(bytes);
  check(response, id, name, type, peer);
  const records = response.answers.filter((r) => r.typeCode === type);
  return { name, type, rcode: rcodeName(response.header.rcode), records, response, transport };
}
