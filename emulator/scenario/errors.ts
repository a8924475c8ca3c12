/**
 * Typed scenario problems. Each is a ScenarioError (file, path, expected, hint) with a `reason` a
 * test can switch on and the line in the file when known; `ScenarioErrors` carries all of them so a
 * user sees every mistake of a file at once.
 */
import { LabError, ScenarioError } from '../core/errors.ts';

export const SCENARIO_REASONS = [
  'FILE_UNREADABLE',
  'YAML_SYNTAX',
  'WRONG_TYPE',
  'MISSING',
  'UNKNOWN_KEY',
  'OUT_OF_RANGE',
  'BAD_FORMAT',
  'BAD_VALUE',
  'UNKNOWN_UPN_SUFFIX',
  'UNKNOWN_GROUP',
  'UNKNOWN_MEMBER',
  'UNKNOWN_USER',
  'UNKNOWN_OU',
  'UNKNOWN_SITE',
  'UNKNOWN_OUTCOME',
  'DUPLICATE_SAM',
  'DUPLICATE_UPN',
  'DUPLICATE_SPN',
  'DUPLICATE_NAME',
  'DUPLICATE_RID',
  'DUPLICATE_RODC_NUMBER',
  'NO_WRITABLE_DC',
  'CONFLICT',
] as const;
export type ScenarioReason = (typeof SCENARIO_REASONS)[number];

/** One problem in one scenario file. `path` is like `users[3].upn` ('' = the whole document). */
export class ScenarioIssue extends ScenarioError {
  readonly reason: ScenarioReason;
  /** 1-based line and column in the file, when the path (or its nearest parent) is in it. */
  readonly line?: number;
  readonly column?: number;
  constructor(
    file: string,
    path: string,
    expected: string,
    reason: ScenarioReason,
    hint?: string,
    
    line?: number,
    column?: number,
  ) {
    super(file, path, expected, hint);
    this.reason = reason;
    this.line = line;
    this.column = column;
  }

  /** `file:line: path: expected (hint: ...)`, the form `ctlab validate` prints. */
  format(): string {
    const where = this.line !== undefined ? `${this.file}:${this.line}` : this.file;
    return `${where}: ${this.path || '(root)'}: ${this.expected}${this.hint ? ` (hint: ${this.hint})` : ''}`;
  }
}

/** Every problem found in a scenario; thrown by loadScenario. Exit code 2 in the CLI. */
export class ScenarioErrors extends LabError {
  readonly code = 'SCENARIO_INVALID';
  readonly issues: readonly ScenarioIssue[];
  constructor(issues: readonly ScenarioIssue[]) {
    super(issues.map((i) => i.format()).join('\n'));
    this.issues = issues;
  }
}

/** A path of keys and indexes as a string: ['users', 3, 'upn'] -> `users[3].upn`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const s = String(seg);
      out += /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(s) ? (out ? `.${s}` : s) : `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

/** A problem not yet tied to a file and line: the validator produces these, the loader locates them. */
export interface RawIssue {
  path: (string | number)[];
  expected: string;
  reason: ScenarioReason;
  hint?: string;
}
