/**
 * The rootDSE (RFC 4512 5.1, MS-ADTS 3.1.1.3.2), readable without a bind. The default set and its
 * order follow what Windows Server 2016-2022 DCs return for `*`; a few attributes (supportedExtension)
 * come only when asked by name, as on AD.
 */
import { toGeneralizedTime } from '../directory/ids.ts';
import type { Directory, DomainController } from '../directory/model.ts';
import { OID } from './codec/index.ts';

/** supportedControl of a Windows Server 2016+ DC (MS-ADTS 3.1.1.3.4.1). */
export const SUPPORTED_CONTROLS: readonly string[] = [
  OID.pagedResults, // LDAP_PAGED_RESULT_OID_STRING
  '1.2.840.113556.1.4.801', // LDAP_SERVER_SD_FLAGS_OID
  '1.2.840.113556.1.4.473', // LDAP_SERVER_SORT_OID
  '1.2.840.113556.1.4.528', // LDAP_SERVER_NOTIFICATION_OID
  '1.2.840.113556.1.4.417', // LDAP_SERVER_SHOW_DELETED_OID
  '1.2.840.113556.1.4.619', // LDAP_SERVER_LAZY_COMMIT_OID
  '1.2.840.113556.1.4.841', // LDAP_SERVER_DIRSYNC_OID
  '1.2.840.113556.1.4.529', // LDAP_SERVER_EXTENDED_DN_OID
  '1.2.840.113556.1.4.805', // LDAP_SERVER_TREE_DELETE_OID
  '1.2.840.113556.1.4.521', // LDAP_SERVER_CROSSDOM_MOVE_TARGET_OID
  '1.2.840.113556.1.4.970', // LDAP_SERVER_GET_STATS_OID
  '1.2.840.113556.1.4.1338', // LDAP_SERVER_VERIFY_NAME_OID
  '1.2.840.113556.1.4.474', // LDAP_SERVER_RESP_SORT_OID
  '1.2.840.113556.1.4.1339', // LDAP_SERVER_DOMAIN_SCOPE_OID
  '1.2.840.113556.1.4.1340', // LDAP_SERVER_SEARCH_OPTIONS_OID
  '1.2.840.113556.1.4.1413', // LDAP_SERVER_PERMISSIVE_MODIFY_OID
  '2.16.840.1.113730.3.4.9', // LDAP_CONTROL_VLVREQUEST
  '2.16.840.1.113730.3.4.10', // LDAP_CONTROL_VLVRESPONSE
  '1.2.840.113556.1.4.1504', // LDAP_SERVER_ASQ_OID
  '1.2.840.113556.1.4.1852', // LDAP_SERVER_QUOTA_CONTROL_OID
  '1.2.840.113556.1.4.802', // LDAP_SERVER_RANGE_OPTION_OID
  '1.2.840.113556.1.4.1907', // LDAP_SERVER_SHUTDOWN_NOTIFY_OID
  '1.2.840.113556.1.4.1948', // LDAP_SERVER_RANGE_RETRIEVAL_NOERR_OID
  '1.2.840.113556.1.4.1974', // LDAP_SERVER_FORCE_UPDATE_OID
  '1.2.840.113556.1.4.1341', // LDAP_SERVER_RODC_DCPROMO_OID
  '1.2.840.113556.1.4.2026', // LDAP_SERVER_DN_INPUT_OID
  '1.2.840.113556.1.4.2064', // LDAP_SERVER_SHOW_RECYCLED_OID
  '1.2.840.113556.1.4.2065', // LDAP_SERVER_SHOW_DEACTIVATED_LINK_OID
  '1.2.840.113556.1.4.2066', // LDAP_SERVER_POLICY_HINTS_DEPRECATED_OID
  '1.2.840.113556.1.4.2090', // LDAP_SERVER_DIRSYNC_EX_OID
  '1.2.840.113556.1.4.2205', // LDAP_SERVER_UPDATE_STATS_OID
  '1.2.840.113556.1.4.2204', // LDAP_SERVER_TREE_DELETE_EX_OID
  '1.2.840.113556.1.4.2206', // LDAP_SERVER_SEARCH_HINTS_OID
  '1.2.840.113556.1.4.2211', // LDAP_SERVER_EXPECTED_ENTRY_COUNT_OID
  '1.2.840.113556.1.4.2239', // LDAP_SERVER_POLICY_HINTS_OID
  '1.2.840.113556.1.4.2255', // LDAP_SERVER_SET_OWNER_OID
  '1.2.840.113556.1.4.2256', // LDAP_SERVER_BYPASS_QUOTA_OID
  '1.2.840.113556.1.4.2309', // LDAP_SERVER_LINK_TTL_OID
  '1.2.840.113556.1.4.2330', // LDAP_SERVER_SET_CORRELATION_ID_OID
  '1.2.840.113556.1.4.2354', // LDAP_SERVER_THREAD_TRACE_OVERRIDE_OID
];

/** supportedCapabilities (MS-ADTS 3.1.1.3.4.3): AD, V51, LDAP_INTEG, V60, V61_R2, W8. */
export const SUPPORTED_CAPABILITIES: readonly string[] = [
  '1.2.840.113556.1.4.800', // LDAP_CAP_ACTIVE_DIRECTORY_OID
  '1.2.840.113556.1.4.1670', // LDAP_CAP_ACTIVE_DIRECTORY_V51_OID
  '1.2.840.113556.1.4.1791', // LDAP_CAP_ACTIVE_DIRECTORY_LDAP_INTEG_OID
  '1.2.840.113556.1.4.1935', // LDAP_CAP_ACTIVE_DIRECTORY_V60_OID
  '1.2.840.113556.1.4.2080', // LDAP_CAP_ACTIVE_DIRECTORY_V61_R2_OID
  '1.2.840.113556.1.4.2237', // LDAP_CAP_ACTIVE_DIRECTORY_W8_OID
];

/** supportedExtension (MS-ADTS 3.1.1.3.4.2), only returned when asked by name. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [
  OID.startTls, // LDAP_SERVER_START_TLS_OID
  '1.3.6.1.4.1.1466.101.119.1', // LDAP_TTL_REFRESH_OID
  '1.3.6.1.4.1.4203.1.11.3', // LDAP_SERVER_WHO_AM_I_OID
];

/** supportedLDAPPolicies (MS-ADTS 3.1.1.3.4.6). */
export const SUPPORTED_LDAP_POLICIES: readonly string[] = [
  'MaxPoolThreads', 'MaxPercentDirSyncRequests', 'MaxDatagramRecv', 'MaxReceiveBuffer', 'InitRecvTimeout',
  'MaxConnections', 'MaxConnIdleTime', 'MaxPageSize', 'MaxBatchReturnMessages', 'MaxQueryDuration',
  'MaxDirSyncDuration', 'MaxTempTableSize', 'MaxResultSetSize', 'MinResultSets', 'MaxResultSetsPerConn',
  'MaxNotificationPerConn', 'MaxValRange', 'MaxValRangeTransitive', 'ThreadMemoryLimit', 'SystemMemoryLimitPercent',
];

export const SUPPORTED_SASL_MECHANISMS: readonly string[] = ['GSSAPI', 'GSS-SPNEGO', 'EXTERNAL', 'DIGEST-MD5'];

export interface RootDseContext {
  readonly directory: Directory;
  readonly dc: DomainController;
  readonly nowMs: number;
}

/** rootDSE attributes as [name, values], in AD's order; `default` marks the `*` set. */
export function rootDseAttributes(ctx: RootDseContext): { name: string; values: string[]; byDefault: boolean }[] {
  const d = ctx.directory.domain;
  const dc = ctx.dc;
  const a = (name: string, values: (string | number)[], byDefault = true) => ({ name, values: values.map(String), byDefault });
  return [
    a('currentTime', [toGeneralizedTime(ctx.nowMs)]),
    a('subschemaSubentry', [`CN=Aggregate,${d.schemaDn}`]),
    a('dsServiceName', [dc.ntdsSettingsDn]),
    a('namingContexts', [d.dn, d.configurationDn, d.schemaDn, d.domainDnsZonesDn, d.forestDnsZonesDn]),
    a('defaultNamingContext', [d.dn]),
    a('schemaNamingContext', [d.schemaDn]),
    a('configurationNamingContext', [d.configurationDn]),
    a('rootDomainNamingContext', [d.dn]),
    a('supportedControl', [...SUPPORTED_CONTROLS]),
    a('supportedLDAPVersion', [3, 2]),
    a('supportedLDAPPolicies', [...SUPPORTED_LDAP_POLICIES]),
    a('highestCommittedUSN', [ctx.directory.highestCommittedUsn]),
    a('supportedSASLMechanisms', [...SUPPORTED_SASL_MECHANISMS]),
    a('dnsHostName', [dc.hostName]),
    a('ldapServiceName', [`${d.forestName}:${dc.name.toLowerCase()}$@${d.realm}`]),
    a('serverName', [dc.serverDn]),
    a('supportedCapabilities', [...SUPPORTED_CAPABILITIES]),
    a('isSynchronized', ['TRUE']),
    a('isGlobalCatalogReady', [dc.globalCatalog ? 'TRUE' : 'FALSE']),
    a('domainFunctionality', [d.functionalLevel]),
    a('forestFunctionality', [d.forestFunctionalLevel]),
    a('domainControllerFunctionality', [dc.os.dcFunctionality]),
    a('supportedExtension', [...SUPPORTED_EXTENSIONS], false),
  ];
}

/**
 * The rootDSE as a CLDAP search sees it (the composition root hands this to the CLDAP service):
 * attributes named in `attributes` (case-insensitive, schema spelling returned), or the default
 * set when none or `*` is asked, as LDAP over TCP answers the same search.
 */
export function rootDseForCldap(
  directory: Directory,
  dc: DomainController,
  now: () => number,
): (attributes: readonly string[]) => { type: string; values: Uint8Array[] }[] {
  const te = new TextEncoder();
  return (attributes) => {
    const all = rootDseAttributes({ directory, dc, nowMs: now() });
    const asked = attributes.map((a) => a.toLowerCase());
    const chosen =
      asked.length === 0 || asked.includes('*')
        ? all.filter((a) => a.byDefault || asked.includes(a.name.toLowerCase()))
        : all.filter((a) => asked.includes(a.name.toLowerCase()));
    return chosen.map((a) => ({ type: a.name, values: a.values.map((v) => te.encode(v)) }));
  };
}
