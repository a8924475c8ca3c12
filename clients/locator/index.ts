/**
 * The DC locator (DsGetDcName) as a Windows client runs it: DNS SRV (site-specific, then generic),
 * A records, the CLDAP LDAP ping, selection by the reply's DS_FLAG word; every step a trace event.
 */
export { locateDc, type DcInfo, type LocateResult, type LocatorOptions } from './locate.ts';
export { DSGETDC, LOCATOR_STATUS, REQUIREMENTS, requestFlagNames, unmet, type Requirement } from './flags.ts';
export { srvName, type SrvQuery } from './srv-names.ts';
export { discover, type Candidate } from './discover.ts';
export { CLOUD_TRUST_LOCATOR_FLAGS, locatorHint, type LocatorHintSetting } from './hint.ts';
