/**
 * The LDAP ping's filter terms, MS-ADTS 6.3.3.1: the filter is an AND of equality matches whose
 * attribute names (case-insensitive) are DnsDomain, Host, User, DomainGuid, DomainSid, NtVer, AAC
 * and DnsHostName. Any other shape is not a ping (the search then finds nothing, as Samba answers).
 * Unknown names are ignored; a malformed NtVer/AAC/DomainGuid value counts as absent, as Samba
 * 4.17 treats them. Pure.
 */
import { sidFromBytes } from '../../directory/ids.ts';
import type { GuidString, SidString } from '../../directory/model.ts';
import { guidFromBytes } from '../../directory/ids.ts';
import type { Filter } from '../codec/index.ts';

export interface PingTerms {
  /** DnsDomain, one trailing dot removed. */
  readonly dnsDomain?: string;
  readonly host?: string;
  readonly dnsHostName?: string;
  /** User; an empty value counts as absent. */
  readonly user?: string;
  /** DomainGuid when it is 16 bytes. */
  readonly domainGuid?: GuidString;
  /** DomainSid when it parses as a SID; `invalid` when present but unparsable. */
  readonly domainSid?: SidString | 'invalid';
  /** NtVer as a 4-byte little-endian value (MS-ADTS 6.3.1.1). */
  readonly ntVer?: number;
  /** AAC as a 4-byte little-endian value. */
  readonly aac?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function le32(v: Uint8Array): number | undefined {
  if (v.length !== 4) return undefined;
  return (v[0] | (v[1] << 8) | (v[2] << 16) | (v[3] << 24)) >>> 0;
}

/** Returns the terms, or null when the filter is not an AND of equality matches. */
export function extractPingTerms(filter: Filter): PingTerms | null {
  if (filter.type !== 'and') return null;
  const t: { -readonly [K in keyof PingTerms]: PingTerms[K] } = {};
  for (const f of filter.filters) {
    if (f.type !== 'equalityMatch') return null;
    const v = f.value;
    switch (f.attribute.toLowerCase()) {
      case 'dnsdomain': {
        const s = utf8.decode(v);
        t.dnsDomain = s.endsWith('.') ? s.slice(0, -1) : s;
        break;
      }
      case 'host':
        t.host = utf8.decode(v);
        break;
      case 'dnshostname':
        t.dnsHostName = utf8.decode(v);
        break;
      case 'user': {
        const s = utf8.decode(v);
        if (s !== '') t.user = s;
        break;
      }
      case 'domainguid':
        if (v.length === 16) t.domainGuid = guidFromBytes(v);
        break;
      case 'domainsid':
        try {
          t.domainSid = sidFromBytes(v);
        } catch {
          t.domainSid = 'invalid';
        }
        break;
      case 'ntver': {
        const n = le32(v);
        if (n !== undefined) t.ntVer = n;
        break;
      }
      case 'aac': {
        const n = le32(v);
        if (n !== undefined) t.aac = n;
        break;
      }
      default:
        break;
    }
  }
  return t;
}
