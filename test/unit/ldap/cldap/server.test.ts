/** The CLDAP service on a real UDP socket (port 0): lifecycle, DC choice, replies, events. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../../emulator/core/errors.ts';
import { createCldapServer, selectDc, ServiceStateError, type CldapEvent, type CldapServer } from '../../../../emulator/ldap/cldap/index.ts';
import { decodeMessage, LdapFramer } from '../../../../emulator/ldap/codec/index.ts';
import { decodeNetlogonResponse } from '../../../../emulator/ldap/netlogon/index.ts';
import { directoryFromYaml, multiUpnDirectory, sambaVectors, unhex } from '../netlogon/fixture.ts';
import { UdpClient } from '../../../../clients/ldap/index.ts';

const dir = multiUpnDirectory();
const netAdsLookup = unhex(sambaVectors('samba-clients.json').vectors[0].input.request);
const split = (b: Uint8Array) => new LdapFramer(b.length + 1).push(b).map((m) => decodeMessage(m));

describe('CLDAP server', () => {
  const events: CldapEvent[] = [];
  let server: CldapServer;
  let client: UdpClient;
  let port: number;
  beforeAll(async () => {
    server = createCldapServer({ directory: dir, port: 0, onEvent: (e) => events.push(e) });
    const [addr] = await server.start();
    expect(addr).toMatchObject({ name: 'cldap/udp', protocol: 'udp', host: '127.0.0.1' });
    port = addr.port;
    client = await UdpClient.open();
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('answers net ads lookup\'s ping with entry and done in one datagram', async () => {
    const reply = await client.exchange(netAdsLookup, port);
    expect(reply).not.toBeNull();
    const [entry, done] = split(reply!);
    expect(entry.messageId).toBe(0x4433);
    expect(done.protocolOp).toMatchObject({ op: 'searchResDone', resultCode: 0 });
    if (entry.protocolOp.op !== 'searchResEntry') throw new Error('no entry');
    const nl = decodeNetlogonResponse(entry.protocolOp.attributes[0].values[0]).response;
    expect(nl).toMatchObject({ form: 'ex', opcode: 23, domainGuid: dir.domain.guid, dnsHostName: 'dc1.fabrikam.local', clientSiteName: 'Default-First-Site-Name', flags: 0x3f3fd });
    expect(events.at(-1)).toMatchObject({ kind: 'ping', answered: true, peer: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  });

  it('drops garbage and keeps serving', async () => {
    expect(await client.exchange(unhex('300602010163ff'), port, 300)).toBeNull();
    expect(events.at(-1)).toMatchObject({ kind: 'malformed' });
    expect(await client.exchange(netAdsLookup, port)).not.toBeNull();
  });

  it('serves many clients at once', async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, () => UdpClient.open()));
    const replies = await Promise.all(clients.map((c) => c.exchange(netAdsLookup, port)));
    await Promise.all(clients.map((c) => c.close()));
    expect(replies.every((r) => r !== null && split(r).length === 2)).toBe(true);
  });

  it('refuses a second start', async () => {
    await expect(server.start()).rejects.toBeInstanceOf(ServiceStateError);
  });
});

describe('CLDAP server lifecycle and DC choice', () => {
  it('reports EADDRINUSE when the port is taken and closes idempotently', async () => {
    const a = createCldapServer({ directory: dir, port: 0 });
    const [addr] = await a.start();
    const b = createCldapServer({ directory: dir, port: addr.port });
    await expect(b.start()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(b.state).toBe('closed');
    await a.close();
    await a.close();
    expect(a.state).toBe('closed');
  });

  it('answers as the PDC unless a DC is named; never as a DC without a host', () => {
    const d = directoryFromYaml(`
name: two
domain: { dnsName: fabrikam.local }
dcs:
  - { name: rodc1, address: 127.0.0.2, os: "2016", readOnly: true }
  - { name: dc2, address: 127.0.0.3, os: "2019" }
`);
    expect(selectDc(d).name).toBe('dc2');
    expect(selectDc(d, 'RODC1').name).toBe('rodc1');
    expect(() => selectDc(d, 'AzureADKerberos')).toThrow(UsageError);
    expect(() => createCldapServer({ directory: d, dc: 'nope' })).toThrow(UsageError);
    const hostless = { ...d, dcs: [{ ...d.dcs[1], computer: d.azureAdKerberos!.computer }] };
    expect(() => selectDc(hostless)).toThrow(UsageError);
  });
});
