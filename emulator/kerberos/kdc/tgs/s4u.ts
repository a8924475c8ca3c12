/**
 * S4U2Self (MS-SFU 3.2.5.1, 3.1.5.1.1): a service presents its own TGT and names a user in
 * PA-FOR-USER (129) or PA-S4U-X509-USER (130); the KDC issues a ticket to the service itself in
 * the user's name, with the user's PAC from the directory.
 *   - with an RODC-issued TGT: refused with KDC_ERR_C_PRINCIPAL_UNKNOWN, as Windows and Samba
 *     refuse it (PROTOCOL.md section 4 step 6; Samba's kdc_tgs_tests);
 *   - PA-FOR-USER's checksum: HMAC-MD5 (-138, MS-SFU 2.2.1) or the session key's own keyed
 *     checksum (Windows accepts both; Samba's s4u_tests test_s4u2self and _hmac_md5_checksum),
 *     keyed with the TGT session key, key usage 17, over name-type (4 bytes, little endian), the
 *     name components, the realm and the auth-package; another checksum type (e.g. unkeyed MD5)
 *     is KRB_AP_ERR_INAPP_CKSUM, a wrong one KRB_AP_ERR_MODIFIED;
 *   - PA-S4U-X509-USER (preferred when both are sent, as MIT sends both): its checksum keyed with
 *     the authenticator subkey when there is one (MIT does so), else the TGT session key, key
 *     usage 26, over S4UUserID; the reply echoes it in the TGS-REP padata, signed with the reply
 *     key (usage 27 when the client set USE_REPLY_KEY_USAGE, else 26);
 *   - the ticket is for the requesting service only (sname must name the TGT's client), else
 *     KDC_ERR_BADOPTION;
 *   - the user: an account of this realm (else KDC_ERR_C_PRINCIPAL_UNKNOWN), not disabled, locked
 *     out or expired (KDC_ERR_CLIENT_REVOKED, as the AS exchange);
 *   - FORWARDABLE exactly when the service is TRUSTED_TO_AUTH_FOR_DELEGATION (protocol
 *     transition) and the user is not "sensitive and cannot be delegated", whether the request
 *     asked for it or not (MS-SFU 3.2.5.1.2); otherwise the ticket is not forwardable, so
 *     constrained delegation (S4U2Proxy) cannot use it.
 */
import { equalBytes } from '../../../core/bytes.ts';
import { hasFlag, UF } from '../../../directory/uac.ts';
import type { Account } from '../../../directory/model.ts';
import {
  decode,
  encode,
  PA,
  PaForUser,
  PaS4uX509User,
  S4UUserId,
  S4U_OPTIONS,
  truncateToSecond,
  type Checksum,
  type PaData,
  type PrincipalName,
} from '../../asn1/index.ts';
import { checksumProfile, checksumTypeForEtype, type KerberosKey } from '../../crypto/index.ts';
import { HMAC_MD5 } from '../../crypto/rc4-hmac.ts';
import { krbError } from '../../error-codes.ts';
import { checkAccountRestrictions } from '../account-policy.ts';
import type { KdcContext } from '../context.ts';
import { principalText, type ExchangeRecord } from '../exchange.ts';
import { findClient, isOurRealm } from '../principals.ts';
import type { VerifiedClient } from './client.ts';
import { decodePa, type TgsRequest } from './gather.ts';

/** Key usages of the S4U2Self checksums (MS-SFU 2.2.1, 2.2.2). */
export const KEY_USAGE_PA_FOR_USER = 17;
export const KEY_USAGE_S4U_X509_USER_REQUEST = 26;
export const KEY_USAGE_S4U_X509_USER_REPLY = 27;

/** What the S4U2Self step decided, for the issue step. */
export interface S4uSelfGrant {
  /** The service that asked (the presented TGT's client). */
  readonly service: Account;
  /** Whether the issued ticket may be FORWARDABLE (protocol transition allowed). */
  readonly forwardable: boolean;
  /** The PA-S4U-X509-USER to echo in the reply (its S4UUserID), when the request used it. */
  readonly x509UserId?: Uint8Array;
  readonly x509Options?: number;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The PA-FOR-USER checksum input (MS-SFU 2.2.1). */
function forUserData(name: PrincipalName, realm: string, authPackage: string): Uint8Array {
  const parts: Uint8Array[] = [];
  const nt = new Uint8Array(4);
  new DataView(nt.buffer).setInt32(0, name.nameType, true);
  parts.push(nt, ...name.nameString.map(utf8), utf8(realm), utf8(authPackage));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Verifies a keyed checksum with the TGT session key: HMAC-MD5 (any key) or the key's own type. */
function keyedChecksumOk(ck: Checksum, key: KerberosKey, usage: number, data: Uint8Array, ex: ExchangeRecord): boolean {
  if (ck.cksumtype === HMAC_MD5.cksumtype) return equalBytes(HMAC_MD5.compute(key.bytes, usage, data), ck.checksum);
  if (ck.cksumtype !== checksumTypeForEtype(key.etype)) {
    ex.fact = `the S4U2Self checksum type ${ck.cksumtype} is neither HMAC-MD5 nor keyed with the TGT session key (etype ${key.etype})`;
    throw krbError('KRB_AP_ERR_INAPP_CKSUM', `S4U CHECKSUM TYPE ${ck.cksumtype}`);
  }
  return equalBytes(checksumProfile(ck.cksumtype).compute(key.bytes, usage, data), ck.checksum);
}



/** The user named by the request's S4U padata, its checksum verified. */
function namedUser(tgs: TgsRequest, sessionKey: KerberosKey, subkey: KerberosKey | undefined, ex: ExchangeRecord): { name: PrincipalName; realm: string; x509?: { userId: Uint8Array; options: number } } {
  const x509Pa = tgs.req.padata?.find((p) => p.padataType === PA.PA_S4U_X509_USER);
  if (x509Pa) {
    const pa = decodePa('PA-S4U-X509-USER', () => decode(PaS4uX509User, x509Pa.padataValue));
    const userId = encode(S4UUserId, pa.userId);
    const key = subkey ?? sessionKey;
    if (!keyedChecksumOk(pa.checksum, key, KEY_USAGE_S4U_X509_USER_REQUEST, userId, ex)) {
      ex.fact = `the PA-S4U-X509-USER checksum does not verify with the ${subkey ? 'authenticator subkey' : 'TGT session key'}`;
      throw krbError('KRB_AP_ERR_MODIFIED', 'BAD S4U-X509-USER CHECKSUM');
    }
    if (!pa.userId.cname) {
      ex.fact = 'PA-S4U-X509-USER names no user (certificate-only requests are not served)';
      throw krbError('KDC_ERR_C_PRINCIPAL_UNKNOWN', 'S4U2SELF WITHOUT CNAME');
    }
    return { name: pa.userId.cname, realm: pa.userId.crealm, x509: { userId, options: pa.userId.options ?? 0 } };
  }
  const forUserPa = tgs.req.padata?.find((p) => p.padataType === PA.PA_FOR_USER)!;
  const pa = decodePa('PA-FOR-USER', () => decode(PaForUser, forUserPa.padataValue));
  if (!keyedChecksumOk(pa.cksum, sessionKey, KEY_USAGE_PA_FOR_USER, forUserData(pa.userName, pa.userRealm, pa.authPackage), ex)) {
    ex.fact = 'the PA-FOR-USER checksum does not verify with the TGT session key';
    throw krbError('KRB_AP_ERR_MODIFIED', 'BAD PA-FOR-USER CHECKSUM');
  }
  return { name: pa.userName, realm: pa.userRealm };
}

/** Refuses S4U2Self with an RODC-issued TGT (before the RODC step). */
export function refuseRodcS4uSelf(tgs: TgsRequest, ex: ExchangeRecord): void {
  if (tgs.s4uSelf === undefined || tgs.kind !== 'rodc') return;
  ex.detail.s4uSelf = tgs.s4uSelf;
  ex.fact = `S4U2Self (padata ${tgs.s4uSelf}) with an RODC-issued TGT is refused, as Windows refuses it`;
  throw krbError('KDC_ERR_C_PRINCIPAL_UNKNOWN', 'S4U2SELF WITH AN RODC TGT');
}

/**
 * The S4U2Self step: `service` is the verified client of the presented TGT. Returns the client of
 * the ticket to issue (the user, PAC from the directory) and the grant for the issue step.
 */
export function s4uSelfStep(ctx: KdcContext, tgs: TgsRequest, keys: { sessionKey: KerberosKey; subkey?: KerberosKey }, service: VerifiedClient, ex: ExchangeRecord): { who: VerifiedClient; grant: S4uSelfGrant } {
  ex.detail.s4uSelf = tgs.s4uSelf!;
  const user = namedUser(tgs, keys.sessionKey, keys.subkey, ex);
  const found = isOurRealm(ctx.directory, user.realm) ? findClient(ctx.directory, user.name) : undefined;
  if (!found) {
    ex.fact = `S4U2Self for ${principalText(user.name, user.realm)}: no such account in this realm`;
    throw krbError('KDC_ERR_C_PRINCIPAL_UNKNOWN', 'S4U2SELF USER NOT FOUND');
  }
  checkAccountRestrictions(ctx, found.account, truncateToSecond(ctx.clock.now()), ex);
  const trusted = hasFlag(service.account.userAccountControl, UF.TRUSTED_TO_AUTH_FOR_DELEGATION);
  const sensitive = hasFlag(found.account.userAccountControl, UF.NOT_DELEGATED);
  ex.detail.s4uUser = found.account.samAccountName;
  ex.detail.s4uForwardable = trusted && !sensitive;
  return {
    who: { account: found.account, cname: user.name, crealm: ctx.realm, pac: { kind: 'directory' } },
    grant: {
      service: service.account,
      forwardable: trusted && !sensitive,
      ...(user.x509 ? { x509UserId: user.x509.userId, x509Options: user.x509.options } : {}),
    },
  };
}

/** The ticket is for the service itself (MS-SFU 3.2.5.1.2): sname must name the TGT's client. */
export function requireSelf(grant: S4uSelfGrant, server: Account, ex: ExchangeRecord): void {
  if (server.sid !== grant.service.sid) {
    ex.fact = `S4U2Self asks a ticket for ${server.samAccountName}, but the TGT is ${grant.service.samAccountName}'s (a ticket to itself only)`;
    throw krbError('KDC_ERR_BADOPTION', 'S4U2SELF FOR ANOTHER SERVICE');
  }
}

/** The reply's PA-S4U-X509-USER: the S4UUserID echoed, signed with the reply key. */
export function s4uX509Reply(grant: S4uSelfGrant, replyKey: KerberosKey): PaData | undefined {
  if (!grant.x509UserId) return undefined;
  const usage = (grant.x509Options ?? 0) & S4U_OPTIONS.USE_REPLY_KEY_USAGE ? KEY_USAGE_S4U_X509_USER_REPLY : KEY_USAGE_S4U_X509_USER_REQUEST;
  const cksumtype = checksumTypeForEtype(replyKey.etype);
  const userId = decode(S4UUserId, grant.x509UserId);
  const value = encode(PaS4uX509User, { userId, checksum: { cksumtype, checksum: checksumProfile(cksumtype).compute(replyKey.bytes, usage, grant.x509UserId) } });
  return { padataType: PA.PA_S4U_X509_USER, padataValue: value };
}
