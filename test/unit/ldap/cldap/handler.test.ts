/**
 * CLDAP datagram handling against Samba 4.17's behaviour on the same 61 datagrams
 * (test/vectors/samba-netlogon/samba-cldap.json): dropped or answered, the LDAPMessages of the
 * reply (operation, messageID, resultCode, diagnostic), the entry's DN and attributes.
 */
import { describe, expect, it } from 'vitest';
import { guidToBytes, sidToBytes } from '../../../../emulator/directory/ids.ts';
import { handleDatagram, type CldapContext } from '../../../../emulator/ldap/cldap/index.ts';
import { decodeMessage, encodeMessage, LdapFramer, type LdapMessage } from '../../../../emulator/ldap/codec/index.ts';
import { caseName, hex, multiUpnDirectory, sambaVectors, unhex } from '../netlogon/fixture.ts';

const samba = sambaVectors('samba-cldap.json');
const clients = sambaVectors('samba-clients.json');
const dir = multiUpnDirectory();
const te = new TextEncoder();

/** A stand-in for the LDAP server's rootDSE: one value per asked attribute, a fixed set for "all". */
const rootDse = (attrs: readonly string[]) =>
  (attrs.length === 0 || attrs.includes('*') ? ['defaultNamingContext', 'dnsHostName'] : attrs).map((a) => ({ type: a, values: [te.encode('x')] }));
const ctx: CldapContext = { directory: dir, dc: dir.dcs[0], clientAddress: '127.0.0.1', rootDse };

function splitReply(b: Uint8Array): LdapMessage[] {
  return new LdapFramer(b.length + 1).push(b).map((m) => decodeMessage(m));
}

/** Puts our GUID/SID where the Samba request carried Samba's (byte replacement in the BER). */
function retarget(reqHex: string): Uint8Array {
  const sg = hex(guidToBytes(samba.reference.domainGuid));
  const ss = hex(sidToBytes(samba.reference.domainSid));
  return unhex(reqHex.replace(sg, hex(guidToBytes(dir.domain.guid))).replace(ss, hex(sidToBytes(dir.domain.sid))));
}

const all = [...samba.vectors, ...clients.vectors.filter((v) => v.input.transport === 'udp')];

describe('handleDatagram against Samba', () => {
  it.each(all.map((v) => [v.title, v] as const))('%s', (_t, v) => {
    const r = handleDatagram(ctx, retarget(v.input.request), 'peer');
    if (v.expected.replies.length === 0) {
      expect(r.reply).toBeNull();
      expect(r.event.kind).toBe('malformed');
      return;
    }
    expect(r.reply).not.toBeNull();
    const ours = splitReply(r.reply!);
    const theirs = v.expected.messages;
    expect(ours.map((m) => [m.protocolOp.op, m.messageId])).toEqual(theirs.map((m) => [m.op, m.messageId]));
    ours.forEach((m, i) => {
      const t = theirs[i];
      const op = m.protocolOp;
      if (op.op === 'searchResDone') {
        expect([op.resultCode, op.diagnosticMessage]).toEqual([t.resultCode, t.diagnosticMessage]);
      } else if (op.op === 'searchResEntry') {
        expect(op.objectName).toBe('');
        const mine = op.attributes.map((a) => a.type.toLowerCase()).sort();
        const want = t.attributes!.map((a) => a.type.toLowerCase()).sort();
        const rootAll = caseName(v) === 'no-attrs' || caseName(v) === 'star';
        // Samba's whole rootDSE is the LDAP server's business; our stand-in returns two attributes.
        if (rootAll) expect(mine).toEqual(['defaultnamingcontext', 'dnshostname']);
        else expect(mine).toEqual(want);
        for (const a of op.attributes) expect(a.values.length).toBe(1);
      } else throw new Error(`unexpected ${op.op}`);
    });
  });
});

describe('handleDatagram details', () => {
  const req = unhex(clients.vectors[0].input.request); // net ads lookup: (&(NtVer=6)(AAC=0)) for NetLogon
  it('answers a ping with entry + done in one datagram, attribute named Netlogon', () => {
    const r = handleDatagram(ctx, req);
    const [entry, done] = splitReply(r.reply!);
    expect(entry.protocolOp).toMatchObject({ op: 'searchResEntry', objectName: '' });
    expect(entry.protocolOp.op === 'searchResEntry' && entry.protocolOp.attributes.map((a) => a.type)).toEqual(['Netlogon']);
    expect(done.protocolOp).toMatchObject({ op: 'searchResDone', resultCode: 0 });
    expect(r.event).toMatchObject({ kind: 'ping', answered: true, form: 'ex', opcode: 23, flags: 0x3f3fd, ntVer: 6, messageId: 0x4433 });
  });
  it('works without a rootDSE provider: other attributes are simply absent', () => {
    const v = samba.vectors.find((x) => caseName(x) === 'netlogon-and-other')!;
    const r = handleDatagram({ directory: dir, dc: dir.dcs[0] }, unhex(v.input.request));
    const [entry] = splitReply(r.reply!);
    expect(entry.protocolOp.op === 'searchResEntry' && entry.protocolOp.attributes.map((a) => a.type)).toEqual(['Netlogon']);
    const other = samba.vectors.find((x) => caseName(x) === 'rootdse-present')!;
    expect(splitReply(handleDatagram({ directory: dir, dc: dir.dcs[0] }, unhex(other.input.request)).reply!).map((m) => m.protocolOp.op)).toEqual(['searchResDone']);
  });
  it('reports why a ping got no entry', () => {
    const wrong = samba.vectors.find((x) => caseName(x) === 'ex-wrong-domain')!;
    expect(handleDatagram(ctx, unhex(wrong.input.request)).event).toMatchObject({ kind: 'ping', answered: false, reason: 'wrong-domain', dnsDomain: 'contoso.com' });
  });
  it('refuses other operations with operationsError in a SearchResultDone', () => {
    const bind = encodeMessage({ messageId: 9, protocolOp: { op: 'bindRequest', version: 3, name: '', authentication: { kind: 'simple', password: new Uint8Array(0) } } });
    const r = handleDatagram(ctx, bind);
    expect(splitReply(r.reply!)[0]).toEqual({ messageId: 9, protocolOp: { op: 'searchResDone', resultCode: 1, matchedDN: '', diagnosticMessage: 'Invalid CLDAP request' } });
  });
  it.each([
    ['empty', ''],
    ['not a SEQUENCE', '0400'],
    ['length past the end', '3010020101'],
    ['indefinite length', '3080020101630000'],
    ['five length octets', '308500000000050201014200'],
  ])('drops %s', (_t, h) => {
    expect(handleDatagram(ctx, unhex(h))).toEqual({ reply: null, event: { service: 'cldap', transport: 'udp', peer: undefined, kind: 'malformed' } });
  });
});
