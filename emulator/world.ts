/**
 * A World: what one scenario file describes, built and ready for the services. The directory and
 * the tenant are built from the same scenario and then kept apart (ARCHITECTURE.md); the client
 * settings, faults and expectations are passed through from the scenario.
 */
import { buildDirectory } from './directory/build.ts';
import type { Directory } from './directory/model.ts';
import type { Scenario } from './scenario/defaults.ts';
import { loadScenario } from './scenario/load.ts';
import { buildTenant } from './tenant/build.ts';
import type { Tenant } from './tenant/model.ts';

export interface World {
  readonly scenario: Scenario;
  readonly directory: Directory;
  readonly tenant: Tenant;
  readonly client: Scenario['client'];
  readonly faults: Scenario['faults'];
  readonly expect: Scenario['expect'];
}

export function buildWorld(scenario: Scenario): World {
  const directory = buildDirectory(scenario);
  const tenant = buildTenant(scenario, directory);
  return Object.freeze({ scenario, directory, tenant, client: scenario.client, faults: scenario.faults, expect: scenario.expect });
}

/** Loads, validates (throws ScenarioErrors) and builds one scenario file. */
export function loadWorld(file: string): World {
  return buildWorld(loadScenario(file));
}
