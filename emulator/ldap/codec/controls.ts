/**
 * Control values the lab understands.
 * Paged results, RFC 2696 / MS-ADTS 3.1.1.3.4.1.1 (LDAP_PAGED_RESULT_OID_STRING 1.2.840.113556.1.4.319):
 *   realSearchControlValue ::= SEQUENCE { size INTEGER (0..maxInt), cookie OCTET STRING }
 * In a request `size` is the page size; in the response it is the server's estimate (AD sends 0).
 */
import { CONTEXT, UNIVERSAL, U, boolean, children, count, enumerated, integer, isTag, octets, parseOne, text, toBytes, wBool, wEnum, wInt, wOctets, wSeq } from './ber.ts';
import { LdapDecodeError } from './errors.ts';
import { MAX_INT, OID, type Control } from './types.ts';

export interface PagedResultsValue {
  readonly size: number;
  readonly cookie: Uint8Array;
}

export function decodePagedResults(value: Uint8Array | undefined): PagedResultsValue {
  const w = 'realSearchControlValue';
  if (!value) throw new LdapDecodeError(w, 'control without a value');
  const c = children(parseOne(value, w), UNIVERSAL, U.SEQUENCE, w);
  count(c, w, 2, 2);
  return { size: integer(c[0], w, 0, MAX_INT), cookie: octets(c[1], w) };
}

export function encodePagedResults(v: PagedResultsValue): Uint8Array {
  return toBytes(wSeq([wInt(v.size), wOctets(v.cookie)]));
}

export function pagedResultsControl(v: PagedResultsValue, criticality = false): Control {
  return { type: OID.pagedResults, criticality, value: encodePagedResults(v) };
}

/**
 * LDAP_SERVER_EXTENDED_DN_OID 1.2.840.113556.1.4.529 (MS-ADTS 3.1.1.3.4.1.5):
 *   ExtendedDNRequestValue ::= SEQUENCE { Flag INTEGER }   0 = hex GUID/SID, 1 = string forms
 * An absent value means 0.
 */
export const EXTENDED_DN_OID = '1.2.840.113556.1.4.529';

export function decodeExtendedDnFlag(value: Uint8Array | undefined): number {
  const w = 'ExtendedDNRequestValue';
  if (!value || value.length === 0) return 0;
  const c = children(parseOne(value, w), UNIVERSAL, U.SEQUENCE, w);
  count(c, w, 1, 1);
  return integer(c[0], w, 0, 1);
}

/** The first control of the given type, if any. */
export function findControl(controls: readonly Control[] | undefined, type: string): Control | undefined {
  return controls?.find((c) => c.type === type);
}

/**
 * Server-side sorting, RFC 2891 (LDAP_SERVER_SORT_OID 1.2.840.113556.1.4.473, response
 * LDAP_SERVER_RESP_SORT_OID 1.2.840.113556.1.4.474; MS-ADTS 3.1.1.3.4.1.9):
 *   SortKeyList ::= SEQUENCE OF SEQUENCE {
 *     attributeType   AttributeDescription,
 *     orderingRule    [0] MatchingRuleId OPTIONAL,
 *     reverseOrder    [1] BOOLEAN DEFAULT FALSE }
 *   SortResult ::= SEQUENCE {
 *     sortResult      ENUMERATED { success (0), operationsError (1), timeLimitExceeded (3),
 *                       strongAuthRequired (8), adminLimitExceeded (11), noSuchAttribute (16),
 *                       inappropriateMatching (18), insufficientAccessRights (50), busy (51),
 *                       unwillingToPerform (53), other (80) },
 *     attributeType   [0] AttributeDescription OPTIONAL }
 */
export const SORT_OID = '1.2.840.113556.1.4.473';
export const SORT_RESPONSE_OID = '1.2.840.113556.1.4.474';

export interface SortKey {
  readonly attributeType: string;
  readonly orderingRule?: string;
  readonly reverseOrder: boolean;
}

/** Most keys a request may carry (AD sorts on one; the rest is refused, not parsed forever). */
const MAX_SORT_KEYS = 64;

export function decodeSortKeyList(value: Uint8Array | undefined): SortKey[] {
  const w = 'SortKeyList';
  if (!value) throw new LdapDecodeError(w, 'control without a value');
  const keys = children(parseOne(value, w), UNIVERSAL, U.SEQUENCE, w);
  count(keys, w, 1, MAX_SORT_KEYS);
  return keys.map((k, i) => {
    const kw = `${w}[${i}]`;
    const c = children(k, UNIVERSAL, U.SEQUENCE, kw);
    count(c, kw, 1, 3);
    const attributeType = text(c[0], `${kw}.attributeType`);
    let orderingRule: string | undefined;
    let reverseOrder = false;
    for (const f of c.slice(1)) {
      if (isTag(f, CONTEXT, 0) && orderingRule === undefined && !reverseOrder) orderingRule = text(f, `${kw}.orderingRule`, CONTEXT, 0);
      else if (isTag(f, CONTEXT, 1) && !reverseOrder) reverseOrder = boolean(f, `${kw}.reverseOrder`, CONTEXT, 1);
      else throw new LdapDecodeError(kw, 'unexpected or repeated field');
    }
    return { attributeType, ...(orderingRule !== undefined ? { orderingRule } : {}), reverseOrder };
  });
}

export function encodeSortKeyList(keys: readonly SortKey[]): Uint8Array {
  return toBytes(
    wSeq(
      keys.map((k) =>
        wSeq([
          wOctets(k.attributeType),
          ...(k.orderingRule !== undefined ? [wOctets(k.orderingRule, CONTEXT, 0)] : []),
          ...(k.reverseOrder ? [wBool(true, CONTEXT, 1)] : []),
        ]),
      ),
    ),
  );
}

/** sortResult codes a server sends (RFC 2891 section 1.2). */
export const SORT_RESULT_CODES = [0, 1, 3, 8, 11, 16, 18, 50, 51, 53, 80] as const;

export interface SortResultValue {
  readonly sortResult: number;
  readonly attributeType?: string;
}

export function encodeSortResult(v: SortResultValue): Uint8Array {
  return toBytes(wSeq([wEnum(v.sortResult), ...(v.attributeType !== undefined ? [wOctets(v.attributeType, CONTEXT, 0)] : [])]));
}

export function decodeSortResult(value: Uint8Array | undefined): SortResultValue {
  const w = 'SortResult';
  if (!value) throw new LdapDecodeError(w, 'control without a value');
  const c = children(parseOne(value, w), UNIVERSAL, U.SEQUENCE, w);
  count(c, w, 1, 2);
  const sortResult = enumerated(c[0], `${w}.sortResult`, SORT_RESULT_CODES);
  return { sortResult, ...(c[1] ? { attributeType: text(c[1], `${w}.attributeType`, CONTEXT, 0) } : {}) };
}

/** The response control; never critical (RFC 2891 section 1.2). */
export function sortResultControl(v: SortResultValue): Control {
  return { type: SORT_RESPONSE_OID, criticality: false, value: encodeSortResult(v) };
}
