/** Shared fixtures of the netlogon tests: the scenario directory and the Samba captures. */
import { buildDirectory } from '../../../../emulator/directory/build.ts';
import type { Directory } from '../../../../emulator/directory/model.ts';
import { loadScenario, parseScenarioText } from '../../../../emulator/scenario/load.ts';
import { loadVectorFile } from '../../../support/vectors.ts';

const root = new URL('../../../../', import.meta.url);

let cached: Directory | undefined;
/** scenarios/multi-upn-suffix.yaml: fabrikam.local, dc1 on 2022, site Default-First-Site-Name 127.0.0.0/8. */
export function multiUpnDirectory(): Directory {
  cached ??= buildDirectory(loadScenario(new URL('scenarios/multi-upn-suffix.yaml', root).pathname));
  return cached;
}

/** A directory from scenario YAML text (for topologies the shipped scenarios do not have). */
export function directoryFromYaml(yaml: string): Directory {
  return buildDirectory(parseScenarioText(yaml, 'inline.yaml'));
}

export interface SambaAttribute {
  type: string;
  valueCount: number;
  value?: string;
  fields?: Record<string, string | number>;
}
export interface SambaMessage {
  messageId: number;
  op: string;
  objectName?: string;
  attributes?: SambaAttribute[];
  resultCode?: number;
  diagnosticMessage?: string;
}
export interface SambaVector {
  title: string;
  input: { request: string; transport: 'udp' | 'tcp'; clientAddress: string; then?: string };
  expected: { replies: string[]; messages: SambaMessage[]; stdout?: string };
  valid: boolean;
}
export interface SambaFile {
  title: string;
  source: string;
  reference: { domainGuid: string; domainSid: string; dcAddress: string };
  vectors: SambaVector[];
}

export function sambaVectors(file: 'samba-cldap.json' | 'samba-clients.json'): SambaFile {
  return loadVectorFile<SambaFile>(`test/vectors/samba-netlogon/${file}`);
}

/** The case name of a vector (its title up to the first colon). */
export function caseName(v: SambaVector): string {
  return v.title.slice(0, v.title.indexOf(':'));
}

export function netlogonOf(v: SambaVector): SambaAttribute | undefined {
  return v.expected.messages.flatMap((m) => m.attributes ?? []).find((a) => a.type.toLowerCase() === 'netlogon');
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
