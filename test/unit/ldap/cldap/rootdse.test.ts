/**
 * CLDAP searches of the rootDSE for attributes other than Netlogon: the lab hands the CLDAP service
 * the LDAP server's rootDSE (rootDseForCldap), so the answer carries the same values, in schema
 * spelling, as the TCP search does (Samba returns them over CLDAP too).
 */
import { describe, expect, it } from 'vitest';
import { handleDatagram, type CldapContext } from '../../../../emulator/ldap/cldap/index.ts';
import { decodeMessage, encodeMessage, LdapFramer, parseFilter } from '../../../../emulator/ldap/codec/index.ts';
import { rootDseForCldap } from '../../../../emulator/ldap/rootdse.ts';
import { multiUpnDirectory } from '../netlogon/fixture.ts';

const dir = multiUpnDirectory();
const dc = dir.dcs[0];
const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);
const ctx: CldapContext = { directory: dir, dc, clientAddress: '127.0.0.1', rootDse: rootDseForCldap(dir, dc, () => NOW) };
const td = new TextDecoder();

function search(attributes: string[]): Uint8Array {
  return encodeMessage({
    messageId: 7,
    protocolOp: {
      op: 'searchRequest',
      baseObject: '',
      scope: 0, // baseObject
      derefAliases: 0,
      sizeLimit: 0,
      timeLimit: 0,
      typesOnly: false,
      filter: parseFilter('(objectClass=*)'),
      attributes,
    },
  });
}

function entryOf(reply: Uint8Array | null): Map<string, string[]> {
  expect(reply).not.toBeNull();
  const msgs = new LdapFramer(reply!.length + 1).push(reply!).map((m) => decodeMessage(m));
  const entry = msgs.find((m) => m.protocolOp.op === 'searchResEntry');
  const done = msgs.find((m) => m.protocolOp.op === 'searchResDone');
  expect(done && 'resultCode' in done.protocolOp ? done.protocolOp.resultCode : undefined).toBe(0);
  const out = new Map<string, string[]>();
  if (entry && entry.protocolOp.op === 'searchResEntry') {
    for (const a of entry.protocolOp.attributes) out.set(a.type, a.values.map((v) => td.decode(v)));
  }
  return out;
}

describe('CLDAP rootDSE attributes from the LDAP server', () => {
  it('answers named attributes in schema spelling with the directory values', () => {
    const attrs = entryOf(handleDatagram(ctx, search(['defaultnamingcontext', 'DNSHOSTNAME', 'currentTime']), 'peer').reply);
    expect(attrs.get('defaultNamingContext')).toEqual(['DC=fabrikam,DC=local']);
    expect(attrs.get('dnsHostName')).toEqual(['dc1.fabrikam.local']);
    expect(attrs.get('currentTime')).toEqual(['20250102030405.0Z']);
    expect(attrs.size).toBe(3);
  });

  it('answers the default set when no attribute is named', () => {
    const attrs = entryOf(handleDatagram(ctx, search([]), 'peer').reply);
    expect(attrs.get('supportedLDAPVersion')).toEqual(['3', '2']);
    expect(attrs.get('isGlobalCatalogReady')).toEqual([dc.globalCatalog ? 'TRUE' : 'FALSE']);
    expect(attrs.has('supportedExtension')).toBe(false);
  });
});
