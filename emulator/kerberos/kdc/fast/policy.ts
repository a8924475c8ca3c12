/**
 * The KDC armoring policy, "KDC support for claims, compound authentication and Kerberos
 * armoring" (MS-KILE 3.3.1 ClaimsCompIdFASTSupport 0-3; 3.3.5.1):
 *   notSupported (0)        FAST is not processed: PA-FX-FAST is ignored, nothing advertised;
 *   supported (1)           armored requests are processed; unarmored ones continue without
 *                           FAST; PREAUTH_REQUIRED does not offer PA-FX-FAST ("SHOULD NOT");
 *   alwaysProvideClaims (2) the same, and PREAUTH_REQUIRED offers PA-FX-FAST;
 *   failUnarmored (3)       an unarmored AS-REQ for a principal that is not a computer gets
 *                           KDC_ERR_PREAUTH_REQUIRED offering PA-FX-FAST, whatever it carries.
 * With 1-3 the KDC advertises FAST support in the PA-SUPPORTED-ETYPES of its krbtgt (MS-KILE
 * 2.2.8 bit 16), which is how Windows clients learn the realm supports FAST (MS-KILE 3.2.5.4).
 * AD also sets the compound-identity and claims bits (17, 18); the lab puts neither claims nor
 * device groups in its PACs, so it advertises only what it serves.
 */
import type { Account } from '../../../directory/model.ts';
import { hasFlag, UF } from '../../../directory/uac.ts';
import type { KdcContext } from '../context.ts';

/** MS-KILE 2.2.8 PA-SUPPORTED-ENCTYPES flag bits. */
export const SUPPORTED_ETYPES_FLAGS = {
  FAST_SUPPORTED: 0x10000,
  COMPOUND_IDENTITY_SUPPORTED: 0x20000,
  CLAIMS_SUPPORTED: 0x40000,
} as const;

/** True when the KDC processes PA-FX-FAST. */
export function fastEnabled(ctx: KdcContext): boolean {
  return ctx.config.armoring !== 'notSupported';
}

/** The PA-SUPPORTED-ETYPES bits the krbtgt advertises under the policy. */
export function advertisedFastBits(ctx: KdcContext): number {
  if (!fastEnabled(ctx)) return 0;
  return SUPPORTED_ETYPES_FLAGS.FAST_SUPPORTED;
}

/** PREAUTH_REQUIRED to an unarmored AS-REQ offers PA-FX-FAST (policies 2 and 3). */
export function offersFast(ctx: KdcContext): boolean {
  return ctx.config.armoring === 'alwaysProvideClaims' || ctx.config.armoring === 'failUnarmored';
}

/** An unarmored AS-REQ for this client is refused (policy 3; computers are exempt). */
export function refusesUnarmored(ctx: KdcContext, client: Pick<Account, 'userAccountControl'>): boolean {
  if (ctx.config.armoring !== 'failUnarmored') return false;
  const uac = client.userAccountControl;
  return !hasFlag(uac, UF.WORKSTATION_TRUST_ACCOUNT) && !hasFlag(uac, UF.SERVER_TRUST_ACCOUNT);
}
