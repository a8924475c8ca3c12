/**
 * The server a TGS-REQ asks for (RFC 4120 3.3.2, MS-KILE 3.3.5.7): krbtgt/REALM (TGT renewal or
 * re-issue, the RODC exchange), or an SPN of a user or computer account in the directory
 * (case-insensitive; `host/` standing for its sPNMappings aliases such as cifs/ and http/), or a
 * bare sAMAccountName / UPN. Unknown names are KDC_ERR_S_PRINCIPAL_UNKNOWN; a request realm that
 * is not ours KDC_ERR_WRONG_REALM (no trusts in the lab). krbtgt_<n> accounts are not services.
 */
import type { Account } from '../../../directory/model.ts';
import type { PrincipalName } from '../../asn1/index.ts';
import { krbError } from '../../error-codes.ts';
import { ticketKvno, type AccountKeys } from '../../keys/keytable.ts';
import type { KdcContext } from '../context.ts';
import { ticketKeyFor } from '../etypes.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { findServer, requireOurRealm, type LookupAttribute } from '../principals.ts';
import type { KerberosKey } from '../../crypto/index.ts';

export interface ServerTarget {
  readonly account: Account;
  readonly keys: AccountKeys;
  /** The domain krbtgt: the issued ticket is a TGT. */
  readonly isTgs: boolean;
  /** The canonical name (krbtgt/REALM, the SPN as asked, or sAMAccountName). */
  readonly canonical: PrincipalName;
  readonly by: LookupAttribute;
  /** The key the ticket is sealed with and the kvno it carries (none: user-to-user, u2u.ts). */
  readonly ticketKey: KerberosKey;
  readonly kvno?: number;
}

/** Resolves the request's sname (see the file comment). */
export function resolveServer(ctx: KdcContext, sname: PrincipalName, srealm: string, ex: ExchangeRecord): ServerTarget {
  const dir = ctx.directory;
  try {
    requireOurRealm(dir, srealm);
  } catch (err) {
    ex.fact = `the request realm ${srealm} is not ${ctx.realm}`;
    throw err;
  }
  const found = findServer(dir, sname);
  const name = sname.nameString.join('/');
  if (!found || (found.by !== 'krbtgt' && (found.account.role === 'krbtgt' || found.account.role === 'rodcKrbtgt'))) {
    ex.fact = `no account has servicePrincipalName or sAMAccountName ${name}`;
    throw krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', 'SERVER NOT FOUND');
  }
  const keys = ctx.keys.forAccount(found.account);
  if (!keys || keys.current.keys.size === 0) {
    ex.fact = `${found.account.samAccountName} has no keys`;
    throw krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', 'SERVER HAS NO KEYS');
  }
  const ticketKey = ticketKeyFor(found.account, keys.current);
  ex.detail.server = `${found.account.samAccountName} by ${found.by}`;
  return {
    account: found.account,
    keys,
    isTgs: found.by === 'krbtgt',
    canonical: found.canonical,
    by: found.by,
    ticketKey,
    kvno: ticketKvno(found.account, keys.current),
  };
}
