/**
 * `ctlab schema [--generate] [-o FILE]`: prints (or writes) the JSON Schema of scenario files for
 * editors (yaml-language-server's $schema). It is the shipped scenarios/scenario.schema.json, which
 * a unit test keeps identical to what the zod source generates, so printing it loads no zod;
 * `--generate` generates it from the zod source instead (how the shipped file is refreshed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../../../emulator/core/errors.ts';

const USAGE = 'usage: ctlab schema [--generate] [-o FILE]';
const SHIPPED = new URL('../../../scenarios/scenario.schema.json', import.meta.url);

export async function schemaVerb(args: string[]): Promise<number> {
  let out: string | undefined;
  let generate = false;
  for (let i = 0; i < args.length; i++) {
    if ((args[i] === '-o' || args[i] === '--output') && args[i + 1]) out = args[++i];
    else if (args[i] === '--generate') generate = true;
    else throw new UsageError(`unexpected argument ${args[i]}\n${USAGE}`);
  }
  const text = generate
    ? `${JSON.stringify((await import('../../../emulator/scenario/schema.ts')).scenarioJsonSchema(), null, 2)}\n`
    : readFileSync(SHIPPED, 'utf8');
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  return 0;
}
