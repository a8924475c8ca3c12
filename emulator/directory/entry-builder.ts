/**
 * Assembles LDAP-neutral entries: attribute names as the AD schema spells them, integers as
 * decimal strings, booleans as TRUE/FALSE, times as GeneralizedTime, SIDs and GUIDs as bytes.
 */
import { guidToBytes, toGeneralizedTime } from './ids.ts';
import type { Attribute, AttributeValue, DirectoryEntry, ObjectMeta } from './model.ts';

type Input = AttributeValue | number | boolean | null | undefined;

export class AttrBag {
  private readonly map = new Map<string, Attribute>();

  /** Sets (replaces) an attribute; null/undefined values are dropped and an empty result removes it. */
  set(name: string, ...values: Input[]): this {
    const vals: AttributeValue[] = [];
    for (const v of values) {
      if (v === null || v === undefined) continue;
      if (typeof v === 'number') vals.push(String(v));
      else if (typeof v === 'boolean') vals.push(v ? 'TRUE' : 'FALSE');
      else vals.push(v);
    }
    if (vals.length) this.map.set(name.toLowerCase(), Object.freeze({ name, values: Object.freeze(vals) }));
    else this.map.delete(name.toLowerCase());
    return this;
  }

  setAll(name: string, values: readonly Input[] | undefined): this {
    return this.set(name, ...(values ?? []));
  }

  entry(dn: string): DirectoryEntry {
    return Object.freeze({ dn, attributes: this.map as ReadonlyMap<string, Attribute> });
  }
}

/** instanceType (MS-ADTS 2.2.10): 4 = writable, +1 NC head, +8 the NC above is held here. */
export const INSTANCE_TYPE = { OBJECT: 4, DOMAIN_NC_HEAD: 5, NC_HEAD_BELOW_HELD: 13 } as const;

/**
 * The attributes every object has: objectClass (most-derived last, as AD returns it),
 * objectCategory, distinguishedName, name, the RDN attribute, objectGUID, whenCreated/Changed,
 * uSNCreated/Changed, instanceType.
 */
export function baseAttrs(meta: ObjectMeta, objectClass: readonly string[], category: string, rdnName: string, instanceType: number = INSTANCE_TYPE.OBJECT): AttrBag {
  const rdn = meta.dn.slice(0, meta.dn.search(/(?<!\\),/) === -1 ? meta.dn.length : meta.dn.search(/(?<!\\),/));
  const eq = rdn.indexOf('=');
  const rdnAttr = rdn.slice(0, eq);
  const rdnAttrName = { cn: 'cn', ou: 'ou', dc: 'dc', o: 'o' }[rdnAttr.toLowerCase()] ?? rdnAttr;
  return new AttrBag()
    .set('objectClass', ...objectClass)
    .set(rdnAttrName, rdnName)
    .set('distinguishedName', meta.dn)
    .set('instanceType', instanceType)
    .set('whenCreated', toGeneralizedTime(meta.whenCreated))
    .set('whenChanged', toGeneralizedTime(meta.whenChanged))
    .set('uSNCreated', meta.usnCreated)
    .set('uSNChanged', meta.usnChanged)
    .set('name', rdnName)
    .set('objectGUID', guidToBytes(meta.guid))
    .set('objectCategory', category);
}
