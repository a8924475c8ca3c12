/**
 * `ctlab schema [-o FILE]`: prints (or writes) the JSON Schema of scenario files, generated from
 * the same zod source the loader validates with, for editors (yaml-language-server's $schema).
 */
import { writeFileSync } from 'node:fs';
import { UsageError } from '../../../emulator/core/errors.ts';
import { scenarioJsonSchema } from '../../../emulator/scenario/schema.ts';

export async function schemaVerb(args: string[]): Promise<number> {
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if ((args[i] === '-o' || args[i] === '--output') && args[i + 1]) out = args[++i];
    else throw new UsageError(`unexpected argument ${args[i]}\nusage: ctlab schema [-o FILE]`);
  }
  const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  return 0;
}
