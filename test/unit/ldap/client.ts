// Moved to clients/ldap/raw-client.ts (product code); this re-export stays until the branches that still import this path are merged.
export * from '../../../clients/ldap/raw-client.ts';
