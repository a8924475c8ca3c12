/**
 * Public API of the KDC: context, dispatch, transports and the service, plus the building blocks
 * the TGS / RODC exchanges and the cloud partial-TGT issuer share with the AS exchange.
 */
export { createKdcContext, pickDc, DEFAULT_KDC_CONFIG, type KdcConfig, type KdcContext, type KdcContextOptions, type KdcTraceEvent } from './context.ts';
export { dispatchKdc } from './dispatch.ts';
export { kdcConfigFromPolicy, type KerberosPolicy } from './kerberos-policy.ts';
export { ExchangeRecord, principalText, type ExchangeKind, type RequestMeta } from './exchange.ts';
export { buildKrbError, asKrbError, kdcErrorWithStatus, ntStatusEData, methodDataEData, NTSTATUS, KERB_ERR_TYPE_EXTENDED } from './krb-error.ts';
export { sealTicket, unsealTicket, unsealTicketWith } from './ticket.ts';
export { pacDescriptionFor, buildPacFromDirectory, withDirectoryPac, AUTHENTICATION_AUTHORITY_ASSERTED_IDENTITY, type PacOptions, type PacKeys } from './pac-from-directory.ts';
export { findClient, findServer, isTgsName, isOurRealm, requireOurRealm, type PrincipalLookup, type LookupAttribute } from './principals.ts';
export { usableEtypes, accountAllows, chooseClientEtype, chooseSessionEtype, ticketKeyFor, supportedEtypesMask, SUPPORTED_ETYPE_BIT } from './etypes.ts';
export { KdcServer, startKdc, type KdcServerOptions } from './server.ts';
export { createKdcTcpServer, serveTcpConnection, type KdcHandler } from './tcp.ts';
export { createKdcUdpSocket } from './udp.ts';
export { handleKpasswd, kpasswdResult, parseKpasswdRequest, KPASSWD_RESULT, KPASSWD_VERSION, type KpasswdRequest, type KpasswdResultName } from './kpasswd.ts';
