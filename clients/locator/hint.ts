/**
 * What the emulated Windows device asks the DC locator for after a cloud-trust sign-in
 * (PROTOCOL.md section 5). The domain: by default the partial TGT's realm, which Entra takes from
 * onPremisesDomainName (the documented behaviour, S6/S7b as read in PROTOCOL.md); with the
 * scenario's `client.dcLocatorHint: upnSuffix`, the UPN suffix instead (theory (a) of section 6,
 * which reproduces "works for contoso.com, fails for east.contoso.com"). The flags: a KDC with
 * key-list support (`nltest /dsgetdc:<dom> /kdc /keylist`, the check Microsoft documents) that is
 * writable (the exchange needs a writable DC; an RODC alone is not enough) [I: Windows' exact
 * flags are not documented].
 */
import { DSGETDC } from './flags.ts';

export const CLOUD_TRUST_LOCATOR_FLAGS = (DSGETDC.DS_KDC_REQUIRED | DSGETDC.DS_KEY_LIST_SUPPORT_REQUIRED | DSGETDC.DS_WRITABLE_REQUIRED | DSGETDC.DS_IS_DNS_NAME) >>> 0;

export type LocatorHintSetting = 'onPremisesDomainName' | 'upnSuffix';

/** The DNS domain the locator searches: the partial TGT's realm (lower case), or the UPN's suffix. */
export function locatorHint(setting: LocatorHintSetting, partialTgtRealm: string, upn: string): string {
  if (setting === 'upnSuffix') {
    const at = upn.lastIndexOf('@');
    if (at < 0 || at === upn.length - 1) throw new RangeError(`'${upn}' has no UPN suffix`);
    return upn.slice(at + 1).toLowerCase();
  }
  return partialTgtRealm.toLowerCase().replace(/\.$/, '');
}
