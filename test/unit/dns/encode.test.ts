import { Packet } from 'dns2';
import { describe, expect, it } from 'vitest';
import { DnsError } from '../../../emulator/core/errors.ts';
import { encodeResponse, ipv6Bytes, SERVER_UDP_PAYLOAD } from '../../../emulator/dns/encode.ts';
import { DnsFaults } from '../../../emulator/dns/faults.ts';
import { handleMessage } from '../../../emulator/dns/handler.ts';
import { ZoneIndex } from '../../../emulator/dns/lookup.ts';
import { locatorRecords } from '../../../emulator/dns/records.ts';
import { TYPE } from '../../../emulator/dns/wire.ts';
import { dc, fabrikam, PORTS } from './fixture.ts';
import { query } from './respond.ts';
import { srvTargetUncompressed, walkMessage } from './walk.ts';

const oneDc = new ZoneIndex(locatorRecords(fabrikam(), PORTS));
const manyDcs = new ZoneIndex(
  locatorRecords(fabrikam(Array.from({ length: 20 }, (_, i) => dc(`dc${String(i + 1).padStart(2, '0')}`, { pdc: i === 0 }))), PORTS),
);
const none = new DnsFaults([]);

describe('response encoding', () => {
  it('writes every SRV target uncompressed while owner names point at the question (RFC 2782, RFC 1035 4.1.4)', () => {
    const r = handleMessage(query('_kerberos._tcp.fabrikam.local', TYPE.SRV), 'udp', oneDc, none);
    const b = r.reply!;
    const w = walkMessage(b);
    const srvs = w.rrs.filter((x) => x.type === TYPE.SRV);
    expect(srvs).toHaveLength(1);
    for (const s of srvs) {
      expect(srvTargetUncompressed(b, s)).toBe(true);
      expect([b[s.ownerAt], b[s.ownerAt + 1]]).toEqual([0xc0, 0x0c]);
    }
    expect(w.end).toBe(b.length);
  });

  it('is decoded by dns2 (an independent parser) to the same records', () => {
    const b = handleMessage(query('_ldap._tcp.dc._msdcs.FABRIKAM.local', TYPE.SRV, { edns: 1232 }), 'udp', oneDc, none).reply!;
    const p = Packet.parse(Buffer.from(b));
    expect(p.header.qr).toBe(1);
    expect(p.header.aa).toBe(1);
    expect(p.header.ra).toBe(0);
    expect(p.questions[0].name).toBe('_ldap._tcp.dc._msdcs.FABRIKAM.local');
    expect(p.answers.map((a) => [a.name.toLowerCase(), a.type, a.ttl, (a as unknown as { port: number }).port, (a as unknown as { target: string }).target])).toEqual([
      ['_ldap._tcp.dc._msdcs.fabrikam.local', TYPE.SRV, 600, PORTS.ldap, 'dc1.fabrikam.local'],
    ]);
    expect(p.additionals.map((a) => [a.name.toLowerCase(), a.type])).toEqual([
      ['dc1.fabrikam.local', TYPE.A],
      ['', TYPE.OPT],
    ]);
    expect(p.additionals[1].class).toBe(SERVER_UDP_PAYLOAD);
  });

  it('drops the additional section first when only that does not fit', () => {
    const r = handleMessage(query('_ldap._tcp.fabrikam.local', TYPE.SRV, { edns: 1232 }), 'udp', manyDcs, none);
    const w = walkMessage(r.reply!);
    expect(r.reply!.length).toBeLessThanOrEqual(1232);
    expect(w.flags & 0x0200).toBe(0);
    expect(w.rrs.filter((x) => x.section === 'answer')).toHaveLength(20);
    expect(w.rrs.filter((x) => x.section === 'additional').map((x) => x.type)).toEqual([TYPE.OPT]);
  });

  it('sets TC and keeps only the question when the answer exceeds 512 octets without EDNS (RFC 1035 4.2.1)', () => {
    const r = handleMessage(query('_ldap._tcp.fabrikam.local', TYPE.SRV), 'udp', manyDcs, none);
    const w = walkMessage(r.reply!);
    expect(w.flags & 0x0200).toBe(0x0200);
    expect(w.qdcount).toBe(1);
    expect(w.rrs).toHaveLength(0);
    expect(r.event.truncated).toBe(true);
    // The same question over TCP gets everything.
    const t = handleMessage(query('_ldap._tcp.fabrikam.local', TYPE.SRV), 'tcp', manyDcs, none);
    const tw = walkMessage(t.reply!);
    expect(tw.flags & 0x0200).toBe(0);
    expect(tw.rrs.filter((x) => x.type === TYPE.SRV)).toHaveLength(20);
    expect(tw.rrs.filter((x) => x.type === TYPE.SRV).every((x) => srvTargetUncompressed(t.reply!, x))).toBe(true);
  });

  it('honours an EDNS payload size below 512 as 512 (RFC 6891 6.2.5)', () => {
    const small = handleMessage(query('_ldap._tcp.fabrikam.local', TYPE.SRV, { edns: 100 }), 'udp', manyDcs, none);
    expect(small.reply!.length).toBeLessThanOrEqual(512);
    expect(walkMessage(small.reply!).flags & 0x0200).toBe(0x0200);
  });

  it('encodes AAAA addresses and rejects bad ones with a SERVFAIL DnsError', () => {
    expect(Buffer.from(ipv6Bytes('::1')).toString('hex')).toBe('00000000000000000000000000000001');
    expect(Buffer.from(ipv6Bytes('fd00:1::a')).toString('hex')).toBe('fd00000100000000000000000000000a');
    expect(Buffer.from(ipv6Bytes('::ffff:192.0.2.1')).toString('hex')).toBe('00000000000000000000ffffc0000201');
    for (const bad of ['1::2::3', '12345::', 'fd00:1:2:3:4:5:6:7:8', 'g::1', '::1.2.3']) {
      expect(() => ipv6Bytes(bad)).toThrow(DnsError);
    }
  });

  it('carries an extended RCODE in the OPT TTL and refuses one without OPT', () => {
    const b = encodeResponse({ id: 1, opcode: 0, aa: false, rd: false, rcode: 16, edns: { udpPayloadSize: 1232 } }, 512).bytes;
    expect(b[3] & 0xf).toBe(0);
    expect(b[b.length - 11 + 5]).toBe(1);
    expect(() => encodeResponse({ id: 1, opcode: 0, aa: false, rd: false, rcode: 16 }, 512)).toThrow(DnsError);
  });
});
