/**
 * KERB-KEY-LIST-REP (MS-KILE 2.2.12, 3.3.5.7.8; PROTOCOL.md section 4 "Reply"): when a TGS-REQ
 * for the krbtgt service exchanges an RODC-issued TGT and carries KERB-KEY-LIST-REQ (161) naming
 * RC4-HMAC (23), the reply's encrypted-pa-data carries the client's NT hash as an EncryptionKey
 * of type 23. Asking for AES returns nothing (AD hands out only the NT hash, for NTLM SSO).
 * impacket reads the FIRST encrypted-pa-data element as the key list, so it goes before
 * PA-SUPPORTED-ETYPES.
 *
 * A DC the scenario marks as unpatched (`keyListPatch: false`: before KB4534307 / KB4534321)
 * does not know padata 161 and ignores it, as Windows ignores unknown pre-authentication data:
 * the exchange still succeeds, without a key list.
 */
import type { Account } from '../../../directory/model.ts';
import { PA, paData, type PaData } from '../../asn1/index.ts';
import { EncType } from '../../crypto/index.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';

/** The KERB-KEY-LIST-REP padata for `client`, or undefined (reason recorded as detail.keyList). */
export function keyListReply(
  ctx: KdcContext,
  requested: readonly number[] | undefined,
  client: Account,
  toKrbtgt: boolean,
  ex: ExchangeRecord,
): PaData | undefined {
  if (!requested) {
    ex.detail.keyList = 'not requested';
    return undefined;
  }
  if (!ctx.dc.keyListPatch) {
    ex.detail.keyList = `ignored: ${ctx.dc.name} has no key-list support (keyListPatch false)`;
    return undefined;
  }
  if (!toKrbtgt) {
    ex.detail.keyList = 'ignored: the request is not for the krbtgt service';
    return undefined;
  }
  if (!requested.includes(EncType.RC4_HMAC)) {
    ex.detail.keyList = `nothing to return for etypes [${requested.join(', ')}] (only RC4-HMAC 23 is served)`;
    return undefined;
  }
  const nt = ctx.keys.forAccount(client)?.current.keys.get(EncType.RC4_HMAC);
  if (!nt) {
    ex.detail.keyList = `${client.samAccountName} has no RC4-HMAC key`;
    return undefined;
  }
  ex.detail.keyList = 'returned NT hash (etype 23)';
  return paData(PA.KERB_KEY_LIST_REP, [{ keytype: EncType.RC4_HMAC, keyvalue: nt.bytes }]);
}
