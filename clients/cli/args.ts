import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../emulator/core/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a verb's flags with node:util parseArgs. A parse error becomes a UsageError (exit 2)
 * carrying the verb's usage; `--help`/`-h` prints the usage and yields `undefined`, which the verb
 * answers with exit code 0.
 */
export function parseVerbArgs<O extends Options>(
  args: string[],
  options: O,
  usage: string,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ options: O & { help: { type: 'boolean'; short: 'h' } }; allowPositionals: boolean }>> | undefined {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals, options: { ...options, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${usage}`);
  }
  if ((parsed.values as Record<string, unknown>).help) {
    process.stdout.write(usage + '\n');
    return undefined;
  }
  return parsed as never;
}
