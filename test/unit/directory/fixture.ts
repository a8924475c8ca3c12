import { join } from 'node:path';
import { buildDirectory } from '../../../emulator/directory/build.ts';
import type { Directory } from '../../../emulator/directory/model.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';

export const SCENARIOS = join(import.meta.dirname, '../../../scenarios');

export function multiUpn(): Directory {
  return buildDirectory(loadScenario(join(SCENARIOS, 'multi-upn-suffix.yaml')));
}

export function fromText(text: string): Directory {
  return buildDirectory(parseScenarioText(text, 'fixture.yaml'));
}

/** First value of an attribute as text (binary as hex), or undefined. */
export function attr(dir: Directory, dn: string, name: string): string | undefined {
  const v = dir.entryByDn(dn)?.attributes.get(name.toLowerCase())?.values[0];
  return v === undefined ? undefined : typeof v === 'string' ? v : Buffer.from(v).toString('hex');
}

export function attrs(dir: Directory, dn: string, name: string): string[] {
  return (dir.entryByDn(dn)?.attributes.get(name.toLowerCase())?.values ?? []).map((v) => (typeof v === 'string' ? v : Buffer.from(v).toString('hex')));
}
