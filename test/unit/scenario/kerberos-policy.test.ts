/** The scenario's `kerberos:` section: Windows defaults, MS-GPSB 2.2.2 ranges, the service <= TGT rule. */
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';
import { issuesOf, MINIMAL, summary } from './helpers.ts';

const withPolicy = (lines: string) => `${MINIMAL}kerberos:\n${lines}`;

describe('scenario kerberos policy', () => {
  it('defaults to the Default Domain Policy values', () => {
    expect(parseScenarioText(MINIMAL, 'test.yaml').kerberos).toEqual({
      maxTicketAgeHours: 10,
      maxRenewAgeDays: 7,
      maxServiceAgeMinutes: 600,
      maxClockSkewMinutes: 5,
      forwardable: true,
      renewable: true,
      kdcArmoring: 'notSupported',
    });
  });

  it('keeps the values a file gives and defaults the rest', () => {
    const k = parseScenarioText(withPolicy('  maxTicketAgeHours: 1\n  maxServiceAgeMinutes: 10\n  renewable: false\n'), 'test.yaml').kerberos;
    expect(k).toEqual({ maxTicketAgeHours: 1, maxRenewAgeDays: 7, maxServiceAgeMinutes: 10, maxClockSkewMinutes: 5, forwardable: true, renewable: false, kdcArmoring: 'notSupported' });
  });

  it('takes the KDC armoring policy by its four values and names the path of any other', () => {
    for (const v of ['notSupported', 'supported', 'alwaysProvideClaims', 'failUnarmored']) {
      expect(parseScenarioText(withPolicy(`  kdcArmoring: ${v}\n`), 'test.yaml').kerberos.kdcArmoring).toBe(v);
    }
    const issues = issuesOf(withPolicy('  kdcArmoring: always\n'));
    expect(issues.map((i) => i.path)).toEqual(['kerberos.kdcArmoring']);
  });

  it('accepts the edges of the MS-GPSB ranges', () => {
    expect(issuesOf(withPolicy('  maxTicketAgeHours: 99999\n  maxRenewAgeDays: 0\n  maxServiceAgeMinutes: 99999\n  maxClockSkewMinutes: 0\n'))).toEqual([]);
    expect(issuesOf(withPolicy('  maxTicketAgeHours: 1\n  maxRenewAgeDays: 99999\n  maxServiceAgeMinutes: 10\n  maxClockSkewMinutes: 99999\n'))).toEqual([]);
  });

  it('reports values out of range with their path and line', () => {
    const issues = issuesOf(withPolicy('  maxTicketAgeHours: 0\n  maxRenewAgeDays: 100000\n  maxServiceAgeMinutes: 9\n  maxClockSkewMinutes: -1\n'));
    expect(summary(issues)).toEqual([
      'OUT_OF_RANGE kerberos.maxTicketAgeHours',
      'OUT_OF_RANGE kerberos.maxRenewAgeDays',
      'OUT_OF_RANGE kerberos.maxServiceAgeMinutes',
      'OUT_OF_RANGE kerberos.maxClockSkewMinutes',
    ]);
    expect(issues.map((i) => i.line)).toEqual([10, 11, 12, 13]);
  });

  it('reports a fraction, a string and an unknown key', () => {
    const issues = issuesOf(withPolicy('  maxTicketAgeHours: 1.5\n  forwardable: "yes"\n  maxTicketAge: 10\n'));
    expect(summary(issues)).toEqual(['WRONG_TYPE kerberos.maxTicketAgeHours', 'WRONG_TYPE kerberos.forwardable', 'UNKNOWN_KEY kerberos.maxTicketAge']);
    expect(issues[2].hint).toContain('maxTicketAgeHours');
  });

  it('reports a service-ticket lifetime longer than the user-ticket lifetime as a conflict', () => {
    const issues = issuesOf(withPolicy('  maxTicketAgeHours: 2\n  maxServiceAgeMinutes: 121\n'));
    expect(summary(issues)).toEqual(['CONFLICT kerberos.maxServiceAgeMinutes']);
    expect(issues[0].line).toBe(11);
    expect(issuesOf(withPolicy('  maxTicketAgeHours: 2\n  maxServiceAgeMinutes: 120\n'))).toEqual([]);
  });

  it('lowers the default service-ticket lifetime to a shorter user-ticket lifetime', () => {
    expect(issuesOf(withPolicy('  maxTicketAgeHours: 1\n'))).toEqual([]);
    expect(parseScenarioText(withPolicy('  maxTicketAgeHours: 1\n'), 'test.yaml').kerberos.maxServiceAgeMinutes).toBe(60);
    expect(parseScenarioText(withPolicy('  maxTicketAgeHours: 24\n'), 'test.yaml').kerberos.maxServiceAgeMinutes).toBe(600);
  });
});
