/**
 * Starts the lab's LDAP TCP server (emulator/ldap) on 127.0.0.1:389 for adcli, which sends the
 * Netlogon search over TCP; the server answers it with answerNetlogonSearch (emulator/ldap/netlogon),
 * its default Netlogon hook. No global-catalog listener: adcli does not use it.
 */
import type { Service } from '../../emulator/core/service.ts';
import type { Directory } from '../../emulator/directory/model.ts';
import { createLdapServer, type LdapEvent } from '../../emulator/ldap/index.ts';

export async function startLdapTcpOn389(directory: Directory, onEvent?: (e: LdapEvent) => void): Promise<Service> {
  const server = createLdapServer({ directory, port: 389, bind: '127.0.0.1', gcPort: null, ...(onEvent ? { onEvent } : {}) });
  await server.start();
  return server;
}
