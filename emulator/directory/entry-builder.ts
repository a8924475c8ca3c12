/**
 * Assembles LDAP-neutral entries: attribute names as the AD schema spells them, integers as
 * decimal strings, booleans as TRUE/FALSE, times as GeneralizedTime, SIDs and GUIDs as bytes.
 */
import { guidToBytes, toGeneralizedTime } from './ids.ts';
import type { Attribute, AttributeValue, DirectoryEntry, ObjectMeta } from './model.ts';

type Input = AttributeValue | number | boolean | null | undefined;

/**
 * Single short text values repeat across a directory (codePage 0, objectCategory, instanceType,
 * TRUE, ...): one frozen Attribute per (name, value) is shared by every entry that has it, which
 * keeps a 100,000-account world to a fraction of the objects. Bounded; values are immutable.
 */
const shared = new Map<string, Attribute>();
/** Attributes whose values are (nearly) unique per entry: never worth a lookup. */
const UNIQUE = new Set(['distinguishedname', 'name', 'cn', 'ou', 'dc', 'samaccountname', 'userprincipalname', 'usncreated', 'usnchanged', 'displayname', 'dnshostname', 'givenname', 'sn', 'mail', 'description', 'member', 'memberof', 'serviceprincipalname']);
const MAX_SHARED = 4096;
const SHARE_MAX_LEN = 48;

function attribute(name: string, lower: string, vals: AttributeValue[]): Attribute {
  let short = vals.length <= 6 && !UNIQUE.has(lower);
  for (let i = 0; short && i < vals.length; i++) short = typeof vals[i] === 'string' && (vals[i] as string).length <= SHARE_MAX_LEN;
  if (short) {
    const key = `${name}\0${vals.join('\0')}`;
    let a = shared.get(key);
    if (a === undefined) {
      a = Object.freeze({ name, values: Object.freeze(vals) });
      if (shared.size < MAX_SHARED) shared.set(key, a);
    }
    return a;
  }
  return Object.freeze({ name, values: Object.freeze(vals) });
}

export class AttrBag {
  private readonly map = new Map<string, Attribute>();

  /** Sets (replaces) an attribute; null/undefined values are dropped and an empty result removes it. */
  set(name: string, ...values: Input[]): this {
    return this.setAll(name, values);
  }

  /** As `set`, from a list (no argument spread: a group may have 100,000 members). */
  setAll(name: string, values: readonly Input[] | undefined): this {
    const vals: AttributeValue[] = [];
    for (const v of values ?? []) {
      if (v === null || v === undefined) continue;
      if (typeof v === 'number') vals.push(String(v));
      else if (typeof v === 'boolean') vals.push(v ? 'TRUE' : 'FALSE');
      else vals.push(v);
    }
    const lower = name.toLowerCase();
    if (vals.length) this.map.set(lower, attribute(name, lower, vals));
    else this.map.delete(lower);
    return this;
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

/**
 * The attributes of an account or group entry, assembled on first use: a world of 100,000
 * accounts starts without 100,000 attribute maps, and an entry nobody reads never costs one.
 * objectGUID and objectSid (what indexes read of every entry) answer without assembling.
 */
/**
 * The naming attributes an entry can answer before it is assembled (lower case), from
 * `light`: what LDAP's equality indexes read of every entry (sAMAccountName, UPN, SPNs, cn,
 * name), so building an index over 100,000 accounts does not assemble 100,000 attribute maps.
 */
export const LIGHT_ATTRIBUTES: ReadonlySet<string> = new Set(['samaccountname', 'userprincipalname', 'serviceprincipalname', 'cn', 'name']);

export class LazyAttributes implements ReadonlyMap<string, Attribute> {
  #full: ReadonlyMap<string, Attribute> | undefined;
  #build: (() => ReadonlyMap<string, Attribute>) | undefined;
  readonly #guid: string;
  readonly #sid: Uint8Array | undefined;
  readonly #light: ReadonlyMap<string, Attribute> | undefined;

  /** `light` holds exactly the LIGHT_ATTRIBUTES the assembled entry will have (same values). */
  constructor(guid: string, sid: Uint8Array | undefined, build: () => ReadonlyMap<string, Attribute>, light?: ReadonlyMap<string, Attribute>) {
    this.#guid = guid;
    this.#sid = sid;
    this.#build = build;
    this.#light = light;
  }

  /** The objectGUID as text (indexes read it without building bytes). */
  get guid(): string {
    return this.#guid;
  }

  #map(): ReadonlyMap<string, Attribute> {
    if (this.#full === undefined) {
      this.#full = this.#build!();
      this.#build = undefined;
    }
    return this.#full;
  }

  get(key: string): Attribute | undefined {
    if (this.#full === undefined) {
      if (key === 'objectguid') return { name: 'objectGUID', values: [guidToBytes(this.#guid)] };
      if (key === 'objectsid') return this.#sid ? { name: 'objectSid', values: [this.#sid] } : undefined;
      if (this.#light && LIGHT_ATTRIBUTES.has(key)) return this.#light.get(key);
    }
    return this.#map().get(key);
  }
  has(key: string): boolean {
    return this.#map().has(key);
  }
  get size(): number {
    return this.#map().size;
  }
  forEach(cb: (value: Attribute, key: string, map: ReadonlyMap<string, Attribute>) => void, thisArg?: unknown): void {
    this.#map().forEach((v, k) => cb.call(thisArg, v, k, this));
  }
  keys() {
    return this.#map().keys();
  }
  values() {
    return this.#map().values();
  }
  entries() {
    return this.#map().entries();
  }
  [Symbol.iterator]() {
    return this.#map()[Symbol.iterator]();
  }
}
