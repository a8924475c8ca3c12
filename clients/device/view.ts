/**
 * The tickets a sign-in obtained, as klist shows them (TicketView of the contract), and the
 * Windows-klist-style text `ctlab signin` prints for them. Pure.
 */
import type { HeldTicket } from '../kerberos/exchanges.ts';
import { etypeName, klistFlagNames, klistTime, type ZoneOffset } from '../admin/klist-format.ts';
import type { TicketView } from './types.ts';

const nameOf = (parts: readonly string[], realm: string) => `${parts.join('/')} @ ${realm}`;

export function ticketViewOf(h: HeldTicket, kdcCalled: string): TicketView {
  const p = h.part;
  return {
    client: nameOf(h.cname.nameString, h.crealm),
    server: nameOf(p.sname.nameString, p.srealm),
    ...(h.ticket.encPart.kvno !== undefined ? { kvno: h.ticket.encPart.kvno } : {}),
    etype: h.ticket.encPart.etype,
    sessionKeyType: h.sessionKey.etype,
    flags: klistFlagNames(p.flags >>> 0),
    startTime: p.starttime ?? p.authtime,
    endTime: p.endtime,
    ...(p.renewTill !== undefined ? { renewTill: p.renewTill } : {}),
    kdcCalled,
  };
}

const secs = (ms: number) => Math.floor(ms / 1000);

/** One block per ticket, numbered #0>, as Windows klist prints them (times in the given zone). */
export function formatTickets(tickets: readonly TicketView[], zone: ZoneOffset): string {
  const lines = [`Cached Tickets: (${tickets.length})`, ''];
  tickets.forEach((t, i) => {
    lines.push(
      `#${i}>\tClient: ${t.client}`,
      `\tServer: ${t.server}`,
      `\tKerbTicket Encryption Type: ${etypeName(t.etype)}${t.kvno !== undefined ? ` (kvno ${t.kvno})` : ''}`,
      `\tTicket Flags: ${t.flags.join(' ')}`,
      `\tStart Time: ${klistTime(secs(t.startTime), zone)}`,
      `\tEnd Time:   ${klistTime(secs(t.endTime), zone)}`,
      `\tRenew Time: ${t.renewTill !== undefined ? klistTime(secs(t.renewTill), zone) : '0'}`,
      `\tSession Key Type: ${etypeName(t.sessionKeyType)}`,
      `\tKdc Called: ${t.kdcCalled}`,
      '',
    );
  });
  return lines.join('\n');
}
