/**
 * LDAP v3 over TCP with Active Directory semantics, serving the directory model.
 *
 *   createLdapServer({ directory, dc?, bind?, port?, gcPort?, clock?, random?, onEvent?, ... }): LdapServer
 *     .start(): Promise<BoundAddress[]>   ('ldap/tcp' and 'gc/tcp')
 *     .close(): Promise<void>
 *
 * The BER codec is in ./codec (used by CLDAP too), the Netlogon ping in ./netlogon.
 */
import { LdapServer, type LdapServerOptions } from './server.ts';

export { LdapServer, type LdapServerOptions } from './server.ts';
export type { LdapEvent } from './handlers.ts';
export { DirectoryTree } from './tree.ts';
export { evaluate as evaluateFilter } from './filter-eval.ts';
export { MATCHING_RULE } from './match-rules.ts';
export { simpleBind, resolveBindName } from './bind.ts';
export { BIND_DATA } from './diagnostics.ts';
export { attributeType, schemaName, ATTRIBUTE_TYPES, OBJECT_CLASSES } from './schema.ts';

export function createLdapServer(opts: LdapServerOptions): LdapServer {
  return new LdapServer(opts);
}
