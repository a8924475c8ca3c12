/**
 * Names for Kerberos wire numbers in the decoded view: enctypes, checksum types, padata types,
 * message types, flag sets and principals. Tables come from the Kerberos modules' constants.
 */
import { KDC_OPTIONS, MSG_TYPE, PA, TICKET_FLAGS, type PrincipalName } from '../../../kerberos/asn1/index.ts';
import type { KerberosKey } from '../../../kerberos/crypto/index.ts';
import { checksumType, hasChecksumType } from '../../../kerberos/crypto/registry.ts';
import { KRB_ERR } from '../../../kerberos/error-codes.ts';

const ETYPES: Record<number, string> = { 17: 'aes128-cts-hmac-sha1-96', 18: 'aes256-cts-hmac-sha1-96', 23: 'rc4-hmac', [-128]: 'rc4-hmac-old-exp', 3: 'des-cbc-md5', 1: 'des-cbc-crc', 19: 'aes128-cts-hmac-sha256-128', 20: 'aes256-cts-hmac-sha384-192' };
const CKSUMS: Record<number, string> = { 15: 'hmac-sha1-96-aes128', 16: 'hmac-sha1-96-aes256', [-138]: 'hmac-md5 (KERB_CHECKSUM_HMAC_MD5)', 7: 'rsa-md5', 8: 'rsa-md5-des' };
/** The enctype of the key a checksum type is keyed with (the crypto registry's profile), if the lab implements it. */
export const cksumEtype = (c: number): number | undefined => (hasChecksumType(c) ? checksumType(c).etype : undefined);

const invert = (o: Record<string, number>): Map<number, string> => new Map(Object.entries(o).map(([k, v]) => [v, k]));
const PA_NAMES = invert(PA);
const MSG_NAMES = invert(MSG_TYPE);

export const etypeName = (e: number): string => `${e} ${ETYPES[e] ?? '(unknown enctype)'}`;
export const cksumName = (c: number): string => `${c} ${CKSUMS[c] ?? '(unknown checksum type)'}`;
export const paName = (t: number): string => `${t} ${(PA_NAMES.get(t) ?? 'unknown padata').replace(/_/g, '-')}`;
export const msgName = (t: number): string => `${t} ${(MSG_NAMES.get(t) ?? 'unknown').replace(/^KRB_/, 'KRB-').replace(/_/g, '-')}`;
export const ticketFlags = (f: number): string => `0x${(f >>> 0).toString(16).padStart(8, '0')} ${TICKET_FLAGS.names(f).join(' ')}`.trim();
export const kdcOptions = (f: number): string => `0x${(f >>> 0).toString(16).padStart(8, '0')} ${KDC_OPTIONS.names(f).join(' ')}`.trim();

/** `name/instance@REALM`. */
export function principal(name: PrincipalName | undefined, realm?: string): string {
  if (!name) return '';
  return `${name.nameString.join('/')}${realm ? `@${realm}` : ''}`;
}

/** A kvno, split as an RODC's ticket kvno is when it is above 16 bits. */
export function kvnoText(kvno: number | undefined): string | undefined {
  if (kvno === undefined) return undefined;
  if (kvno > 0xffff) return `${kvno} = RODC number ${kvno >>> 16} · key version ${kvno & 0xffff}`;
  return String(kvno);
}

/** A KRB-ERROR code as its name and number. */
const ERR_NAMES = invert(KRB_ERR);
export function errorName(code: number): string {
  const name = ERR_NAMES.get(code);
  return `${code}${name ? ` ${name}` : ''}`;
}

/** Which key, for a note: "krbtgt kvno 2, aes256-cts-hmac-sha1-96". */
export function keyText(who: string, kvno: number | undefined, key: KerberosKey): string {
  return `${who}${kvno !== undefined ? ` kvno ${kvnoText(kvno)}` : ''}, ${etypeName(key.etype)}`;
}
