/**
 * MIT krb5 client tools (kinit, klist, kvno, ktutil from Debian krb5-user) run asynchronously with
 * their own krb5.conf (KRB5_CONFIG), their own credential cache (KRB5CCNAME), KRB5_TRACE written
 * to a file and returned with the output, LANG=C and TZ=UTC (klist prints times in the C locale's
 * form), and a timeout. Nothing else of this process's environment reaches the tool.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PATH, requireTools, runProcess, type ProcessRun } from './process.ts';

export interface MitRun extends ProcessRun {
  /** What KRB5_TRACE wrote during this run only. */
  trace: string;
}

export interface MitToolOptions {
  /** The krb5.conf the tool reads. */
  krb5Config: string;
  /** A ccache file (KRB5CCNAME=FILE:<path>); without one, an unused MEMORY cache. */
  ccache?: string;
  /** Written to stdin (a password, a ktutil script). */
  input?: string;
  /** SIGKILL after this many ms (default 20 000). */
  timeoutMs?: number;
}

let runs = 0;

/**
 * Runs an MIT tool; resolves with its exit code, output and trace (to a file: Node's stdio pipes
 * are sockets, which /dev/stderr cannot reopen), rejects if it cannot start.
 */
export async function runMitTool(cmd: string, args: string[], opts: MitToolOptions): Promise<MitRun> {
  // One trace file per run, next to the ccache (or the krb5.conf): MIT appends to an existing one.
  const traceFile = join(dirname(opts.ccache ?? opts.krb5Config), `.krb5-trace-${process.pid}-${++runs}`);
  const env = {
    PATH,
    LANG: 'C',
    TZ: 'UTC',
    KRB5_CONFIG: opts.krb5Config,
    KRB5CCNAME: opts.ccache ? `FILE:${opts.ccache}` : 'MEMORY:unused',
    KRB5_TRACE: traceFile,
  };
  const r = await runProcess(cmd, args, { env, input: opts.input, timeoutMs: opts.timeoutMs });
  const trace = existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '';
  rmSync(traceFile, { force: true });
  return { ...r, trace };
}

/** Runs an MIT tool that must succeed; returns its stdout, throws with its stderr otherwise. */
export async function runMitToolOk(cmd: string, args: string[], opts: MitToolOptions): Promise<string> {
  const r = await runMitTool(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** Throws unless the given MIT client tools (default kinit and klist) are installed. */
export function requireMitClients(tools: string[] = ['kinit', 'klist']): Promise<void> {
  return requireTools(tools, 'krb5-user');
}
