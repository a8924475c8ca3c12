/**
 * Deployment overrides `ctlab up` applies to the loaded scenario, for a lab split across hosts or
 * containers (docker/compose.yaml): which services this process runs (`--only`), and the address
 * the DC locator's A record gives the serving DC (`--dc-address`). Everything else, the seed above
 * all, stays the scenario's, so two processes started from one scenario share every derived key
 * (the KerberosDomain key the token endpoint seals partial TGTs with equals AD's krbtgt_AzureAD).
 */
import { isIP } from 'node:net';
import { UsageError } from '../../emulator/core/errors.ts';
import type { Scenario } from '../../emulator/scenario/defaults.ts';
import { SERVICE_NAMES } from '../../emulator/scenario/schema-cloud.ts';

export type LabServiceName = (typeof SERVICE_NAMES)[number];

/** `dns,kdc,ldap` → the services to run; an unknown name is a usage error naming `what`. */
export function parseOnly(value: string, what: string): LabServiceName[] {
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError(`${what}: expected service names separated by commas (${SERVICE_NAMES.join(', ')})`);
  for (const n of names) {
    if (!(SERVICE_NAMES as readonly string[]).includes(n)) throw new UsageError(`${what}: '${n}' is not a lab service; expected one of ${SERVICE_NAMES.join(', ')}`);
  }
  return names as LabServiceName[];
}

export function parseDcAddress(value: string, what: string): string {
  if (isIP(value) === 0) throw new UsageError(`${what}: expected an IPv4 or IPv6 address, got '${value}'`);
  return value;
}

export interface UpOverrides {
  /** Run only these services; the others are added to faults.down. */
  readonly only?: readonly LabServiceName[];
  /** The serving DC's address (the first writable DC, as the lab serves it) in the A record and the locator's answers. */
  readonly dcAddress?: string;
}

/** The scenario with the overrides applied (a new object; the input is left as it is). */
export function applyUpOverrides(scenario: Scenario, o: UpOverrides): Scenario {
  let out = scenario;
  if (o.only) {
    const keep = new Set<string>(o.only);
    const down = [...new Set([...scenario.faults.down, ...SERVICE_NAMES.filter((n) => !keep.has(n))])];
    out = { ...out, faults: { ...out.faults, down } };
  }
  if (o.dcAddress !== undefined) {
    const i = Math.max(0, out.dcs.findIndex((d) => !d.readOnly));
    out = { ...out, dcs: out.dcs.map((d, j) => (j === i ? { ...d, address: o.dcAddress as string } : d)) };
  }
  return out;
}
