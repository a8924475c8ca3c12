/**
 * LDAP resultCode values, RFC 4511 section 4.1.9 and Appendix A, spelled as the RFC spells them.
 * A registry keyed by wire number; `ldapError(name, diagnostic, matchedDN)` makes the typed error
 * the server turns into an LDAPResult in one place.
 */
import { LdapError } from '../../core/errors.ts';

export const LDAP_RESULT = {
  success: 0,
  operationsError: 1,
  protocolError: 2,
  timeLimitExceeded: 3,
  sizeLimitExceeded: 4,
  compareFalse: 5,
  compareTrue: 6,
  authMethodNotSupported: 7,
  strongerAuthRequired: 8,
  referral: 10,
  adminLimitExceeded: 11,
  unavailableCriticalExtension: 12,
  confidentialityRequired: 13,
  saslBindInProgress: 14,
  noSuchAttribute: 16,
  undefinedAttributeType: 17,
  inappropriateMatching: 18,
  constraintViolation: 19,
  attributeOrValueExists: 20,
  invalidAttributeSyntax: 21,
  noSuchObject: 32,
  aliasProblem: 33,
  invalidDNSyntax: 34,
  aliasDereferencingProblem: 36,
  inappropriateAuthentication: 48,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
  loopDetect: 54,
  namingViolation: 64,
  objectClassViolation: 65,
  notAllowedOnNonLeaf: 66,
  notAllowedOnRDN: 67,
  entryAlreadyExists: 68,
  objectClassModsProhibited: 69,
  affectsMultipleDSAs: 71,
  other: 80,
} as const;

export type LdapResultName = keyof typeof LDAP_RESULT;

const BY_CODE = new Map<number, LdapResultName>(
  Object.entries(LDAP_RESULT).map(([k, v]) => [v, k as LdapResultName]),
);

/** The RFC name of a wire resultCode (`other` for codes outside the registry). */
export function resultName(code: number): LdapResultName {
  return BY_CODE.get(code) ?? 'other';
}

/** A typed LDAP failure for the named result code. */
export function ldapError(name: LdapResultName, diagnostic = '', matchedDN = ''): LdapError {
  return new LdapError(LDAP_RESULT[name], name, diagnostic, matchedDN);
}
