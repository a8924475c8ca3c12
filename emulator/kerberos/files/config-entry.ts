/**
 * MIT ccache configuration entries (MIT krb5 doc/formats/ccache_file_format.rst, "Credential
 * cache configuration entries"): credentials whose server realm is "X-CACHECONF:" and whose
 * components are "krb5_ccache_conf_data", the key, and optionally an associated principal name.
 * The value sits in the ticket field; every other field is zero.
 */
import type { Credential, Principal } from './types.ts';

export const CONF_REALM = 'X-CACHECONF:';
export const CONF_NAME = 'krb5_ccache_conf_data';

export interface CcacheConfigEntry {
  /** e.g. "fast_avail", "pa_type", "pa_config_data", "refresh_time". */
  key: string;
  /** The associated principal as MIT unparses it ("krbtgt/REALM@REALM"), if any. */
  principal?: string;
  value: Uint8Array;
}

export function isConfigEntry(cred: Credential): boolean {
  const s = cred.server;
  return (
    s.realm === CONF_REALM &&
    (s.components.length === 2 || s.components.length === 3) &&
    s.components[0] === CONF_NAME
  );
}

/** The key, principal and value of a config entry, or undefined for an ordinary credential. */
export function configEntryOf(cred: Credential): CcacheConfigEntry | undefined {
  if (!isConfigEntry(cred)) return undefined;
  const [, key, principal] = cred.server.components;
  return principal === undefined ? { key, value: cred.ticket } : { key, principal, value: cred.ticket };
}

/** A config entry credential for `client` (the cache's default principal), all other fields zero. */
export function makeConfigEntry(client: Principal, entry: CcacheConfigEntry): Credential {
  const components = [CONF_NAME, entry.key];
  if (entry.principal !== undefined) components.push(entry.principal);
  return {
    client,
    // MIT 1.20 kinit writes these server principals with name type 1 (NT-PRINCIPAL).
    server: { nameType: 1, components, realm: CONF_REALM },
    key: { enctype: 0, value: new Uint8Array(0) },
    authtime: 0,
    starttime: 0,
    endtime: 0,
    renewTill: 0,
    isSkey: false,
    ticketFlags: 0,
    addresses: [],
    authdata: [],
    ticket: entry.value,
    secondTicket: new Uint8Array(0),
  };
}
