/**
 * Sealing a ticket (RFC 4120 5.3): the EncTicketPart encrypted with the service key under key
 * usage 2 (KDC_REP_TICKET), the Ticket naming the key's kvno. The same operation as the KDC's
 * kdc/ticket.ts, kept here so the token endpoint does not import the KDC (services never import
 * each other).
 */
import type { RandomSource } from '../../core/random.ts';
import { encodeEncTicketPart, type EncTicketPart, type PrincipalName, type Ticket } from '../asn1/index.ts';
import { encrypt, KeyUsage, type KerberosKey } from '../crypto/index.ts';

export function sealTicket(part: EncTicketPart, service: { realm: string; sname: PrincipalName }, key: { key: KerberosKey; kvno: number }, rng: RandomSource): Ticket {
  const cipher = encrypt(key.key, KeyUsage.KDC_REP_TICKET, encodeEncTicketPart(part), rng);
  return { realm: service.realm, sname: service.sname, encPart: { etype: key.key.etype, kvno: key.kvno >>> 0, cipher } };
}
