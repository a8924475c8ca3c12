/**
 * Times and flags of a ticket issued by the TGS (RFC 4120 3.3.3, 3.3.3.1; MIT do_tgs_req as the
 * model; Windows' Kerberos policy from the KDC config: 10 h TGT life, 600 min service-ticket
 * life, 7 d renewal, forwardable and renewable allowed).
 *   new ticket: authtime = the TGT's; starttime = now; endtime = min(till, TGT endtime,
 *               now + max life), the max life being the TGT's for krbtgt, else the service
 *               ticket's; RENEWABLE when asked (or RENEWABLE-OK and the life was cut), the policy
 *               allows it and the TGT is renewable, renew-till = min(rtime, TGT renew-till,
 *               now + max renew); FORWARDABLE when asked, allowed by the policy, the TGT is
 *               forwardable and the client is not "sensitive and cannot be delegated";
 *               PROXIABLE the same way from a proxiable TGT (PROXY itself stays refused);
 *               FORWARDED when asked with a forwardable TGT (check.ts refuses the rest), and
 *               in every ticket issued from a forwarded one (RFC 4120 2.6);
 *               PRE-AUTHENT copied from the TGT; OK-AS-DELEGATE for
 *               services trusted for delegation; bit 15 (klist's name_canonicalize) when
 *               canonicalize was asked, as AD sets it (PROTOCOL.md section 4: 0x10000 observed).
 *   RENEW:      the presented ticket's flags, authtime and renew-till; starttime = now; endtime =
 *               min(now + its original life, renew-till) (RFC 4120 3.3.3.1).
 */
import { hasFlag, UF } from '../../../directory/uac.ts';
import { KDC_OPTIONS, TICKET_FLAGS, type EncTicketPart, type KdcReqBody } from '../../asn1/index.ts';
import type { Account } from '../../../directory/model.ts';
import type { KdcConfig } from '../context.ts';

export interface IssuedTimes {
  readonly flags: number;
  readonly authtime: number;
  readonly starttime: number;
  readonly endtime: number;
  readonly renewTill?: number;
}

/** `till` of 0 (19700101000000Z) means "as long as allowed". */
const openEnded = (t: number | undefined) => (t === undefined || t === 0 ? Number.MAX_SAFE_INTEGER : t);

export function renewedTimes(tgt: EncTicketPart, now: number): IssuedTimes {
  const start = tgt.starttime ?? tgt.authtime;
  const life = Math.max(0, tgt.endtime - start);
  const renewTill = tgt.renewTill ?? tgt.endtime;
  return {
    flags: TICKET_FLAGS.clear(tgt.flags, 'invalid'),
    authtime: tgt.authtime,
    starttime: now,
    endtime: Math.min(now + life, renewTill),
    renewTill,
  };
}

export function issuedTimes(
  cfg: KdcConfig,
  body: KdcReqBody,
  tgt: EncTicketPart,
  client: Account,
  server: Account,
  isTgs: boolean,
  now: number,
): IssuedTimes {
  const o = body.kdcOptions;
  const till = openEnded(body.till);
  const maxLife = isTgs ? cfg.ticketLifetimeMs : cfg.serviceTicketLifetimeMs;
  const endtime = Math.max(now, Math.min(till, tgt.endtime, now + maxLife));
  let flags = 0;
  const sensitive = hasFlag(client.userAccountControl, UF.NOT_DELEGATED);
  if (KDC_OPTIONS.has(o, 'forwardable') && cfg.forwardable && TICKET_FLAGS.has(tgt.flags, 'forwardable') && !sensitive) flags = TICKET_FLAGS.set(flags, 'forwardable');
  if (KDC_OPTIONS.has(o, 'proxiable') && cfg.forwardable && TICKET_FLAGS.has(tgt.flags, 'proxiable') && !sensitive) flags = TICKET_FLAGS.set(flags, 'proxiable');
  if (KDC_OPTIONS.has(o, 'forwarded') || TICKET_FLAGS.has(tgt.flags, 'forwarded')) flags = TICKET_FLAGS.set(flags, 'forwarded');
  if (TICKET_FLAGS.has(tgt.flags, 'pre-authent')) flags = TICKET_FLAGS.set(flags, 'pre-authent');
  if (KDC_OPTIONS.has(o, 'canonicalize')) flags = TICKET_FLAGS.set(flags, 'enc-pa-rep');
  if (!isTgs && hasFlag(server.userAccountControl, UF.TRUSTED_FOR_DELEGATION)) flags = TICKET_FLAGS.set(flags, 'ok-as-delegate');

  let renewTill: number | undefined;
  const wantsRenew = KDC_OPTIONS.has(o, 'renewable') || (KDC_OPTIONS.has(o, 'renewable-ok') && till > endtime);
  if (wantsRenew && cfg.renewable && TICKET_FLAGS.has(tgt.flags, 'renewable')) {
    const asked = KDC_OPTIONS.has(o, 'renewable') ? openEnded(body.rtime) : till;
    const limit = Math.min(asked, tgt.renewTill ?? tgt.endtime, now + cfg.renewLifetimeMs);
    renewTill = Math.max(endtime, limit);
    flags = TICKET_FLAGS.set(flags, 'renewable');
  }
  return { flags, authtime: tgt.authtime, starttime: now, endtime, ...(renewTill !== undefined ? { renewTill } : {}) };
}
