// docs/scenarios.md and scenarios/ stay in step: the field reference is what the zod schema
// generates, every scenario file is listed, and every file opens with its symptom comment and
// carries an expect: list.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldRows, withFieldReference } from '../../../emulator/scenario/field-reference.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';
import { scenarioJsonSchema } from '../../../emulator/scenario/schema.ts';

const ROOT = join(import.meta.dirname, '../../..');
const DOC = readFileSync(join(ROOT, 'docs/scenarios.md'), 'utf8');
const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));

describe('docs/scenarios.md', () => {
  it('holds the field reference the schema generates (node scripts/scenario-fields.ts --write)', () => {
    expect(DOC).toBe(withFieldReference(DOC, scenarioJsonSchema()));
  });
  it('the reference has a row for nested fields, list items and the new knobs', () => {
    const paths = fieldRows(scenarioJsonSchema()).map((r) => r[0]);
    expect(paths).toEqual(expect.arrayContaining(['`users[].primaryGroup`', '`client.domainRealm`', '`unpublishedUpnSuffixes`', '`expect[].outcome`', '`faults.clockSkewSeconds.kdc`']));
  });
  it('lists every scenario file', () => {
    expect(files.filter((f) => !DOC.includes(`\`${f}\``))).toEqual([]);
  });
});

describe('every scenario file', () => {
  for (const f of files) {
    it(`${f} opens with a comment of several lines and has an expect: list`, () => {
      const lines = readFileSync(join(ROOT, 'scenarios', f), 'utf8').split('\n');
      const header = lines.slice(1).findIndex((l) => !l.startsWith('#'));
      expect(header).toBeGreaterThanOrEqual(3);
      expect(loadScenario(join(ROOT, 'scenarios', f)).expect.length).toBeGreaterThan(0);
    });
  }
});
