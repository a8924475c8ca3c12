/**
 * Sealing and unsealing tickets (RFC 4120 5.3): the EncTicketPart encrypted with the service's
 * long-term key under key usage 2 (KDC_REP_TICKET), the Ticket naming the key's kvno.
 * Used by the AS and TGS exchanges alike.
 */
import { DecodeError } from '../../core/errors.ts';
import type { RandomSource } from '../../core/random.ts';
import {
  decodeEncTicketPart,
  encodeEncTicketPart,
  type EncTicketPart,
  type PrincipalName,
  type Ticket,
} from '../asn1/index.ts';
import { decrypt, encrypt, KeyUsage, type KerberosKey } from '../crypto/index.ts';
import { krbError } from '../error-codes.ts';
import type { KeyGeneration } from '../keys/keytable.ts';

/**
 * Encrypts `part` with the service key (usage 2) into a Ticket for `sname@realm` carrying `kvno`.
 * `part` may be the EncTicketPart or its DER encoding already made (the TGS builds the bytes once
 * for the ticket signature and seals those).
 */
export function sealTicket(
  part: EncTicketPart | Uint8Array,
  service: { realm: string; sname: PrincipalName },
  key: { key: KerberosKey; kvno?: number },
  rng: RandomSource,
): Ticket {
  const plain = part instanceof Uint8Array ? part : encodeEncTicketPart(part);
  const cipher = encrypt(key.key, KeyUsage.KDC_REP_TICKET, plain, rng);
  return {
    realm: service.realm,
    sname: service.sname,
    // No kvno for a ticket sealed with a session key (user-to-user, RFC 4120 3.7).
    encPart: { etype: key.key.etype, ...(key.kvno !== undefined ? { kvno: key.kvno >>> 0 } : {}), cipher },
  };
}

/**
 * Decrypts a ticket's enc-part with one key: KRB_AP_ERR_BAD_INTEGRITY when the key does not fit
 * (wrong key, tampered cipher), KRB_ERR_GENERIC when it decrypts to something that is no
 * EncTicketPart, KDC_ERR_ETYPE_NOSUPP when the key's enctype is not the ticket's.
 */
export function unsealTicket(ticket: Ticket, key: KerberosKey): EncTicketPart {
  if (ticket.encPart.etype !== key.etype) {
    throw krbError('KDC_ERR_ETYPE_NOSUPP', `TICKET ETYPE ${ticket.encPart.etype} BUT KEY ETYPE ${key.etype}`);
  }
  const plain = decrypt(key, KeyUsage.KDC_REP_TICKET, ticket.encPart.cipher);
  try {
    return decodeEncTicketPart(plain);
  } catch (err) {
    if (err instanceof DecodeError) throw krbError('KRB_ERR_GENERIC', 'MALFORMED ENCTICKETPART', undefined, err);
    throw err;
  }
}

/**
 * Tries the ticket's enctype in each generation, in order (KeyTable.generationsForKvno gives the
 * order). Returns the decrypted part and the generation that opened it. Throws
 * KDC_ERR_ETYPE_NOSUPP when no generation has a key of the ticket's enctype, else
 * KRB_AP_ERR_BAD_INTEGRITY when none decrypts it.
 */
export function unsealTicketWith(
  ticket: Ticket,
  generations: readonly KeyGeneration[],
): { part: EncTicketPart; generation: KeyGeneration; key: KerberosKey } {
  let lastError: unknown;
  for (const generation of generations) {
    const key = generation.keys.get(ticket.encPart.etype);
    if (!key) continue;
    try {
      return { part: unsealTicket(ticket, key), generation, key };
    } catch (err) {
      lastError = err;
    }
  }
  if (lastError === undefined) {
    throw krbError('KDC_ERR_ETYPE_NOSUPP', `NO KEY FOR TICKET ETYPE ${ticket.encPart.etype}`);
  }
  throw lastError;
}
