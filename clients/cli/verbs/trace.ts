/**
 * `ctlab trace [FILE|-]...`: the JSON lines `ctlab up --trace FILE` wrote, as the readable lines
 * `ctlab up` prints (clients/cli/trace-view.ts), one per event, in file order. `-` (or no file)
 * reads standard input, so `ctlab up --trace - | ctlab trace` works too. A line that is not a
 * trace event stops the run with exit 2, naming the file and line.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../../emulator/core/errors.ts';
import type { TraceEvent } from '../../../emulator/trace/trace.ts';
import { parseVerbArgs } from '../args.ts';
import { renderTraceEvent } from '../trace-view.ts';

const USAGE = 'usage: ctlab trace [FILE|-]...   (the JSON lines of ctlab up --trace FILE, as readable lines)';

/** One JSON line as a trace event; UsageError naming `where` otherwise. */
export function parseTraceLine(line: string, where: string): TraceEvent {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    throw new UsageError(`${where}: not JSON (${(err as Error).message})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof (v as { service?: unknown }).service !== 'string') {
    throw new UsageError(`${where}: expected a trace event, an object with a "service" string`);
  }
  return v as TraceEvent;
}

export async function traceVerb(args: string[]): Promise<number> {
  const parsed = parseVerbArgs(args, {}, USAGE, true);
  if (!parsed) return 0;
  const files = parsed.positionals.length > 0 ? parsed.positionals : ['-'];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (err) {
      throw new UsageError(`${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const name = file === '-' ? '(stdin)' : file;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      process.stdout.write(`${renderTraceEvent(parseTraceLine(lines[i], `${name}:${i + 1}`))}\n`);
    }
  }
  return 0;
}
