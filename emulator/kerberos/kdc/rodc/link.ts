/**
 * RODC partial-TGT exchange, step 2 (PROTOCOL.md section 4 step 4; Samba pac-glue.c
 * samba_krbtgt_is_in_db / rodc_helper.c; kdc_tgs_tests test_tgs_rodc_no_krbtgt_link and
 * test_tgs_rodc_no_partial_secrets): from the krbtgt_<n> account follow msDS-KrbTgtLinkBl to the
 * RODC computer (AzureADKerberos$ for cloud trust). A missing back-link, a link to something that
 * is not a computer, or a computer without PARTIAL_SECRETS_ACCOUNT in userAccountControl is
 * KDC_ERR_POLICY.
 */
import type { ComputerAccount, UserAccount } from '../../../directory/model.ts';
import { hasFlag, UF } from '../../../directory/uac.ts';
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';

/** The RODC computer that owns `krbtgt` (see the file comment). */
export function findRodc(ctx: KdcContext, krbtgt: UserAccount, ex: ExchangeRecord): ComputerAccount {
  const links = krbtgt.krbTgtLinkBlDns;
  if (links.length === 0) {
    ex.fact = `${krbtgt.samAccountName} has no msDS-KrbTgtLinkBl: no RODC links to it`;
    throw krbError('KDC_ERR_POLICY', 'RODC KRBTGT NOT LINKED');
  }
  const p = ctx.directory.principalByDn(links[0]);
  if (!p || p.kind !== 'computer') {
    ex.fact = `${krbtgt.samAccountName}'s msDS-KrbTgtLinkBl ${links[0]} is not a computer account`;
    throw krbError('KDC_ERR_POLICY', 'RODC LINK BROKEN');
  }
  if (p.krbTgtLinkDn === undefined || p.krbTgtLinkDn.toLowerCase() !== krbtgt.dn.toLowerCase()) {
    ex.fact = `${p.samAccountName} has no msDS-KrbTgtLink back to ${krbtgt.samAccountName}`;
    throw krbError('KDC_ERR_POLICY', 'RODC LINK BROKEN');
  }
  if (!hasFlag(p.userAccountControl, UF.PARTIAL_SECRETS_ACCOUNT)) {
    ex.fact = `${p.samAccountName}: userAccountControl 0x${p.userAccountControl.toString(16)} lacks PARTIAL_SECRETS_ACCOUNT`;
    throw krbError('KDC_ERR_POLICY', 'RODC WITHOUT PARTIAL_SECRETS_ACCOUNT');
  }
  ex.detail.rodc = p.samAccountName;
  return p;
}
