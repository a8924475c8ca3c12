/**
 * The directory as the services see it while the lab runs: the scenario's built (immutable)
 * directory with the AzureADKerberos objects taken from the AD-side store instead
 * (ad-kerberos-server.ts). A rotation, a `set` on a domain without the objects, or a `remove` show
 * up in every lookup, in `users`/`computers`/`entries` and in `azureAdKerberos`, without a
 * restart: the KDC's RODC path finds the new krbtgt_AzureAD secrets and LDAP serves the new
 * msDS-KeyVersionNumber. Lookups of any other object cost one Map probe more than the base.
 */
import { normalizeDn } from '../directory/dn.ts';
import { guidFromBytes } from '../directory/ids.ts';
import type { Account, AzureAdKerberosServer, Directory, DirectoryEntry, Principal, UserAccount } from '../directory/model.ts';
import type { AdKerberosServerStore } from './ad-kerberos-server.ts';

/** A Directory that changes with the store; `revision()` tells readers (LDAP) when to rebuild views. */
export interface LiveDirectory extends Directory {
  revision(): number;
}

interface Overlay {
  readonly rev: number;
  /** Keys of the managed objects: a value wins, null hides the base object. */
  readonly byDn: Map<string, Principal | null>;
  readonly entryByDn: Map<string, DirectoryEntry | null>;
  readonly byGuid: Map<string, DirectoryEntry | null>;
  readonly bySid: Map<string, Principal | null>;
  readonly bySam: Map<string, Account | null>;
  readonly bySecondary: Map<number, UserAccount | null>;
  readonly users: readonly UserAccount[];
  readonly computers: Directory['computers'];
  readonly entries: readonly DirectoryEntry[];
  readonly azure?: AzureAdKerberosServer;
  readonly highestUsn: number;
}

const samKeys = (a: Account): string[] => {
  const k = a.samAccountName.toLowerCase();
  return k.endsWith('$') ? [k, k.slice(0, -1)] : [k];
};

function guidOf(e: DirectoryEntry): string | undefined {
  const g = e.attributes.get('objectguid')?.values[0];
  return g instanceof Uint8Array && g.length === 16 ? guidFromBytes(g) : undefined;
}

function buildOverlay(base: Directory, store: AdKerberosServerStore): Overlay {
  const rec = store.get();
  const o: Overlay = {
    rev: store.revision(),
    byDn: new Map(),
    entryByDn: new Map(),
    byGuid: new Map(),
    bySid: new Map(),
    bySam: new Map(),
    bySecondary: new Map(),
    users: [],
    computers: [],
    entries: [],
    highestUsn: base.highestCommittedUsn,
  };
  // Hide the scenario's objects first, then add the store's (which may be the same DNs).
  const baseAz = base.azureAdKerberos;
  const hiddenEntries = new Set<DirectoryEntry>();
  if (baseAz) {
    for (const a of [baseAz.computer, baseAz.krbtgt] as Account[]) {
      o.byDn.set(normalizeDn(a.dn)!, null);
      o.bySid.set(a.sid.toUpperCase(), null);
      for (const k of samKeys(a)) o.bySam.set(k, null);
    }
    o.bySecondary.set(baseAz.id, null);
    const baseRec = [baseAz.computer.dn, baseAz.krbtgt.dn, baseAz.serviceConnectionPointDn, `CN=AzureAD,CN=System,${base.domain.dn}`];
    for (const dn of baseRec) {
      const n = normalizeDn(dn)!;
      o.entryByDn.set(n, null);
      const e = base.entryByDn(dn);
      if (e) hiddenEntries.add(e);
      const g = e && guidOf(e);
      if (g) o.byGuid.set(g, null);
    }
  }
  let users: UserAccount[] = base.users.filter((u) => u !== baseAz?.krbtgt);
  let computers = base.computers.filter((c) => c !== baseAz?.computer);
  // By identity: base.entryByDn gives the very objects of base.entries (no DN normalised per entry).
  const entries = hiddenEntries.size ? base.entries.filter((e) => !hiddenEntries.has(e)) : [...base.entries];
  let highestUsn = base.highestCommittedUsn;
  let azure: AzureAdKerberosServer | undefined;
  if (rec) {
    for (const a of [rec.computer, rec.krbtgt] as Account[]) {
      o.byDn.set(normalizeDn(a.dn)!, a);
      o.bySid.set(a.sid.toUpperCase(), a);
      for (const k of samKeys(a)) o.bySam.set(k, a);
      highestUsn = Math.max(highestUsn, a.usnChanged);
    }
    o.bySecondary.set(rec.id, rec.krbtgt);
    for (const e of rec.entries) {
      o.entryByDn.set(normalizeDn(e.dn)!, e);
      const g = guidOf(e);
      if (g) o.byGuid.set(g, e);
    }
    users = [...users, rec.krbtgt];
    computers = [...computers, rec.computer];
    entries.push(...rec.entries);
    azure = {
      id: rec.id,
      computer: rec.computer,
      krbtgt: rec.krbtgt,
      serviceConnectionPointDn: rec.serviceConnectionPointDn,
      scpId: rec.scpId,
      keyVersion: rec.krbtgt.secrets.current.kvno,
    };
  }
  return { ...o, users, computers, entries, highestUsn, ...(azure ? { azure } : {}) };
}

/** The live view of `base` over `store` (see the file comment). */
export function liveDirectory(base: Directory, store: AdKerberosServerStore): LiveDirectory {
  let overlay = buildOverlay(base, store);
  const ov = (): Overlay => (overlay.rev === store.revision() ? overlay : (overlay = buildOverlay(base, store)));
  const pick = <K, V>(m: Map<K, V | null>, k: K, fallback: () => V | undefined): V | undefined => {
    const v = m.get(k);
    return v === undefined ? fallback() : (v ?? undefined);
  };
  return {
    domain: base.domain,
    sites: base.sites,
    dcs: base.dcs,
    groups: base.groups,
    containers: base.containers,
    krbtgt: base.krbtgt,
    get users() {
      return ov().users;
    },
    get computers() {
      return ov().computers;
    },
    get entries() {
      return ov().entries;
    },
    get azureAdKerberos() {
      return ov().azure;
    },
    get highestCommittedUsn() {
      return ov().highestUsn;
    },
    revision: () => store.revision(),
    entryByDn: (dn) => {
      const n = normalizeDn(dn);
      return n === undefined ? undefined : pick(ov().entryByDn, n, () => base.entryByDn(dn));
    },
    entryByGuid: (g) => pick(ov().byGuid, g.toLowerCase().replace(/^\{|\}$/g, ''), () => base.entryByGuid(g)),
    principalByDn: (dn) => {
      const n = normalizeDn(dn);
      return n === undefined ? undefined : pick(ov().byDn, n, () => base.principalByDn(dn));
    },
    principalBySid: (sid) => pick(ov().bySid, sid.toUpperCase(), () => base.principalBySid(sid)),
    accountBySam: (sam) => pick(ov().bySam, sam.toLowerCase(), () => base.accountBySam(sam)),
    groupBySam: (sam) => base.groupBySam(sam),
    accountByUpn: (upn) => base.accountByUpn(upn),
    accountBySpn: (spn) => base.accountBySpn(spn),
    accountBySecondaryKrbTgtNumber: (n) => pick(ov().bySecondary, n, () => base.accountBySecondaryKrbTgtNumber(n)),
  };
}
