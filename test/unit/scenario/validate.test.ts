import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../../emulator/core/errors.ts';
import { ScenarioErrors, ScenarioIssue } from '../../../emulator/scenario/errors.ts';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';
import { issuesOf, MINIMAL, summary } from './helpers.ts';

describe('scenario validation: schema mistakes', () => {
  it('accepts the minimal scenario', () => {
    expect(issuesOf(MINIMAL)).toEqual([]);
  });

  it('reports a wrong type with its path and line', () => {
    const issues = issuesOf(`${MINIMAL}    enabled: "yes"\n`);
    expect(summary(issues)).toEqual(['WRONG_TYPE users[0].enabled']);
    expect(issues[0].line).toBe(9);
    expect(issues[0]).toBeInstanceOf(ScenarioError);
    expect(issues[0].code).toBe('SCENARIO_INVALID');
    expect(issues[0].file).toBe('test.yaml');
  });

  it('reports a missing required field', () => {
    expect(summary(issuesOf('domain: {}\n'))).toEqual(['MISSING domain.dnsName']);
  });

  it('reports an unknown key at the key itself, with a did-you-mean hint', () => {
    const issues = issuesOf(`${MINIMAL}    upnn: alice@contoso.com\n`);
    expect(summary(issues)).toEqual(['UNKNOWN_KEY users[0].upnn']);
    expect(issues[0].hint).toContain('upn');
    expect(issues[0].line).toBe(9);
  });

  it('reports RODC numbers out of 1..65535 for a DC and for AzureADKerberos', () => {
    const text = `${MINIMAL}dcs:\n  - name: dc1\n  - name: rodc1\n    readOnly: true\n    rodcNumber: 65536\nazureADKerberos:\n  id: 0\n`;
    const issues = issuesOf(text);
    expect(summary(issues)).toEqual(['OUT_OF_RANGE dcs[1].rodcNumber', 'OUT_OF_RANGE azureADKerberos.id']);
    expect(issues.map((i) => i.line)).toEqual([13, 15]);
    expect(issues.every((i) => i.hint !== undefined)).toBe(true);
  });

  it('reports a malformed value (bad IP address, bad enum)', () => {
    const text = `${MINIMAL}dcs:\n  - name: dc1\n    address: 300.1.1.1\nclient:\n  dcLocatorHint: upn\n`;
    expect(summary(issuesOf(text))).toEqual(['BAD_FORMAT dcs[0].address', 'BAD_VALUE client.dcLocatorHint']);
  });

  it('reports every schema mistake at once, in file order', () => {
    const text = `domain:\n  dnsName: "bad name"\nusers:\n  - sam: alice\n    enabled: 3\n  - sam: bob\n    rid: 12\n`;
    expect(summary(issuesOf(text))).toEqual(['BAD_FORMAT domain.dnsName', 'WRONG_TYPE users[0].enabled', 'OUT_OF_RANGE users[1].rid']);
  });
});

describe('scenario validation: YAML syntax', () => {
  it('reports bad YAML with its line and no path', () => {
    const issues = issuesOf('domain:\n  dnsName: fabrikam.local\nusers: [\n  - sam: x\n');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.reason === 'YAML_SYNTAX' && i.path === '')).toBe(true);
    expect(issues[0].line).toBeGreaterThanOrEqual(3);
  });
  it('reports a duplicate key as a YAML error on the second occurrence', () => {
    const issues = issuesOf('domain:\n  dnsName: a.local\n  dnsName: b.local\n');
    expect(summary(issues)).toEqual(['YAML_SYNTAX ']);
    expect(issues[0].line).toBe(3);
  });
  it('reports an empty document as missing', () => {
    expect(summary(issuesOf(''))).toEqual(['MISSING ']);
    expect(summary(issuesOf('- a\n- b\n'))).toEqual(['WRONG_TYPE ']);
  });
});

describe('scenario validation: cross-references', () => {
  it('reports an unknown UPN suffix', () => {
    const issues = issuesOf(`${MINIMAL}  - sam: bob\n    upn: bob@east.contoso.com\n`);
    expect(summary(issues)).toEqual(['UNKNOWN_UPN_SUFFIX users[1].upn']);
    expect(issues[0].line).toBe(10);
    expect(issues[0].hint).toContain('upnSuffixes');
  });

  it('accepts the domain DNS name itself as a UPN suffix', () => {
    expect(issuesOf(`${MINIMAL}  - sam: bob\n    upn: bob@fabrikam.local\n`)).toEqual([]);
  });

  it('reports an unknown group with a suggestion, and accepts well-known groups', () => {
    const issues = issuesOf(`${MINIMAL}    groups: [Domain Admns, Administrators]\n`);
    expect(summary(issues)).toEqual(['UNKNOWN_GROUP users[0].groups[0]']);
    expect(issues[0].hint).toContain('Domain Admins');
  });

  it('reports a duplicate sAMAccountName, case-insensitively and across users, computers and groups', () => {
    const text = `${MINIMAL}  - sam: ALICE\ncomputers:\n  - name: dc1\ngroups:\n  - name: Domain Users\n`;
    // dc1 is the default DC, so the computer dc1 (DC1$) collides with it.
    expect(summary(issuesOf(text))).toEqual(['DUPLICATE_SAM users[1].sam', 'DUPLICATE_SAM computers[0].name', 'DUPLICATE_SAM groups[0].name']);
  });

  it('reports a duplicate UPN', () => {
    expect(summary(issuesOf(`${MINIMAL}  - sam: alice2\n    upn: Alice@contoso.com\n`))).toEqual(['DUPLICATE_UPN users[1].upn']);
  });

  it('reports an RODC number used twice and an rodcNumber on a writable DC', () => {
    const text = `${MINIMAL}dcs:\n  - name: dc1\n    rodcNumber: 5\n  - name: rodc1\n    readOnly: true\n    rodcNumber: 30775\nazureADKerberos:\n  id: 30775\n`;
    // The RODC's krbtgt_30775 and AzureADKerberos' krbtgt_30775 would also share a sAMAccountName.
    expect(summary(issuesOf(text))).toEqual(['CONFLICT dcs[0].rodcNumber', 'DUPLICATE_RODC_NUMBER dcs[1].rodcNumber', 'DUPLICATE_SAM azureADKerberos.id']);
  });

  it('requires a writable DC', () => {
    expect(summary(issuesOf(`${MINIMAL}dcs:\n  - name: rodc1\n    readOnly: true\n`))).toEqual(['NO_WRITABLE_DC dcs']);
  });

  it('reports unknown sites, OUs, members and tenant users', () => {
    const text = `${MINIMAL}    ou: Staff\ndcs:\n  - name: dc1\n    site: Paris\ngroups:\n  - name: Finance\n    members: [alicia]\ntenant:\n  users:\n    - user: bobby\n`;
    expect(summary(issuesOf(text))).toEqual(['UNKNOWN_OU users[0].ou', 'UNKNOWN_SITE dcs[0].site', 'UNKNOWN_MEMBER groups[0].members[0]', 'UNKNOWN_USER tenant.users[0].user']);
  });

  it('checks expectations: known user, Kerberos error names, service for serviceTicket', () => {
    const text = `${MINIMAL}expect:\n  - { user: alice, step: fullTgt, outcome: KDC_ERR_TGT_REVOKD }\n  - { user: carol, step: fullTgt, outcome: ok }\n  - { user: alice, step: serviceTicket, outcome: ok }\n`;
    const issues = issuesOf(text);
    expect(summary(issues)).toEqual(['UNKNOWN_OUTCOME expect[0].outcome', 'UNKNOWN_USER expect[1].user', 'MISSING expect[2].service']);
    expect(issues[0].hint).toContain('KDC_ERR_TGT_REVOKED');
  });

  it('checks DNS faults: delay needs delayMs', () => {
    const text = `${MINIMAL}faults:\n  dns:\n    - { name: _ldap._tcp.dc._msdcs.fabrikam.local, action: delay }\n    - { name: "*.east.contoso.com", action: nxdomain }\n`;
    expect(summary(issuesOf(text))).toEqual(['MISSING faults.dns[0].delayMs']);
  });
});

describe('ScenarioErrors', () => {
  it('is thrown with typed issues and the SCENARIO_INVALID code', () => {
    let caught: unknown;
    try {
      parseScenarioText('domain: {}\n', 'x.yaml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ScenarioErrors);
    const e = caught as ScenarioErrors;
    expect(e.code).toBe('SCENARIO_INVALID');
    expect(e.issues[0]).toBeInstanceOf(ScenarioIssue);
    expect(e.issues[0].path).toBe('domain.dnsName');
  });
});
