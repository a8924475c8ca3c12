// Prints the scenario field reference (Markdown) generated from the zod schema, or with --write
// refreshes it in docs/scenarios.md between its markers. Run: node scripts/scenario-fields.ts [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { fieldReference, withFieldReference } from '../emulator/scenario/field-reference.ts';
import { scenarioJsonSchema } from '../emulator/scenario/schema.ts';

const schema = scenarioJsonSchema();
if (process.argv.includes('--write')) {
  const file = new URL('../docs/scenarios.md', import.meta.url);
  writeFileSync(file, withFieldReference(readFileSync(file, 'utf8'), schema));
} else process.stdout.write(`${fieldReference(schema)}\n`);
