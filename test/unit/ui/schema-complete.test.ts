/**
 * The editor's completion (emulator/ui/public/schema-complete.js, the file the browser loads):
 * given the shipped JSON Schema, a scenario text and a cursor (marked `‸` below), the path at the
 * cursor and the property names or enum values it offers. Plus $ref and anyOf on a small schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { complete, jsonContext, schemaAt, valueOptions, yamlContext, yamlScalar, type JsonSchema } from '../../../emulator/ui/public/schema-complete.js';

const schema = JSON.parse(readFileSync(new URL('../../../scenarios/scenario.schema.json', import.meta.url), 'utf8')) as JsonSchema;
type Props = { properties: Record<string, { description?: string; enum?: string[] }> };
const userProps = Object.keys((schemaAt(schema, ['users', 0])[0] as Props).properties);

/** [text without the marker, the marker's offset]. */
function at(marked: string): [string, number] {
  const i = marked.indexOf('‸');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}
const labels = (marked: string, lang: 'yaml' | 'json' = 'yaml') => {
  const [text, o] = at(marked);
  return complete(schema, text, o, lang).options.map((x) => x.label);
};

describe('the path at the cursor', () => {
  it('YAML: under users[0], users[1] between keys, dcs at the parent\'s indent, nested sequences, a flow sequence', () => {
    const ctx = (m: string) => {
      const [t, o] = at(m);
      const c = yamlContext(t, o);
      return [c.path, c.position, c.word, c.present];
    };
    expect(ctx('domain:\n  dnsName: a.example\nusers:\n  - sam: alice\n    ‸')).toEqual([['users', 0], 'key', '', ['sam']]);
    expect(ctx('users:\n  - sam: alice\n    mail: a@b\n  - sam: bob\n    up‸\n    password: x\ndcs: []\n')).toEqual([['users', 1], 'key', 'up', ['sam', 'password']]);
    expect(ctx('dcs:\n- name: dc1\n  os: x\n- name: dc2\n  readOnly: tr‸')).toEqual([['dcs', 1, 'readOnly'], 'value', 'tr', []]);
    expect(ctx('users:\n  - sam: a\n    groups:\n      - x\n      - ‸')).toEqual([['users', 0, 'groups', 1], 'key', '', []]);
    expect(ctx('faults:\n  down: [kdc, ld‸')).toEqual([['faults', 'down', 1], 'value', 'ld', []]);
    expect(ctx('# comment\nname: x\n\ndomain:\n  # a comment\n\n  functionalLevel: "20‸')).toEqual([['domain', 'functionalLevel'], 'value', '20', []]);
    expect(ctx('‸')).toEqual([[], 'key', '', []]);
  });

  it('JSON: a key in the second user, a value in domain, a value in an array', () => {
    const ctx = (m: string) => {
      const [t, o] = at(m);
      const c = jsonContext(t, o);
      return [c.path, c.position, c.word, c.present];
    };
    expect(ctx('{"users": [{"sam": "a"}, {"sam": "b", "u‸')).toEqual([['users', 1], 'key', 'u', ['sam']]);
    expect(ctx('{"domain": {"dnsName": "a.example", "functionalLevel": "2‸')).toEqual([['domain', 'functionalLevel'], 'value', '2', []]);
    expect(ctx('{"faults": {"down": ["kdc", ‸')).toEqual([['faults', 'down', 1], 'value', '', []]);
    expect(ctx('{"a\\"b": {"x": 1}, ‸')).toEqual([[], 'key', '', ['a"b']]);
  });
});

describe('the options', () => {
  it('under users[0]: the user properties with their descriptions, minus the keys already there', () => {
    const [text, o] = at('domain:\n  dnsName: a.example\nusers:\n  - sam: alice\n    ‸');
    const r = complete(schema, text, o, 'yaml');
    expect(r.options.map((x) => x.label)).toEqual(userProps.filter((p) => p !== 'sam'));
    const upn = r.options.find((x) => x.label === 'upn')!;
    expect(upn.info).toBe((schemaAt(schema, ['users', 0, 'upn'])[0] as { description: string }).description);
    expect(upn.apply).toBe('upn: ');
    expect(labels('users:\n  - ‸')).toContain('upn');
    expect(labels('users:\n  - ‸')[0]).toBe('sam');
  });

  it('at the top: the root properties; domain.functionalLevel: its enum, quoted so YAML reads a string', () => {
    expect(labels('‸')).toEqual(Object.keys((schema as Props).properties));
    const [text, o] = at('domain:\n  functionalLevel: ‸');
    const r = complete(schema, text, o, 'yaml');
    expect(r.options.map((x) => x.label)).toEqual(['2003', '2008', '2012', '2016', '2025', '2008R2', '2012R2']);
    expect(r.options.map((x) => x.apply)).toEqual(['"2003"', '"2008"', '"2012"', '"2016"', '"2025"', '2008R2', '2012R2']);
  });

  it('booleans offer true and false; faults.down items its service names; JSON applies quoted keys and values', () => {
    expect(labels('users:\n  - sam: a\n    enabled: ‸')).toEqual(['true', 'false']);
    expect(labels('faults:\n  down:\n    - ‸')).toEqual((schemaAt(schema, ['faults', 'down', 0])[0] as { enum: string[] }).enum);
    const [text, o] = at('{"domain": {"‸');
    const r = complete(schema, text, o, 'json');
    expect(r.options.find((x) => x.label === 'functionalLevel')!.apply).toBe('functionalLevel"');
    const [t2, o2] = at('{"domain": {"functionalLevel": ‸');
    expect(complete(schema, t2, o2, 'json').options[0].apply).toBe('"2003"');
  });

  it('inside a flow mapping on one line (the shipped scenarios\' `- { name: dc1, … }`): its keys, minus those given; its values', () => {
    const [text, o] = at('dcs:\n  - { name: dc1, ‸ }');
    const r = complete(schema, text, o, 'yaml');
    expect(r.path).toEqual(['dcs', 0]);
    expect(r.options.map((x) => x.label)).toEqual(Object.keys((schemaAt(schema, ['dcs', 0])[0] as Props).properties).filter((k) => k !== 'name'));
    expect(r.options.find((x) => x.label === 'os')!.apply).toBe('os: ');
    const auth = at('tenant:\n  domains:\n    - { name: a.example }\n    - { name: b.example, authentication: fe‸');
    const ra = complete(schema, auth[0], auth[1], 'yaml');
    expect([ra.path, ra.position]).toEqual([['tenant', 'domains', 1, 'authentication'], 'value']);
    expect(ra.options.map((x) => x.label)).toEqual((schemaAt(schema, ['tenant', 'domains', 0, 'authentication'])[0] as { enum: string[] }).enum);
    expect(ra.from).toBe(auth[1] - 2);
    expect(labels('expect:\n  - { user: alice, step: ‸')).toEqual(valueOptions(schema, ['expect', 0, 'step']).map((x) => x.label));
    expect(valueOptions(schema, ['expect', 0, 'step']).length).toBeGreaterThan(3);
  });

  it('inside quotes: the value without quotes, then the closing quote unless it is there', () => {
    const [t1, o1] = at('domain:\n  functionalLevel: "20‸');
    const r1 = complete(schema, t1, o1, 'yaml');
    expect([r1.from, r1.options.find((x) => x.label === '2016')!.apply]).toEqual([o1 - 2, '2016"']);
    const [t2, o2] = at('domain:\n  functionalLevel: \'20‸\'');
    expect(complete(schema, t2, o2, 'yaml').options.find((x) => x.label === '2016')!.apply).toBe('2016');
    const [t3, o3] = at('dcs:\n  - { name: dc1, os: "Win‸" }');
    expect(complete(schema, t3, o3, 'yaml').path).toEqual(['dcs', 0, 'os']);
  });

  it('a path outside the schema offers nothing', () => {
    expect(labels('nosuchkey:\n  ‸')).toEqual([]);
    expect(labels('users:\n  - sam: a\n    groups:\n      - ‸')).toEqual([]);
  });

  it('follows $ref and anyOf/oneOf', () => {
    const s: JsonSchema = {
      $defs: { kind: { enum: ['a', 'b'] }, obj: { type: 'object', properties: { p: { description: 'P' } } } },
      type: 'object',
      properties: {
        x: { anyOf: [{ $ref: '#/$defs/obj' }, { type: 'object', properties: { q: { type: 'boolean' } } }] },
        k: { oneOf: [{ $ref: '#/$defs/kind' }, { const: 'c' }] },
        list: { type: 'array', items: { $ref: '#/$defs/obj' } },
      },
    };
    const c = (m: string) => {
      const [t, o] = at(m);
      return complete(s, t, o, 'yaml').options.map((x) => [x.label, x.info || x.detail]);
    };
    expect(c('x:\n  ‸')).toEqual([['p', 'P'], ['q', 'boolean']]);
    expect(c('k: ‸')).toEqual([['a', 'string'], ['b', 'string'], ['c', 'string']]);
    expect(c('list:\n  - p: 1\n  - ‸')).toEqual([['p', 'P']]);
  });

  it('yamlScalar quotes the strings YAML would read as something else', () => {
    expect(['2016', '1e3', '.5', 'true', 'no', '', 'a: b', '- x', '*x', 'kdc', 'Windows Server 2022', '-x', '2008R2'].map(yamlScalar))
      .toEqual(['"2016"', '"1e3"', '".5"', '"true"', '"no"', '""', '"a: b"', '"- x"', '"*x"', 'kdc', 'Windows Server 2022', '-x', '2008R2']);
  });
});
