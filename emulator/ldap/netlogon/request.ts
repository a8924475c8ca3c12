/** Which searches are LDAP pings (MS-ADTS 6.3.3): base scope, empty base DN, `Netlogon` asked for. */
import type { SearchRequest } from '../codec/index.ts';
import { NETLOGON_ATTRIBUTE } from './constants.ts';

const LOWER = NETLOGON_ATTRIBUTE.toLowerCase();

export function isNetlogonSearch(req: Pick<SearchRequest, 'baseObject' | 'scope' | 'attributes'>): boolean {
  return req.baseObject === '' && req.scope === 0 && req.attributes.some((a) => a.toLowerCase() === LOWER);
}
