/**
 * TGS step 4, issue (RFC 4120 3.3.3, 5.4.2; MS-KILE 3.3.5.7): the new ticket and the TGS-REP.
 *   - session key: a fresh key of the first enctype in the client's list that the server allows
 *     (unknown/weak enctypes such as DES, 3DES, negative numbers skipped: impacket's getST asks
 *     for 23, 16, 3, 18); RENEW keeps the presented ticket's session key;
 *   - ticket: sealed with the server's strongest key its msDS-SupportedEncryptionTypes allows,
 *     with its kvno; times and flags by lifetime.ts; the addresses: the request's for FORWARDED
 *     (RFC 4120 3.3.3), else the presented ticket's;
 *   - PAC: copied from the TGT with fresh signatures (ordinary path), or a new full PAC from the
 *     directory (RODC path: PAC_REQUESTOR, no ATTRIBUTES_INFO, as Windows and Samba reissue;
 *     S4U2Self: the named user's);
 *     a service ticket carries none when PA-PAC-REQUEST says false, when the TGT's
 *     ATTRIBUTES_INFO says the PAC was not wanted, or the service has NO_AUTH_DATA_REQUIRED;
 *   - EncTGSRepPart [APPLICATION 26] with encrypted-pa-data: KERB-KEY-LIST-REP first (when the
 *     RODC exchange asked for it), then PA-SUPPORTED-ETYPES of the server when canonicalize was
 *     asked (as AD: none otherwise; PROTOCOL.md section 4's capture asks it); encrypted with the
 *     authenticator subkey (usage 9) or the TGT session key (usage 8).
 */
import { hasFlag, UF } from '../../../directory/uac.ts';
import {
  encodeEncTicketPart,
  encodeEncTgsRepPart,
  encodeTgsRep,
  KDC_OPTIONS,
  PA,
  paData,
  TICKET_FLAGS,
  TR_TYPE,
  truncateToSecond,
  type EncKdcRepPart,
  type EncTicketPart,
  type PaData,
  type PrincipalName,
} from '../../asn1/index.ts';
import { encrypt, randomKey, type KerberosKey } from '../../crypto/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import type { FastRequest } from '../fast/armor.ts';
import { advertisedFastBits } from '../fast/policy.ts';
import { ANONYMOUS_NAME, ANONYMOUS_REALM, fastFinished, fastReplyPadata } from '../fast/reply.ts';
import { chooseSessionEtype, supportedEtypesMask, usableEtypes } from '../etypes.ts';
import { principalText, type ExchangeRecord } from '../exchange.ts';
import { withDirectoryPac } from '../pac-from-directory.ts';
import { keyListReply } from '../rodc/key-list.ts';
import { sealTicket } from '../ticket.ts';
import type { VerifiedAuthenticator } from './authenticator.ts';
import type { VerifiedClient } from './client.ts';
import type { TgsRequest } from './gather.ts';
import { issuedTimes, renewedTimes, type IssuedTimes } from './lifetime.ts';
import { withCopiedPac } from './pac.ts';
import { s4uX509Reply, type S4uSelfGrant } from './s4u.ts';
import type { ServerTarget } from './service.ts';
import { PAC_ATTRIBUTE_FLAGS } from '../../pac/index.ts';

/** Whether a service ticket gets a PAC (see the file comment). */
function wantsPac(tgs: TgsRequest, who: VerifiedClient, server: ServerTarget, ex: ExchangeRecord): boolean {
  if (server.isTgs) return true;
  if (tgs.pacRequest === false) {
    ex.detail.pac = 'omitted: PA-PAC-REQUEST false';
    return false;
  }
  if (hasFlag(server.account.userAccountControl, UF.NO_AUTH_DATA_REQUIRED)) {
    ex.detail.pac = `omitted: ${server.account.samAccountName} has NO_AUTH_DATA_REQUIRED`;
    return false;
  }
  const attrs = who.pac.kind === 'copy' ? who.pac.pac.attributesInfo : undefined;
  if (tgs.pacRequest === undefined && attrs) {
    const f = attrs.flags[0] ?? 0;
    if ((f & (PAC_ATTRIBUTE_FLAGS.PAC_WAS_REQUESTED | PAC_ATTRIBUTE_FLAGS.PAC_WAS_GIVEN_IMPLICITLY)) === 0) {
      ex.detail.pac = 'omitted: the TGT says the PAC was not requested';
      return false;
    }
  }
  return true;
}

function withPac(ctx: KdcContext, part: EncTicketPart, who: VerifiedClient, server: ServerTarget): Uint8Array {
  const krbtgt = ctx.keys.strongestKey(ctx.directory.krbtgt);
  if (!krbtgt) throw krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', 'DOMAIN KRBTGT HAS NO KEYS');
  const keys = { serverKey: server.ticketKey, kdcKey: krbtgt.key, serviceTicket: !server.isTgs };
  if (who.pac.kind === 'copy') return withCopiedPac(part, who.pac.pac, keys);
  return encodeEncTicketPart(
    withDirectoryPac(
      ctx,
      part,
      who.account,
      { authTime: part.authtime, clientName: who.account.samAccountName, attributes: false, requestor: server.isTgs, domainLocalAsResourceGroups: !server.isTgs },
      keys,
    ),
  );
}

/** The issued ticket's server name: canonical when asked (RFC 6806) or for the TGS. */
function issuedSname(tgs: TgsRequest, server: ServerTarget): PrincipalName {
  return server.isTgs || KDC_OPTIONS.has(tgs.body.kdcOptions, 'canonicalize') ? server.canonical : tgs.sname;
}

function sessionKeyFor(ctx: KdcContext, tgs: TgsRequest, auth: VerifiedAuthenticator, server: ServerTarget, renew: boolean, ex: ExchangeRecord): KerberosKey {
  if (renew) return auth.sessionKey;
  try {
    return randomKey(chooseSessionEtype(usableEtypes(tgs.body.etype), server.account, server.keys.current), ctx.rng);
  } catch (err) {
    ex.fact = `the client listed [${tgs.body.etype.join(', ')}]; ${server.account.samAccountName} allows none of them`;
    throw err;
  }
}

/** Builds and encodes the TGS-REP (see the file comment). */
export function issueTgsReply(
  ctx: KdcContext,
  tgs: TgsRequest,
  tgt: EncTicketPart,
  auth: VerifiedAuthenticator,
  who: VerifiedClient,
  server: ServerTarget,
  ex: ExchangeRecord,
  s4u?: S4uSelfGrant,
  fast?: FastRequest,
): Uint8Array {
  const now = truncateToSecond(ctx.clock.now());
  const renew = KDC_OPTIONS.has(tgs.body.kdcOptions, 'renew');
  if (renew && !server.isTgs) {
    ex.fact = `RENEW asked for ${tgs.sname.nameString.join('/')}, but the presented ticket is a TGT`;
    throw krbError('KDC_ERR_SERVER_NOMATCH', 'RENEW FOR ANOTHER SERVER');
  }
  const sessionKey = sessionKeyFor(ctx, tgs, auth, server, renew, ex);
  let t: IssuedTimes = renew ? renewedTimes(tgt, now) : issuedTimes(ctx.config, tgs.body, tgt, who.account, server.account, server.isTgs, now);
  // S4U2Self: FORWARDABLE exactly when protocol transition allows it, asked or not (MS-SFU
  // 3.2.5.1.2: the KDC MUST set it for a TrustedToAuthenticationForDelegation service); authtime now.
  if (s4u) t = { ...t, authtime: now, flags: s4u.forwardable ? TICKET_FLAGS.set(t.flags, 'forwardable') : TICKET_FLAGS.clear(t.flags, 'forwardable') };
  const sname = issuedSname(tgs, server);
  const srealm = server.isTgs || KDC_OPTIONS.has(tgs.body.kdcOptions, 'canonicalize') ? ctx.realm : tgs.srealm;
  const caddr = KDC_OPTIONS.has(tgs.body.kdcOptions, 'forwarded') ? tgs.body.addresses : tgt.caddr;

  const base: EncTicketPart = {
    flags: t.flags,
    key: { keytype: sessionKey.etype, keyvalue: sessionKey.bytes },
    crealm: who.crealm,
    cname: who.cname,
    transited: { trType: TR_TYPE.DOMAIN_X500_COMPRESS, contents: new Uint8Array(0) },
    authtime: t.authtime,
    starttime: t.starttime,
    endtime: t.endtime,
    ...(t.renewTill !== undefined ? { renewTill: t.renewTill } : {}),
    ...(caddr ? { caddr } : {}),
  };
  const pac = wantsPac(tgs, who, server, ex);
  const encoded = pac ? withPac(ctx, base, who, server) : encodeEncTicketPart(base);
  if (pac) ex.detail.pac = who.pac.kind === 'copy' ? 'copied from the TGT, re-signed' : 'built from the directory';
  const ticket = sealTicket(encoded, { realm: srealm, sname }, { key: server.ticketKey, kvno: server.kvno }, ctx.rng);

  const encryptedPaData: PaData[] = [];
  if (who.rodc) {
    const kl = keyListReply(ctx, tgs.keyListReq, who.account, server.isTgs, ex);
    if (kl) encryptedPaData.push(kl);
  } else if (tgs.keyListReq) {
    ex.detail.keyList = 'ignored: only RODC-issued TGTs are exchanged for keys';
  }
  if (KDC_OPTIONS.has(tgs.body.kdcOptions, 'canonicalize')) {
    const fastBits = server.isTgs ? advertisedFastBits(ctx) : 0;
    encryptedPaData.push(paData(PA.PA_SUPPORTED_ETYPES, (supportedEtypesMask(server.account, ctx.config.defaultSupportedEtypes) | fastBits) >>> 0));
  }

  const encPart: EncKdcRepPart = {
    key: { keytype: sessionKey.etype, keyvalue: sessionKey.bytes },
    lastReq: [{ lrType: 0, lrValue: 0 }],
    nonce: tgs.body.nonce,
    flags: t.flags,
    authtime: t.authtime,
    starttime: t.starttime,
    endtime: t.endtime,
    ...(t.renewTill !== undefined ? { renewTill: t.renewTill } : {}),
    srealm,
    sname,
    ...(caddr ? { caddr } : {}),
    encryptedPaData,
  };
  ex.sessionEtype = sessionKey.etype;
  ex.ticketEtype = server.ticketKey.etype;
  ex.replyEtype = auth.replyKey.key.etype;
  ex.fact ??= `${renew ? 'renewed' : 'issued'} ${principalText(sname, srealm)} for ${principalText(who.cname, who.crealm)} (${server.account.samAccountName} by ${server.by})`;
  const x509 = s4u ? s4uX509Reply(s4u, auth.replyKey.key) : undefined;
  // Armored (RFC 6113 5.4.3): the padata travel in PA-FX-FAST with KrbFastFinished; no strengthen-key.
  const padata = fast
    ? fastReplyPadata(ctx, fast, { padata: x509 ? [x509] : [], nonce: tgs.body.nonce, finished: fastFinished(ctx, fast, ticket, who.crealm, who.cname) })
    : x509
      ? [x509]
      : undefined;
  const hide = fast?.hideClientNames === true;
  return encodeTgsRep({
    ...(padata ? { padata } : {}),
    crealm: hide ? ANONYMOUS_REALM : who.crealm,
    cname: hide ? ANONYMOUS_NAME : who.cname,
    ticket,
    encPart: { etype: auth.replyKey.key.etype, cipher: encrypt(auth.replyKey.key, auth.replyKey.usage, encodeEncTgsRepPart(encPart), ctx.rng) },
  });
}
