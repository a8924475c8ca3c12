/**
 * Assembles LDAP-neutral entries: attribute names as the AD schema spells them, integers as
 * decimal strings, booleans as TRUE/FALSE, times as GeneralizedTime, SIDs and GUIDs as bytes.
 */
import { guidToBytes, toGeneralizedTime } from './ids.ts';
import type { Attribute, AttributeValue, DirectoryEntry, ObjectMeta, Principal } from './model.ts';

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
 * The naming and class attributes an account or group entry answers before (and without) being
 * assembled, lower case, in the order the assembled entry holds them (entries.ts): what LDAP's
 * equality indexes read of every entry and what an enumeration such as
 * `(objectCategory=person)` returning sAMAccountName needs, so neither assembles 100,000
 * attribute maps. test/unit/directory/lazy-attributes.test.ts checks values and order.
 */
export const LIGHT_ORDER: readonly string[] = [
  'objectclass',
  'cn',
  'distinguishedname',
  'name',
  'objectguid',
  'objectcategory',
  'samaccountname',
  'objectsid',
  'userprincipalname',
  'serviceprincipalname',
];
export const LIGHT_ATTRIBUTES: ReadonlySet<string> = new Set(LIGHT_ORDER);
/** Their names as the schema spells them. */
const LIGHT_NAMES: Readonly<Record<string, string>> = {
  objectclass: 'objectClass',
  cn: 'cn',
  distinguishedname: 'distinguishedName',
  name: 'name',
  objectguid: 'objectGUID',
  objectcategory: 'objectCategory',
  samaccountname: 'sAMAccountName',
  objectsid: 'objectSid',
  userprincipalname: 'userPrincipalName',
  serviceprincipalname: 'servicePrincipalName',
};

/** An attribute as AttrBag stores it (the shared frozen one for short repeated values), or undefined when `values` is empty. */
export function makeAttribute(name: string, values: readonly AttributeValue[]): Attribute | undefined {
  return values.length ? attribute(name, name.toLowerCase(), [...values]) : undefined;
}

/**
 * How many assembled entries stay assembled (the most recently assembled): a page of a search
 * (at most MaxPageSize, 1000) is filtered and then selected from its assembled entries, so they
 * must outlive one page; beyond that an entry is assembled again when read, and a full
 * enumeration of 100,000 accounts holds a few thousand maps at a time instead of all of them.
 */
export const ASSEMBLED_KEPT = 4096;
const kept: (LazyAttributes | undefined)[] = new Array(ASSEMBLED_KEPT);
let keptNext = 0;

/**
 * The attributes of an account or group entry, assembled when read (entry-builder's AttrBag via
 * `build`) and kept among the ASSEMBLED_KEPT most recently assembled: a world of 100,000 accounts
 * starts without 100,000 attribute maps and does not keep them after an enumeration. The
 * LIGHT_ATTRIBUTES answer from `light` without assembling.
 */
export class LazyAttributes implements ReadonlyMap<string, Attribute> {
  #full: ReadonlyMap<string, Attribute> | undefined;
  readonly #build: () => ReadonlyMap<string, Attribute>;
  readonly #guid: string;
  readonly #light: (key: string) => readonly AttributeValue[] | undefined;

  /** The account or group the entry is of (the directory index finds principals by DN through it). */
  readonly principal: Principal;

  /** `light(key)` gives the values of each of LIGHT_ATTRIBUTES exactly as the assembled entry has them (undefined when absent). */
  constructor(principal: Principal, build: () => ReadonlyMap<string, Attribute>, light: (key: string) => readonly AttributeValue[] | undefined) {
    this.principal = principal;
    this.#guid = principal.guid;
    this.#build = build;
    this.#light = light;
  }

  /** The objectGUID as text (indexes read it without building bytes). */
  get guid(): string {
    return this.#guid;
  }

  /** Whether the assembled map is held now (tests and the memory bound). */
  get assembled(): boolean {
    return this.#full !== undefined;
  }

  #map(): ReadonlyMap<string, Attribute> {
    let full = this.#full;
    if (full === undefined) {
      full = this.#full = this.#build();
      const old = kept[keptNext];
      if (old !== undefined && old !== this) old.#full = undefined;
      kept[keptNext] = this;
      keptNext = (keptNext + 1) % ASSEMBLED_KEPT;
    }
    return full;
  }

  /**
   * The named LIGHT_ATTRIBUTES (lower case) the entry has, in the assembled entry's order, without
   * assembling it; undefined when a name is not light.
   */
  lightSelection(names: Iterable<string>): Attribute[] | undefined {
    const want = new Set<string>();
    for (const n of names) {
      if (!LIGHT_ATTRIBUTES.has(n)) return undefined;
      want.add(n);
    }
    if (this.#full !== undefined) return [...this.#full].filter(([k]) => want.has(k)).map(([, a]) => a);
    const out: Attribute[] = [];
    for (const k of LIGHT_ORDER) {
      if (!want.has(k)) continue;
      const a = this.#lightAttribute(k);
      if (a !== undefined) out.push(a);
    }
    return out;
  }

  #lightAttribute(key: string): Attribute | undefined {
    const values = this.#light(key);
    return values === undefined ? undefined : makeAttribute(LIGHT_NAMES[key], values);
  }

  /** The values of an attribute (`key` lower case), without an Attribute object for a light one (index building). */
  valuesOf(key: string): readonly AttributeValue[] | undefined {
    if (this.#full === undefined && LIGHT_ATTRIBUTES.has(key)) return this.#light(key);
    return this.#map().get(key)?.values;
  }

  get(key: string): Attribute | undefined {
    if (this.#full === undefined && LIGHT_ATTRIBUTES.has(key)) return this.#lightAttribute(key);
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
