/**
 * The training page's exercise: what the trainee sees (title, symptom, the whole catalogue of
 * diagnoses) and the check of a submitted diagnosis. The answer never leaves the server; the
 * world view's disagreements stay hidden until the right answer was given (the fault is the
 * thing to find).
 */
import { DIAGNOSES, type DiagnosisId } from '../scenario/schema-exercise.ts';
import type { Scenario } from '../scenario/defaults.ts';

export interface ExerciseView {
  readonly title: string;
  readonly symptom: string;
  readonly choices: readonly { readonly id: string; readonly label: string }[];
  readonly solved: boolean;
  /** Once solved. */
  readonly explanation?: string;
}

export interface ExerciseVerdict {
  readonly correct: boolean;
  readonly diagnosis: string;
  readonly explanation?: string;
}

export class ExerciseState {
  private solvedFlag = false;
  private readonly exercise: NonNullable<Scenario['exercise']> | undefined;
  constructor(scenario: Scenario) {
    this.exercise = scenario.exercise;
  }
  get present(): boolean {
    return this.exercise !== undefined;
  }
  /** True while an exercise is open: the page hides the disagreements. */
  get hiding(): boolean {
    return this.exercise !== undefined && !this.solvedFlag;
  }
  view(): ExerciseView | undefined {
    const x = this.exercise;
    if (!x) return undefined;
    return {
      title: x.title,
      symptom: x.symptom,
      choices: Object.entries(DIAGNOSES).map(([id, label]) => ({ id, label })),
      solved: this.solvedFlag,
      ...(this.solvedFlag && x.explanation ? { explanation: x.explanation } : {}),
    };
  }
  /** Checks a diagnosis; undefined when it is not one of the catalogue's ids. */
  submit(diagnosis: string): ExerciseVerdict | undefined {
    if (!this.exercise || !Object.hasOwn(DIAGNOSES, diagnosis)) return undefined;
    const correct = (diagnosis as DiagnosisId) === this.exercise.answer;
    if (correct) this.solvedFlag = true;
    return { correct, diagnosis, ...(correct && this.exercise.explanation ? { explanation: this.exercise.explanation } : {}) };
  }
}
