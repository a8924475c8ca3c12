/**
 * Running real tools from interop tests without blocking the event loop (the servers under test
 * answer from this process), and failing loudly when a tool is missing: a spawn error rejects,
 * never skips.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

export interface ProcessRun {
  /** Exit code; null when the process was killed (e.g. by the timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ProcessOptions {
  cwd?: string;
  /** The whole environment of the child (nothing is inherited); default: PATH only. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed (empty by default). */
  input?: string;
  /** SIGKILL after this many ms (default 20 000). */
  timeoutMs?: number;
}

/** PATH as this process has it, for children that get an otherwise minimal environment. */
export const PATH = process.env.PATH ?? '/usr/bin:/bin';

/** Runs `cmd args` asynchronously; resolves with its exit code and output, rejects if it cannot start. */
export function runProcess(cmd: string, args: string[], opts: ProcessOptions = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? { PATH }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} could not run: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // A tool may exit before reading stdin (e.g. kinit for an unknown user): ignore EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** Throws, naming the Debian package, unless every tool is on PATH. */
export async function requireTools(tools: string[], debianPackage?: string): Promise<void> {
  for (const tool of tools) {
    try {
      await promisify(execFile)('sh', ['-c', `command -v ${tool}`]);
    } catch {
      const pkg = debianPackage ? ` (Debian ${debianPackage})` : '';
      throw new Error(`${tool} is not installed${pkg}: run scripts/install-apt.sh (make deps)`);
    }
  }
}
