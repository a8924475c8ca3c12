/**
 * The LDAP ping over UDP (CLDAP, MS-ADTS 6.3.3) as the DC locator sends it: a base-scope rootDSE
 * search whose filter carries DnsDomain, Host, User, AAC, DomainGuid and NtVer, asking for the
 * Netlogon attribute; the reply's NETLOGON_SAM_LOGON_RESPONSE(_EX) decoded (6.3.1.9). A DC that
 * does not serve the domain answers with no entry: `answered: false`. No reply is TIMEOUT.
 */
import { encodeMessage, decodeMessage, LdapFramer, type Filter } from '../../emulator/ldap/codec/index.ts';
import { decodeNetlogonResponse, NETLOGON_ATTRIBUTE, NETLOGON_NT_VERSION as V, type NetlogonResponse } from '../../emulator/ldap/netlogon/index.ts';
import { ClientError } from '../errors.ts';
import { UdpClient } from './udp.ts';

/** NtVer the locator sends: 5 | 5EX | WITH_CLOSEST_SITE = 0x16 (what Windows' DsGetDcName asks for). */
export const LOCATOR_NT_VER = V.NETLOGON_NT_VERSION_5 | V.NETLOGON_NT_VERSION_5EX | V.NETLOGON_NT_VERSION_WITH_CLOSEST_SITE;

export interface PingRequest {
  /** DnsDomain term. */
  readonly dnsDomain?: string;
  /** Host term: the client's computer name. */
  readonly host?: string;
  /** User term and AAC (USER_ACCOUNT bits) to ask whether an account exists. */
  readonly user?: string;
  readonly aac?: number;
  /** DomainGuid term (binary GUID in MS byte order). */
  readonly domainGuid?: Uint8Array;
  readonly ntVer?: number;
}

export type PingResult =
  | { readonly answered: true; readonly response: NetlogonResponse; readonly bytes: Uint8Array; readonly rttMs: number }
  | { readonly answered: false; readonly resultCode: number; readonly rttMs: number };

function le32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
}

/** The ping's filter, terms in the order Windows sends them. */
export function pingFilter(req: PingRequest): Filter {
  const enc = new TextEncoder();
  const eq = (attribute: string, value: Uint8Array): Filter => ({ type: 'equalityMatch', attribute, value });
  const terms: Filter[] = [];
  if (req.dnsDomain !== undefined) terms.push(eq('DnsDomain', enc.encode(req.dnsDomain)));
  if (req.host !== undefined) terms.push(eq('Host', enc.encode(req.host)));
  if (req.user !== undefined) terms.push(eq('User', enc.encode(req.user)));
  if (req.aac !== undefined) terms.push(eq('AAC', le32(req.aac)));
  if (req.domainGuid !== undefined) terms.push(eq('DomainGuid', req.domainGuid));
  terms.push(eq('NtVer', le32(req.ntVer ?? LOCATOR_NT_VER)));
  return { type: 'and', filters: terms };
}

/** The CLDAP datagram of a ping (one SearchRequest, RFC 1798 without the DN field, as AD takes it). */
export function encodePing(req: PingRequest, messageId: number): Uint8Array {
  return encodeMessage({
    messageId,
    protocolOp: { op: 'searchRequest', baseObject: '', scope: 0, derefAliases: 0, sizeLimit: 0, timeLimit: 0, typesOnly: false, filter: pingFilter(req), attributes: [NETLOGON_ATTRIBUTE] },
  });
}

/** Decodes a ping reply datagram (entry + done, or done alone). */
export function decodePingReply(bytes: Uint8Array, messageId: number, peer?: string): { response?: NetlogonResponse; raw?: Uint8Array; resultCode: number } {
  const msgs = new LdapFramer(bytes.length + 1).push(bytes).map((m) => decodeMessage(m));
  let response: NetlogonResponse | undefined;
  let raw: Uint8Array | undefined;
  let resultCode: number | undefined;
  for (const m of msgs) {
    if (m.messageId !== messageId) throw new ClientError('cldap', 'UNEXPECTED_REPLY', `reply for message ${m.messageId}, asked ${messageId}`, peer ? { peer } : {});
    if (m.protocolOp.op === 'searchResEntry') {
      const attr = m.protocolOp.attributes.find((a) => a.type.toLowerCase() === NETLOGON_ATTRIBUTE.toLowerCase());
      if (attr?.values[0]) {
        raw = attr.values[0];
        response = decodeNetlogonResponse(raw).response;
      }
    } else if (m.protocolOp.op === 'searchResDone') resultCode = m.protocolOp.resultCode;
  }
  if (resultCode === undefined) throw new ClientError('cldap', 'UNEXPECTED_REPLY', 'no SearchResultDone in the reply', peer ? { peer } : {});
  return { ...(response ? { response, raw } : {}), resultCode };
}

let nextMessageId = 1;

/** Sends one LDAP ping to host:port over UDP and waits for the reply. */
export async function cldapPing(
  target: { host: string; port: number; localAddress?: string },
  req: PingRequest,
  timeoutMs = 1000,
): Promise<PingResult> {
  const peer = `${target.host}:${target.port}`;
  const id = (nextMessageId = (nextMessageId % 0x7fffffff) + 1);
  let client: UdpClient;
  try {
    client = await UdpClient.open({ host: target.host, ...(target.localAddress ? { localAddress: target.localAddress } : {}) });
  } catch (err) {
    throw new ClientError('cldap', 'BAD_REQUEST', `cannot bind the client socket to ${target.localAddress}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  const started = performance.now();
  try {
    const reply = await client.exchange(encodePing(req, id), target.port, timeoutMs);
    const rttMs = performance.now() - started;
    if (!reply) throw new ClientError('cldap', 'TIMEOUT', `no ping reply within ${timeoutMs} ms`, { peer });
    const r = decodePingReply(reply, id, peer);
    return r.response ? { answered: true, response: r.response, bytes: r.raw!, rttMs } : { answered: false, resultCode: r.resultCode, rttMs };
  } finally {
    await client.close();
  }
}
