// Moved to clients/kerberos/ (product code) and test/support/tamper.ts; this re-export stays until the branches that still import this path are merged.
export * from '../../clients/kerberos/index.ts';
export * from '../support/tamper.ts';
