/**
 * Support for test/interop/files-klist.test.ts: parse MIT klist output into fields (enctype
 * numbers, epoch seconds). klist runs with LANG=C and TZ=UTC (test/support/mit-tools.ts).
 */

/** Enctype names as MIT klist prints them (after any "DEPRECATED:" prefix). */
export const ENCTYPE_BY_NAME: Record<string, number> = {
  'aes128-cts-hmac-sha1-96': 17,
  'aes256-cts-hmac-sha1-96': 18,
  'arcfour-hmac': 23,
};

export function enctypeOf(name: string): number {
  const n = ENCTYPE_BY_NAME[name.replace(/^DEPRECATED:/, '')];
  if (n === undefined) throw new Error(`unknown enctype name from klist: ${name}`);
  return n;
}

/** "MM/DD/YY HH:MM:SS" as klist prints it in the C locale with TZ=UTC, to epoch seconds. */
export function klistTime(s: string): number {
  const m = /^(\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(s);
  if (!m) throw new Error(`not a klist time: ${s}`);
  const [mo, d, y, h, mi, se] = m.slice(1).map(Number);
  return Date.UTC(2000 + y, mo - 1, d, h, mi, se) / 1000;
}

export interface KlistKeytabLine {
  kvno: number;
  timestamp: number;
  principal: string;
  enctype: number;
  keyHex: string;
}

/** Parses `klist -k -e -K -t` output; every line after the header must match. */
export function parseKlistKeytab(out: string): KlistKeytabLine[] {
  const lines = out.split('\n').filter((l) => l.trim() !== '');
  const start = lines.findIndex((l) => l.startsWith('----'));
  if (start < 0) throw new Error(`no klist header in:\n${out}`);
  return lines.slice(start + 1).map((l) => {
    const m = /^\s*(\d+) (\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d) (\S+) \(([^)]+)\)\s+\(0x([0-9a-f]+)\)$/.exec(l);
    if (!m) throw new Error(`unparsed klist line: ${l}`);
    return { kvno: Number(m[1]), timestamp: klistTime(m[2]), principal: m[3], enctype: enctypeOf(m[4]), keyHex: m[5] };
  });
}

export interface KlistCred {
  start: number;
  expires: number;
  server: string;
  renewUntil?: number;
  flags: string;
  skeyEtype?: number;
  tktEtype?: number;
}

export interface KlistCache {
  defaultPrincipal: string;
  creds: KlistCred[];
}

/** Parses `klist -c FILE -e -f` output (config entries are not shown without -C). */
export function parseKlistCache(out: string): KlistCache {
  const def = /^Default principal: (\S+)$/m.exec(out);
  if (!def) throw new Error(`no default principal in:\n${out}`);
  const creds: KlistCred[] = [];
  for (const l of out.split('\n')) {
    const m = /^(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d)  (\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d)  (\S+)$/.exec(l);
    if (m) {
      creds.push({ start: klistTime(m[1]), expires: klistTime(m[2]), server: m[3], flags: '' });
      continue;
    }
    if (!l.startsWith('\t')) continue;
    const cur = creds[creds.length - 1];
    if (!cur) throw new Error(`klist detail line before any credential: ${JSON.stringify(l)}`);
    // A detail line holds "renew until T", "Flags: X" and "Etype (skey, tkt): A, B", comma-separated,
    // wrapped onto a new line when long. Take each known piece out; anything left is unparsed.
    let rest = l;
    rest = rest.replace(/renew until (\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d)/, (_, t: string) => ((cur.renewUntil = klistTime(t)), ''));
    rest = rest.replace(/Etype \(skey, tkt\): (\S+), (\S+)/, (_, a: string, b: string) => {
      cur.skeyEtype = enctypeOf(a);
      cur.tktEtype = enctypeOf(b);
      return '';
    });
    rest = rest.replace(/Flags: ([A-Za-z]*)/, (_, f: string) => ((cur.flags = f), ''));
    if (rest.replace(/[\s,]/g, '') !== '') throw new Error(`unparsed klist line: ${JSON.stringify(l)}`);
  }
  return { defaultPrincipal: def[1], creds };
}
