/**
 * An MIT credential cache shown the way Windows' klist shows cached tickets (one block per
 * ticket: Client, Server, KerbTicket Encryption Type, Ticket Flags with names, Start/End/Renew
 * Time in local time, Session Key Type, Cache Flags, Kdc Called). Pure: the time zone offset is
 * passed in. Configuration entries of the ccache are not tickets and are not listed.
 *
 * MIT keeps no LogonId and no "Kdc Called"; the view prints the cache name where Windows prints
 * the LogonId, and Kdc Called empty unless the caller knows it (Windows prints it empty too for
 * tickets imported into the cache rather than fetched by the LSA).
 */
import { decodeTicket } from '../../emulator/kerberos/asn1/index.ts';
import { isConfigEntry, type Ccache, type Credential, type Principal } from '../../emulator/kerberos/files/index.ts';

/** Enctype names as Windows klist prints them. */
export const KLIST_ETYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'DES-CBC-CRC'],
  [3, 'DES-CBC-MD5'],
  [17, 'AES-128-CTS-HMAC-SHA1-96'],
  [18, 'AES-256-CTS-HMAC-SHA1-96'],
  [23, 'RSADSI RC4-HMAC(NT)'],
  [24, 'RSADSI RC4-HMAC(NT)-EXP'],
]);

/** Windows' KERB_TICKET_FLAGS names (ntsecapi.h), as klist prints them, high bit first. */
export const KLIST_FLAG_NAMES: readonly (readonly [number, string])[] = [
  [0x80000000, 'reserved'],
  [0x40000000, 'forwardable'],
  [0x20000000, 'forwarded'],
  [0x10000000, 'proxiable'],
  [0x08000000, 'proxy'],
  [0x04000000, 'may_postdate'],
  [0x02000000, 'postdated'],
  [0x01000000, 'invalid'],
  [0x00800000, 'renewable'],
  [0x00400000, 'initial'],
  [0x00200000, 'pre_authent'],
  [0x00100000, 'hw_authent'],
  [0x00040000, 'ok_as_delegate'],
  [0x00010000, 'name_canonicalize'],
];

export function klistFlagNames(flags: number): string[] {
  return KLIST_FLAG_NAMES.filter(([bit]) => (flags & bit) >>> 0 === bit).map(([, n]) => n);
}

export function etypeName(etype: number): string {
  return KLIST_ETYPE_NAMES.get(etype) ?? `Unknown (${etype})`;
}

function principalText(p: Principal): string {
  return `${p.components.join('/')} @ ${p.realm}`;
}

/** Minutes east of UTC at a time (seconds since the epoch): the local zone, DST included. */
export type ZoneOffset = (seconds: number) => number;
export const localZone: ZoneOffset = (seconds) => -new Date(seconds * 1000).getTimezoneOffset();
export const utcZone: ZoneOffset = () => 0;

/** `M/D/YYYY H:MM:SS (local)` for seconds since the epoch, in the zone `zone` gives. */
export function klistTime(seconds: number, zone: ZoneOffset): string {
  if (seconds === 0) return '0';
  const d = new Date((seconds + zone(seconds) * 60) * 1000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${d.getUTCHours()}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} (local)`;
}

export interface TicketView {
  readonly client: string;
  readonly server: string;
  /** The ticket's enc-part etype (the service key's), or undefined when the ticket does not decode. */
  readonly ticketEtype?: number;
  readonly ticketKvno?: number;
  readonly flags: number;
  readonly flagNames: string[];
  readonly start: number;
  readonly end: number;
  readonly renewTill: number;
  readonly sessionKeyEtype: number;
  /** 0x1 PRIMARY for the TGT of the cache's own principal and realm, else 0. */
  readonly cacheFlags: number;
}

export function ticketView(cc: Ccache, c: Credential): TicketView {
  let ticketEtype: number | undefined;
  let ticketKvno: number | undefined;
  try {
    const t = decodeTicket(c.ticket);
    ticketEtype = t.encPart.etype;
    ticketKvno = t.encPart.kvno;
  } catch {
    // An opaque or foreign ticket: the type is shown as unknown.
  }
  const def = cc.defaultPrincipal;
  const primary =
    c.server.components.length === 2 &&
    c.server.components[0] === 'krbtgt' &&
    c.server.components[1].toUpperCase() === c.server.realm.toUpperCase() &&
    c.client.realm.toUpperCase() === def.realm.toUpperCase() &&
    c.client.components.join('/') === def.components.join('/');
  return {
    client: principalText(c.client),
    server: principalText(c.server),
    ...(ticketEtype !== undefined ? { ticketEtype } : {}),
    ...(ticketKvno !== undefined ? { ticketKvno } : {}),
    flags: c.ticketFlags >>> 0,
    flagNames: klistFlagNames(c.ticketFlags),
    start: c.starttime || c.authtime,
    end: c.endtime,
    renewTill: c.renewTill,
    sessionKeyEtype: c.key.enctype,
    cacheFlags: primary ? 1 : 0,
  };
}

/** The tickets of a cache (configuration entries left out), in file order. */
export function ticketViews(cc: Ccache): TicketView[] {
  return cc.credentials.filter((c) => !isConfigEntry(c)).map((c) => ticketView(cc, c));
}

export function formatKlist(cacheName: string, cc: Ccache, zone: ZoneOffset, kdcCalled = ''): string {
  const views = ticketViews(cc);
  const lines = ['', `Current Cache is ${cacheName}`, '', `Cached Tickets: (${views.length})`];
  views.forEach((v, i) => {
    lines.push(
      '',
      `#${i}>\tClient: ${v.client}`,
      `\tServer: ${v.server}`,
      `\tKerbTicket Encryption Type: ${v.ticketEtype !== undefined ? etypeName(v.ticketEtype) : 'Unknown'}`,
      `\tTicket Flags 0x${v.flags.toString(16)} -> ${v.flagNames.join(' ')} `,
      `\tStart Time: ${klistTime(v.start, zone)}`,
      `\tEnd Time:   ${klistTime(v.end, zone)}`,
      `\tRenew Time: ${klistTime(v.renewTill, zone)}`,
      `\tSession Key Type: ${etypeName(v.sessionKeyEtype)}`,
      `\tCache Flags: ${v.cacheFlags ? '0x1 -> PRIMARY ' : '0'}`,
      `\tKdc Called: ${kdcCalled}`,
    );
  });
  return lines.join('\n') + '\n';
}
