// Moved to clients/dns/probe.ts (product code); this re-export stays until the branches that still import this path are merged.
export * from '../../../clients/dns/probe.ts';
