/**
 * RODC partial-TGT exchange, steps 4-5 (PROTOCOL.md section 4 steps 5-8; Samba rodc_helper.c
 * samba_rodc_confirm_user_is_allowed and pac-glue.c samba_kdc_validate_pac_blob; MS-KILE
 * 3.3.5.7.1 account policy):
 *   client     the ticket's cname in the directory, else KDC_ERR_C_PRINCIPAL_UNKNOWN;
 *   SID        the PAC's PAC_REQUESTOR (else LOGON_INFO) SID must be the account's objectSid,
 *              else KDC_ERR_TGT_REVOKED (skipped for an accepted PAC-less ticket);
 *   PRP        the directory's password replication policy of the RODC over the account's token
 *              SIDs (primary group included): NeverReveal wins, RevealOnDemand allows, otherwise
 *              deny; krbtgt-linked accounts always denied. Deny is KDC_ERR_TGT_REVOKED.
 *              msDS-RevealedUsers is NOT required (cloud trust works for any allowed account);
 *   account    disabled, locked out or expired: KDC_ERR_CLIENT_REVOKED; password expired or
 *              must change: KDC_ERR_KEY_EXPIRED (each with the NTSTATUS e-data AD sends); the
 *              same rules as the AS exchange, from ../account-policy.ts.
 * Each rule records the directory fact that decided in the trace.
 */
import type { Account, ComputerAccount } from '../../../directory/model.ts';
import { evaluateReplicationPolicy, type PrpDecision } from '../../../directory/policy.ts';
import type { EncTicketPart } from '../../asn1/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import { principalText, type ExchangeRecord } from '../exchange.ts';
import { findClient } from '../principals.ts';
import { requirePacNamesClient, type PresentedPac } from '../tgs/pac.ts';

/** The ticket's client in the directory (KDC_ERR_C_PRINCIPAL_UNKNOWN when absent). */
export function rodcClient(ctx: KdcContext, part: EncTicketPart, ex: ExchangeRecord): Account {
  const found = part.crealm.toUpperCase() === ctx.realm ? findClient(ctx.directory, part.cname) : undefined;
  if (!found) {
    ex.fact = `the RODC ticket's client ${principalText(part.cname, part.crealm)} is not in the directory`;
    throw krbError('KDC_ERR_C_PRINCIPAL_UNKNOWN', 'CLIENT NOT FOUND');
  }
  return found.account;
}

/** The group (or account) a PRP decision names, as `SID name` for the trace. */
function describe(ctx: KdcContext, d: PrpDecision): string {
  if (!d.decidingSid) return '';
  const p = ctx.directory.principalBySid(d.decidingSid);
  return `${d.decidingSid} ${p ? (p.kind === 'group' ? p.cn : p.samAccountName) : ''}`.trim();
}

/** Applies the RODC's password replication policy to `client`; throws KDC_ERR_TGT_REVOKED on deny. */
export function checkReplicationPolicy(ctx: KdcContext, rodc: ComputerAccount, client: Account, ex: ExchangeRecord): PrpDecision {
  const d = evaluateReplicationPolicy(ctx.directory, rodc, client);
  ex.detail.prp = d.reason;
  const who = `${client.samAccountName} at ${rodc.samAccountName}`;
  switch (d.reason) {
    case 'REVEAL_ON_DEMAND':
      ex.fact = `RevealOnDemand hit: ${describe(ctx, d)} (${who})`;
      return d;
    case 'RODC_SELF':
      ex.fact = `${who}: the RODC's own account`;
      return d;
    case 'NEVER_REVEAL':
      ex.fact = `NeverReveal hit: ${describe(ctx, d)} (${who})`;
      break;
    case 'NOT_IN_REVEAL_ON_DEMAND':
      ex.fact = `no token SID of ${client.samAccountName} is in ${rodc.samAccountName}'s msDS-RevealOnDemandGroup`;
      break;
    case 'KRBTGT_LINKED':
      ex.fact = `${client.samAccountName} carries a krbtgt link: never revealed to an RODC`;
      break;
    case 'INTERDOMAIN_TRUST_ACCOUNT':
      ex.fact = `${client.samAccountName} is an interdomain trust account: never revealed to an RODC`;
      break;
    case 'NOT_AN_RODC':
      ex.fact = `${rodc.samAccountName} lacks PARTIAL_SECRETS_ACCOUNT`;
      throw krbError('KDC_ERR_POLICY', 'RODC WITHOUT PARTIAL_SECRETS_ACCOUNT');
  }
  throw krbError('KDC_ERR_TGT_REVOKED', `PASSWORD REPLICATION POLICY DENIES (${d.reason})`);
}

/** The SID rule: the PAC names `client` (no-op for an accepted PAC-less ticket). */
export function checkPacSid(ctx: KdcContext, pac: PresentedPac | undefined, client: Account, ex: ExchangeRecord): void {
  if (pac) requirePacNamesClient(ctx, pac, client, ex);
}
