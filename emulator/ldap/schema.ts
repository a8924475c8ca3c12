/**
 * Schema lookups that drive the server: attribute names as the schema spells them, how values of
 * each syntax compare (MS-ADTS 3.1.1.3.1.3, the 2.5.5.x syntaxes), which values travel as
 * binary, which attributes are constructed, the objectCategory shorthands, and the published
 * subschema (CN=Aggregate, RFC 4512 4.2 / MS-ADTS 3.1.1.3.1.1.4) with classSchema objects for the
 * classes the directory uses.
 */
import { deriveGuid, guidToBytes, toGeneralizedTime } from '../directory/ids.ts';
import type { Attribute, AttributeValue, DirectoryEntry, DomainInfo } from '../directory/model.ts';
import { ATTRIBUTE_ROWS, CLASS_ROWS, type ClassKind } from './schema-data.ts';

/** How values compare in filters (by attributeSyntax). */
export type MatchKind = 'dn' | 'caseIgnore' | 'caseExact' | 'integer' | 'octet' | 'sid' | 'time';

export interface AttributeType {
  readonly name: string;
  readonly oid: string;
  /** LDAP syntax OID as published (e.g. 1.3.6.1.4.1.1466.115.121.1.15). */
  readonly syntax: string;
  /** AD attributeSyntax (2.5.5.x). */
  readonly adSyntax: string;
  readonly single: boolean;
  readonly noUserMod: boolean;
  readonly constructed: boolean;
  readonly linkId?: number;
  readonly match: MatchKind;
  /** Values are raw bytes on the wire (octet string, SID, security descriptor). */
  readonly binary: boolean;
}

export interface ObjectClassDef {
  readonly name: string;
  readonly cn: string;
  readonly oid: string;
  readonly sup: string;
  readonly kind: ClassKind;
  /** cn of the defaultObjectCategory class. */
  readonly defaultCategory: string;
}

const MATCH_BY_AD_SYNTAX: Record<string, MatchKind> = {
  '2.5.5.1': 'dn',
  '2.5.5.2': 'caseIgnore',
  '2.5.5.3': 'caseExact',
  '2.5.5.4': 'caseIgnore',
  '2.5.5.5': 'caseExact',
  '2.5.5.6': 'caseIgnore',
  '2.5.5.7': 'caseIgnore',
  '2.5.5.8': 'caseIgnore',
  '2.5.5.9': 'integer',
  '2.5.5.10': 'octet',
  '2.5.5.11': 'time',
  '2.5.5.12': 'caseIgnore',
  '2.5.5.13': 'caseIgnore',
  '2.5.5.14': 'caseIgnore',
  '2.5.5.15': 'octet',
  '2.5.5.16': 'integer',
  '2.5.5.17': 'sid',
};

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ATTRIBUTE_ROWS.map(([name, oid, syntax, adSyntax, f = {}]) => {
  const match = MATCH_BY_AD_SYNTAX[adSyntax] ?? 'caseIgnore';
  return Object.freeze({
    name,
    oid,
    syntax,
    adSyntax,
    single: !!f.single,
    noUserMod: !!f.noUserMod,
    constructed: !!f.constructed,
    ...(f.linkId !== undefined ? { linkId: f.linkId } : {}),
    match,
    binary: match === 'octet' || match === 'sid',
  });
});

export const OBJECT_CLASSES: readonly ObjectClassDef[] = CLASS_ROWS.map(([name, cn, oid, sup, kind, defaultCategory]) =>
  Object.freeze({ name, cn, oid, sup, kind, defaultCategory }),
);

const ATTR_BY_NAME = new Map<string, AttributeType>();
for (const a of ATTRIBUTE_TYPES) {
  ATTR_BY_NAME.set(a.name.toLowerCase(), a);
  ATTR_BY_NAME.set(a.oid, a);
}
const CLASS_BY_NAME = new Map<string, ObjectClassDef>();
for (const c of OBJECT_CLASSES) {
  CLASS_BY_NAME.set(c.name.toLowerCase(), c);
  CLASS_BY_NAME.set(c.cn.toLowerCase(), c);
  CLASS_BY_NAME.set(c.oid, c);
}

/** The attribute type for a name (case-insensitive) or OID; attribute options (`;binary`) ignored. */
export function attributeType(name: string): AttributeType | undefined {
  const base = name.split(';')[0];
  return ATTR_BY_NAME.get(base.toLowerCase()) ?? ATTR_BY_NAME.get(base);
}

/** The schema spelling of an attribute name, or the name as given when the schema does not know it. */
export function schemaName(name: string): string {
  return attributeType(name)?.name ?? name;
}

export function objectClass(name: string): ObjectClassDef | undefined {
  return CLASS_BY_NAME.get(name.toLowerCase());
}

/** RFC 4512 4.1.2 AttributeTypeDescription, in the form AD publishes (SYNTAX quoted). */
export function attributeTypeDescription(a: AttributeType): string {
  return `( ${a.oid} NAME '${a.name}' SYNTAX '${a.syntax}'${a.single ? ' SINGLE-VALUE' : ''}${a.noUserMod ? ' NO-USER-MODIFICATION' : ''} )`;
}

/** RFC 4512 4.1.1 ObjectClassDescription (AD prints 88 classes as STRUCTURAL). */
export function objectClassDescription(c: ObjectClassDef): string {
  const kind = c.kind === 'abstract' ? 'ABSTRACT' : c.kind === 'auxiliary' ? 'AUXILIARY' : 'STRUCTURAL';
  const sup = c.name === 'top' ? '' : ` SUP ${c.sup}`;
  return `( ${c.oid} NAME '${c.name}'${sup} ${kind} )`;
}

const enc = new TextEncoder();

/** The published schema of one directory: category DNs and the synthesized schema objects. */
export class PublishedSchema {
  readonly aggregateDn: string;
  private readonly entries: DirectoryEntry[];

  private readonly domain: DomainInfo;
  constructor(domain: DomainInfo) {
    this.domain = domain;
    this.aggregateDn = `CN=Aggregate,${domain.schemaDn}`;
    this.entries = [this.aggregate(), ...OBJECT_CLASSES.map((c) => this.classEntry(c))];
  }

  /** `CN=Person,CN=Schema,...` for `person`, `user`, `Person` or a full DN (returned as is). */
  categoryDn(value: string): string | undefined {
    if (value.includes('=')) return value;
    const c = objectClass(value);
    return c ? `CN=${c.defaultCategory},${this.domain.schemaDn}` : undefined;
  }

  /** CN=Aggregate and one classSchema object per published class. */
  schemaEntries(): readonly DirectoryEntry[] {
    return this.entries;
  }

  /** Values of a constructed subschema attribute (attributeTypes, objectClasses), asked by name. */
  subschemaValues(name: string): string[] | undefined {
    const n = name.toLowerCase();
    if (n === 'attributetypes') return ATTRIBUTE_TYPES.map(attributeTypeDescription);
    if (n === 'objectclasses') return OBJECT_CLASSES.map(objectClassDescription);
    if (n === 'ditcontentrules') return [];
    return undefined;
  }

  private meta(cn: string, objectClasses: string[], category: string): Map<string, Attribute> {
    const dn = `CN=${cn},${this.domain.schemaDn}`;
    const when = toGeneralizedTime(this.domain.epoch);
    const m = new Map<string, Attribute>();
    const set = (name: string, ...values: AttributeValue[]) => m.set(name.toLowerCase(), { name, values });
    set('objectClass', ...objectClasses);
    set('cn', cn);
    set('distinguishedName', dn);
    set('instanceType', '4');
    set('whenCreated', when);
    set('whenChanged', when);
    set('name', cn);
    set('objectGUID', guidToBytes(deriveGuid(this.domain.guid, `schema:${cn.toLowerCase()}`)));
    set('objectCategory', `CN=${category},${this.domain.schemaDn}`);
    set('showInAdvancedViewOnly', 'TRUE');
    return m;
  }

  private aggregate(): DirectoryEntry {
    const m = this.meta('Aggregate', ['top', 'subSchema'], 'SubSchema');
    m.set('systemflags', { name: 'systemFlags', values: ['134217728'] });
    return { dn: this.aggregateDn, attributes: m };
  }

  private classEntry(c: ObjectClassDef): DirectoryEntry {
    const m = this.meta(c.cn, ['top', 'classSchema'], 'Class-Schema');
    const set = (name: string, value: string) => m.set(name.toLowerCase(), { name, values: [value] });
    set('governsID', c.oid);
    set('lDAPDisplayName', c.name);
    set('subClassOf', c.sup);
    set('objectClassCategory', String({ '88': 0, structural: 1, abstract: 2, auxiliary: 3 }[c.kind]));
    set('defaultObjectCategory', `CN=${c.defaultCategory},${this.domain.schemaDn}`);
    return { dn: `CN=${c.cn},${this.domain.schemaDn}`, attributes: m };
  }
}

/** A value as wire bytes. */
export function valueBytes(v: AttributeValue): Uint8Array {
  return typeof v === 'string' ? enc.encode(v) : v;
}
