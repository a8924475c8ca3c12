/**
 * AS exchange, step 3 of 3 (RFC 4120 3.1.3, 5.4.2): the ticket and the AS-REP, as AD issues them.
 *   - times: authtime = starttime = now (starttime always present, impacket's ccache writer needs
 *     it); endtime = min(till, now + max life: the user-ticket life for a TGT, the service-ticket
 *     life otherwise); renewable when asked (or renewable-ok and the life was cut) unless the
 *     policy forbids it, renew-till = min(rtime, now + max renew life);
 *   - flags: initial, pre-authent (when verified), forwardable when asked unless the account is
 *     "sensitive and cannot be delegated" (NOT_DELEGATED) or the policy forbids it, proxiable the same
 *     way, renewable as above, and enc-pa-rep
 *     (bit 15, klist's "name_canonicalize") always, as Windows sets it; when the client sent
 *     PA-REQ-ENC-PA-REP its checksum goes in encrypted-pa-data (RFC 6806 11: MIT clients check it);
 *   - addresses: the request's, in the ticket and the reply (RFC 4120 3.1.3; MIT kinit sends
 *     none unless told to, Windows clients send their NetBIOS address);
 *   - names: canonical (sAMAccountName, krbtgt/REALM, upper-case realm) when canonicalize was
 *     asked or the name was an enterprise name, else echoed as requested;
 *   - the PAC from the directory: always in a TGT (Windows since KB5008380), PA-PAC-REQUEST
 *     recorded in its ATTRIBUTES_INFO (MS-PAC 2.14: requested, given implicitly, or neither when
 *     the client said false, which keeps the PAC out of the service tickets the TGS issues
 *     from it); a ticket for another service gets none when the client said false, and no
 *     ATTRIBUTES_INFO or PAC_REQUESTOR (TGT-only buffers), and no ticket or full-PAC signature
 *     (AD signs those only in TGS-issued tickets);
 *   - EncASRepPart as [APPLICATION 25], last-req, key-expiration (2037-09-14T02:48:05Z when the
 *     password never expires, as AD sends), PA-SUPPORTED-ETYPES in encrypted-pa-data when
 *     canonicalize was asked, and
 *     PA-ETYPE-INFO2 for an AES reply key in the AS-REP padata (none for RC4, as Windows).
 */
import { hasFlag, UF } from '../../../directory/uac.ts';
import {
  encodeAsRep,
  encodeChecksum,
  encodeEncAsRepPart,
  KDC_OPTIONS,
  PA,
  paData,
  TICKET_FLAGS,
  TR_TYPE,
  type EncKdcRepPart,
  type EncTicketPart,
  type PaData,
} from '../../asn1/index.ts';
import { checksum, checksumTypeForEtype, EncType, encrypt, KeyUsage, randomKey, type KerberosKey } from '../../crypto/index.ts';
import { ticketKvno } from '../../keys/keytable.ts';
import type { KdcContext } from '../context.ts';
import { supportedEtypesMask, ticketKeyFor } from '../etypes.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { withDirectoryPac } from '../pac-from-directory.ts';
import { sealTicket } from '../ticket.ts';
import type { AsDecision } from './check.ts';
import { kdcChallenge } from '../fast/challenge.ts';
import { advertisedFastBits, fastEnabled } from '../fast/policy.ts';
import { ANONYMOUS_NAME, ANONYMOUS_REALM, fastFinished, fastReplyPadata } from '../fast/reply.ts';
import { cf2 } from '../../crypto/prf.ts';
import { etypeHints, etypeInfo2For } from './preauth.ts';
import type { AsRequest } from './gather.ts';

/** RFC 6806 11 / RFC 6113 5.4.2: key usage of the PA-REQ-ENC-PA-REP checksum (KEY_USAGE_AS_REQ). */
export const KEY_USAGE_AS_REQ = 56;
/** The key-expiration AD sends when the password never expires. */
export const AD_NEVER_EXPIRES = Date.UTC(2037, 8, 14, 2, 48, 5);

/** The ticket times and flags of an AS reply. */
export function asTimesAndFlags(ctx: KdcContext, r: AsRequest, d: AsDecision): {
  flags: number;
  endtime: number;
  renewTill?: number;
} {
  const o = r.body.kdcOptions;
  const cfg = ctx.config;
  const maxLife = r.isChangePw ? cfg.changePwLifetimeMs : r.isTgt ? cfg.ticketLifetimeMs : cfg.serviceTicketLifetimeMs;
  const till = r.body.till === 0 ? Number.MAX_SAFE_INTEGER : r.body.till;
  const endtime = Math.min(till, d.now + maxLife);
  let flags = TICKET_FLAGS.from(['initial']);
  if (d.preauthenticated) flags = TICKET_FLAGS.set(flags, 'pre-authent');
  const sensitive = hasFlag(r.client.account.userAccountControl, UF.NOT_DELEGATED);
  if (KDC_OPTIONS.has(o, 'forwardable') && cfg.forwardable && !sensitive && !r.isChangePw) flags = TICKET_FLAGS.set(flags, 'forwardable');
  // PROXIABLE under the same rules as FORWARDABLE (Windows grants it when asked; Samba's
  // protected_users_tests test_proxiable_as_not_protected).
  if (KDC_OPTIONS.has(o, 'proxiable') && cfg.forwardable && !sensitive && !r.isChangePw) flags = TICKET_FLAGS.set(flags, 'proxiable');
  // Windows sets enc-pa-rep (bit 15) in every AS reply, asked or not (RFC 6806 11; Samba's
  // compatability_tests test_heimdal_and_windows_EncASRepPart_FAST_support).
  flags = TICKET_FLAGS.set(flags, 'enc-pa-rep');
  let renewTill: number | undefined;
  const wantsRenew = KDC_OPTIONS.has(o, 'renewable') || (KDC_OPTIONS.has(o, 'renewable-ok') && till > endtime);
  if (wantsRenew && cfg.renewable && !r.isChangePw) {
    const asked = KDC_OPTIONS.has(o, 'renewable') ? (r.body.rtime ?? 0) : till;
    const rtime = asked === 0 ? Number.MAX_SAFE_INTEGER : asked;
    renewTill = Math.max(endtime, Math.min(rtime, d.now + cfg.renewLifetimeMs));
    flags = TICKET_FLAGS.set(flags, 'renewable');
  }
  return { flags, endtime, ...(renewTill !== undefined ? { renewTill } : {}) };
}

/** Builds, seals and encodes the ticket and the AS-REP for a request the checks passed. */
export function issueAs(ctx: KdcContext, r: AsRequest, d: AsDecision, ex: ExchangeRecord): Uint8Array {
  const now = d.now;
  const { flags, endtime, renewTill } = asTimesAndFlags(ctx, r, d);
  const crealm = r.canonicalize ? ctx.realm : r.body.realm;
  const cname = r.canonicalize ? r.client.canonical : r.body.cname!;
  const srealm = r.canonicalize ? ctx.realm : r.body.realm;
  const sname = r.canonicalize && r.isTgt ? r.server.canonical : r.body.sname!;

  const sessionKey = randomKey(d.sessionEtype, ctx.rng);
  const serverKey = ticketKeyFor(r.server.account, r.serverKeys.current);
  ex.ticketEtype = serverKey.etype;
  const base: EncTicketPart = {
    flags,
    key: { keytype: sessionKey.etype, keyvalue: sessionKey.bytes },
    crealm,
    cname,
    transited: { trType: TR_TYPE.DOMAIN_X500_COMPRESS, contents: new Uint8Array(0) },
    authtime: now,
    starttime: now,
    endtime,
    ...(renewTill !== undefined ? { renewTill } : {}),
    ...(r.body.addresses ? { caddr: r.body.addresses } : {}),
  };
  let part = base;
  // A TGT always carries the PAC (Windows since KB5008380): PA-PAC-REQUEST is only recorded in
  // its ATTRIBUTES_INFO, which the TGS reads. A ticket for another service honours a "false".
  const withPac = r.isTgt || r.pacRequest !== false;
  if (withPac) {
    const krbtgtKey = ctx.keys.strongestKey(ctx.directory.krbtgt);
    if (!krbtgtKey) throw new Error('the domain krbtgt has no keys');
    part = withDirectoryPac(
      ctx,
      base,
      r.client.account,
      {
        authTime: now,
        clientName: cname.nameString.join('/'),
        ...(r.pacRequest !== undefined ? { pacRequested: r.pacRequest } : {}),
        // ATTRIBUTES_INFO and PAC_REQUESTOR only in TGTs (MS-PAC 2.14, 2.15; Samba samba_wdc_get_pac).
        attributes: r.isTgt,
        requestor: r.isTgt,
        domainLocalAsResourceGroups: !r.isTgt,
      },
      // No ticket or full-PAC signature: AD adds them only in tickets the TGS issues (Samba's
      // fast_tests test_simple_as_req_self expects the AS-issued PAC without buffers 16 and 19).
      { serverKey, kdcKey: krbtgtKey.key, serviceTicket: false },
    );
  }
  ex.detail.pac = !withPac ? 'omitted: PA-PAC-REQUEST false' : r.isTgt && r.pacRequest === false ? 'in the TGT, ATTRIBUTES_INFO: not requested' : true;
  ex.fact ??= `${r.client.account.dn} found by ${r.client.by}; ${d.preauthenticated ? `PA-ENC-TIMESTAMP verified with its kvno ${r.clientKeys.current.kvno} etype ${d.replyEtype} key` : 'no pre-authentication (DONT_REQ_PREAUTH)'}`;
  const ticket = sealTicket(part, { realm: srealm, sname }, { key: serverKey, kvno: ticketKvno(r.server.account, r.serverKeys.current) }, ctx.rng);

  const longTermKey = r.clientKeys.current.keys.get(d.replyEtype)!;
  // Armored (RFC 6113 5.4.3): a fresh strengthen-key combined with the reply key.
  const strengthenKey = r.fast ? randomKey(longTermKey.etype, ctx.rng) : undefined;
  const replyKey = strengthenKey ? cf2(strengthenKey, longTermKey, 'strengthenkey', 'replykey') : longTermKey;
  const encPart: EncKdcRepPart = {
    key: { keytype: sessionKey.etype, keyvalue: sessionKey.bytes },
    lastReq: [{ lrType: 0, lrValue: now }],
    nonce: r.body.nonce,
    keyExpiration: d.state.passwordExpiresAt ?? AD_NEVER_EXPIRES,
    flags,
    authtime: now,
    starttime: now,
    endtime,
    ...(renewTill !== undefined ? { renewTill } : {}),
    srealm,
    sname,
    ...(r.body.addresses ? { caddr: r.body.addresses } : {}),
    encryptedPaData: encryptedPaData(ctx, r, replyKey),
  };
  let padata: PaData[];
  if (r.fast) {
    // The hints and the KDC's encrypted challenge travel inside the armored reply.
    const inner = [...etypeHints(r.etypes, r.clientKeys.current, false), ...(r.encChallenge ? [kdcChallenge(ctx, r.fast.armorKey, longTermKey)] : [])];
    padata = fastReplyPadata(ctx, r.fast, { padata: inner, nonce: r.body.nonce, finished: fastFinished(ctx, r.fast, ticket, crealm, cname), strengthenKey: strengthenKey! });
  } else {
    // The reply key's hint: PA-ETYPE-INFO2 for an AES key; for RC4, which has no salt, Windows
    // sends no padata at all (Samba's raw_testcase check_reply_padata).
    padata = d.replyEtype === EncType.RC4_HMAC ? [] : [paData(PA.PA_ETYPE_INFO2, etypeInfo2For([d.replyEtype], r.clientKeys.current, false))];
  }
  const hide = r.fast?.hideClientNames === true;
  return encodeAsRep({
    ...(padata.length > 0 ? { padata } : {}),
    crealm: hide ? ANONYMOUS_REALM : crealm,
    cname: hide ? ANONYMOUS_NAME : cname,
    ticket,
    encPart: {
      etype: replyKey.etype,
      kvno: r.clientKeys.current.kvno,
      cipher: encrypt(replyKey, KeyUsage.AS_REP_ENCPART, encodeEncAsRepPart(encPart), ctx.rng),
    },
  });
}

/**
 * encrypted-pa-data: PA-SUPPORTED-ETYPES of the server when the client asked for name
 * canonicalization (MS-KILE 3.3.5.6.4: a KDC "that supports ... canonicalize" returns it then;
 * AD and Samba send none otherwise, Samba's raw_testcase asserts it), then PA-REQ-ENC-PA-REP
 * when asked.
 */
function encryptedPaData(ctx: KdcContext, r: AsRequest, replyKey: KerberosKey): PaData[] {
  const out: PaData[] = [];
  if (KDC_OPTIONS.has(r.body.kdcOptions, 'canonicalize')) {
    const fastBits = r.isTgt ? advertisedFastBits(ctx) : 0;
    out.push(paData(PA.PA_SUPPORTED_ETYPES, (supportedEtypesMask(r.server.account, ctx.config.defaultSupportedEtypes) | fastBits) >>> 0));
  }
  if (r.reqEncPaRep) {
    const type = checksumTypeForEtype(replyKey.etype);
    const value = checksum(type, replyKey, KEY_USAGE_AS_REQ, r.raw);
    out.push({ padataType: PA.PA_REQ_ENC_PA_REP, padataValue: encodeChecksum({ cksumtype: type, checksum: value }) });
    // FAST negotiation (RFC 6806 11): a KDC that supports FAST says so beside the checksum, which
    // is how MIT clients learn they may arm their requests (fast_avail in the ccache).
    if (fastEnabled(ctx)) out.push({ padataType: PA.PA_FX_FAST, padataValue: new Uint8Array(0) });
  }
  return out;
}
