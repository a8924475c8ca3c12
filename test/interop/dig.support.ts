/** Runs dig (bind9-dnsutils) against the lab and parses its full output (header, flags, sections). */
import { execFile, spawnSync } from 'node:child_process';

export interface DigRr {
  readonly name: string;
  readonly ttl: number;
  readonly type: string;
  readonly rdata: string[];
}

export interface DigResult {
  /** dig's exit status: 0 got a reply, 9 no reply from the server. */
  readonly exitCode: number;
  readonly status?: string;
  readonly flags: string[];
  readonly answer: DigRr[];
  readonly authority: DigRr[];
  readonly additional: DigRr[];
  readonly raw: string;
}

/** Fails loudly when dig is missing: interop tests must run, not skip. */
export function requireDig(): string {
  const r = spawnSync('dig', ['-v'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error('dig is not installed: run scripts/install-apt.sh (bind9-dnsutils)');
  return (r.stderr || r.stdout).trim();
}

function section(lines: string[], title: string): DigRr[] {
  const start = lines.findIndex((l) => l.startsWith(`;; ${title} SECTION:`));
  if (start < 0) return [];
  const out: DigRr[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === '' || l.startsWith(';;')) break;
    const [name, ttl, , type, ...rdata] = l.split(/\s+/);
    out.push({ name: name.replace(/\.$/, ''), ttl: Number(ttl), type, rdata });
  }
  return out;
}

export function parseDig(raw: string, exitCode: number): DigResult {
  const lines = raw.split('\n');
  const header = lines.find((l) => l.startsWith(';; ->>HEADER<<-'));
  const flagLine = lines.find((l) => l.startsWith(';; flags:'));
  return {
    exitCode,
    ...(header ? { status: /status: (\w+)/.exec(header)?.[1] } : {}),
    flags: flagLine ? /flags:([a-z ]*);/.exec(flagLine)![1].trim().split(/\s+/).filter(Boolean) : [],
    answer: section(lines, 'ANSWER'),
    authority: section(lines, 'AUTHORITY'),
    additional: section(lines, 'ADDITIONAL'),
    raw,
  };
}

/** `dig @127.0.0.1 -p PORT <args>` with one try and a short timeout. */
export function dig(port: number, args: string[]): Promise<DigResult> {
  return new Promise((resolve, reject) => {
    execFile('dig', ['@127.0.0.1', '-p', String(port), '+tries=1', '+time=2', '+nostats', ...args], { encoding: 'utf8', timeout: 20_000 }, (err, stdout) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve(parseDig(stdout, err ? Number(err.code) : 0));
    });
  });
}
