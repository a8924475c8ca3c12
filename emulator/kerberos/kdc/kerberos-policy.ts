/**
 * The domain's Kerberos policy (Default Domain Policy, MS-GPSB 2.2.2; MS-KILE 3.3.1, 3.3.3) in
 * the units Windows states it, mapped onto the KDC config the exchanges read. The scenario's
 * `kerberos:` section has this shape; the lab passes it here when it starts the KDC.
 */
import type { KdcArmoring, KdcConfig } from './context.ts';

/** MS-GPSB 2.2.2 "Kerberos Policy" keys, plus the lab's two flag knobs. */
export interface KerberosPolicy {
  /** MaxTicketAge: "Maximum lifetime for user ticket" (TGTs), hours. Windows: 10. */
  readonly maxTicketAgeHours: number;
  /** MaxRenewAge: "Maximum lifetime for user ticket renewal", days. Windows: 7. */
  readonly maxRenewAgeDays: number;
  /** MaxServiceAge: "Maximum lifetime for service ticket", minutes. Windows: 600. */
  readonly maxServiceAgeMinutes: number;
  /** MaxClockSkew: "Maximum tolerance for computer clock synchronization", minutes. Windows: 5. */
  readonly maxClockSkewMinutes: number;
  /** FORWARDABLE granted when asked (Windows: true). */
  readonly forwardable: boolean;
  /** RENEWABLE granted when asked (Windows: true). */
  readonly renewable: boolean;
  /** "KDC support for claims, compound authentication and Kerberos armoring" (default notSupported). */
  readonly kdcArmoring?: KdcArmoring;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The KdcConfig fields a Kerberos policy sets (the rest keep their defaults). */
export function kdcConfigFromPolicy(p: KerberosPolicy): Pick<KdcConfig, 'ticketLifetimeMs' | 'renewLifetimeMs' | 'serviceTicketLifetimeMs' | 'maxSkewMs' | 'forwardable' | 'renewable' | 'armoring'> {
  return {
    ticketLifetimeMs: p.maxTicketAgeHours * HOUR,
    renewLifetimeMs: p.maxRenewAgeDays * DAY,
    serviceTicketLifetimeMs: p.maxServiceAgeMinutes * MINUTE,
    maxSkewMs: p.maxClockSkewMinutes * MINUTE,
    forwardable: p.forwardable,
    renewable: p.renewable,
    armoring: p.kdcArmoring ?? 'notSupported',
  };
}
