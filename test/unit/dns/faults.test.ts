import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../../emulator/core/errors.ts';
import { DnsFaults } from '../../../emulator/dns/faults.ts';
import { RCODE, TYPE } from '../../../emulator/dns/wire.ts';
import { handleMessage } from '../../../emulator/dns/handler.ts';
import { ZoneIndex } from '../../../emulator/dns/lookup.ts';
import { locatorRecords } from '../../../emulator/dns/records.ts';
import { fabrikam, PORTS } from './fixture.ts';
import { query, responder } from './respond.ts';

describe('fault rules', () => {
  const f = new DnsFaults([
    { name: '_kerberos._tcp.dc._msdcs.fabrikam.local', action: 'nxdomain' },
    { name: '*.gone.fabrikam.local', action: 'drop' },
    { name: '_ldap._tcp.fabrikam.local', type: 'SRV', action: 'servfail' },
    { name: 'dc1.fabrikam.local.', type: 'ANY', action: 'delay', delayMs: 30 },
    { name: 'DC1.fabrikam.local', action: 'delay', delayMs: 20 },
  ]);

  it('matches exact names case-insensitively, with or without the trailing dot', () => {
    expect(f.decide('_KERBEROS._tcp.dc._msdcs.Fabrikam.Local', TYPE.SRV)).toEqual({ action: 'nxdomain', delayMs: 0, matched: [0] });
    expect(f.decide('dc1.fabrikam.local', TYPE.A)).toEqual({ delayMs: 50, matched: [3, 4] });
  });

  it('matches *.suffix for every name strictly below it, not the suffix itself', () => {
    expect(f.decide('a.b.gone.fabrikam.local', TYPE.A).action).toBe('drop');
    expect(f.decide('gone.fabrikam.local', TYPE.A).action).toBeUndefined();
    expect(f.decide('xgone.fabrikam.local', TYPE.A).action).toBeUndefined();
  });

  it('applies a typed rule only to that QTYPE', () => {
    expect(f.decide('_ldap._tcp.fabrikam.local', TYPE.SRV).action).toBe('servfail');
    expect(f.decide('_ldap._tcp.fabrikam.local', TYPE.A).action).toBeUndefined();
  });

  it('refuses a delay rule without delayMs with a ScenarioError naming the path', () => {
    try {
      new DnsFaults([{ name: 'x.fabrikam.local', action: 'delay' }], 'lab.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).path).toBe('faults.dns[0].delayMs');
      expect((e as ScenarioError).file).toBe('lab.yaml');
    }
  });
});

describe('faults applied by the handler', () => {
  const ask = responder(fabrikam(), [
    { name: '_kerberos._tcp.dc._msdcs.fabrikam.local', action: 'nxdomain' },
    { name: '_ldap._tcp.fabrikam.local', action: 'servfail' },
    { name: 'dc1.fabrikam.local', action: 'delay', delayMs: 25 },
    { name: 'example.org', action: 'nxdomain' },
  ]);

  it('nxdomain: an existing name answers NXDOMAIN, authoritative, with the SOA', () => {
    const { packet, result } = ask('_kerberos._tcp.dc._msdcs.fabrikam.local', TYPE.SRV);
    expect(packet.header.rcode).toBe(RCODE.NXDOMAIN);
    expect(packet.header.aa).toBe(1);
    expect(packet.authorities.map((a) => a.type)).toEqual([TYPE.SOA]);
    expect(result.event).toMatchObject({ rcode: 'NXDOMAIN', fault: 'nxdomain' });
  });

  it('nxdomain outside our zones: NXDOMAIN without AA or SOA', () => {
    const { packet } = ask('example.org', TYPE.A);
    expect(packet.header.rcode).toBe(RCODE.NXDOMAIN);
    expect(packet.header.aa).toBe(0);
    expect(packet.authorities).toHaveLength(0);
  });

  it('servfail: SERVFAIL, not authoritative, nothing else', () => {
    const { packet, result } = ask('_ldap._tcp.fabrikam.local', TYPE.SRV);
    expect(packet.header.rcode).toBe(RCODE.SERVFAIL);
    expect(packet.header.aa).toBe(0);
    expect(packet.answers).toHaveLength(0);
    expect(result.event.fault).toBe('servfail');
  });

  it('delay: the normal answer with the delay for the server to wait', () => {
    const { packet, result } = ask('dc1.fabrikam.local', TYPE.A);
    expect(packet.header.rcode).toBe(RCODE.NOERROR);
    expect(packet.answers).toHaveLength(1);
    expect(result.delayMs).toBe(25);
    expect(result.event).toMatchObject({ fault: 'delay', delayMs: 25 });
  });

  it('drop: no reply at all, and the event says so', () => {
    const index = new ZoneIndex(locatorRecords(fabrikam(), PORTS));
    const r = handleMessage(query('dc1.fabrikam.local', TYPE.A), 'udp', index, new DnsFaults([{ name: 'dc1.fabrikam.local', action: 'drop' }]));
    expect(r.reply).toBeNull();
    expect(r.event).toMatchObject({ kind: 'query', name: 'dc1.fabrikam.local', rcode: null, fault: 'drop' });
  });
});
