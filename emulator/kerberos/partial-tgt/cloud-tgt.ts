/**
 * The cloud TGT (`tgt_cloud`, PROTOCOL.md section 1): a TGT of the realm
 * KERBEROS.MICROSOFTONLINE.COM for the user's UPN, sealed with a cloud krbtgt key of the tenant
 * (aes256; the lab has no cloud KDC yet, so nobody opens it but a test holding the key).
 *   cname  the UPN as NT-ENTERPRISE (AADInternals shows `cn: USER@DOMAIN.onmicrosoft.com`)
 *   sname  krbtgt/KERBEROS.MICROSOFTONLINE.COM
 *   flags and times as the partial TGT (10 h, renewable 7 d) [I]; no PAC [I: not published]
 * Pure: clock and randomness injected.
 */
import type { Clock } from '../../core/clock.ts';
import type { RandomSource } from '../../core/random.ts';
import { NAME_TYPE, TR_TYPE, truncateToSecond, type EncTicketPart, type PrincipalName } from '../asn1/index.ts';
import { EncType, randomKey, type KerberosKey } from '../crypto/index.ts';
import type { IssuedTicket } from './as-rep.ts';
import { PARTIAL_TGT_DEFAULT_FLAGS } from './partial-tgt.ts';
import { sealTicket } from './seal.ts';

export const CLOUD_REALM = 'KERBEROS.MICROSOFTONLINE.COM';

export interface CloudTgtInput {
  readonly upn: string;
  /** The tenant's cloud krbtgt key (aes256) and its kvno. */
  readonly key: { readonly key: KerberosKey; readonly kvno: number };
  readonly clock: Clock;
  readonly rng: RandomSource;
  readonly lifetimeMs?: number;
  readonly renewLifetimeMs?: number;
}

export function issueCloudTgt(input: CloudTgtInput): IssuedTicket {
  const now = truncateToSecond(input.clock.now());
  const cname: PrincipalName = { nameType: NAME_TYPE.NT_ENTERPRISE, nameString: [input.upn] };
  const sname: PrincipalName = { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', CLOUD_REALM] };
  const sessionKey = randomKey(EncType.AES256_CTS_HMAC_SHA1_96, input.rng);
  const encPart: EncTicketPart = {
    flags: PARTIAL_TGT_DEFAULT_FLAGS,
    key: { keytype: sessionKey.etype, keyvalue: sessionKey.bytes },
    crealm: CLOUD_REALM,
    cname,
    transited: { trType: TR_TYPE.DOMAIN_X500_COMPRESS, contents: new Uint8Array(0) },
    authtime: now,
    starttime: now,
    endtime: now + (input.lifetimeMs ?? 10 * 3_600_000),
    renewTill: now + (input.renewLifetimeMs ?? 7 * 86_400_000),
  };
  const ticket = sealTicket(encPart, { realm: CLOUD_REALM, sname }, input.key, input.rng);
  return { ticket, sessionKey, encPart, realm: CLOUD_REALM, cname, sname };
}
