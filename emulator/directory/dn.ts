/**
 * Distinguished-name helpers (RFC 4514 string form as AD writes it): escaping RDN values,
 * splitting, a normal form for case-insensitive comparison, and DNs from DNS names.
 */

/** Escapes an RDN attribute value (RFC 4514 section 2.4). */
export function escapeRdnValue(v: string): string {
  let out = v.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`).replace(/\u0000/g, '\\00');
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** `DC=fabrikam,DC=local` from `fabrikam.local`. */
export function dnFromDnsName(dnsName: string): string {
  return dnsName
    .split('.')
    .filter(Boolean)
    .map((l) => `DC=${escapeRdnValue(l)}`)
    .join(',');
}

/** Splits a DN into its RDN strings, honouring backslash escapes and quotes; throws RangeError on junk. */
export function splitDn(dn: string): string[] {
  // Each RDN is a slice of the DN (escapes kept as written): no string built character by character.
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (c === '\\') {
      if (i + 1 >= dn.length) throw new RangeError('DN ends in a backslash');
      i++;
    } else if (c === '"') quoted = !quoted;
    else if ((c === ',' || c === ';') && !quoted) {
      out.push(dn.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (quoted) throw new RangeError('unterminated quote in DN');
  const last = dn.slice(start);
  if (last.length || out.length) out.push(last.trim());
  return out;
}

/** Unescapes an RDN value (`\,` and `\2C` forms). */
function unescapeValue(v: string): string {
  let s = v.trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1);
  return s.replace(/\\([0-9A-Fa-f]{2}|.)/g, (_, x: string) => (x.length === 2 ? String.fromCharCode(parseInt(x, 16)) : x));
}

/**
 * A canonical form for comparing DNs the way AD does: attribute types and values case-insensitive,
 * spaces around separators ignored, escapes normalised. Returns undefined for a DN that does not parse.
 */
/**
 * DNs with nothing to unescape or trim (the DNs the directory builds, and most a client sends):
 * each RDN `type=value`, one `=`, no escapes, quotes, `+`, `;`, `#`, `<`, `>` and no space next to
 * a separator. Their normal form is the lower-cased DN itself.
 */
const PLAIN_RDN = '[A-Za-z][A-Za-z0-9-]*=[^\\\\"+;<>#=,\\s\\u0000](?:[^\\\\"+;<>#=,\\u0000]*[^\\\\"+;<>#=,\\s\\u0000])?';
const PLAIN_DN = new RegExp(`^${PLAIN_RDN}(?:,${PLAIN_RDN})*$`);

export function normalizeDn(dn: string): string | undefined {
  if (PLAIN_DN.test(dn)) return dn.toLowerCase();
  try {
    if (dn.trim() === '') return '';
    const rdns = splitDn(dn);
    const norm: string[] = [];
    for (const rdn of rdns) {
      const eq = rdn.indexOf('=');
      if (eq <= 0) return undefined;
      const type = rdn.slice(0, eq).trim().toLowerCase();
      const value = unescapeValue(rdn.slice(eq + 1));
      norm.push(`${type}=${escapeRdnValue(value.toLowerCase())}`);
    }
    return norm.join(',');
  } catch {
    return undefined;
  }
}

/** The parent DN ('' for a single RDN). */
export function parentDn(dn: string): string {
  const rdns = splitDn(dn);
  return rdns.slice(1).join(',');
}

/** The value of the first RDN (`alice` for `CN=alice,CN=Users,...`). */
export function rdnValue(dn: string): string {
  const first = splitDn(dn)[0] ?? '';
  return unescapeValue(first.slice(first.indexOf('=') + 1));
}

/** True when `dn` is `base` or below it (both compared in normal form). */
export function isUnder(dn: string, base: string): boolean {
  const d = normalizeDn(dn);
  const b = normalizeDn(base);
  if (d === undefined || b === undefined) return false;
  return b === '' || d === b || d.endsWith(`,${b}`);
}
