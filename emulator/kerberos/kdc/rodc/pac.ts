/**
 * RODC partial-TGT exchange, step 3 (PROTOCOL.md section 4 step 3; MS-PAC 2.8 RODCIdentifier;
 * Samba pac-glue.c samba_kdc_verify_pac): the RODC's PAC is checked, never trusted.
 *   - present: server and KDC signatures must verify with the krbtgt_<n> key that opened the
 *     ticket, and the KDC signature must carry RODCIdentifier = n; otherwise KRB_AP_ERR_MODIFIED.
 *     Its contents only identify the client (PAC_REQUESTOR, else LOGON_INFO; checked against the
 *     directory later); the issued ticket gets a new PAC built from the directory.
 *   - absent (Debian impacket 0.10.0 forges RODC tickets without one): the DC's
 *     `rodcPacRequestorEnforced` decides. Enforced (patched Windows, Samba's model): refused with
 *     KDC_ERR_TGT_REVOKED. Not enforced (DCs before the 2022 enforcement): accepted, the client
 *     then known only by the ticket's cname.
 */
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { pacOf, verifyPacSignatures, type PresentedPac } from '../tgs/pac.ts';
import type { OpenedRodcTicket } from './open.ts';

/** The RODC PAC when the ticket has one (verified), undefined for an accepted PAC-less ticket. */
export function checkRodcPac(ctx: KdcContext, opened: OpenedRodcTicket, ex: ExchangeRecord): PresentedPac | undefined {
  const bytes = pacOf(opened.part);
  if (!bytes) {
    ex.detail.rodcPac = 'absent';
    if (ctx.dc.rodcPacRequestorEnforced) {
      ex.fact = `the RODC ticket carries no PAC and ${ctx.dc.name} enforces PAC_REQUESTOR (rodcPacRequestorEnforced)`;
      throw krbError('KDC_ERR_TGT_REVOKED', 'RODC TICKET WITHOUT PAC');
    }
    return undefined;
  }
  const pac = verifyPacSignatures(bytes, opened.part, opened.key, ex, opened.account.samAccountName);
  const id = pac.rodcIdentifier;
  if (id !== opened.rodcNumber) {
    ex.fact = `the PAC's KDC signature carries RODCIdentifier ${id ?? '(none)'}, the ticket kvno names RODC ${opened.rodcNumber}`;
    throw krbError('KRB_AP_ERR_MODIFIED', 'PAC RODC IDENTIFIER MISMATCH');
  }
  ex.detail.rodcPac = 'verified';
  return pac;
}
