/**
 * Lookup indexes over a built directory, all case-insensitive as AD compares: DN (normalised),
 * GUID, SID, sAMAccountName, UPN, SPN (with `host/` standing for the sPNMappings aliases) and
 * msDS-SecondaryKrbTgtNumber.
 */
import { normalizeDn } from './dn.ts';
import { LazyAttributes } from './entry-builder.ts';
import { guidFromBytes } from './ids.ts';
import type { Account, DirectoryEntry, DirectoryLookups, Group, GuidString, Principal, SidString, UserAccount } from './model.ts';
import { hostEquivalent } from './spn.ts';

export class DirectoryIndex implements DirectoryLookups {
  private readonly byDn = new Map<string, DirectoryEntry>();
  #byGuid: Map<string, DirectoryEntry> | undefined;
  /** Principals whose entry is not one of `entries` (none, as build.ts builds the directory). */
  private readonly principalsByDn = new Map<string, Principal>();
  private readonly bySid = new Map<string, Principal>();
  private readonly bySam = new Map<string, Account>();
  private readonly groupsBySam = new Map<string, Group>();
  private readonly byUpn = new Map<string, Account>();
  private readonly bySpn = new Map<string, Account>();
  private readonly bySecondary = new Map<number, UserAccount>();
  private readonly entries: readonly DirectoryEntry[];

  constructor(entries: readonly DirectoryEntry[], principals: readonly Principal[]) {
    this.entries = entries;
    const withEntry = new Set<Principal>();
    for (const e of entries) {
      this.byDn.set(normalizeDn(e.dn)!, e);
      // A principal is found by DN through its entry: one normalised DN and one map for both.
      if (e.attributes instanceof LazyAttributes) withEntry.add(e.attributes.principal);
    }
    for (const p of principals) {
      if (!withEntry.has(p)) this.principalsByDn.set(normalizeDn(p.dn)!, p);
      this.bySid.set(p.sid.toUpperCase(), p);
      if (p.kind === 'group') {
        this.groupsBySam.set(p.samAccountName.toLowerCase(), p);
        continue;
      }
      this.bySam.set(p.samAccountName.toLowerCase(), p);
      if (p.upn) this.byUpn.set(p.upn.toLowerCase(), p);
      for (const spn of p.spns) if (!this.bySpn.has(spn.toLowerCase())) this.bySpn.set(spn.toLowerCase(), p);
      if (p.kind === 'user' && p.secondaryKrbTgtNumber !== undefined) this.bySecondary.set(p.secondaryKrbTgtNumber, p);
    }
  }

  /** objectGUID -> entry, built on first use (nothing on the request paths asks by GUID). */
  private get byGuid(): Map<string, DirectoryEntry> {
    if (this.#byGuid) return this.#byGuid;
    const m = new Map<string, DirectoryEntry>();
    for (const e of this.entries) {
      if (e.attributes instanceof LazyAttributes) {
        m.set(e.attributes.guid, e); // derived GUIDs are lower-case hex already
        continue;
      }
      const g = e.attributes.get('objectguid')?.values[0];
      if (g instanceof Uint8Array) m.set(guidFromBytes(g), e);
    }
    return (this.#byGuid = m);
  }

  entryByDn(dn: string): DirectoryEntry | undefined {
    const n = normalizeDn(dn);
    return n === undefined ? undefined : this.byDn.get(n);
  }

  entryByGuid(guid: GuidString): DirectoryEntry | undefined {
    return this.byGuid.get(guid.toLowerCase().replace(/^\{|\}$/g, ''));
  }

  principalByDn(dn: string): Principal | undefined {
    const n = normalizeDn(dn);
    if (n === undefined) return undefined;
    const a = this.byDn.get(n)?.attributes;
    return a instanceof LazyAttributes ? a.principal : this.principalsByDn.get(n);
  }

  principalBySid(sid: SidString): Principal | undefined {
    return this.bySid.get(sid.toUpperCase());
  }

  accountBySam(sam: string): Account | undefined {
    const k = sam.toLowerCase();
    return this.bySam.get(k) ?? (k.endsWith('$') ? undefined : this.bySam.get(`${k}$`));
  }

  groupBySam(sam: string): Group | undefined {
    return this.groupsBySam.get(sam.toLowerCase());
  }

  accountByUpn(upn: string): Account | undefined {
    return this.byUpn.get(upn.toLowerCase());
  }

  accountBySpn(spn: string): Account | undefined {
    const k = spn.toLowerCase();
    const direct = this.bySpn.get(k);
    if (direct) return direct;
    const host = hostEquivalent(k);
    return host ? this.bySpn.get(host) : undefined;
  }

  accountBySecondaryKrbTgtNumber(n: number): UserAccount | undefined {
    return this.bySecondary.get(n);
  }
}
