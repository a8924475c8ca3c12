/**
 * Tamper helpers for negative tests (Samba's krb5 tests do the same): decrypt a ticket, change a
 * field, re-seal it; flip one byte of a message. Not part of the product client.
 */
import type { RandomSource } from '../../emulator/core/random.ts';
import { encodeEncTicketPart, type EncTicketPart, type Ticket } from '../../emulator/kerberos/asn1/index.ts';
import { encrypt, KeyUsage, type KerberosKey } from '../../emulator/kerberos/crypto/index.ts';
import { openTicket } from '../../clients/kerberos/index.ts';

/** Tamper helper: decrypts a ticket, lets `change` edit its part, re-seals it with `key`. */
export function resealTicket(ticket: Ticket, key: KerberosKey, change: (p: EncTicketPart) => EncTicketPart, rng: RandomSource): Ticket {
  const part = change(openTicket(ticket, key));
  return { ...ticket, encPart: { ...ticket.encPart, cipher: encrypt(key, KeyUsage.KDC_REP_TICKET, encodeEncTicketPart(part), rng) } };
}

/** Tamper helper: a copy of `bytes` with one byte XORed. */
export function flipByte(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = bytes.slice();
  out[index % out.length] ^= mask;
  return out;
}

