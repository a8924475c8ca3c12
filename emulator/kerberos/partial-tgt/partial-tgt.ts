/**
 * The partial TGT as the cloud issues it (PROTOCOL.md section 2): one definition shared by the
 * fake Entra token endpoint (which puts it in `tgt_ad`) and the tests of the DC side (kdc/rodc/).
 * Pure: the clock and the random source are injected; no directory access. Inputs are what Entra
 * knows: the synced user's onPremisesDomainName / onPremisesSamAccountName /
 * onPremisesSecurityIdentifier and its own copy of the krbtgt_AzureAD key (tenant KerberosDomain).
 *
 *   realm / crealm   onPremisesDomainName upper-cased            (PROTOCOL.md section 2 [O])
 *   cname            onPremisesSamAccountName, NT-PRINCIPAL      ([I, strong])
 *   sname            krbtgt/REALM, NT-SRV-INST
 *   enc-part         aes256-cts-hmac-sha1-96 (18), kvno (Id << 16) | (KeyVersion & 0xffff)
 *   flags            forwardable, renewable, pre-authent, name-canonicalize (bit 15) [I]
 *   times            authtime = starttime = now, endtime now + 10 h, renew-till now + 7 d ([C S8b], [O])
 *   PAC              "the user's SID only": LOGON_INFO (EffectiveName, FullName, UserId, primary
 *                    group 513, no groups), CLIENT_INFO, UPN_DNS_INFO, PAC_REQUESTOR; server and KDC
 *                    signatures with the krbtgt_AzureAD key, the KDC one carrying RODCIdentifier = Id
 * What is [I] (inferred) above is a parameter with the inferred default.
 */
import type { Clock } from '../../core/clock.ts';
import type { RandomSource } from '../../core/random.ts';
import { isSid, ridOf } from '../../directory/ids.ts';
import type { KerberosDomain } from '../../tenant/model.ts';
import { UF } from '../../directory/uac.ts';
import {
  NAME_TYPE,
  pacAuthorizationData,
  TICKET_FLAGS,
  TR_TYPE,
  truncateToSecond,
  type EncTicketPart,
  type PrincipalName,
  type Ticket,
} from '../asn1/index.ts';
import { adSalt, EncType, randomKey, type KerberosKey } from '../crypto/index.ts';
import { deriveKeyGeneration } from '../keys/keytable.ts';
import { buildPacContents, encodePacContents, samrAccountControlFromUac, signPac } from '../pac/index.ts';
import { sealTicket } from './seal.ts';

/** The key Entra seals partial TGTs with, and the numbers that go into the kvno. */
export interface PartialTgtKey {
  /** An aes256-cts-hmac-sha1-96 key (etype 18). */
  readonly key: KerberosKey;
  /** The RODC number (KerberosDomain Id = msDS-SecondaryKrbTgtNumber), 1..65535. */
  readonly rodcNumber: number;
  /** The key version (CloudKeyVersion); the kvno carries its lower 16 bits. */
  readonly keyVersion: number;
}

export interface PartialTgtInput {
  /** onPremisesDomainName, e.g. `fabrikam.local` (the realm is its upper case). */
  readonly domainDnsName: string;
  /** onPremisesSamAccountName: the cname. */
  readonly samAccountName: string;
  /** onPremisesSecurityIdentifier: the SID in the PAC. */
  readonly userSid: string;
  /** displayName for LOGON_INFO FullName. */
  readonly displayName?: string;
  /** onPremisesUserPrincipalName for UPN_DNS_INFO (default: sam@domain, flag U). */
  readonly upn?: string;
  /** LOGON_INFO LogonDomainName; default: the first DNS label upper-cased. */
  readonly netbiosDomainName?: string;
  readonly key: PartialTgtKey;
  readonly clock: Clock;
  readonly rng: RandomSource;
  /** Defaults: 10 hours and 7 days. */
  readonly lifetimeMs?: number;
  readonly renewLifetimeMs?: number;
  /** Ticket flags; default forwardable | renewable | pre-authent | name-canonicalize (0x40a10000). */
  readonly flags?: number;
  /** LOGON_INFO LogonServer; default `AzureADKerberos` (unknown for the real cloud: [I]). */
  readonly logonServer?: string;
}

export interface PartialTgt {
  readonly ticket: Ticket;
  /** The ticket's session key (the AS-REP-like reply of the token endpoint carries it). */
  readonly sessionKey: KerberosKey;
  /** The sealed part, for the reply's EncASRepPart fields (times, flags, names). */
  readonly encPart: EncTicketPart;
  readonly kvno: number;
  readonly realm: string;
  readonly cname: PrincipalName;
  readonly sname: PrincipalName;
}

export const PARTIAL_TGT_DEFAULT_FLAGS = TICKET_FLAGS.from(['forwardable', 'renewable', 'pre-authent', 'enc-pa-rep']);
const TEN_HOURS = 10 * 3_600_000;
const SEVEN_DAYS = 7 * 86_400_000;

/** kvno of a partial TGT: (RODC number << 16) | (key version & 0xffff) (MS-KILE 3.1.5.8). */
export function partialTgtKvno(rodcNumber: number, keyVersion: number): number {
  if (!Number.isInteger(rodcNumber) || rodcNumber < 1 || rodcNumber > 0xffff) throw new RangeError(`RODC number ${rodcNumber} is not 1..65535`);
  return ((rodcNumber << 16) | (keyVersion & 0xffff)) >>> 0;
}

/**
 * Entra's copy of the krbtgt_AzureAD key from the tenant's KerberosDomain: derived (PBKDF2, slow:
 * call once per scenario load) with the AD salt of `krbtgt_<Id>` in the domain's realm, or taken
 * from the explicit aes256 key. `which` picks the primary (current) or secondary (previous) key.
 */
export function partialTgtKeyFromTenant(kd: KerberosDomain, which: 'current' | 'previous' = 'current'): PartialTgtKey {
  const material = which === 'current' ? kd.current : kd.previous;
  if (!material) throw new RangeError(`the KerberosDomain of ${kd.domainDnsName} has no ${which} key`);
  const salt = adSalt({ realm: kd.domainDnsName.toUpperCase(), sAMAccountName: kd.displayName, isComputer: false });
  const gen = deriveKeyGeneration(material, salt);
  const key = gen.keys.get(EncType.AES256_CTS_HMAC_SHA1_96);
  if (!key) throw new RangeError(`the KerberosDomain of ${kd.domainDnsName} has no aes256 ${which} key`);
  return { key, rodcNumber: kd.id, keyVersion: which === 'current' ? kd.keyVersion : material.kvno };
}

/** Issues a partial TGT (see the file comment). */
export function issuePartialTgt(input: PartialTgtInput): PartialTgt {
  const k = input.key;
  if (k.key.etype !== EncType.AES256_CTS_HMAC_SHA1_96) throw new RangeError(`partial TGTs are sealed with aes256 (18), not ${k.key.etype}`);
  const realm = input.domainDnsName.toUpperCase();
  const now = truncateToSecond(input.clock.now());
  const cname: PrincipalName = { nameType: NAME_TYPE.NT_PRINCIPAL, nameString: [input.samAccountName] };
  const sname: PrincipalName = { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', realm] };
  const sessionKey = randomKey(EncType.AES256_CTS_HMAC_SHA1_96, input.rng);
  if (!isSid(input.userSid) || input.userSid.split('-').length < 5) throw new RangeError(`not a domain account SID: ${input.userSid}`);
  const domainSid = input.userSid.slice(0, input.userSid.lastIndexOf('-'));
  const rid = ridOf(input.userSid);

  const contents = buildPacContents({
    samAccountName: input.samAccountName,
    ...(input.displayName !== undefined ? { fullName: input.displayName } : {}),
    netbiosDomainName: input.netbiosDomainName ?? realm.split('.')[0],
    dnsDomainName: input.domainDnsName,
    logonServer: input.logonServer ?? 'AzureADKerberos',
    domainSid,
    userRid: rid,
    primaryGroupRid: 513,
    ...(input.upn !== undefined ? { upn: input.upn } : {}),
    userAccountControl: samrAccountControlFromUac(UF.NORMAL_ACCOUNT),
    authTime: now,
    requestor: true,
  });
  contents.logonInfo.groupIds = []; // "the user's SID only": GroupCount 0 as observed (PROTOCOL.md section 2)
  const pac = signPac(encodePacContents(contents), { serverKey: k.key, kdcKey: k.key, rodcIdentifier: k.rodcNumber });

  const encPart: EncTicketPart = {
    flags: input.flags ?? PARTIAL_TGT_DEFAULT_FLAGS,
    key: { keytype: sessionKey.etype, keyvalue: sessionKey.bytes },
    crealm: realm,
    cname,
    transited: { trType: TR_TYPE.DOMAIN_X500_COMPRESS, contents: new Uint8Array(0) },
    authtime: now,
    starttime: now,
    endtime: now + (input.lifetimeMs ?? TEN_HOURS),
    renewTill: now + (input.renewLifetimeMs ?? SEVEN_DAYS),
    authorizationData: pacAuthorizationData(pac),
  };
  const kvno = partialTgtKvno(k.rodcNumber, k.keyVersion);
  const ticket = sealTicket(encPart, { realm, sname }, { key: k.key, kvno }, input.rng);
  return { ticket, sessionKey, encPart, kvno, realm, cname, sname };
}
