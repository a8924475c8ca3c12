// The scenario knobs the failure scenarios need: unpublishedUpnSuffixes (the KDC finds no account
// by a UPN whose suffix the forest does not publish) and client.domainRealm; a lab whose KDC is
// down (faults.down) starts on free ports.
import { describe, expect, it } from 'vitest';
import { NAME_TYPE } from '../../../emulator/kerberos/asn1/index.ts';
import { findClient } from '../../../emulator/kerberos/kdc/principals.ts';
import { startLab } from '../../../emulator/lab.ts';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';
import { buildWorld } from '../../../emulator/world.ts';
import { issuesOf, MINIMAL, summary } from './helpers.ts';

const WITH_BOB = `${MINIMAL}  - sam: bob
    upn: bob@east.contoso.com
    password: "B-Passw0rd!"
`;

describe('unpublishedUpnSuffixes', () => {
  it('a UPN suffix in neither list is still an error naming the user', () => {
    expect(summary(issuesOf(WITH_BOB))).toEqual(['UNKNOWN_UPN_SUFFIX users[1].upn']);
  });
  it('listed there, the user is valid, and the forest does not publish it', () => {
    const s = parseScenarioText(`${WITH_BOB}unpublishedUpnSuffixes: [east.contoso.com]\n`, 'x.yaml');
    expect(s.unpublishedUpnSuffixes).toEqual(['east.contoso.com']);
    const w = buildWorld(s);
    expect(w.directory.domain.upnSuffixes).toEqual(['contoso.com']);
    expect(w.tenant.domains.map((d) => d.name)).toContain('east.contoso.com');
  });
  it('a suffix in both lists is a duplicate', () => {
    expect(summary(issuesOf(`${MINIMAL}unpublishedUpnSuffixes: [contoso.com]\n`))).toEqual(['DUPLICATE_NAME unpublishedUpnSuffixes[0]']);
  });
  it('the KDC finds no account by such a UPN, but still by its sAMAccountName and by a published UPN', () => {
    const dir = buildWorld(parseScenarioText(`${WITH_BOB}unpublishedUpnSuffixes: [east.contoso.com]\n`, 'x.yaml')).directory;
    expect(findClient(dir, { nameType: NAME_TYPE.NT_ENTERPRISE, nameString: ['bob@east.contoso.com'] })).toBeUndefined();
    expect(findClient(dir, { nameType: NAME_TYPE.NT_PRINCIPAL, nameString: ['bob@east.contoso.com'] })).toBeUndefined();
    expect(findClient(dir, { nameType: NAME_TYPE.NT_PRINCIPAL, nameString: ['bob'] })?.by).toBe('sAMAccountName');
    expect(findClient(dir, { nameType: NAME_TYPE.NT_ENTERPRISE, nameString: ['alice@contoso.com'] })?.by).toBe('userPrincipalName');
  });
});

describe('client.domainRealm', () => {
  it('takes host and .suffix keys mapped to upper-case realms', () => {
    const s = parseScenarioText(`${MINIMAL}client:\n  domainRealm: { .contoso.com: FABRIKAM.LOCAL, fs9.east.contoso.com: EAST.CONTOSO.COM }\n`, 'x.yaml');
    expect(s.client.domainRealm).toEqual({ '.contoso.com': 'FABRIKAM.LOCAL', 'fs9.east.contoso.com': 'EAST.CONTOSO.COM' });
    expect(parseScenarioText(MINIMAL, 'x.yaml').client.domainRealm).toEqual({});
  });
  it('a lower-case realm is an error with its path and line', () => {
    const issues = issuesOf(`${MINIMAL}client:\n  domainRealm:\n    .contoso.com: fabrikam.local\n`);
    expect(issues.map((i) => [i.path, i.line])).toEqual([['client.domainRealm[".contoso.com"]', 11]]);
    expect(issues[0].expected).toContain('upper case');
  });
});

describe('faults.down: [kdc] on free ports', () => {
  it('starts, and the SRV records name a port nothing listens on', async () => {
    const s = parseScenarioText(`${MINIMAL}faults: { down: [kdc] }\n`, 'x.yaml');
    const lab = await startLab(s, { freePorts: true });
    try {
      expect(lab.port('kdc')).toBeUndefined();
      expect(lab.port('dns')).toBeGreaterThan(0);
      expect(Object.keys(lab.labFile().services)).not.toContain('kdc');
    } finally {
      await lab.close();
    }
  });
});

describe('expect: outcomes with a KDC_ prefix', () => {
  const withOutcome = (o: string) => `${MINIMAL}expect:\n  - { user: alice, step: fullTgt, outcome: ${o} }\n`;
  it("accept the device's KDC_UNREACHABLE beside real KRB-ERROR names, and still refuse a misspelt one", () => {
    expect(summary(issuesOf(withOutcome('KDC_UNREACHABLE')))).toEqual([]);
    expect(summary(issuesOf(withOutcome('KDC_ERR_TGT_REVOKED')))).toEqual([]);
    expect(summary(issuesOf(withOutcome('KDC_ERR_TGT_REVOKD')))).toEqual(['UNKNOWN_OUTCOME expect[0].outcome']);
  });
});
