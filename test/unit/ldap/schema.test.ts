import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_TYPES, OBJECT_CLASSES, attributeType, attributeTypeDescription, objectClass, schemaName } from '../../../emulator/ldap/schema.ts';
import { loadVectorFile } from '../../support/vectors.ts';
import { accountStates, directoryOf, treeOf } from './helpers.ts';

const vectors = loadVectorFile('test/vectors/samba-ad-schema/subschema-subset.json');
const samba = (input: string) => vectors.vectors.find((v: { input: string }) => v.input === input).expected;

describe('published schema covers the directory', () => {
  for (const name of ['multi-upn-suffix.yaml', 'baseline.yaml', 'account-states']) {
    const d = name === 'account-states' ? accountStates() : directoryOf(name);
    it(`${name}: every attribute is in the schema, spelled as the schema spells it`, () => {
      const missing = new Set<string>();
      for (const t of treeOf(d).all) {
        for (const a of t.entry.attributes.values()) if (attributeType(a.name)?.name !== a.name) missing.add(a.name);
      }
      expect([...missing]).toEqual([]);
    });
    it(`${name}: every objectClass and objectCategory is a published class`, () => {
      const schemaDn = d.domain.schemaDn.toLowerCase();
      for (const t of treeOf(d).all) {
        for (const c of t.entry.attributes.get('objectclass')!.values) expect(objectClass(String(c)), String(c)).toBeDefined();
        const cat = String(t.entry.attributes.get('objectcategory')!.values[0]);
        expect(cat.toLowerCase().endsWith(`,${schemaDn}`), cat).toBe(true);
        expect(objectClass(cat.slice(3, cat.indexOf(','))), cat).toBeDefined();
      }
    });
  }
  it('binary and DN syntaxes are where AD has them', () => {
    expect(attributeType('objectSid')).toMatchObject({ binary: true, match: 'sid' });
    expect(attributeType('OBJECTGUID')).toMatchObject({ binary: true, match: 'octet' });
    expect(attributeType('memberOf')).toMatchObject({ binary: false, match: 'dn' });
    expect(attributeType('pwdLastSet')).toMatchObject({ match: 'integer', single: true });
    expect(attributeType('tokenGroups')).toMatchObject({ constructed: true, binary: true });
    expect(schemaName('samaccountname')).toBe('sAMAccountName');
    expect(schemaName('notAnAttribute')).toBe('notAnAttribute');
  });
});

describe('cross-check with the AD schema Samba 4.17 publishes', () => {
  it('attributeTypes descriptions are identical', () => {
    expect(ATTRIBUTE_TYPES.map(attributeTypeDescription).sort()).toEqual([...samba('attributeTypes')].sort());
  });
  it('class facts are identical', () => {
    const mine = OBJECT_CLASSES.map((c) => ({
      lDAPDisplayName: c.name,
      cn: c.cn,
      governsID: c.oid,
      subClassOf: c.sup,
      objectClassCategory: { '88': 0, structural: 1, abstract: 2, auxiliary: 3 }[c.kind],
      defaultObjectCategory: c.defaultCategory,
    }));
    expect(mine).toEqual(samba('classSchema'));
  });
});
