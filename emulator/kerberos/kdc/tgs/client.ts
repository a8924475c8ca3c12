/**
 * Who the presented ticket speaks for, as the issue step needs it: the directory account, the
 * client name for the issued ticket, and where its PAC comes from. Two producers:
 *   - the ordinary path (here): a TGT of the domain krbtgt; the client is looked up by the
 *     ticket's cname (KDC_ERR_C_PRINCIPAL_UNKNOWN when gone, e.g. renamed or deleted), the PAC is
 *     verified and copied (tgs/pac.ts);
 *   - the RODC partial-TGT step (../rodc/index.ts): the PAC is rebuilt from the directory.
 */
import type { Account, ComputerAccount } from '../../../directory/model.ts';
import type { PrpDecision } from '../../../directory/policy.ts';
import type { PrincipalName } from '../../asn1/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import { principalText, type ExchangeRecord } from '../exchange.ts';
import { findClient, isOurRealm } from '../principals.ts';
import { verifyDomainTgtPac, type PresentedPac } from './pac.ts';
import type { OpenedTicket } from './tgt.ts';

/** Where the issued ticket's PAC comes from. */
export type PacSource = { readonly kind: 'copy'; readonly pac: PresentedPac } | { readonly kind: 'directory' };

/** What the RODC step decided (for the issue step: key list, trace). */
export interface RodcVerdict {
  readonly rodcNumber: number;
  readonly computer: ComputerAccount;
  readonly decision: PrpDecision;
}

export interface VerifiedClient {
  readonly account: Account;
  /** cname / crealm of the issued ticket. */
  readonly cname: PrincipalName;
  readonly crealm: string;
  readonly pac: PacSource;
  /** Present when the presented ticket was RODC-issued. */
  readonly rodc?: RodcVerdict;
}

/** The ordinary path: the domain TGT's client and its verified PAC. */
export function verifyDomainClient(ctx: KdcContext, opened: OpenedTicket, ex: ExchangeRecord): VerifiedClient {
  const part = opened.part;
  const found = isOurRealm(ctx.directory, part.crealm) ? findClient(ctx.directory, part.cname) : undefined;
  if (!found) {
    ex.fact = `the TGT's client ${principalText(part.cname, part.crealm)} is not in the directory`;
    throw krbError('KDC_ERR_C_PRINCIPAL_UNKNOWN', 'CLIENT NOT FOUND');
  }
  const pac = verifyDomainTgtPac(ctx, part, opened.key, found.account, ex, opened.cached);
  return { account: found.account, cname: part.cname, crealm: part.crealm, pac: { kind: 'copy', pac } };
}
