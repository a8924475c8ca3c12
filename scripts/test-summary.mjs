// Prints vitest's JSON report as one plain closing line: "vitest: N passed, N failed, N skipped"
// (argv[3] replaces the "vitest" label, e.g. for the Node 22 run).
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const label = process.argv[3] ?? 'vitest';
process.stdout.write(`${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped\n`);
process.exitCode = report.numFailedTests === 0 && report.numTotalTests > 0 && report.success !== false ? 0 : 1;
