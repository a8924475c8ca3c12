/** The lab's LDAP and CLDAP clients: raw TCP client, bind and search, the UDP socket, the LDAP ping. */
export * from './raw-client.ts';
export * from './search.ts';
export * from './udp.ts';
export * from './cldap.ts';
