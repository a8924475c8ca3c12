/**
 * Runs the real `ldapsearch` (ldap-utils) asynchronously (the server under test lives in this
 * process, so a synchronous child would deadlock it) and parses its LDIF output
 * (`-o ldif-wrap=no`, `::` base64 values for binary attributes).
 */
import { execFile, execFileSync } from 'node:child_process';

export interface LdifEntry {
  dn: string;
  /** Attribute name exactly as printed -> values (text, or bytes for `::` values). */
  attrs: Map<string, (string | Uint8Array)[]>;
}

export interface LdapsearchResult {
  code: number;
  stdout: string;
  stderr: string;
  entries: LdifEntry[];
  /** `pagedresults: cookie=...` lines (ldapsearch prints one per page). */
  pages: number;
}

export function requireLdapsearch(): void {
  try {
    execFileSync('ldapsearch', ['-VV'], { stdio: 'pipe' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { status?: number };
    // `-VV` exits non-zero on some builds but runs; only a missing binary is fatal.
    if (err.code === 'ENOENT') throw new Error('ldapsearch not found: install ldap-utils (scripts/install-apt.sh)');
  }
}

export function parseLdif(text: string): LdifEntry[] {
  const entries: LdifEntry[] = [];
  let cur: LdifEntry | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.startsWith('search:') || line.startsWith('result:') || line.startsWith('control:') || line.startsWith('text:') || line.startsWith('ref:') || line.startsWith('matchedDN:') || line.startsWith('pagedresults:') || line.startsWith('sortResult:')) continue;
    if (line.trim() === '') {
      cur = undefined;
      continue;
    }
    const m = /^([^:]+)(::?) ?(.*)$/.exec(line);
    if (!m) throw new Error(`unparsable LDIF line: ${line}`);
    const [, name, sep, raw] = m;
    const value: string | Uint8Array = sep === '::' ? new Uint8Array(Buffer.from(raw, 'base64')) : raw;
    if (name === 'dn') {
      cur = { dn: typeof value === 'string' ? value : new TextDecoder().decode(value), attrs: new Map() };
      entries.push(cur);
      continue;
    }
    if (!cur) throw new Error(`attribute before dn: ${line}`);
    cur.attrs.set(name, [...(cur.attrs.get(name) ?? []), value]);
  }
  return entries;
}

export function ldapsearch(args: string[]): Promise<LdapsearchResult> {
  return new Promise((resolve, reject) => {
    execFile('ldapsearch', ['-o', 'ldif-wrap=no', ...args], { timeout: 30_000, env: { ...process.env, LDAPCONF: '/dev/null', LDAPRC: '/dev/null' } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      if (err && code === -1) return reject(err);
      try {
        resolve({ code, stdout, stderr, entries: parseLdif(stdout), pages: (stdout.match(/^(# )?pagedresults:/gm) ?? []).length });
      } catch (e) {
        reject(e);
      }
    });
  });
}
