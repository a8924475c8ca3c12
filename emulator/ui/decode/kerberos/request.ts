/**
 * A KDC-REQ (AS-REQ or TGS-REQ, RFC 4120 5.4.1) decoded: its padata through a registry keyed by
 * padata-type (PA-ENC-TIMESTAMP opened with the client's key, PA-TGS-REQ's ticket and
 * authenticator opened, KERB-KEY-LIST-REQ, PA-PAC-REQUEST, PA-PAC-OPTIONS) and its req-body. What
 * it learns (the client, the TGS session key and subkey) opens the reply.
 */
import type { Account } from '../../../directory/model.ts';
import { decode, decodeAuthenticator, PA_PAC_OPTIONS_FLAGS, PaEncTsEnc, decodePaData, type Authenticator, type KdcReq, type PaData } from '../../../kerberos/asn1/index.ts';
import { decrypt, KeyUsage, type KerberosKey } from '../../../kerberos/crypto/index.ts';
import { findClient } from '../../../kerberos/kdc/principals.ts';
import type { DecodeContext } from '../context.ts';
import { attempt, failed, group, iso, keyed, node, secret, type DecodedNode } from '../tree.ts';
import { etypeName, kdcOptions, kvnoText, paName, principal } from './names.ts';
import { ticketNode } from './ticket.ts';

/** What the request tells the reply's decoder. */
export interface Learned {
  client?: Account;
  /** The TGS session key (from the ticket in PA-TGS-REQ) and the authenticator's subkey. */
  sessionKey?: KerberosKey;
  subkey?: KerberosKey;
  /** The ticket in PA-TGS-REQ was an RODC's (a partial TGT): the reply may carry the key list. */
  rodcTicket?: boolean;
}

const errText = (e: unknown) => (e instanceof Error ? ((e as { code?: string }).code ?? e.message) : String(e));

function clientKeyFor(ctx: DecodeContext, account: Account, etype: number): { key: KerberosKey; kvno: number } | undefined {
  const k = ctx.keys.forAccount(account)?.current;
  const key = k?.keys.get(etype);
  return key && k ? { key, kvno: k.kvno } : undefined;
}

function encTimestamp(ctx: DecodeContext, pa: PaData, learned: Learned): DecodedNode {
  const d = decodePaData(pa);
  if (!d.known || d.padataType !== 2) return failed(paName(pa.padataType), 'did not decode');
  const enc = d.value;
  const kids: DecodedNode[] = [node('etype', etypeName(enc.etype)), node('kvno', kvnoText(enc.kvno) ?? '(none)')];
  if (!learned.client) return group(paName(2), [...kids, failed('timestamp', 'the client is not in the directory: no key to open it')]);
  const k = clientKeyFor(ctx, learned.client, enc.etype);
  if (!k) return group(paName(2), [...kids, failed('timestamp', `${learned.client.samAccountName} has no ${etypeName(enc.etype)} key`)]);
  try {
    const ts = decode(PaEncTsEnc, decrypt(k.key, KeyUsage.PA_ENC_TIMESTAMP, enc.cipher));
    return group(paName(2), [...kids, node('timestamp', iso(ts.patimestamp), `opened with ${learned.client.samAccountName}'s key (key version ${k.kvno})`)]);
  } catch (e) {
    return group(paName(2), [...kids, failed('timestamp', `${learned.client.samAccountName}'s current key (key version ${k.kvno}) does not open it: ${errText(e)} (a wrong password)`)]);
  }
}

function authenticatorNodes(ctx: DecodeContext, a: Authenticator): DecodedNode[] {
  return [
    node('client', principal(a.cname, a.crealm)),
    node('ctime', iso(a.ctime)),
    a.cksum ? node('checksum type', a.cksum.cksumtype) : undefined,
    a.subkey ? secret('subkey', a.subkey.keyvalue, ctx, etypeName(a.subkey.keytype)) : undefined,
    a.seqNumber !== undefined ? node('seq-number', a.seqNumber) : undefined,
  ].filter((n): n is DecodedNode => n !== undefined);
}

function tgsReq(ctx: DecodeContext, pa: PaData, learned: Learned): DecodedNode {
  const d = decodePaData(pa);
  if (!d.known || d.padataType !== 1) return failed(paName(pa.padataType), 'did not decode');
  const ap = d.value;
  const kvno = ap.ticket.encPart.kvno;
  learned.rodcTicket = kvno !== undefined && kvno > 0xffff;
  const t = ticketNode(ctx, learned.rodcTicket ? 'ticket (an RODC-issued TGT: the partial TGT)' : 'ticket', ap.ticket, 'req.ticket');
  let auth: DecodedNode;
  if (!t.part) auth = failed('authenticator', 'the ticket did not open, so neither does its authenticator (its session key is inside)');
  else {
    const sk: KerberosKey = { etype: t.part.key.keytype, bytes: t.part.key.keyvalue };
    learned.sessionKey = sk;
    try {
      const a = decodeAuthenticator(decrypt(sk, KeyUsage.TGS_REQ_AUTH, ap.authenticator.cipher));
      if (a.subkey) learned.subkey = { etype: a.subkey.keytype, bytes: a.subkey.keyvalue };
      auth = group('authenticator', authenticatorNodes(ctx, a), 'opened with the ticket session key (key usage 7)');
    } catch (e) {
      auth = failed('authenticator', `the ticket session key does not open it: ${errText(e)}`);
    }
  }
  return group(paName(1), [t.node, auth], 'AP-REQ');
}

type PaDecoder = (ctx: DecodeContext, pa: PaData, learned: Learned) => DecodedNode;

/** Request padata decoders keyed by padata-type. */
const REQ_PADATA: Record<number, PaDecoder> = {
  1: tgsReq,
  2: encTimestamp,
  128: (_c, pa) => {
    const d = decodePaData(pa);
    return node(paName(128), d.known && d.padataType === 128 ? `include-pac ${d.value.includePac}` : '?');
  },
  161: (_c, pa) => {
    const d = decodePaData(pa);
    const etypes = d.known && d.padataType === 161 ? d.value : [];
    return keyed('req.key-list', group(paName(161), etypes.map((e, i) => node(String(i), etypeName(e))), 'the client asks the DC for its long-term keys of these enctypes (MS-KILE 2.2.11)'));
  },
  167: (_c, pa) => {
    const d = decodePaData(pa);
    return node(paName(167), d.known && d.padataType === 167 ? `0x${d.value.flags.toString(16)} ${PA_PAC_OPTIONS_FLAGS.names(d.value.flags).join(' ')}` : '?');
  },
};

export function padataNodes(ctx: DecodeContext, list: readonly PaData[] | undefined, learned: Learned, registry: Record<number, PaDecoder>): DecodedNode {
  return group(`padata (${list?.length ?? 0})`, (list ?? []).map((pa) => {
    const dec = registry[pa.padataType];
    return attempt(paName(pa.padataType), () => (dec ? dec(ctx, pa, learned) : node(paName(pa.padataType), `${pa.padataValue.length} bytes`, 'not decoded here')));
  }));
}

/** The KDC-REQ node and what it taught. */
export function kdcReqNode(ctx: DecodeContext, label: string, req: KdcReq): { node: DecodedNode; learned: Learned } {
  const learned: Learned = {};
  const b = req.reqBody;
  if (b.cname) {
    const c = findClient(ctx.directory, b.cname);
    if (c) learned.client = c.account;
  }
  const padata = padataNodes(ctx, req.padata, learned, REQ_PADATA);
  const body = group('req-body', [
    node('kdc-options', kdcOptions(b.kdcOptions)),
    b.cname ? node('cname', principal(b.cname), learned.client ? `the directory's ${learned.client.samAccountName}` : undefined) : undefined,
    node('realm', b.realm),
    b.sname ? node('sname', principal(b.sname)) : undefined,
    node('till', iso(b.till)),
    node('nonce', b.nonce),
    group(`etype (${b.etype.length})`, b.etype.map((e, i) => node(String(i), etypeName(e)))),
    b.additionalTickets?.length ? node('additional-tickets', b.additionalTickets.length) : undefined,
  ]);
  return { node: group(label, [node('pvno', 5), padata, body]), learned };
}
