/**
 * `ctlab validate FILE...`: loads each scenario, reports every problem as
 * `file:line: path: expected (hint: ...)` on stderr, and builds the world of each valid file to be
 * sure it stands. Exit 0 when all are valid, 2 when any is not (or on bad usage).
 */
import { UsageError } from '../../../emulator/core/errors.ts';
import { ScenarioErrors } from '../../../emulator/scenario/errors.ts';
import { loadWorld } from '../../../emulator/world.ts';

const USAGE = 'usage: ctlab validate [--json] FILE...';

export async function validateVerb(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  const unknown = files.find((f) => f.startsWith('-') && f !== '-');
  if (unknown) throw new UsageError(`unknown option ${unknown}\n${USAGE}`);
  if (!files.length) throw new UsageError(`no scenario file given\n${USAGE}`);

  let bad = 0;
  const report: { file: string; ok: boolean; issues: object[] }[] = [];
  for (const file of files) {
    try {
      const w = loadWorld(file);
      report.push({ file, ok: true, issues: [] });
      if (!json) {
        const d = w.directory;
        process.stdout.write(`${file}: ok (${d.domain.dnsName}, ${w.scenario.users.length} users, ${d.dcs.length} DCs, ${w.tenant.users.length} cloud users)\n`);
      }
    } catch (err) {
      if (!(err instanceof ScenarioErrors)) throw err;
      bad++;
      report.push({
        file,
        ok: false,
        issues: err.issues.map((i) => ({ path: i.path, reason: i.reason, expected: i.expected, hint: i.hint, line: i.line, column: i.column })),
      });
      if (!json) for (const i of err.issues) process.stderr.write(`${i.format()}\n`);
    }
  }
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return bad ? 2 : 0;
}
