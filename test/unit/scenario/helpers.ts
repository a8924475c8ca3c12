import { ScenarioErrors, type ScenarioIssue } from '../../../emulator/scenario/errors.ts';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';

/** The issues a scenario text produces (empty when it is valid). */
export function issuesOf(text: string, file = 'test.yaml'): readonly ScenarioIssue[] {
  try {
    parseScenarioText(text, file);
    return [];
  } catch (err) {
    if (err instanceof ScenarioErrors) return err.issues;
    throw err;
  }
}

/** `reason path` pairs, the compact form tests compare. */
export function summary(issues: readonly ScenarioIssue[]): string[] {
  return issues.map((i) => `${i.reason} ${i.path}`);
}

/** A small valid scenario; tests append or replace parts of it. */
export const MINIMAL = `
domain:
  dnsName: fabrikam.local
upnSuffixes: [contoso.com]
users:
  - sam: alice
    upn: alice@contoso.com
    password: "A-Passw0rd!"
`;
