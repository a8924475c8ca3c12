// Moved to clients/ldap/udp.ts (product code); this re-export stays until the branches that still import this path are merged.
export * from '../../../../clients/ldap/udp.ts';
