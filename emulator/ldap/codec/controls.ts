/**
 * Control values the lab understands.
 * Paged results, RFC 2696 / MS-ADTS 3.1.1.3.4.1.1 (LDAP_PAGED_RESULT_OID_STRING 1.2.840.113556.1.4.319):
 *   realSearchControlValue ::= SEQUENCE { size INTEGER (0..maxInt), cookie OCTET STRING }
 * In a request `size` is the page size; in the response it is the server's estimate (AD sends 0).
 */
import { UNIVERSAL, U, children, count, integer, octets, parseOne, toBytes, wInt, wOctets, wSeq } from './ber.ts';
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
