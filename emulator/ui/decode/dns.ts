/**
 * A DNS exchange decoded (RFC 1035 4.1): the query's question, the response's header flags and
 * RCODE, then every answer, authority and additional record with its RDATA by type (A, AAAA,
 * SRV as priority/weight/port/target, CNAME, NS, PTR, SOA, TXT; OPT as the EDNS payload size).
 */
import { DecodeError } from '../../core/errors.ts';
import { decodeHeader, decodeName, HEADER_BYTES, rcodeName, typeName } from '../../dns/wire.ts';
import type { Capture } from '../../trace/capture.ts';
import { attempt, failed, group, keyed, node, type DecodedNode } from './tree.ts';

interface Rr {
  readonly name: string;
  readonly type: number;
  readonly klass: number;
  readonly ttl: number;
  readonly rdata: string;
}

const u16 = (b: Uint8Array, o: number) => {
  if (o + 2 > b.length) throw new DecodeError('DNS', 'truncated', o);
  return (b[o] << 8) | b[o + 1];
};
const u32 = (b: Uint8Array, o: number) => u16(b, o) * 65536 + u16(b, o + 2);

type RdataDecoder = (b: Uint8Array, off: number, len: number) => string;
const nameAt: RdataDecoder = (b, off) => decodeName(b, off, true).name;

/** RDATA decoders keyed by TYPE. */
const RDATA: Record<number, RdataDecoder> = {
  1: (b, o, n) => (n === 4 ? [...b.subarray(o, o + 4)].join('.') : `${n} bytes`),
  28: (b, o, n) => (n === 16 ? [...Array(8).keys()].map((i) => u16(b, o + 2 * i).toString(16)).join(':').replace(/(^|:)0(:0)+(:|$)/, '::') : `${n} bytes`),
  33: (b, o) => `priority ${u16(b, o)} weight ${u16(b, o + 2)} port ${u16(b, o + 4)} target ${decodeName(b, o + 6, true).name}`,
  5: nameAt,
  2: nameAt,
  12: nameAt,
  6: (b, o) => {
    const m = decodeName(b, o, true);
    const r = decodeName(b, m.end, true);
    return `${m.name} ${r.name} serial ${u32(b, r.end)}`;
  },
  16: (b, o, n) => {
    const parts: string[] = [];
    for (let i = o; i < o + n; ) {
      const l = b[i];
      parts.push(JSON.stringify(Buffer.from(b.subarray(i + 1, i + 1 + l)).toString('utf8')));
      i += 1 + l;
    }
    return parts.join(' ');
  },
};

function readRr(b: Uint8Array, off: number): { rr: Rr; end: number } {
  const { name, end } = decodeName(b, off, true);
  const type = u16(b, end);
  const klass = u16(b, end + 2);
  const ttl = u32(b, end + 4);
  const len = u16(b, end + 8);
  const start = end + 10;
  if (start + len > b.length) throw new DecodeError('DNS RR', 'RDATA runs past the message', start);
  const rdata = type === 41 ? `EDNS0, UDP payload ${klass}` : (RDATA[type]?.(b, start, len) ?? `${len} bytes`);
  return { rr: { name, type, klass, ttl, rdata }, end: start + len };
}

function rrNode(rr: Rr, i: number): DecodedNode {
  return node(`${i} ${rr.name || '.'} ${typeName(rr.type)}`, rr.rdata, rr.type === 41 ? undefined : `TTL ${rr.ttl}`);
}

/** A whole DNS message as a node. */
export function dnsMessageNode(label: string, b: Uint8Array, keyPrefix = 'dns'): DecodedNode {
  return attempt(label, () => {
    if (b.length < HEADER_BYTES) return failed(label, `${b.length} bytes: shorter than a DNS header`);
    const h = decodeHeader(b);
    let off = HEADER_BYTES;
    const questions: DecodedNode[] = [];
    for (let i = 0; i < h.qdcount; i++) {
      const q = decodeName(b, off, true);
      questions.push(node(q.name || '.', `${typeName(u16(b, q.end))}`, `class ${u16(b, q.end + 2)}`));
      off = q.end + 4;
    }
    const sections: [string, number][] = [['answers', h.ancount], ['authority', h.nscount], ['additional', h.arcount]];
    const out: DecodedNode[] = [];
    for (const [name, count] of sections) {
      const rrs: DecodedNode[] = [];
      for (let i = 0; i < count; i++) {
        const r = readRr(b, off);
        rrs.push(rrNode(r.rr, i));
        off = r.end;
      }
      out.push(keyed(`${keyPrefix}.${name}`, group(`${name} (${count})`, rrs)));
    }
    const flags = (['aa', 'tc', 'rd', 'ra', 'ad', 'cd'] as const).filter((f) => h[f]).join(' ');
    return group(label, [
      node('id', h.id),
      node(h.qr ? 'response' : 'query', `opcode ${h.opcode}${flags ? `, flags ${flags}` : ''}`),
      h.qr ? keyed(`${keyPrefix}.rcode`, node('RCODE', `${h.rcode} ${rcodeName(h.rcode)}`)) : undefined,
      group(`question (${h.qdcount})`, questions),
      ...(h.qr ? out : out.filter((n) => n.children)),
    ]);
  });
}

export function decodeDnsCapture(c: Capture): DecodedNode[] {
  const q = c.query instanceof Uint8Array ? c.query : undefined;
  const r = c.reply instanceof Uint8Array ? c.reply : undefined;
  return [q ? dnsMessageNode('Query', q, 'dns.query') : failed('Query', 'not captured'), r ? dnsMessageNode('Response', r, 'dns') : node('Response', 'none sent')];
}
