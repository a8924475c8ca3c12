/**
 * Held tickets as MIT credential-cache entries (MIT krb5 doc/formats/ccache_file_format.rst), so
 * what the lab's client obtained (a full TGT, a service ticket) can be handed to MIT kvno,
 * impacket or `ctlab klist`. Times go from epoch ms to the ccache's seconds; a missing starttime
 * is written as 0 (MIT then shows authtime).
 */
import { encodeTicket, type PrincipalName } from '../../emulator/kerberos/asn1/index.ts';
import type { Ccache, Credential, Principal } from '../../emulator/kerberos/files/index.ts';
import type { HeldTicket } from './exchanges.ts';

const sec = (ms: number | undefined): number => (ms === undefined ? 0 : Math.floor(ms / 1000));

export function ccachePrincipal(p: PrincipalName, realm: string): Principal {
  return { nameType: p.nameType, components: [...p.nameString], realm };
}

export function credentialOf(h: HeldTicket): Credential {
  const p = h.part;
  return {
    client: ccachePrincipal(h.cname, h.crealm),
    server: ccachePrincipal(p.sname, p.srealm),
    key: { enctype: h.sessionKey.etype, value: h.sessionKey.bytes },
    authtime: sec(p.authtime),
    starttime: sec(p.starttime),
    endtime: sec(p.endtime),
    renewTill: sec(p.renewTill),
    isSkey: false,
    ticketFlags: p.flags >>> 0,
    addresses: (p.caddr ?? []).map((a) => ({ addrType: a.addrType, address: a.address })),
    authdata: [],
    ticket: encodeTicket(h.ticket),
    secondTicket: new Uint8Array(0),
  };
}

/** A version-4 ccache whose default principal is the first ticket's client. */
export function ccacheOf(tickets: readonly HeldTicket[]): Ccache {
  if (tickets.length === 0) throw new RangeError('a ccache needs at least one ticket');
  return { version: 4, defaultPrincipal: ccachePrincipal(tickets[0].cname, tickets[0].crealm), credentials: tickets.map(credentialOf) };
}
