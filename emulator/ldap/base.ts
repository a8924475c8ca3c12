/**
 * Resolving a search base: plain DNs and AD's extended forms (MS-ADTS 3.1.1.3.1.2.4 / 3.1.1.3.1.2.5):
 * `<GUID=...>` (dashed text or 32 hex digits of the wire bytes), `<SID=...>` (S-1-... or hex of
 * the binary SID), `<WKGUID=guid,nc-dn>` (the wellKnownObjects value of that NC head), and the
 * `<GUID=...>;<SID=...>;dn` combinations AD prints with the extended-DN control.
 */
import { fromHex, hex } from '../core/bytes.ts';
import { normalizeDn } from '../directory/dn.ts';
import { guidFromBytes, isGuid, isSid, sidToBytes } from '../directory/ids.ts';
import type { DirectoryTree, TreeEntry } from './tree.ts';
import { errors } from './diagnostics.ts';

const PART = /^<(GUID|SID|WKGUID)=([^>]*)>$/i;

function byGuid(tree: DirectoryTree, v: string): TreeEntry | undefined {
  if (isGuid(v)) return tree.byObjectGuid(v);
  if (/^[0-9a-f]{32}$/i.test(v)) return tree.byObjectGuid(guidFromBytes(fromHex(v)));
  throw errors.invalidDn();
}

function bySid(tree: DirectoryTree, v: string): TreeEntry | undefined {
  if (/^S-1-/i.test(v)) {
    if (!isSid(v)) throw errors.invalidDn();
    return tree.bySidHex(hex(sidToBytes(v.toUpperCase())));
  }
  if (/^([0-9a-f]{2})+$/i.test(v)) return tree.bySidHex(v);
  throw errors.invalidDn();
}

/** `B:32:<GUID>:<dn>` values of the NC head's wellKnownObjects. */
function byWkguid(tree: DirectoryTree, v: string): TreeEntry | undefined {
  const comma = v.indexOf(',');
  if (comma < 0) throw errors.invalidDn();
  const guid = v.slice(0, comma).replace(/-/g, '').toUpperCase();
  if (!/^[0-9A-F]{32}$/.test(guid)) throw errors.invalidDn();
  const head = tree.byDn(v.slice(comma + 1));
  if (!head) return undefined;
  for (const w of head.entry.attributes.get('wellknownobjects')?.values ?? []) {
    const m = /^B:32:([0-9A-Fa-f]{32}):(.*)$/.exec(String(w));
    if (m && m[1].toUpperCase() === guid) return tree.byDn(m[2]);
  }
  return undefined;
}

/**
 * The entry a base DN names. Throws invalidDNSyntax for junk, noSuchObject (with the deepest
 * existing ancestor as matchedDN) when nothing is there. `''` is the rootDSE: callers handle it.
 */
export function resolveBase(tree: DirectoryTree, base: string): TreeEntry {
  const s = base.trim();
  if (s.startsWith('<')) {
    const parts = s.split(';').map((p) => p.trim());
    let found: TreeEntry | undefined;
    let plain: string | undefined;
    for (const p of parts) {
      const m = PART.exec(p);
      if (!m) {
        if (p.startsWith('<')) throw errors.invalidDn();
        plain = p;
        continue;
      }
      const kind = m[1].toUpperCase();
      found ??= kind === 'GUID' ? byGuid(tree, m[2]) : kind === 'SID' ? bySid(tree, m[2]) : byWkguid(tree, m[2]);
    }
    if (found) return found;
    if (plain !== undefined) return resolveBase(tree, plain);
    throw errors.noSuchObject('');
  }
  const t = tree.byDn(s);
  if (t) return t;
  if (normalizeDn(s) === undefined) throw errors.invalidDn();
  throw errors.noSuchObject(tree.matchedDn(s));
}
