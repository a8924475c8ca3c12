import { describe, expect, it } from 'vitest';
import { MAX_SCENARIO_BYTES, parseScenarioText } from '../../../emulator/scenario/load.ts';
import { ScenarioErrors } from '../../../emulator/scenario/errors.ts';

const doc = {
  domain: { dnsName: 'fabrikam.local' },
  users: [{ sam: 'alice', password: 'Alice-Passw0rd!' }, { sam: 'bob' }],
};

describe('JSON scenario files', () => {
  it('load as the same scenario as the YAML spelling', () => {
    const json = parseScenarioText(JSON.stringify(doc, null, 2), 'w.json');
    const yaml = parseScenarioText('domain: { dnsName: fabrikam.local }\nusers:\n  - { sam: alice, password: "Alice-Passw0rd!" }\n  - { sam: bob }\n', 'w.yaml');
    expect(json.name).toBe('w');
    expect({ ...json, file: '', name: '' }).toEqual({ ...yaml, file: '', name: '' });
  });

  it('keep file, line and path in their errors', () => {
    const bad = JSON.stringify({ ...doc, users: [...doc.users, { sam: 'carol', enabled: 'yes' }] }, null, 2);
    try {
      parseScenarioText(bad, 'w.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioErrors);
      const issue = (err as ScenarioErrors).issues[0];
      expect(issue).toMatchObject({ file: 'w.json', path: 'users[2].enabled' });
      expect(bad.split('\n')[issue.line! - 1]).toContain('"enabled"');
    }
  });

  it('are bounded at a size that holds a real directory export', () => {
    expect(MAX_SCENARIO_BYTES).toBeGreaterThanOrEqual(100_000 * 200);
  });
});

describe('the fast YAML path', () => {
  it('reads YAML 1.2 core as the positional parser does: an unquoted timestamp stays text, aliases still resolve', () => {
    const s = parseScenarioText('epoch: 2025-06-01T00:00:00Z\ndomain: { dnsName: fabrikam.local }\ngroups:\n  - { name: Staff }\nusers:\n  - { sam: alice, groups: &g [Staff] }\n  - { sam: bob, groups: *g }\n', 'f.yaml');
    expect(s.epoch).toBe(Date.parse('2025-06-01T00:00:00Z'));
    expect(s.users.map((u) => u.groups)).toEqual([['Staff'], ['Staff']]);
  });

  it('leaves duplicate keys to the positional parser, which names the line', () => {
    try {
      parseScenarioText('domain: { dnsName: fabrikam.local }\nusers: []\nusers: []\n', 'dup.yaml');
      expect.unreachable();
    } catch (err) {
      expect((err as ScenarioErrors).issues[0]).toMatchObject({ file: 'dup.yaml', reason: 'YAML_SYNTAX', line: 3 });
    }
  });
});
