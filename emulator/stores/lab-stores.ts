/**
 * The run-time stores of one running lab, built from the world (the scenario's initial state):
 * the AD side's Kerberos server objects and the cloud side's KerberosDomain objects, kept apart so
 * the two can drift (PROTOCOL.md section 6). Services get them from the composition root
 * (lab.ts); the admin API writes them.
 */
import type { World } from '../world.ts';
import { adKerberosServerFromDirectory } from './ad-kerberos-objects.ts';
import { MemoryAdKerberosServerStore, type AdKerberosServerStore } from './ad-kerberos-server.ts';
import { MemoryKerberosDomainStore, type KerberosDomainStore } from './kerberos-domains.ts';
import { liveDirectory, type LiveDirectory } from './live-directory.ts';

export interface LabStores {
  /** AzureADKerberos and krbtgt_AzureAD in AD (keys, msDS-KeyVersionNumber, presence). */
  readonly adKerberosServer: AdKerberosServerStore;
  /** The tenant's KerberosDomain objects (CloudKeyVersion, Entra's copy of the key). */
  readonly kerberosDomains: KerberosDomainStore;
  /** The directory as services see it: the scenario's, with the AD store's objects. */
  readonly directory: LiveDirectory;
}

/** Fresh stores holding the world's initial state; `dcHostName` is KeyUpdatedFrom until a rotation. */
export function createLabStores(world: World, dcHostName: string): LabStores {
  const adKerberosServer = new MemoryAdKerberosServerStore(adKerberosServerFromDirectory(world.scenario, world.directory, dcHostName));
  return {
    adKerberosServer,
    kerberosDomains: new MemoryKerberosDomainStore(world.tenant.kerberosDomains),
    directory: liveDirectory(world.directory, adKerberosServer),
  };
}
