/**
 * The exercises shipped in scenarios/exercises/: each validates, builds a world, declares an
 * answer from the catalogue, and the page's exercise state tells a wrong diagnosis from the right
 * one (the answer itself never in what the page gets before it is solved).
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSES } from '../../../emulator/scenario/schema-exercise.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';
import { ExerciseState } from '../../../emulator/ui/exercise.ts';
import { loadWorld } from '../../../emulator/world.ts';

const DIR = join(import.meta.dirname, '../../../scenarios/exercises');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

describe('scenarios/exercises', () => {
  it('ships at least three', () => expect(files.length).toBeGreaterThanOrEqual(3));
  for (const f of files) {
    it(`${f}: builds, and only its answer is right`, () => {
      const w = loadWorld(join(DIR, f));
      const x = w.scenario.exercise!;
      expect(Object.keys(DIAGNOSES)).toContain(x.answer);
      const state = new ExerciseState(w.scenario);
      expect(state.hiding).toBe(true);
      expect(JSON.stringify(state.view())).not.toContain(x.explanation!.slice(0, 40));
      const wrong = Object.keys(DIAGNOSES).find((d) => d !== x.answer)!;
      expect(state.submit(wrong)).toEqual({ correct: false, diagnosis: wrong });
      expect(state.hiding).toBe(true);
      expect(state.submit('not-a-diagnosis')).toBeUndefined();
      expect(state.submit(x.answer)).toEqual({ correct: true, diagnosis: x.answer, explanation: x.explanation });
      expect(state.hiding).toBe(false);
      expect(state.view()?.solved).toBe(true);
    });
  }
  it('an answer outside the catalogue is a scenario error naming exercise.answer', () => {
    const tmp = join(tmpdir(), `bad-exercise-${process.pid}.yaml`);
    writeFileSync(tmp, readFileSync(join(DIR, files[0]), 'utf8').replace(/answer: [a-z-]+/, 'answer: it-was-dns'));
    try {
      expect(() => loadScenario(tmp)).toThrow(/exercise\.answer/);
    } finally {
      rmSync(tmp, { force: true });
    }
  });
});
