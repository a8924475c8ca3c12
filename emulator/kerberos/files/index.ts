/**
 * MIT keytab (0x0502) and credential cache (0x0504) codecs: pure bytes in, bytes out.
 * File I/O lives only in ./fs.ts (readKeytabFile, writeKeytabFile, readCcacheFile, writeCcacheFile),
 * which callers import from there so that this module stays free of node:fs.
 */
export type {
  Ccache,
  CcacheAddress,
  CcacheAuthData,
  CcacheHeaderField,
  Credential,
  KeytabEntry,
  Keyblock,
  Principal,
} from './types.ts';
export { TKT_FLG, ticketFlagBit, ticketFlagsFromBitString, ticketFlagsToBitString } from './types.ts';
export { KRB5_KT_VNO, KRB5_KT_VNO_1, decodeKeytab, encodeKeytab } from './keytab.ts';
export { FCC_TAG_DELTATIME, KRB5_FCC_FVNO_3, KRB5_FCC_FVNO_4, decodeCcache, encodeCcache } from './ccache.ts';
export type { CcacheConfigEntry } from './config-entry.ts';
export { CONF_NAME, CONF_REALM, configEntryOf, isConfigEntry, makeConfigEntry } from './config-entry.ts';
