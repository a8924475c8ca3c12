import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../emulator/core/errors.ts';
import { fromHex, hex } from '../../../emulator/core/bytes.ts';
import { guidToBytes } from '../../../emulator/directory/ids.ts';
import { FixedClock } from '../../../emulator/core/clock.ts';
import { SeededRandom } from '../../../emulator/core/random.ts';
import { OID, decodeMessage, encodeMessage, parseFilter, type LdapMessage, type SearchResultEntry } from '../../../emulator/ldap/codec/index.ts';
import { createLdapServer, type LdapEvent, type LdapServer } from '../../../emulator/ldap/index.ts';
import { loadVectorFile } from '../../support/vectors.ts';
import { RawClient, simpleBindMsg } from '../../../clients/ldap/index.ts';
import { multi } from './helpers.ts';

const d = multi();
const DOM = d.domain.dn;
const events: LdapEvent[] = [];
let server: LdapServer;
let port = 0;
let gcPort = 0;

beforeAll(async () => {
  server = createLdapServer({ directory: d, port: 0, gcPort: 0, clock: new FixedClock(Date.UTC(2025, 0, 1)), random: new SeededRandom('srv'), onEvent: (e) => events.push(e) });
  const bound = await server.start();
  port = bound.find((b) => b.name === 'ldap/tcp')!.port;
  gcPort = bound.find((b) => b.name === 'gc/tcp')!.port;
  expect(bound.every((b) => b.host === '127.0.0.1')).toBe(true);
});
afterAll(async () => {
  await server.close();
});

const search = (id: number, base: string, filter: string, attributes: string[] = ['1.1'], scope: 0 | 1 | 2 = 2): LdapMessage => ({
  messageId: id,
  protocolOp: { op: 'searchRequest', baseObject: base, scope, derefAliases: 0, sizeLimit: 0, timeLimit: 0, typesOnly: false, filter: parseFilter(filter), attributes },
});
const done = (msgs: LdapMessage[]) => msgs.find((m) => m.protocolOp.op !== 'searchResEntry' && m.protocolOp.op !== 'searchResRef')!.protocolOp as { resultCode: number };

describe('LDAP server over TCP', () => {
  it('answers several PDUs sent in one chunk, in order, and one PDU split byte by byte', async () => {
    const c = await RawClient.open(port);
    c.send(new Uint8Array([...encodeMessage(simpleBindMsg(1, 'alice@contoso.com', 'Alice-Passw0rd!')), ...encodeMessage(search(2, DOM, '(sAMAccountName=bob)'))]));
    expect(done(await c.reply(1)).resultCode).toBe(0);
    const r2 = await c.reply(2);
    expect(r2.filter((m) => m.protocolOp.op === 'searchResEntry')).toHaveLength(1);
    for (const b of encodeMessage(search(3, DOM, '(sAMAccountName=carol)'))) c.send(new Uint8Array([b]));
    expect((await c.reply(3)).filter((m) => m.protocolOp.op === 'searchResEntry')).toHaveLength(1);
    c.close();
  });
  it('a malformed search gets searchResultDone protocolError with its messageID, then the connection closes', async () => {
    const c = await RawClient.open(port);
    // SearchRequest with scope 3 (RFC 4511 allows 0..2).
    c.send(fromHex('3025020104632004000a01030a0100020100020100010100870b6f626a656374436c6173733000'));
    await c.until(() => false, 3000);
    expect(c.closed).toBe(true);
    expect(c.messages.map((m) => [m.messageId, m.protocolOp.op, (m.protocolOp as { resultCode: number }).resultCode])).toEqual([[4, 'searchResDone', 2]]);
  });
  it('an unknown operation gets a Notice of Disconnection; the server keeps serving new connections', async () => {
    const c = await RawClient.open(port);
    c.send(fromHex('30050201075e00'));
    await c.until(() => false, 3000);
    expect(c.closed).toBe(true);
    expect(c.messages[0]).toMatchObject({ messageId: 0, protocolOp: { op: 'extendedResp', resultCode: 2, responseName: OID.noticeOfDisconnection } });
    const again = await RawClient.open(port);
    again.send(search(1, '', '(objectClass=*)', ['dnsHostName'], 0));
    expect(done(await again.reply(1)).resultCode).toBe(0);
    again.close();
  });
  it('an oversized length is refused without buffering it', async () => {
    const c = await RawClient.open(port);
    c.send(fromHex('3084100000000201'));
    await c.until(() => false, 3000);
    expect(c.closed).toBe(true);
    expect(c.messages[0]?.protocolOp).toMatchObject({ op: 'extendedResp', resultCode: 2, responseName: OID.noticeOfDisconnection });
  });
  it('writes are unwillingToPerform (53) when bound, operationsError (1) when not', async () => {
    const c = await RawClient.open(port);
    c.send({ messageId: 1, protocolOp: { op: 'delRequest', entry: `CN=alice,CN=Users,${DOM}` } });
    expect(done(await c.reply(1))).toMatchObject({ resultCode: 1 });
    c.send(simpleBindMsg(2, 'FABRIKAM\\carol', 'Carol-Passw0rd!'));
    await c.reply(2);
    c.send({ messageId: 3, protocolOp: { op: 'modifyRequest', object: `CN=alice,CN=Users,${DOM}`, changes: [{ operation: 2, modification: { type: 'description', values: [new Uint8Array([0x78])] } }] } });
    c.send({ messageId: 4, protocolOp: { op: 'addRequest', entry: `CN=x,CN=Users,${DOM}`, attributes: [{ type: 'objectClass', values: [new TextEncoder().encode('user')] }] } });
    c.send({ messageId: 5, protocolOp: { op: 'modDNRequest', entry: `CN=alice,CN=Users,${DOM}`, newrdn: 'CN=a2', deleteoldrdn: true } });
    for (const id of [3, 4, 5]) expect(done(await c.reply(id)).resultCode).toBe(53);
    expect((await c.reply(3))[0].protocolOp.op).toBe('modifyResponse');
    c.close();
  });
  it('compare, Who am I, StartTLS and unknown extended operations', async () => {
    const c = await RawClient.open(port);
    c.send(simpleBindMsg(1, 'bob@east.contoso.com', 'Bob-Passw0rd!'));
    await c.reply(1);
    c.send({ messageId: 2, protocolOp: { op: 'compareRequest', entry: `CN=alice,CN=Users,${DOM}`, ava: { attribute: 'SAMACCOUNTNAME', value: new TextEncoder().encode('ALICE') } } });
    c.send({ messageId: 3, protocolOp: { op: 'compareRequest', entry: `CN=alice,CN=Users,${DOM}`, ava: { attribute: 'sn', value: new TextEncoder().encode('Berg') } } });
    c.send({ messageId: 4, protocolOp: { op: 'extendedReq', requestName: '1.3.6.1.4.1.4203.1.11.3' } });
    c.send({ messageId: 5, protocolOp: { op: 'extendedReq', requestName: OID.startTls } });
    c.send({ messageId: 6, protocolOp: { op: 'extendedReq', requestName: '1.2.3.4.5' } });
    expect(done(await c.reply(2)).resultCode).toBe(6);
    expect(done(await c.reply(3)).resultCode).toBe(5);
    const who = (await c.reply(4))[0].protocolOp as { resultCode: number; responseValue?: Uint8Array };
    expect([who.resultCode, new TextDecoder().decode(who.responseValue)]).toEqual([0, 'u:FABRIKAM\\bob']);
    expect((await c.reply(5))[0].protocolOp).toMatchObject({ resultCode: 52, responseName: OID.startTls });
    expect(done(await c.reply(6)).resultCode).toBe(2);
    c.close();
  });
  it('a failed bind drops the earlier identity', async () => {
    const c = await RawClient.open(port);
    c.send(simpleBindMsg(1, 'alice@contoso.com', 'Alice-Passw0rd!'));
    await c.reply(1);
    c.send(simpleBindMsg(2, 'alice@contoso.com', 'wrong'));
    expect(done(await c.reply(2)).resultCode).toBe(49);
    c.send(search(3, DOM, '(sAMAccountName=alice)'));
    expect(done(await c.reply(3)).resultCode).toBe(1);
    c.send(simpleBindMsg(4, 'x', 'y'));
    c.send({ messageId: 5, protocolOp: { op: 'bindRequest', version: 3, name: '', authentication: { kind: 'sasl', mechanism: 'GSSAPI' } } });
    expect(done(await c.reply(5)).resultCode).toBe(7);
    c.close();
  });
  it('the global catalog listener serves the same directory forest-wide', async () => {
    const c = await RawClient.open(gcPort);
    c.send(simpleBindMsg(1, 'alice@contoso.com', 'Alice-Passw0rd!'));
    await c.reply(1);
    c.send(search(2, '', '(|(sAMAccountName=bob)(cn=Partitions))'));
    const r = await c.reply(2);
    expect(r.filter((m) => m.protocolOp.op === 'searchResEntry')).toHaveLength(2);
    expect(r.filter((m) => m.protocolOp.op === 'searchResRef')).toHaveLength(0);
    c.close();
  });
  it('unbind closes the connection; the trace saw every operation without passwords', async () => {
    const c = await RawClient.open(port);
    c.send(simpleBindMsg(1, 'alice@contoso.com', 'Alice-Passw0rd!'));
    await c.reply(1);
    c.send({ messageId: 2, protocolOp: { op: 'unbindRequest' } });
    await c.until(() => false, 2000);
    expect(c.closed).toBe(true);
    expect(JSON.stringify(events)).not.toContain('Passw0rd');
    const s = events.find((e) => e.op === 'searchRequest' && e.filter === '(sAMAccountName=bob)' && e.listener === 'ldap');
    expect(s).toMatchObject({ dn: DOM, scope: 2, resultCode: 0, entries: 1 });
    expect(events.find((e) => e.op === 'bindRequest' && e.resultCode === 49)).toMatchObject({ bindData: '52e' });
    expect(events.some((e) => e.op === 'malformed')).toBe(true);
  });
});

describe('Netlogon pings over TCP (the default hook, emulator/ldap/netlogon)', () => {
  const samba = loadVectorFile<{
    vectors: { title: string; input: { request: string; transport: string }; expected: { replies: string[] } }[];
  }>('test/vectors/samba-netlogon/samba-clients.json');
  // Pings the DC does not answer: the reply does not depend on the world, so Samba's bytes apply as is.
  const unanswered = samba.vectors.filter((v) => v.input.transport === 'tcp' && /^tcp-(wrong-domain|or-filter):/.test(v.title));
  it.each(unanswered.map((v) => [v.title, v] as const))('%s: byte-identical to Samba 4.17', async (_t, v) => {
    const c = await RawClient.open(port);
    c.send(fromHex(v.input.request));
    const id = decodeMessage(fromHex(v.input.request)).messageId;
    await c.reply(id);
    expect(c.raw.map(hex)).toEqual(v.expected.replies);
    c.close();
  });
  it('an answered ping over TCP carries a Netlogon value with the domain GUID, unbound', async () => {
    const c = await RawClient.open(port);
    c.send(search(1, '', '(&(DnsDomain=fabrikam.local)(NtVer=\\16\\00\\00\\20))', ['Netlogon'], 0));
    const r = await c.reply(1);
    const entry = r.find((m) => m.protocolOp.op === 'searchResEntry')!.protocolOp as SearchResultEntry;
    expect(entry.attributes.map((a) => a.type)).toEqual(['Netlogon']);
    expect(hex(entry.attributes[0].values[0])).toContain(hex(guidToBytes(d.domain.guid)));
    c.close();
  });
});

describe('service lifecycle', () => {
  it('close() ends open connections and frees the ports; it is idempotent', async () => {
    const s = createLdapServer({ directory: d, port: 0, gcPort: null });
    const [b] = await s.start();
    const c = await RawClient.open(b.port);
    await s.close();
    await s.close();
    await c.until(() => false, 2000);
    expect(c.closed).toBe(true);
    expect(s.state).toBe('closed');
    await expect(RawClient.open(b.port)).rejects.toThrow();
  });
  it('an idle connection is dropped after idleTimeoutMs', async () => {
    const s = createLdapServer({ directory: d, port: 0, gcPort: null, idleTimeoutMs: 200 });
    const [b] = await s.start();
    const c = await RawClient.open(b.port);
    c.send(fromHex('3005')); // half a PDU, then silence
    await c.until(() => false, 3000);
    expect(c.closed).toBe(true);
    await s.close();
  });
  it('the DC may be named; an unknown name is a usage error', () => {
    expect(() => createLdapServer({ directory: d, dc: 'DC1' })).not.toThrow();
    expect(() => createLdapServer({ directory: d, dc: 'dc9' })).toThrow(UsageError);
  });
});
