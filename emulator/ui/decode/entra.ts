/**
 * A token endpoint exchange (emulator/entra/capture.ts made the capture, passwords already
 * replaced): the request's fields with any JWT as header and claims (the PRT request), and the
 * response: id_token and access_token claims, the PRT (refresh_token) and session_key_jwe masked,
 * and tgt_ad / tgt_cloud field by field, the messageBuffer's AS-REP decoded with its ticket opened
 * (a partial TGT's kvno split into RODC number and key version, its PAC).
 */
import { decodeAsRep } from '../../kerberos/asn1/index.ts';
import type { Capture } from '../../trace/capture.ts';
import type { DecodeContext } from './context.ts';
import { ticketNode } from './kerberos/ticket.ts';
import { etypeName, principal } from './kerberos/names.ts';
import { attempt, failed, group, keyed, node, secret, type DecodedNode, type SecretPolicy } from './tree.ts';

/** Fields and claims whose value is a credential (shown only with --ui-show-secrets). */
const SECRET_FIELDS = new Set(['refresh_token', 'access_token', 'session_key_jwe', 'assertion', 'client_assertion', 'code', 'clientKey', 'prt', 'id_token']);
/** JWT-valued fields whose claims are shown (the token itself stays masked). */
const JWT_FIELDS = new Set(['id_token', 'access_token', 'assertion', 'client_assertion']);
const TGT_FIELDS = new Set(['tgt_ad', 'tgt_cloud']);

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function b64urlJson(s: string): unknown {
  return JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
}

function claimsNode(label: string, o: unknown, policy: SecretPolicy): DecodedNode {
  if (!o || typeof o !== 'object') return node(label, text(o));
  return group(label, Object.entries(o as Record<string, unknown>).map(([k, v]) => fieldNode(k, v, policy)));
}

/** A compact JWS shown as header + claims (the signed string itself masked). */
function jwtNode(label: string, jwt: string, policy: SecretPolicy): DecodedNode {
  return attempt(label, () => {
    const [h, p] = jwt.split('.');
    return group(label, [claimsNode('header', b64urlJson(h), policy), claimsNode('claims', b64urlJson(p), policy), secret('token', jwt, policy)]);
  });
}

function fieldNode(k: string, v: unknown, policy: SecretPolicy): DecodedNode {
  if (v && typeof v === 'object' && 'jwt' in (v as object)) {
    const j = (v as { jwt: { header: unknown; claims: unknown } }).jwt;
    return keyed(`entra.field.${k}`, group(`${k} (JWT)`, [claimsNode('header', j.header, policy), claimsNode('claims', j.claims, policy)], 'decoded at capture; password claims were replaced there'));
  }
  if (typeof v === 'string' && JWT_FIELDS.has(k) && v.split('.').length === 3) return keyed(`entra.field.${k}`, jwtNode(k, v, policy));
  if (SECRET_FIELDS.has(k) && typeof v === 'string') return secret(k, v, policy);
  if (v && typeof v === 'object' && !Array.isArray(v)) return claimsNode(k, v, policy);
  return node(k, text(v));
}

/** tgt_ad / tgt_cloud: the JSON object's fields, its AS-REP decoded and its ticket opened. */
function tgtNode(ctx: DecodeContext, k: string, raw: string): DecodedNode {
  return attempt(k, () => {
    const o = JSON.parse(raw) as Record<string, unknown>;
    const kids: DecodedNode[] = [];
    for (const f of ['realm', 'sn', 'cn', 'keyType', 'sessionKeyType', 'accountType', 'error']) {
      if (o[f] === undefined || o[f] === '') continue;
      kids.push(node(f, f === 'keyType' && typeof o[f] === 'number' ? etypeName(o[f] as number) : text(o[f])));
    }
    if (typeof o.clientKey === 'string' && o.clientKey) kids.push(secret('clientKey', o.clientKey, ctx, "JWE of the AS-REP's reply key under the PRT session key"));
    if (typeof o.messageBuffer === 'string' && o.messageBuffer) {
      kids.push(attempt('messageBuffer', () => {
        const rep = decodeAsRep(new Uint8Array(Buffer.from(o.messageBuffer as string, 'base64')));
        const t = ticketNode(ctx, k === 'tgt_ad' ? 'ticket (the partial TGT)' : 'ticket (the cloud TGT)', rep.ticket, `${k}.ticket`);
        return group('messageBuffer (AS-REP)', [node('client', principal(rep.cname, rep.crealm)), t.node, node('enc-part', etypeName(rep.encPart.etype), 'sealed with the reply key inside clientKey (the device opens it with the PRT session key)')]);
      }));
    }
    return keyed(`entra.${k}`, group(k, kids));
  });
}

export function decodeEntraCapture(ctx: DecodeContext, c: Capture): DecodedNode[] {
  const req = (c.request ?? {}) as Record<string, unknown>;
  const res = c.response;
  const out: DecodedNode[] = [node('HTTP', `${text(c.method)} ${text(c.path)} → ${text(c.status)}`)];
  out.push(keyed('entra.request', group(`Request fields (${Object.keys(req).length})`, Object.entries(req).map(([k, v]) => fieldNode(k, v, ctx)))));
  if (res && typeof res === 'object' && !Array.isArray(res)) {
    out.push(keyed('entra.response', group('Response', Object.entries(res as Record<string, unknown>).map(([k, v]) => (TGT_FIELDS.has(k) && typeof v === 'string' ? tgtNode(ctx, k, v) : fieldNode(k, v, ctx))))));
  } else out.push(res === undefined ? failed('Response', 'not captured') : node('Response', text(res)));
  return out;
}
