/**
 * The AS-REP a token endpoint hands out with a ticket it issued (`messageBuffer` of `tgt_ad` and
 * `tgt_cloud`, PROTOCOL.md section 1): the DER KRB-AS-REP [APPLICATION 11] whose enc-part is the
 * EncASRepPart [APPLICATION 25] encrypted with a fresh reply key under key usage 3. The reply key
 * travels to the client separately (the `clientKey` JWE); the EncASRepPart holds the ticket's
 * session key, its flags and times (starttime and renew-till always present: roadtools_hybrid
 * and impacket write ccaches from them), srealm and sname. Pure: randomness injected.
 */
import type { RandomSource } from '../../core/random.ts';
import { encodeAsRep, encodeEncAsRepPart, type EncKdcRepPart, type EncTicketPart, type PrincipalName, type Ticket } from '../asn1/index.ts';
import { EncType, encrypt, KeyUsage, randomKey, type KerberosKey } from '../crypto/index.ts';

export interface IssuedTicket {
  readonly ticket: Ticket;
  readonly sessionKey: KerberosKey;
  readonly encPart: EncTicketPart;
  readonly realm: string;
  readonly cname: PrincipalName;
  readonly sname: PrincipalName;
}

export interface TicketAsRep {
  /** DER KRB-AS-REP. */
  readonly asRep: Uint8Array;
  /** The aes256 key that opens its enc-part (usage 3). */
  readonly replyKey: KerberosKey;
}

/** Wraps an issued ticket into an AS-REP sealed with a fresh aes256 reply key. */
export function ticketAsRep(t: IssuedTicket, rng: RandomSource): TicketAsRep {
  const replyKey = randomKey(EncType.AES256_CTS_HMAC_SHA1_96, rng);
  const p = t.encPart;
  const part: EncKdcRepPart = {
    key: { keytype: t.sessionKey.etype, keyvalue: t.sessionKey.bytes },
    lastReq: [{ lrType: 0, lrValue: p.authtime }],
    nonce: new DataView(rng.bytes(4).buffer.slice(0)).getUint32(0) & 0x7fffffff,
    flags: p.flags,
    authtime: p.authtime,
    starttime: p.starttime ?? p.authtime,
    endtime: p.endtime,
    renewTill: p.renewTill ?? p.endtime,
    srealm: t.ticket.realm,
    sname: t.sname,
  };
  const asRep = encodeAsRep({
    crealm: t.realm,
    cname: t.cname,
    ticket: t.ticket,
    encPart: { etype: replyKey.etype, cipher: encrypt(replyKey, KeyUsage.AS_REP_ENCPART, encodeEncAsRepPart(part), rng) },
  });
  return { asRep, replyKey };
}
