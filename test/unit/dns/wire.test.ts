import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../emulator/core/errors.ts';
import { DnsFaults } from '../../../emulator/dns/faults.ts';
import { handleMessage } from '../../../emulator/dns/handler.ts';
import { ZoneIndex } from '../../../emulator/dns/lookup.ts';
import { locatorRecords } from '../../../emulator/dns/records.ts';
import { decodeHeader, decodeName, decodeQuery, nameKey, rcodeName } from '../../../emulator/dns/wire.ts';
import vectors from '../../vectors/rfc1035/dns-queries.json' with { type: 'json' };
import { fabrikam, PORTS } from './fixture.ts';

const index = new ZoneIndex(locatorRecords(fabrikam(), PORTS));
const noFaults = new DnsFaults([]);
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

describe('DNS query vectors (RFC 1035 4.1, RFC 6891 6.1)', () => {
  for (const v of vectors.vectors) {
    it(`${v.valid ? 'valid' : 'invalid'}: ${v.title}`, () => {
      const msg = bytes(v.input);
      const r = handleMessage(msg, 'udp', index, noFaults);
      const rcode = r.reply ? rcodeName((r.reply[3] & 0xf) | (rcodeHigh(r.reply) << 4)) : null;
      expect(rcode).toBe(v.expected.rcode);
      if (r.reply) expect(decodeHeader(r.reply).id).toBe(decodeHeader(msg).id);
      if (v.valid) {
        const q = decodeQuery(msg);
        const e = v.expected as { id: number; rd: boolean; name: string; type: number; class: number; edns?: object };
        expect(q.header.id).toBe(e.id);
        expect(q.header.rd).toBe(e.rd);
        expect(q.question.name).toBe(e.name);
        expect(q.question.type).toBe(e.type);
        expect(q.question.class).toBe(e.class);
        expect(q.edns).toEqual(e.edns);
      } else if (msg.length >= 12 && v.expected.rcode === 'FORMERR') {
        expect(() => decodeQuery(msg)).toThrow(DecodeError);
      }
    });
  }
});

/** The extended RCODE bits from the response's OPT TTL (RFC 6891 6.1.3), 0 without OPT. */
function rcodeHigh(reply: Uint8Array): number {
  const h = decodeHeader(reply);
  if (h.arcount === 0) return 0;
  // Our FORMERR/BADVERS replies carry only the question and the OPT RR: OPT is the last 11 octets.
  const opt = reply.subarray(reply.length - 11);
  return opt[0] === 0 && ((opt[1] << 8) | opt[2]) === 41 ? opt[5] : 0;
}

describe('DNS names', () => {
  it('follows a backward pointer and reports the end after the pointer', () => {
    // "fabrikam.local" at 0, then "dc1" + pointer to 0 at 16.
    const b = new Uint8Array([8, ...Buffer.from('fabrikam'), 5, ...Buffer.from('local'), 0, 3, ...Buffer.from('dc1'), 0xc0, 0]);
    expect(decodeName(b, 16, true)).toEqual({ name: 'dc1.fabrikam.local', end: 22 });
  });

  it('escapes dots, backslashes and non-printables inside labels (RFC 1035 5.1)', () => {
    const b = new Uint8Array([3, 0x61, 0x2e, 0x62, 2, 0x5c, 0x00, 0]);
    expect(decodeName(b, 0, false).name).toBe('a\\.b.\\\\\\000');
  });

  it('keeps the root as the empty name', () => {
    expect(decodeName(new Uint8Array([0]), 0, false)).toEqual({ name: '', end: 1 });
  });

  it('rejects a pointer chain that does not strictly go backwards', () => {
    const b = new Uint8Array([0xc0, 2, 0xc0, 0]);
    expect(() => decodeName(b, 2, true)).toThrow(DecodeError);
  });

  it('lower-cases ASCII only for lookup keys and drops one trailing dot', () => {
    expect(nameKey('DC1.Fabrikam.LOCAL.')).toBe('dc1.fabrikam.local');
    expect(nameKey('\u00c9.local')).toBe('\u00c9.local');
  });
});
