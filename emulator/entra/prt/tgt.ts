/**
 * `tgt_ad` and `tgt_cloud` of a PRT response (PROTOCOL.md sections 1 and 2): each a JSON object
 * serialised into a string, `{clientKey, keyType, messageBuffer, realm, sn, cn, sessionKeyType,
 * accountType, error?}`:
 *   messageBuffer  base64 DER AS-REP holding the ticket, its enc-part sealed with a fresh reply key
 *   clientKey      compact JWE {"alg":"dir","enc":"A256GCM","ctx":<standard base64>} whose key is
 *                  KBKDF-HMAC-SHA256(PRT session key, "AzureAD-SecureConversation", ctx) and whose
 *                  plaintext is the 32-byte reply key
 *   keyType        the reply key's enctype (18); 0 when no ticket could be issued, with `error`
 * `tgt_ad` is the partial TGT: only for synced users with onPremisesSamAccountName,
 * onPremisesDomainName and onPremisesSecurityIdentifier whose domain has a KerberosDomain (read
 * from the store on every grant). `tgt_cloud` is the KERBEROS.MICROSOFTONLINE.COM TGT.
 */
import { CompactEncrypt } from 'jose';
import type { KerberosKey } from '../../kerberos/crypto/index.ts';
import { issueCloudTgt, issuePartialTgt, ticketAsRep, type IssuedTicket } from '../../kerberos/partial-tgt/index.ts';
import type { CloudUser } from '../../tenant/model.ts';
import type { EntraContext } from '../context.ts';
import { sessionDerivedKey } from '../crypto/kbkdf.ts';

export interface TgtObject {
  clientKey: string;
  keyType: number;
  messageBuffer: string;
  realm: string;
  sn: string;
  cn: string;
  sessionKeyType: number;
  accountType: number;
  error?: string;
}

export interface TgtOutcome {
  readonly tgt: TgtObject;
  /** What the trace says about it. */
  readonly fact: string;
  readonly kvno?: number;
}

/** The clientKey JWE for a reply key under a PRT session key. */
export async function clientKeyJwe(sessionKey: Uint8Array, replyKey: KerberosKey, ctxBytes: Uint8Array): Promise<string> {
  const key = sessionDerivedKey(sessionKey, ctxBytes);
  return new CompactEncrypt(replyKey.bytes).setProtectedHeader({ alg: 'dir', enc: 'A256GCM', ctx: Buffer.from(ctxBytes).toString('base64') }).encrypt(key);
}

async function fromTicket(ctx: EntraContext, t: IssuedTicket, sessionKey: Uint8Array, cn: string, accountType: number): Promise<TgtObject> {
  const { asRep, replyKey } = ticketAsRep(t, ctx.rng);
  return {
    clientKey: await clientKeyJwe(sessionKey, replyKey, ctx.rng.bytes(24)),
    keyType: replyKey.etype,
    messageBuffer: Buffer.from(asRep).toString('base64'),
    realm: t.realm,
    sn: t.sname.nameString.join('/'),
    cn,
    sessionKeyType: 0,
    accountType,
  };
}

const refused = (error: string, accountType: number): TgtObject => ({ clientKey: '', keyType: 0, messageBuffer: '', realm: '', sn: '', cn: '', sessionKeyType: 0, accountType, error });

export async function tgtAd(ctx: EntraContext, user: CloudUser, sessionKey: Uint8Array): Promise<TgtOutcome> {
  if (!user.onPremisesSyncEnabled) return { tgt: refused('UserNotSynced: partial TGTs are issued only to users synced from on-premises AD', 1), fact: `no partial TGT: ${user.userPrincipalName} is a cloud-only user` };
  const missing = (['onPremisesSamAccountName', 'onPremisesDomainName', 'onPremisesSecurityIdentifier'] as const).filter((k) => !user[k]);
  if (missing.length) return { tgt: refused(`OnPremisesAttributesMissing: ${missing.join(', ')}`, 1), fact: `no partial TGT: ${user.userPrincipalName} lacks ${missing.join(', ')} in the tenant` };
  const domain = user.onPremisesDomainName!;
  const kd = ctx.kerberosDomains.get(domain);
  if (!kd) return { tgt: refused(`KerberosDomainNotFound: no Kerberos server object for ${domain}`, 1), fact: `no partial TGT: the tenant has no KerberosDomain for ${domain} (Set-AzureADKerberosServer not run, or removed)` };
  let key;
  try {
    key = ctx.partialTgtKey(kd);
  } catch (err) {
    return { tgt: refused(`KerberosDomainKeyUnusable: ${(err as Error).message}`, 1), fact: `no partial TGT: ${(err as Error).message}` };
  }
  const t = issuePartialTgt({
    domainDnsName: domain,
    samAccountName: user.onPremisesSamAccountName!,
    userSid: user.onPremisesSecurityIdentifier!,
    displayName: user.displayName,
    ...(user.onPremisesUserPrincipalName ? { upn: user.onPremisesUserPrincipalName } : {}),
    key,
    clock: ctx.cloudClock,
    rng: ctx.rng,
  });
  const tgt = await fromTicket(ctx, t, sessionKey, user.onPremisesSamAccountName!, 1);
  return { tgt, kvno: t.kvno, fact: `partial TGT ${user.onPremisesSamAccountName}@${t.realm} sealed with ${kd.displayName} kvno ${t.kvno} (Id ${kd.id}, CloudKeyVersion ${kd.keyVersion})` };
}

export async function tgtCloud(ctx: EntraContext, user: CloudUser, sessionKey: Uint8Array): Promise<TgtOutcome> {
  const t = issueCloudTgt({ upn: user.userPrincipalName, key: ctx.cloudKrbtgt, clock: ctx.cloudClock, rng: ctx.rng });
  return { tgt: await fromTicket(ctx, t, sessionKey, user.userPrincipalName, 2), kvno: ctx.cloudKrbtgt.kvno, fact: `cloud TGT ${user.userPrincipalName}@${t.realm}` };
}
