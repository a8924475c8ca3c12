/**
 * A KDC-REP (AS-REP, TGS-REP: RFC 4120 5.4.2) or KRB-ERROR (5.9.1) decoded. The AS-REP's enc-part
 * opens with the client's long-term key (key usage 3), the TGS-REP's with the request's
 * authenticator subkey (9) or TGT session key (8); its encrypted-pa-data goes through a registry
 * keyed by padata-type: KERB-KEY-LIST-REP (162) with the NT hash masked, PA-SUPPORTED-ETYPES (165).
 */
import { decodeEncAsRepPart, decodeEncTgsRepPart, decodeMethodData, decodePaData, type EncKdcRepPart, type KdcRep, type KrbErrorMessage, type PaData } from '../../../kerberos/asn1/index.ts';
import { decrypt, KeyUsage, type KerberosKey } from '../../../kerberos/crypto/index.ts';
import type { DecodeContext } from '../context.ts';
import { attempt, failed, group, iso, keyed, node, secret, type DecodedNode } from '../tree.ts';
import { errorName, etypeName, kvnoText, paName, principal, ticketFlags } from './names.ts';
import { padataNodes, type Learned } from './request.ts';
import { ticketNode } from './ticket.ts';

const errText = (e: unknown) => (e instanceof Error ? ((e as { code?: string }).code ?? e.message) : String(e));

const SUPPORTED_ETYPE_BITS: Record<string, number> = { 'DES-CBC-CRC': 1, 'DES-CBC-MD5': 2, 'RC4-HMAC': 4, 'AES128-CTS-HMAC-SHA1-96': 8, 'AES256-CTS-HMAC-SHA1-96': 0x10, 'FAST-supported': 0x10000, 'Compound-identity-supported': 0x20000, 'Claims-supported': 0x40000, 'Resource-SID-compression-disabled': 0x80000 };

type PaDecoder = (ctx: DecodeContext, pa: PaData, learned: Learned) => DecodedNode;

/** Reply padata (clear and encrypted) keyed by padata-type. */
const REP_PADATA: Record<number, PaDecoder> = {
  19: (_c, pa) => {
    const d = decodePaData(pa);
    const list = d.known && d.padataType === 19 ? d.value : [];
    return group(paName(19), list.map((e, i) => node(String(i), etypeName(e.etype), e.salt !== undefined ? `salt ${e.salt}` : undefined)));
  },
  162: (ctx, pa) => {
    const d = decodePaData(pa);
    const keys = d.known && d.padataType === 162 ? d.value : [];
    return keyed('rep.key-list', group(paName(162), keys.map((k, i) => keyed(`rep.key-list.${i}`, secret(k.keytype === 23 ? 'NT hash (rc4-hmac key)' : `key ${etypeName(k.keytype)}`, k.keyvalue, ctx, etypeName(k.keytype)))), "the client's long-term key the DC handed back (MS-KILE 2.2.12)"));
  },
  165: (_c, pa) => {
    const d = decodePaData(pa);
    const v = d.known && d.padataType === 165 ? d.value : 0;
    const names = Object.entries(SUPPORTED_ETYPE_BITS).filter(([, b]) => (v & b) !== 0).map(([n]) => n);
    return node(paName(165), `0x${v.toString(16)} ${names.join(' ')}`);
  },
};

function encPartNodes(ctx: DecodeContext, p: EncKdcRepPart, learned: Learned): DecodedNode[] {
  return [
    secret('session key', p.key.keyvalue, ctx, etypeName(p.key.keytype)),
    node('nonce', p.nonce),
    node('flags', ticketFlags(p.flags)),
    node('authtime', iso(p.authtime)),
    node('endtime', iso(p.endtime)),
    p.renewTill !== undefined ? node('renew-till', iso(p.renewTill)) : undefined,
    node('server', principal(p.sname, p.srealm)),
    p.encryptedPaData ? padataNodes(ctx, p.encryptedPaData, learned, REP_PADATA) : undefined,
  ].filter((n): n is DecodedNode => n !== undefined);
}

function openAsRep(ctx: DecodeContext, rep: KdcRep, learned: Learned): DecodedNode {
  const enc = rep.encPart;
  const head = [node('etype', etypeName(enc.etype)), node('kvno', kvnoText(enc.kvno) ?? '(none)')];
  if (!learned.client) return group('enc-part', [...head, failed('EncASRepPart', 'the client is not in the directory: no key to open it')]);
  const gen = ctx.keys.forAccount(learned.client);
  const candidates = [gen?.current, gen?.previous].filter((g) => g !== undefined);
  const tried: string[] = [];
  for (const g of candidates) {
    const key = g.keys.get(enc.etype);
    if (!key) continue;
    try {
      const p = decodeEncAsRepPart(decrypt(key, KeyUsage.AS_REP_ENCPART, enc.cipher));
      return group('enc-part (EncASRepPart)', [...head, ...encPartNodes(ctx, p, learned)], `opened with ${learned.client.samAccountName}'s key (key version ${g.kvno}, key usage 3)`);
    } catch (e) {
      tried.push(`${learned.client.samAccountName}'s key version ${g.kvno}: ${errText(e)}`);
    }
  }
  return group('enc-part', [...head, failed('EncASRepPart', tried.length ? tried.join('; ') : `${learned.client.samAccountName} has no ${etypeName(enc.etype)} key`)]);
}

function openTgsRep(ctx: DecodeContext, rep: KdcRep, learned: Learned): DecodedNode {
  const enc = rep.encPart;
  const head = [node('etype', etypeName(enc.etype))];
  const tries: { key: KerberosKey; usage: number; what: string }[] = [];
  if (learned.subkey) tries.push({ key: learned.subkey, usage: KeyUsage.TGS_REP_ENCPART_SUBKEY, what: 'the authenticator subkey (key usage 9)' });
  if (learned.sessionKey) tries.push({ key: learned.sessionKey, usage: KeyUsage.TGS_REP_ENCPART_SESSKEY, what: 'the TGT session key (key usage 8)' });
  if (!tries.length) return group('enc-part', [...head, failed('EncTGSRepPart', "the request's ticket did not open: no session key to open the reply")]);
  const tried: string[] = [];
  for (const t of tries) {
    try {
      const p = decodeEncTgsRepPart(decrypt(t.key, t.usage, enc.cipher));
      return group('enc-part (EncTGSRepPart)', [...head, ...encPartNodes(ctx, p, learned)], `opened with ${t.what}`);
    } catch (e) {
      tried.push(`${t.what}: ${errText(e)}`);
    }
  }
  return group('enc-part', [...head, failed('EncTGSRepPart', tried.join('; '))]);
}

export function kdcRepNode(ctx: DecodeContext, label: string, rep: KdcRep, learned: Learned, tgs: boolean): DecodedNode {
  const toKrbtgt = rep.ticket.sname.nameString[0]?.toLowerCase() === 'krbtgt';
  const ticketLabel = tgs && learned.rodcTicket && toKrbtgt ? 'ticket (the full TGT)' : toKrbtgt ? 'ticket (TGT)' : 'ticket (service ticket)';
  const t = ticketNode(ctx, ticketLabel, rep.ticket, 'rep.ticket');
  return group(label, [
    rep.padata?.length ? padataNodes(ctx, rep.padata, learned, REP_PADATA) : undefined,
    node('client', principal(rep.cname, rep.crealm)),
    t.node,
    attempt('enc-part', () => (tgs ? openTgsRep(ctx, rep, learned) : openAsRep(ctx, rep, learned))),
  ]);
}

export function krbErrorNode(ctx: DecodeContext, e: KrbErrorMessage): DecodedNode {
  let eData: DecodedNode | undefined;
  if (e.eData) {
    eData = attempt('e-data', () => {
      const md = decodeMethodData(e.eData!);
      return padataNodes(ctx, md, {}, REP_PADATA);
    });
    if (eData.error) eData = node('e-data', `${e.eData.length} bytes`, 'not METHOD-DATA');
  }
  return group('KRB-ERROR', [
    keyed('error.code', node('error-code', errorName(e.errorCode))),
    node('stime', iso(e.stime)),
    node('server', principal(e.sname, e.realm)),
    e.cname ? node('client', principal(e.cname, e.crealm)) : undefined,
    e.eText ? node('e-text', e.eText) : undefined,
    eData,
  ]);
}
