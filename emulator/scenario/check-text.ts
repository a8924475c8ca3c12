/**
 * Checks scenario text the way `ctlab validate` checks a file (clients/cli/verbs/validate.ts):
 * parsed and validated by the loader, then the world built (the tenant too). Every problem comes
 * back with its path, 1-based line and column and what was expected, for an editor to mark.
 */
import { parseScenarioText } from './load.ts';
import { ScenarioErrors } from './errors.ts';
import { buildWorld } from '../world.ts';

export interface ScenarioTextProblem {
  /** Like `users[1].upn`; '' = the whole document. */
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  /** `expected …` with the loader's hint, never the file name. */
  readonly message: string;
  /** The loader's reason code (UNKNOWN_KEY, BAD_FORMAT, YAML_SYNTAX, ...), or BUILD_FAILED. */
  readonly reason: string;
}

export type ScenarioTextCheck = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly errors: readonly ScenarioTextProblem[] };

/** `file` names the text in the loader (and gives the default scenario name); nothing is read from disk. */
export function checkScenarioText(text: string, file: string): ScenarioTextCheck {
  try {
    const world = buildWorld(parseScenarioText(text, file));
    void world.tenant; // ctlab validate builds the tenant too (a tenant that does not build is reported)
    return { ok: true, name: world.scenario.name };
  } catch (err) {
    if (err instanceof ScenarioErrors) {
      return {
        ok: false,
        errors: err.issues.map((i) => ({
          path: i.path,
          ...(i.line !== undefined ? { line: i.line } : {}),
          ...(i.column !== undefined ? { column: i.column } : {}),
          message: `expected ${i.expected}${i.hint ? ` (hint: ${i.hint})` : ''}`,
          reason: i.reason,
        })),
      };
    }
    // A world that validates but does not build: ctlab validate would stop on it; the editor shows it.
    return { ok: false, errors: [{ path: '', message: `a scenario the lab can build: ${(err as Error).message}`, reason: 'BUILD_FAILED' }] };
  }
}
