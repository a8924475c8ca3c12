import { describe, expect, it } from 'vitest';
import { RCODE, TYPE } from '../../../emulator/dns/wire.ts';
import { dc, fabrikam } from './fixture.ts';
import { responder } from './respond.ts';

const ask = responder(fabrikam([dc('dc1', { pdc: true }), dc('dc2', { address: '127.0.0.2', globalCatalog: false })]));
const GUID_CNAME = '00000dc1-1111-4222-8333-444455556666._msdcs.fabrikam.local';

describe('authoritative answers', () => {
  it('answers SRV with AA=1, RA=0, NOERROR and every writable DC', () => {
    const { packet } = ask('_ldap._tcp.fabrikam.local', TYPE.SRV);
    expect(packet.header.rcode).toBe(RCODE.NOERROR);
    expect(packet.header.aa).toBe(1);
    expect(packet.header.ra).toBe(0);
    expect(packet.answers.map((a) => (a as unknown as { target: string }).target).sort()).toEqual(['dc1.fabrikam.local', 'dc2.fabrikam.local']);
  });

  it('matches names case-insensitively and echoes the question as asked (RFC 4343)', () => {
    const { packet } = ask('_LDAP._Tcp.FaBrIkAm.LoCaL', TYPE.SRV);
    expect(packet.header.rcode).toBe(RCODE.NOERROR);
    expect(packet.questions[0].name).toBe('_LDAP._Tcp.FaBrIkAm.LoCaL');
    expect(packet.answers).toHaveLength(2);
  });

  it('NXDOMAIN with the zone SOA in the authority section for an unknown name in a zone (RFC 2308 3)', () => {
    const { packet } = ask('nothere.fabrikam.local', TYPE.A);
    expect(packet.header.rcode).toBe(RCODE.NXDOMAIN);
    expect(packet.header.aa).toBe(1);
    expect(packet.answers).toHaveLength(0);
    expect(packet.authorities.map((a) => [a.name, a.type])).toEqual([['fabrikam.local', TYPE.SOA]]);
  });

  it('NODATA (NOERROR, no answer, SOA) for an existing name with another type', () => {
    const { packet } = ask('dc1.fabrikam.local', TYPE.SRV);
    expect(packet.header.rcode).toBe(RCODE.NOERROR);
    expect(packet.answers).toHaveLength(0);
    expect(packet.authorities.map((a) => a.type)).toEqual([TYPE.SOA]);
  });

  it('NODATA for an empty non-terminal such as _tcp.<domain> (RFC 8020)', () => {
    const { packet } = ask('_tcp.fabrikam.local', TYPE.A);
    expect(packet.header.rcode).toBe(RCODE.NOERROR);
    expect(packet.authorities.map((a) => a.type)).toEqual([TYPE.SOA]);
  });

  it('answers names under _msdcs from the _msdcs zone (its own SOA)', () => {
    const { packet } = ask('nothere._msdcs.fabrikam.local', TYPE.A);
    expect(packet.header.rcode).toBe(RCODE.NXDOMAIN);
    expect(packet.authorities.map((a) => a.name)).toEqual(['_msdcs.fabrikam.local']);
    const soa = ask('_msdcs.fabrikam.local', TYPE.SOA).packet;
    expect(soa.answers.map((a) => [a.name, a.type])).toEqual([['_msdcs.fabrikam.local', TYPE.SOA]]);
  });

  it('REFUSED with AA=0 outside our zones, no recursion', () => {
    const { packet } = ask('example.org', TYPE.A);
    expect(packet.header.rcode).toBe(RCODE.REFUSED);
    expect(packet.header.aa).toBe(0);
    expect(packet.header.ra).toBe(0);
    expect(packet.answers).toHaveLength(0);
  });

  it('REFUSED for a name that only shares a string suffix with a zone', () => {
    expect(ask('notfabrikam.local', TYPE.A).packet.header.rcode).toBe(RCODE.REFUSED);
  });

  it('follows the DSA GUID CNAME to the DC address for an A query, and returns only the CNAME for CNAME', () => {
    const a = ask(GUID_CNAME, TYPE.A).packet;
    expect(a.answers.map((r) => [r.type, (r as unknown as { domain?: string; address?: string }).domain ?? (r as unknown as { address: string }).address])).toEqual([
      [TYPE.CNAME, 'dc1.fabrikam.local'],
      [TYPE.A, '127.0.0.1'],
    ]);
    const c = ask(GUID_CNAME, TYPE.CNAME).packet;
    expect(c.answers.map((r) => r.type)).toEqual([TYPE.CNAME]);
  });

  it('ANY returns every RRset at the name', () => {
    const { packet } = ask('fabrikam.local', TYPE.ANY, { transport: 'tcp' });
    const types = packet.answers.map((a) => a.type).sort((x, y) => x - y);
    expect(types).toEqual([TYPE.A, TYPE.A, TYPE.NS, TYPE.NS, TYPE.SOA]);
  });

  it('REFUSED for classes other than IN and for zone transfers', () => {
    expect(ask('fabrikam.local', TYPE.SOA, { klass: 3 }).packet.header.rcode).toBe(RCODE.REFUSED);
    expect(ask('fabrikam.local', TYPE.AXFR, { transport: 'tcp' }).packet.header.rcode).toBe(RCODE.REFUSED);
  });

  it('NOTIMP for opcodes other than QUERY (here NOTIFY), with the id kept', () => {
    const { result, packet } = ask('fabrikam.local', TYPE.SOA, { opcode: 4, id: 0x7777 });
    expect(packet.header.rcode).toBe(RCODE.NOTIMP);
    expect(packet.header.id).toBe(0x7777);
    expect(packet.header.opcode).toBe(4);
    expect(result.event.kind).toBe('notimp');
  });

  it('emits one event with name, type and rcode', () => {
    const { result } = ask('nothere.fabrikam.local', TYPE.AAAA);
    expect(result.event).toMatchObject({ service: 'dns', kind: 'query', name: 'nothere.fabrikam.local', type: 'AAAA', rcode: 'NXDOMAIN', answers: 0 });
    expect(result.event.fault).toBeUndefined();
  });
});
