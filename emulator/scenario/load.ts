/**
 * Reads a scenario file: parsed, validated, then completed with derived defaults. Any problem
 * becomes a ScenarioIssue naming file, path and line; all of them are thrown together as
 * ScenarioErrors.
 *
 * Two parsers, one meaning. The fast path parses JSON natively and YAML with js-yaml's core schema
 * (YAML 1.2 core, as the `yaml` package reads it: no timestamps, no merge keys; duplicate keys
 * refused), ~20 times faster than `yaml` on a directory export of 100,000 users. Only when that
 * fails, or validation finds problems, is the text parsed again with the `yaml` package and its
 * source positions, so every error names its line (and YAML syntax errors are `yaml`'s own).
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { CORE_SCHEMA, load as fastYamlLoad } from 'js-yaml';
import type { Document, LineCounter, Node } from 'yaml';
import { formatPath, ScenarioErrors, ScenarioIssue, type RawIssue } from './errors.ts';
import { resolveScenario, type Scenario } from './defaults.ts';
import { validateScenarioData } from './validate.ts';

/**
 * Larger scenario files are refused (a bound against runaway input). An export of a real directory
 * written out in full is about 100 bytes per account: 256 MiB holds well over a million accounts.
 */
export const MAX_SCENARIO_BYTES = 256 * 1024 * 1024;

/** The `yaml` package, loaded only when a file needs its source positions (errors). */
let yamlModule: typeof import('yaml') | undefined;
function positionalYaml(): typeof import('yaml') {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

/** Where a path lives in the document: the deepest existing node on it (the key node for map entries). */
function locate(doc: Document, path: readonly (string | number)[]): number | undefined {
  const { isMap, isPair, isScalar, isSeq } = positionalYaml();
  let node: unknown = doc.contents;
  let at: number | undefined = (node as Node | null)?.range?.[0];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      at = (pair.key as Node).range?.[0] ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      at = item.range?.[0] ?? at;
      node = item;
    } else break;
  }
  return at;
}

/**
 * Parses and validates scenario text. Throws ScenarioErrors with every problem found.
 * `file` is only used in messages and for the default scenario name.
 */
export function parseScenarioText(text: string, file: string): Scenario {
  // Fast path (file comment); on any failure the positional parse below finds and places the problems.
  const fast = fastParse(text);
  if (fast !== undefined) {
    const result = validateScenarioData(fast.data);
    if (result.ok) return resolveScenario(result.scenario, { file, name: result.scenario.name ?? basename(file).replace(/\.(ya?ml|json)$/i, '') });
  }
  const { LineCounter, parseDocument } = positionalYaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ScenarioErrors(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        return new ScenarioIssue(file, '', `valid YAML: ${e.message.split('\n')[0]}`, 'YAML_SYNTAX', e.code, pos.line, pos.col);
      }),
    );
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const result = validateScenarioData(data);
  if (!result.ok) {
    const issues = result.issues.map((i) => toIssue(i, file, doc, lines));
    // In file order, so a reader fixes them top to bottom (stable for issues on one line).
    issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new ScenarioErrors(issues);
  }
  const name = result.scenario.name ?? basename(file).replace(/\.(ya?ml|json)$/i, '');
  return resolveScenario(result.scenario, { file, name });
}

const ALIAS = /(?:^|[\s[{,:-])\*[^\s,[\]{}]/m;

/** The data of a scenario text by the fast parsers, or undefined when they refuse it. */
function fastParse(text: string): { data: unknown } | undefined {
  if (text.trimStart().startsWith('{')) {
    try {
      return { data: JSON.parse(text) };
    } catch {
      // not JSON: YAML flow style, or an error the positional parser will place
    }
  }
  // Aliases (`*name`) go to the positional parser, which bounds their expansion (maxAliasCount).
  if (ALIAS.test(text)) return undefined;
  try {
    return { data: fastYamlLoad(text, { schema: CORE_SCHEMA }) };
  } catch {
    return undefined;
  }
}

function toIssue(raw: RawIssue, file: string, doc: Document, lines: LineCounter): ScenarioIssue {
  const offset = locate(doc, raw.path);
  const pos = offset !== undefined ? lines.linePos(offset) : undefined;
  return new ScenarioIssue(file, formatPath(raw.path), raw.expected, raw.reason, raw.hint, pos?.line, pos?.col);
}

/** Reads, validates and resolves one scenario file. */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_SCENARIO_BYTES) {
      throw new ScenarioErrors([new ScenarioIssue(file, '', `a file of at most ${MAX_SCENARIO_BYTES} bytes, got ${size}`, 'FILE_UNREADABLE')]);
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ScenarioErrors) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new ScenarioErrors([new ScenarioIssue(file, '', 'a readable scenario file', 'FILE_UNREADABLE', code)]);
  }
  return parseScenarioText(text, file);
}
