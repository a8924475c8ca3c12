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

/**
 * The directory is built at once; the tenant on first use of `world.tenant` (then kept): the
 * services `ctlab up` starts before ready read only the directory, and a tenant of 100,000 synced
 * users costs seconds. `ctlab validate` reads it, so a tenant that does not build is still reported.
 */
export function buildWorld(scenario: Scenario): World {
  const directory = buildDirectory(scenario);
  let tenant: Tenant | undefined;
  return Object.freeze({
    scenario,
    directory,
    get tenant(): Tenant {
      return (tenant ??= buildTenant(scenario, directory));
    },
    client: scenario.client,
    faults: scenario.faults,
    expect: scenario.expect,
  });
}

/** Loads, validates (throws ScenarioErrors) and builds one scenario file. */
export function loadWorld(file: string): World {
  return buildWorld(loadScenario(file));
}
