/**
 * RODC partial-TGT exchange, step 1 (PROTOCOL.md section 4 steps 1-2; MS-KILE 3.1.5.8; Samba
 * db-glue.c SAMBA_KVNO_GET_KRBTGT): the kvno's upper 16 bits name the RODC, i.e. the account
 * whose msDS-SecondaryKrbTgtNumber is that number (krbtgt_AzureAD for cloud trust); none is
 * KDC_ERR_S_PRINCIPAL_UNKNOWN. The ticket is decrypted with that account's key for the lower 16
 * bits, by the key table's rule (keys/keytable.ts):
 *   lower bits = current version  -> current key only
 *   lower bits = previous version -> previous key only (AD keeps N-1)
 *   0 (impacket's forger) or any other value -> current, then previous
 * A ticket sealed with a key the directory does not hold (a rotation that reached only the cloud)
 * opens with none of them: KRB_AP_ERR_BAD_INTEGRITY, as a DC answers. The keys are read from the
 * directory at request time (krbtgt-keys.ts), so a rotation is followed without a restart; the
 * trace names the key that opened the ticket (detail.rodcKey: current or previous).
 */
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { unsealTicketWith } from '../ticket.ts';
import type { TgsRequest } from '../tgs/gather.ts';
import type { OpenedTicket } from '../tgs/tgt.ts';
import { rodcKeysForKvno } from './krbtgt-keys.ts';

export interface OpenedRodcTicket extends OpenedTicket {
  /** kvno >>> 16: the RODC number (msDS-SecondaryKrbTgtNumber). */
  readonly rodcNumber: number;
  /** kvno & 0xffff as the ticket carried it. */
  readonly keyVersion: number;
}

/** Finds krbtgt_<kvno >>> 16> and decrypts the presented ticket with it (see the file comment). */
export function openRodcTicket(ctx: KdcContext, tgs: TgsRequest, ex: ExchangeRecord): OpenedRodcTicket {
  const rodcNumber = (tgs.kvno >>> 16) & 0xffff;
  const keyVersion = tgs.kvno & 0xffff;
  ex.detail.rodcNumber = rodcNumber;
  ex.detail.rodcKeyVersion = keyVersion;
  const lookup = rodcKeysForKvno(ctx, tgs.kvno);
  if (!lookup) {
    ex.fact = `no account has msDS-SecondaryKrbTgtNumber ${rodcNumber} (ticket kvno 0x${(tgs.kvno >>> 0).toString(16)})`;
    throw krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', `NO KRBTGT FOR RODC ${rodcNumber}`);
  }
  try {
    const opened = unsealTicketWith(tgs.ticket, lookup.generations);
    ex.detail.rodcKeyMatch = lookup.match;
    ex.detail.rodcKeyGeneration = opened.generation.kvno;
    ex.detail.rodcKey = lookup.roles[lookup.generations.indexOf(opened.generation)];
    return { part: opened.part, key: opened.key, generation: opened.generation, account: lookup.account, rodcNumber, keyVersion };
  } catch (err) {
    const held = lookup.generations.map((g) => g.kvno).join(' and ');
    ex.detail.rodcKeyVersionsHeld = held;
    ex.fact = `the ticket does not decrypt with ${lookup.account.samAccountName}'s key version ${held} (kvno lower bits ${keyVersion}, ${lookup.match} match): a key the directory does not hold`;
    throw err;
  }
}
