/**
 * The RODC partial-TGT exchange: a named step of the TGS pipeline (tgs/index.ts), taken when the
 * presented krbtgt ticket's kvno has non-zero upper 16 bits (MS-KILE 3.1.5.8). This is how a
 * Windows device turns the partial TGT Entra issued (sealed with krbtgt_AzureAD) into a full TGT
 * of the domain (PROTOCOL.md section 4, issue 4 "The RODC partial-TGT exchange"):
 *
 *   open     krbtgt_<kvno >> 16>, key by the lower 16 bits          S_PRINCIPAL_UNKNOWN / BAD_INTEGRITY  (open.ts)
 *   (the authenticator and ticket times are checked by the TGS pipeline in between)
 *   link     the RODC through msDS-KrbTgtLinkBl, PARTIAL_SECRETS     KDC_ERR_POLICY                       (link.ts)
 *   pac      RODC-signed PAC (RODCIdentifier = n), or none:          MODIFIED / TGT_REVOKED when enforced (pac.ts)
 *   client   cname in the directory                                  C_PRINCIPAL_UNKNOWN                  (policy.ts)
 *   sid      PAC_REQUESTOR / LOGON_INFO SID = objectSid              TGT_REVOKED                          (policy.ts)
 *   prp      NeverReveal > RevealOnDemand > deny                      TGT_REVOKED                          (policy.ts)
 *   account  disabled/locked/expired, password expired               CLIENT_REVOKED / KEY_EXPIRED         (../account-policy.ts)
 *
 * The issue step then seals a TGT with the domain krbtgt key (normal kvno) and a full PAC from
 * the directory, plus KERB-KEY-LIST-REP when asked (key-list.ts). The cloud's side of the same
 * ticket format lives in ../../partial-tgt/ (shared with the token endpoint).
 */
import { NAME_TYPE } from '../../asn1/index.ts';
import { checkAccountPolicy } from '../account-policy.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import type { VerifiedClient } from '../tgs/client.ts';
import { findRodc } from './link.ts';
import type { OpenedRodcTicket } from './open.ts';
import { checkRodcPac } from './pac.ts';
import { checkPacSid, checkReplicationPolicy, rodcClient } from './policy.ts';

export { openRodcTicket, type OpenedRodcTicket } from './open.ts';
export { keyListReply } from './key-list.ts';

/** The named rules after `open`, in order (each throws its KrbError or passes). */
export const RODC_STEPS = ['link', 'pac', 'client', 'sid', 'prp', 'account'] as const;

/** Runs the RODC rules on an opened RODC ticket; returns the client with a directory PAC source. */
export function rodcExchangeStep(ctx: KdcContext, opened: OpenedRodcTicket, ex: ExchangeRecord): VerifiedClient {
  ex.detail.step = 'link';
  const rodc = findRodc(ctx, opened.account, ex);
  ex.detail.step = 'pac';
  const pac = checkRodcPac(ctx, opened, ex);
  ex.detail.step = 'client';
  const account = rodcClient(ctx, opened.part, ex);
  ex.detail.step = 'sid';
  checkPacSid(ctx, pac, account, ex);
  ex.detail.step = 'prp';
  const decision = checkReplicationPolicy(ctx, rodc, account, ex);
  const prpFact = ex.fact;
  ex.detail.step = 'account';
  checkAccountPolicy(ctx, account, ctx.clock.now(), ex);
  delete ex.detail.step;
  if (prpFact !== undefined) ex.fact = prpFact;
  return {
    account,
    cname: { nameType: NAME_TYPE.NT_PRINCIPAL, nameString: [account.samAccountName] },
    crealm: ctx.realm,
    pac: { kind: 'directory' },
    rodc: { rodcNumber: opened.rodcNumber, computer: rodc, decision },
  };
}
