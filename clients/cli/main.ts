import { LabError, UsageError } from '../../emulator/core/errors.ts';

/** A verb of the ctlab command: returns the process exit code (0 ok, 1 failed, 2 usage/scenario). */
export type Verb = (args: string[]) => Promise<number>;

const VERBS: Record<string, { summary: string; load: () => Promise<Verb> }> = {};

/** Registers a verb; verbs live in their own files under clients/cli/verbs/. */
export function registerVerb(name: string, summary: string, load: () => Promise<Verb>): void {
  VERBS[name] = { summary, load };
}

function usage(): string {
  const lines = ['usage: ctlab <verb> [options]', '', 'verbs:'];
  for (const [name, v] of Object.entries(VERBS)) lines.push(`  ${name.padEnd(12)} ${v.summary}`);
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  await import('./verbs/index.ts');
  const [verb, ...rest] = argv;
  if (!verb || verb === '-h' || verb === '--help' || verb === 'help') {
    process.stdout.write(usage() + '\n');
    return verb ? 0 : 2;
  }
  const entry = VERBS[verb];
  if (!entry) {
    process.stderr.write(`ctlab: unknown verb '${verb}'\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await entry.load())(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`ctlab ${verb}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof LabError) {
      process.stderr.write(`ctlab ${verb}: ${err.message}\n`);
      return err.code === 'SCENARIO_INVALID' ? 2 : 1;
    }
    throw err;
  }
}
