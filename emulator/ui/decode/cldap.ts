/**
 * A CLDAP exchange (the LDAP ping, MS-ADTS 6.3.3): the request's filter terms (DnsDomain, User,
 * NtVer, ...), then the reply's LDAP messages and the Netlogon attribute decoded as
 * NETLOGON_SAM_LOGON_RESPONSE_EX / _RESPONSE / _NT40 (MS-ADTS 6.3.1): opcode, the DS_*_FLAG names,
 * the domain and forest, the DC's names and the sites.
 */
import { decodeMessage, filterToString, resultName, type LdapMessage } from '../../ldap/codec/index.ts';
import { firstElementLength } from '../../ldap/cldap/handler.ts';
import { decodeNetlogonResponse, extractPingTerms, flagNames, NETLOGON_NT_VERSION, NETLOGON_OPCODE, type NetlogonResponse } from '../../ldap/netlogon/index.ts';
import type { Capture } from '../../trace/capture.ts';
import { attempt, failed, group, keyed, node, type DecodedNode } from './tree.ts';

const OPCODES = new Map<number, string>(Object.entries(NETLOGON_OPCODE).map(([k, v]) => [v, k]));

/** The LDAP messages concatenated in one datagram. */
function messages(b: Uint8Array): LdapMessage[] {
  const out: LdapMessage[] = [];
  for (let rest = b; rest.length; ) {
    const len = firstElementLength(rest);
    if (len === undefined) break;
    out.push(decodeMessage(rest.subarray(0, len)));
    rest = rest.subarray(len);
  }
  return out;
}

const ntVerNames = (v: number) => Object.entries(NETLOGON_NT_VERSION).filter(([, b]) => (v & b) >>> 0 === b).map(([n]) => n.replace('NETLOGON_NT_VERSION_', '')).join(' ');

export function netlogonNode(bytes: Uint8Array): DecodedNode {
  return attempt('Netlogon', () => {
    const r: NetlogonResponse = decodeNetlogonResponse(bytes).response;
    const any = r as unknown as Record<string, unknown>;
    const str = (k: string, label = k) => (typeof any[k] === 'string' && any[k] !== '' ? node(label, any[k] as string) : undefined);
    const flags = typeof any.flags === 'number' ? (any.flags as number) : undefined;
    return keyed('netlogon', group(`Netlogon (${r.form === 'ex' ? 'NETLOGON_SAM_LOGON_RESPONSE_EX' : r.form === 'v5' ? 'NETLOGON_SAM_LOGON_RESPONSE' : 'NETLOGON_SAM_LOGON_RESPONSE_NT40'})`, [
      keyed('netlogon.opcode', node('Opcode', `${r.opcode} ${OPCODES.get(r.opcode) ?? ''}`.trim())),
      flags !== undefined ? keyed('netlogon.flags', group('Flags', flagNames(flags).map((n) => node(n, 'set')), `0x${flags.toString(16).padStart(8, '0')}`)) : undefined,
      str('dnsForestName', 'DnsForestName'),
      str('dnsDomainName', 'DnsDomainName'),
      str('dnsHostName', 'DnsHostName'),
      str('netbiosDomainName', 'NetbiosDomainName'),
      str('netbiosComputerName', 'NetbiosComputerName'),
      str('userName', 'UserName'),
      str('domainGuid', 'DomainGuid'),
      str('dcSiteName', 'DcSiteName'),
      str('clientSiteName', 'ClientSiteName'),
      str('nextClosestSiteName', 'NextClosestSiteName'),
      str('dcSockAddr', 'DcSockAddr'),
      str('unicodeLogonServer', 'UnicodeLogonServer'),
      str('unicodeDomainName', 'UnicodeDomainName'),
      node('NtVersion', `0x${(r.ntVersion >>> 0).toString(16)} ${ntVerNames(r.ntVersion)}`),
    ]));
  });
}

function requestNode(b: Uint8Array): DecodedNode {
  return attempt('Request', () => {
    const [m] = messages(b);
    if (!m || m.protocolOp.op !== 'searchRequest') return failed('Request', 'not an LDAP search');
    const s = m.protocolOp;
    const t = extractPingTerms(s.filter);
    return group('Request: searchRequest', [
      node('messageID', m.messageId),
      node('base', s.baseObject || '(rootDSE)'),
      node('filter', filterToString(s.filter)),
      node('attributes', s.attributes.join(' ')),
      t ? group('ping terms', [t.dnsDomain ? node('DnsDomain', t.dnsDomain) : undefined, t.host ? node('Host', t.host) : undefined, t.user ? node('User', t.user) : undefined, t.aac !== undefined ? node('AAC', `0x${t.aac.toString(16)}`) : undefined, t.ntVer !== undefined ? node('NtVer', `0x${(t.ntVer >>> 0).toString(16)} ${ntVerNames(t.ntVer)}`) : undefined, t.domainGuid ? node('DomainGuid', t.domainGuid) : undefined, t.domainSid ? node('DomainSid', t.domainSid) : undefined]) : undefined,
    ]);
  });
}

function replyNode(b: Uint8Array): DecodedNode {
  return attempt('Reply', () => {
    const kids = messages(b).map((m): DecodedNode => {
      const op = m.protocolOp;
      if (op.op === 'searchResEntry') {
        return group(`searchResEntry "${op.objectName}"`, op.attributes.map((a) => (a.type.toLowerCase() === 'netlogon' && a.values[0] ? netlogonNode(a.values[0] as Uint8Array) : node(a.type, a.values.map((v) => (typeof v === 'string' ? v : Buffer.from(v).toString('utf8'))).join(', ')))));
      }
      if (op.op === 'searchResDone') return node('searchResDone', `${op.resultCode} ${resultName(op.resultCode)}`, op.diagnosticMessage || undefined);
      return node(op.op, '');
    });
    return group('Reply', kids);
  });
}

export function decodeCldapCapture(c: Capture): DecodedNode[] {
  const q = c.request instanceof Uint8Array ? c.request : undefined;
  const r = c.reply instanceof Uint8Array ? c.reply : undefined;
  return [q ? requestNode(q) : failed('Request', 'not captured'), r ? replyNode(r) : node('Reply', 'none sent (the ping is dropped)')];
}
