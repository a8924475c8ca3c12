/**
 * A ticket opened with the lab's keys: the service's account found by its name (krbtgt, an SPN, a
 * sAMAccountName), its key generation picked by the kvno as the KDC picks it (an RODC kvno split
 * into RODC number and key version, krbtgt_<n> found by the number), then, for a partial TGT AD's
 * keys do not open, Entra's copy of the krbtgt_AzureAD key. The EncTicketPart with its PAC.
 */
import type { Account } from '../../../directory/model.ts';
import { findPac, type EncTicketPart, type Ticket } from '../../../kerberos/asn1/index.ts';
import type { KerberosKey } from '../../../kerberos/crypto/index.ts';
import { findServer, isOurRealm } from '../../../kerberos/kdc/principals.ts';
import { ticketSigningData } from '../../../kerberos/kdc/tgs/pac.ts';
import { unsealTicket } from '../../../kerberos/kdc/ticket.ts';
import type { KeyGeneration } from '../../../kerberos/keys/keytable.ts';
import type { DecodeContext } from '../context.ts';
import { attempt, failed, group, iso, keyed, node, secret, type DecodedNode } from '../tree.ts';
import { etypeName, kvnoText, principal, ticketFlags } from './names.ts';
import { pacNode, type PacSigners } from './pac.ts';

export interface OpenedTicket {
  readonly node: DecodedNode;
  readonly part?: EncTicketPart;
}

interface Opener {
  readonly key: KerberosKey;
  readonly who: string;
  /** The KDC signature's key by etype (the same account's generation for a TGT). */
  readonly kdcKey: (etype: number) => KerberosKey | undefined;
  readonly kdcWho: string;
}

const errText = (e: unknown) => (e instanceof Error ? ((e as { code?: string }).code ?? e.message) : String(e));

function generationLabel(ctx: DecodeContext, account: Account, g: KeyGeneration): string {
  const keys = ctx.keys.forAccount(account);
  const which = keys?.current === g ? 'current' : keys?.previous === g ? 'previous' : '';
  return `${account.samAccountName}'s ${which} key (key version ${g.kvno})`.replace("'s  key", "'s key");
}

/** Tries each generation; the opener that worked, or the reasons each failed. */
function tryGenerations(ctx: DecodeContext, ticket: Ticket, account: Account, gens: readonly KeyGeneration[], kdc: (g: KeyGeneration) => Pick<Opener, 'kdcKey' | 'kdcWho'>): { part: EncTicketPart; opener: Opener } | { tried: string[] } {
  const tried: string[] = [];
  for (const g of gens) {
    const key = g.keys.get(ticket.encPart.etype);
    const who = generationLabel(ctx, account, g);
    if (!key) {
      tried.push(`${who}: no ${etypeName(ticket.encPart.etype)} key`);
      continue;
    }
    try {
      return { part: unsealTicket(ticket, key), opener: { key, who, ...kdc(g) } };
    } catch (e) {
      tried.push(`${who}: ${errText(e)}`);
    }
  }
  return { tried };
}

function domainKdc(ctx: DecodeContext): Pick<Opener, 'kdcKey' | 'kdcWho'> {
  const k = ctx.keys.forAccount(ctx.directory.krbtgt);
  return { kdcKey: (e) => k?.current.keys.get(e), kdcWho: `krbtgt's current key (key version ${k?.current.kvno ?? '?'})` };
}

function open(ctx: DecodeContext, ticket: Ticket): { part: EncTicketPart; opener: Opener; note?: string } | { why: string } {
  const kvno = ticket.encPart.kvno;
  if (!isOurRealm(ctx.directory, ticket.realm)) return { why: `sealed for realm ${ticket.realm}: the lab's directory holds no key of that realm (the cloud's own krbtgt)` };
  if (kvno !== undefined && kvno > 0xffff) {
    const sel = ctx.keys.rodcKeysForKvno(kvno);
    const tried: string[] = [];
    if (sel) {
      const r = tryGenerations(ctx, ticket, sel.account, sel.generations, (g) => ({ kdcKey: (e) => g.keys.get(e), kdcWho: generationLabel(ctx, sel.account, g) }));
      if ('part' in r) return r;
      tried.push(...r.tried);
    } else tried.push(`no krbtgt_<n> account with RODC number ${kvno >>> 16} in the directory`);
    for (const c of ctx.cloudPartialTgtKeys?.() ?? []) {
      if (c.rodcNumber !== kvno >>> 16 || c.key.etype !== ticket.encPart.etype) continue;
      const who = `Entra's copy of the krbtgt_AzureAD key (KerberosDomain, key version ${c.keyVersion})`;
      try {
        const part = unsealTicket(ticket, c.key);
        return { part, opener: { key: c.key, who, kdcKey: (e) => (e === c.key.etype ? c.key : undefined), kdcWho: who }, note: `AD's keys do not open it (${tried.join('; ')}): only Entra's copy does, so AD and Entra disagree on the key` };
      } catch (e) {
        tried.push(`${who}: ${errText(e)}`);
      }
    }
    return { why: `no key opens it: ${tried.join('; ')}` };
  }
  const found = findServer(ctx.directory, ticket.sname);
  if (!found) return { why: `no account ${principal(ticket.sname)} in the directory` };
  const sel = ctx.keys.generationsForKvno(found.account, kvno);
  if (!sel) return { why: `${found.account.samAccountName} has no keys` };
  const isTgt = found.account === ctx.directory.krbtgt;
  const r = tryGenerations(ctx, ticket, found.account, sel.generations, (g) => (isTgt ? { kdcKey: (e) => g.keys.get(e), kdcWho: generationLabel(ctx, found.account, g) } : domainKdc(ctx)));
  return 'part' in r ? r : { why: `no key opens it: ${r.tried.join('; ')}` };
}

/** The EncTicketPart's fields and its PAC (signatures checked with the opener's keys). */
export function encTicketPartNodes(ctx: DecodeContext, part: EncTicketPart, signers: PacSigners): DecodedNode[] {
  const pac = findPac(part.authorizationData);
  return [
    node('flags', ticketFlags(part.flags)),
    secret('session key', part.key.keyvalue, ctx, etypeName(part.key.keytype)),
    node('client', principal(part.cname, part.crealm)),
    node('authtime', iso(part.authtime)),
    part.starttime !== undefined ? node('starttime', iso(part.starttime)) : undefined,
    node('endtime', iso(part.endtime)),
    part.renewTill !== undefined ? node('renew-till', iso(part.renewTill)) : undefined,
    pac ? pacNode(ctx, pac, { ...signers, ticketData: ticketSigningData(part) }) : node('PAC', 'none', 'the ticket carries no AD-WIN2K-PAC'),
  ].filter((n): n is DecodedNode => n !== undefined);
}

/** A ticket: its clear fields, then its enc-part opened (or why not). */
export function ticketNode(ctx: DecodeContext, label: string, ticket: Ticket, key?: string): OpenedTicket {
  let part: EncTicketPart | undefined;
  const n = attempt(label, () => {
    const kvno = ticket.encPart.kvno;
    const o = open(ctx, ticket);
    const clear = [
      node('service', principal(ticket.sname, ticket.realm)),
      keyed(`${key ?? 'ticket'}.kvno`, node('kvno', kvnoText(kvno) ?? '(none)', kvno !== undefined && kvno > 0xffff ? 'RODC number << 16 | key version (MS-KILE 3.1.5.8)' : undefined)),
      node('enc-part etype', etypeName(ticket.encPart.etype)),
    ];
    if ('why' in o) return group(label, [...clear, failed('enc-part', o.why)]);
    part = o.part;
    const signers: PacSigners = { server: { key: o.opener.key, who: o.opener.who }, kdc: { key: o.opener.kdcKey, who: o.opener.kdcWho } };
    return group(label, [...clear, group('enc-part (EncTicketPart)', encTicketPartNodes(ctx, o.part, signers), `opened with ${o.opener.who}${o.note ? `; ${o.note}` : ''}`)]);
  });
  return { node: key ? keyed(key, n) : n, ...(part ? { part } : {}) };
}
