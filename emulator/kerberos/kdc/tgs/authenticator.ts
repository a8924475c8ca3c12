/**
 * The PA-TGS-REQ authenticator (RFC 4120 3.3.2 and 5.5.1): decrypted with the presented ticket's
 * session key under key usage 7, its client must be the ticket's, its ctime within the allowed
 * skew (KRB_AP_ERR_SKEW), and it must not have been seen before (KRB_AP_ERR_REPEAT, replay.ts).
 *
 * The checksum over the req-body (key usage 6, keyed with the session key) is verified when it is
 * present. An authenticator WITHOUT a checksum is accepted, as Active Directory accepts it:
 * impacket sends none (MIT and Samba refuse such requests with KRB_AP_ERR_INAPP_CKSUM; AD is the
 * model here). A checksum of an unknown type is KDC_ERR_SUMTYPE_NOSUPP, one that is not keyed
 * with the session key's enctype KRB_AP_ERR_INAPP_CKSUM, a wrong one KRB_AP_ERR_BAD_INTEGRITY
 * (MIT's comp_cksum).
 *
 * AD-fx-fast-used (RFC 6113 5.4.2) in the authenticator's or the ticket's authorization-data
 * says the request must be armored: this TGS-REQ is not (the lab serves no FAST), so it is
 * KRB_AP_ERR_MODIFIED, as RFC 6113 prescribes.
 *
 * The reply is encrypted with the authenticator's subkey when it has one (key usage 9), else with
 * the session key (key usage 8).
 */
import { DecodeError } from '../../../core/errors.ts';
import { AD_TYPE, decodeAuthenticator, hasAdType, type Authenticator, type EncTicketPart } from '../../asn1/index.ts';
import {
  checksumProfile,
  checksumTypeForEtype,
  decrypt,
  encTypeProfile,
  isSupportedEtype,
  KeyUsage,
  verifyChecksum,
  type KerberosKey,
} from '../../crypto/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import { principalText, type ExchangeRecord } from '../exchange.ts';
import type { TgsRequest } from './gather.ts';
import { tgsReqBodyBytes } from './req-body.ts';

export interface VerifiedAuthenticator {
  readonly authenticator: Authenticator;
  /** The presented ticket's session key. */
  readonly sessionKey: KerberosKey;
  /** What the EncTGSRepPart is encrypted with: the subkey (usage 9) or the session key (usage 8). */
  readonly replyKey: { readonly key: KerberosKey; readonly usage: number };
  /** Whether a req-body checksum was present (and verified). */
  readonly checksummed: boolean;
  /** The authenticator's subkey, when it carries one. */
  readonly subkey?: KerberosKey;
}

/** An EncryptionKey from the wire as a crypto key; KDC_ERR_ETYPE_NOSUPP when we cannot use it. */
export function wireKey(k: { keytype: number; keyvalue: Uint8Array }, what: string): KerberosKey {
  if (!isSupportedEtype(k.keytype) || encTypeProfile(k.keytype).keySize !== k.keyvalue.length) {
    throw krbError('KDC_ERR_ETYPE_NOSUPP', `UNUSABLE ${what} (ETYPE ${k.keytype}, ${k.keyvalue.length} BYTES)`);
  }
  return { etype: k.keytype, bytes: k.keyvalue };
}

function sameName(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s.toLowerCase() === b[i].toLowerCase());
}

function decryptAuthenticator(tgs: TgsRequest, sessionKey: KerberosKey): Authenticator {
  const enc = tgs.apReq.authenticator;
  if (enc.etype !== sessionKey.etype) {
    throw krbError('KRB_AP_ERR_BAD_INTEGRITY', `AUTHENTICATOR ETYPE ${enc.etype} BUT SESSION KEY ETYPE ${sessionKey.etype}`);
  }
  const plain = decrypt(sessionKey, KeyUsage.TGS_REQ_AUTH, enc.cipher);
  try {
    return decodeAuthenticator(plain);
  } catch (err) {
    if (err instanceof DecodeError) throw krbError('KRB_ERR_GENERIC', 'MALFORMED AUTHENTICATOR', undefined, err);
    throw err;
  }
}

function verifyReqBodyChecksum(tgs: TgsRequest, sessionKey: KerberosKey, a: Authenticator, ex: ExchangeRecord): void {
  const ck = a.cksum!;
  let profileOk = true;
  try {
    checksumProfile(ck.cksumtype);
  } catch {
    profileOk = false;
  }
  if (!profileOk) {
    ex.fact = `authenticator checksum type ${ck.cksumtype} is not supported`;
    throw krbError('KDC_ERR_SUMTYPE_NOSUPP', `CHECKSUM TYPE ${ck.cksumtype}`);
  }
  if (ck.cksumtype !== checksumTypeForEtype(sessionKey.etype)) {
    ex.fact = `authenticator checksum type ${ck.cksumtype} is not keyed with the session key (etype ${sessionKey.etype})`;
    throw krbError('KRB_AP_ERR_INAPP_CKSUM', `CHECKSUM TYPE ${ck.cksumtype} WITH ETYPE ${sessionKey.etype}`);
  }
  let body: Uint8Array;
  try {
    body = tgsReqBodyBytes(tgs.raw);
  } catch (err) {
    if (err instanceof DecodeError) throw krbError('KRB_ERR_GENERIC', 'MALFORMED REQ-BODY', undefined, err);
    throw err;
  }
  if (!verifyChecksum(ck.cksumtype, sessionKey, KeyUsage.TGS_REQ_AUTH_CKSUM, body, ck.checksum)) {
    ex.fact = 'the authenticator checksum does not match the req-body';
    throw krbError('KRB_AP_ERR_BAD_INTEGRITY', 'BAD REQ-BODY CHECKSUM');
  }
}

/**
 * Whether a ticket part carries AD-fx-fast-used, remembered for the frozen parts the TGT cache
 * shares between requests (tgt-cache.ts): their AD-IF-RELEVANT, PAC inside, is decoded once.
 */
const ticketFastUsed = new WeakMap<EncTicketPart, boolean>();
function partFastUsed(part: EncTicketPart): boolean {
  const known = ticketFastUsed.get(part);
  if (known !== undefined) return known;
  const used = hasAdType(part.authorizationData, AD_TYPE.AD_FX_FAST_USED);
  if (Object.isFrozen(part)) ticketFastUsed.set(part, used);
  return used;
}

function fastUsed(a: Authenticator, part: EncTicketPart): boolean {
  try {
    return hasAdType(a.authorizationData, AD_TYPE.AD_FX_FAST_USED) || partFastUsed(part);
  } catch (err) {
    if (err instanceof DecodeError) throw krbError('KRB_ERR_GENERIC', 'MALFORMED AD-IF-RELEVANT', undefined, err);
    throw err;
  }
}

/** Checks the authenticator against the opened ticket `part`; throws the RFC 4120 codes above. */
export function checkAuthenticator(ctx: KdcContext, tgs: TgsRequest, part: EncTicketPart, ex: ExchangeRecord, armored = false): VerifiedAuthenticator {
  ex.cname = part.cname;
  ex.crealm = part.crealm;
  const sessionKey = wireKey(part.key, 'TICKET SESSION KEY');
  let a: Authenticator;
  try {
    a = decryptAuthenticator(tgs, sessionKey);
  } catch (err) {
    ex.fact = 'the authenticator does not decrypt with the ticket session key';
    throw err;
  }
  ex.ctime = a.ctime;
  ex.cusec = a.cusec;

  if (!sameName(a.cname.nameString, part.cname.nameString) || a.crealm.toUpperCase() !== part.crealm.toUpperCase()) {
    ex.fact = `authenticator client ${principalText(a.cname, a.crealm)} is not the ticket client ${principalText(part.cname, part.crealm)}`;
    throw krbError('KRB_AP_ERR_BADMATCH', 'AUTHENTICATOR CLIENT MISMATCH');
  }
  const now = ctx.clock.now();
  if (Math.abs(a.ctime - now) > ctx.config.maxSkewMs) {
    ex.fact = `authenticator ctime is ${Math.round((a.ctime - now) / 1000)} s from the KDC clock (allowed ${ctx.config.maxSkewMs / 1000} s)`;
    throw krbError('KRB_AP_ERR_SKEW', 'CLOCK SKEW TOO GREAT');
  }
  if (a.cksum) verifyReqBodyChecksum(tgs, sessionKey, a, ex);
  if (!armored && fastUsed(a, part)) {
    ex.fact = 'AD-fx-fast-used is in the authorization-data, but the request is not armored (RFC 6113 5.4.2)';
    throw krbError('KRB_AP_ERR_MODIFIED', 'AD-FX-FAST-USED WITHOUT FAST');
  }
  ex.detail.authenticatorChecksum = a.cksum ? a.cksum.cksumtype : 'none';

  const seen = ctx.replayCache.checkAndRemember(
    {
      client: principalText(a.cname, a.crealm),
      ctime: a.ctime,
      cusec: a.cusec,
      etype: tgs.apReq.authenticator.etype,
      cipher: tgs.apReq.authenticator.cipher,
    },
    now,
  );
  if (seen === 'replay') {
    ex.fact = 'this authenticator (client, ctime, cusec, integrity tag) was already presented within the skew window';
    throw krbError('KRB_AP_ERR_REPEAT', 'REQUEST IS A REPLAY');
  }

  const subkey = a.subkey ? wireKey(a.subkey, 'AUTHENTICATOR SUBKEY') : undefined;
  const replyKey = subkey ? { key: subkey, usage: KeyUsage.TGS_REP_ENCPART_SUBKEY } : { key: sessionKey, usage: KeyUsage.TGS_REP_ENCPART_SESSKEY };
  return { authenticator: a, sessionKey, replyKey, checksummed: a.cksum !== undefined, ...(subkey ? { subkey } : {}) };
}
