// Moved to clients/kerberos/tgs.ts (product code); this re-export stays until the branches that still import this path are merged.
export * from '../../clients/kerberos/tgs.ts';
