/**
 * AD's diagnostic texts, in one catalogue (Azurite style). The numbers before the colon are the
 * Win32 error, `data` the sub-code clients parse; DSIDs and `v4563` follow Windows Server 2016-2022.
 * Texts marked [C] are quoted from the issue/brief (captured from Windows); [I] are modelled on
 * AD's format and not byte-exact. Tests never assert on these strings, only on result codes and
 * the `data` field of bind failures.
 */
import { ldapError } from './codec/index.ts';

/** Bind failure sub-codes (the `data` field): the NTSTATUS-derived reasons AD reports. */
export const BIND_DATA = {
  /** ERROR_NO_SUCH_USER */
  noSuchUser: '525',
  /** ERROR_LOGON_FAILURE: wrong password */
  invalidPassword: '52e',
  /** ERROR_PASSWORD_EXPIRED */
  passwordExpired: '532',
  /** ERROR_ACCOUNT_DISABLED */
  accountDisabled: '533',
  /** ERROR_ACCOUNT_EXPIRED */
  accountExpired: '701',
  /** ERROR_PASSWORD_MUST_CHANGE */
  mustChangePassword: '773',
  /** ERROR_ACCOUNT_LOCKED_OUT */
  accountLocked: '775',
} as const;
export type BindData = (typeof BIND_DATA)[keyof typeof BIND_DATA];

export const DIAG = {
  /** [C] invalidCredentials (49). */
  bindFailed: (data: BindData) => `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563`,
  /** [C] operationsError (1) for a search before a successful bind. */
  bindRequired: '000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v4563',
  /** [I] noSuchObject (32) with the best match. */
  noSuchObject: (matched: string) => `0000208D: NameErr: DSID-0310028C, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'${matched}'\n`,
  /** [I] invalidDNSyntax (34). */
  invalidDn: '00002081: NameErr: DSID-03100225, problem 2003 (BAD_ATT_SYNTAX), data 0, best match of:\n\t\'\'\n',
  /** [I] unwillingToPerform (53) for writes: the lab's directory is read-only. */
  readOnly: '00002035: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0\n',
  /** [I] unwillingToPerform (53) for a paged-results cookie the connection does not know. */
  badCookie: '00002024: LdapErr: DSID-0C090F94, comment: Error processing control, data 0, v4563',
  /** [I] authMethodNotSupported (7) for SASL binds the lab does not implement. */
  saslUnsupported: '00002027: LdapErr: DSID-0C09070A, comment: The server does not support the requested SASL mechanism, data 0, v4563',
  /** [I] protocolError (2) for an LDAP version other than 2 or 3. */
  badVersion: '00002023: LdapErr: DSID-0C090B2E, comment: Unsupported LDAP version, data 0, v4563',
  /** [I] unavailable (52) for StartTLS on a DC without a certificate. */
  noTls: '00000000: LdapErr: DSID-0C09121C, comment: Error initializing SSL/TLS, data 0, v4563',
  /** [I] protocolError (2) for an extended operation the DC does not know. */
  unknownExtended: (oid: string) => `0000203A: LdapErr: DSID-0C0910E7, comment: Unknown extended request OID ${oid}, data 0, v4563`,
  /** [I] unavailableCriticalExtension (12). */
  criticalControl: (oid: string) => `00002040: LdapErr: DSID-0C090D4A, comment: Unsupported critical extension ${oid}, data 0, v4563`,
  /** [I] unavailableCriticalExtension (12) for a control AD implements and the lab does not. */
  controlNotImplemented: (oid: string) => `00002040: LdapErr: DSID-0C090D4A, comment: Critical extension ${oid} is not implemented by cloudtrust-lab, data 0, v4563`,
  /** [I] unavailableCriticalExtension (12) for a critical sort the DC cannot do (RFC 2891; the SortResult carries the reason). */
  sortRefused: (sortResult: number, attr?: string) =>
    `00002040: LdapErr: DSID-0C090D4A, comment: Cannot sort as asked (sortResult ${sortResult}${attr ? `, attribute ${attr}` : ''}), data 0, v4563`,
  /** [I] sizeLimitExceeded (4). */
  sizeLimit: '',
  /** [I] protocolError (2) for a malformed request. */
  malformed: '00000057: LdapErr: DSID-0C090C2A, comment: Error decoding ldap message, data 0, v4563',
} as const;

export const errors = {
  bindRequired: () => ldapError('operationsError', DIAG.bindRequired),
  noSuchObject: (matched: string) => ldapError('noSuchObject', DIAG.noSuchObject(matched), matched),
  invalidDn: () => ldapError('invalidDNSyntax', DIAG.invalidDn),
  readOnly: () => ldapError('unwillingToPerform', DIAG.readOnly),
  badCookie: () => ldapError('unwillingToPerform', DIAG.badCookie),
  criticalControl: (oid: string) => ldapError('unavailableCriticalExtension', DIAG.criticalControl(oid)),
  controlNotImplemented: (oid: string) => ldapError('unavailableCriticalExtension', DIAG.controlNotImplemented(oid)),
};
