/**
 * Starts the lab's LDAP TCP server on 127.0.0.1:389 for adcli, with the Netlogon search wired to
 * answerNetlogonSearch (emulator/ldap/netlogon). The LDAP server belongs to the LDAP work
 * (emulator/ldap/server.ts); until it exists this fails with a message that says so.
 */
import type { Service } from '../../emulator/core/service.ts';
import type { Directory } from '../../emulator/directory/model.ts';

/** Loaded by path so the project type-checks before the LDAP server lands. */
const LDAP_SERVER_MODULE = '../../emulator/ldap/server.ts';

interface LdapServerModule {
  createLdapServer?: (opts: { directory: Directory; port: number; bind?: string }) => Service;
}

export async function startLdapTcpOn389(directory: Directory): Promise<Service> {
  let mod: LdapServerModule;
  try {
    mod = (await import(/* @vite-ignore */ new URL(LDAP_SERVER_MODULE, import.meta.url).href)) as LdapServerModule;
  } catch (err) {
    throw new Error(`the LDAP TCP server (${LDAP_SERVER_MODULE}) is not available yet, adcli needs it: ${(err as Error).message}`);
  }
  if (typeof mod.createLdapServer !== 'function') throw new Error(`${LDAP_SERVER_MODULE} has no createLdapServer()`);
  const server = mod.createLdapServer({ directory, port: 389, bind: '127.0.0.1' });
  await server.start();
  return server;
}
