/**
 * S4U2Self (MS-SFU 3.2.5.1: a service asks for a ticket to itself on behalf of a user, named in
 * PA-FOR-USER (129) or PA-S4U-X509-USER (130)). The lab's TGS does not issue such tickets, and it
 * must not answer as if the padata were absent (that would be a ticket for the wrong client), so
 * the request is refused by name:
 *   - with an RODC-issued TGT, KDC_ERR_C_PRINCIPAL_UNKNOWN, as Windows and Samba refuse S4U2Self
 *     from an RODC TGT (PROTOCOL.md section 4 step 6; Samba's kdc_tgs_tests);
 *   - otherwise KDC_ERR_PADATA_TYPE_NOSUPP: the lab has no support for that padata type.
 */
import { krbError } from '../../error-codes.ts';
import type { ExchangeRecord } from '../exchange.ts';
import type { TgsRequest } from './gather.ts';

export function refuseS4uSelf(tgs: TgsRequest, ex: ExchangeRecord): void {
  if (tgs.s4uSelf === undefined) return;
  ex.detail.s4uSelf = tgs.s4uSelf;
  if (tgs.kind === 'rodc') {
    ex.fact = `S4U2Self (padata ${tgs.s4uSelf}) with an RODC-issued TGT is refused, as Windows refuses it`;
    throw krbError('KDC_ERR_C_PRINCIPAL_UNKNOWN', 'S4U2SELF WITH AN RODC TGT');
  }
  ex.fact = `S4U2Self (padata ${tgs.s4uSelf}) is not served by the lab's TGS`;
  throw krbError('KDC_ERR_PADATA_TYPE_NOSUPP', 'S4U2SELF NOT SUPPORTED');
}
