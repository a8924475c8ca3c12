/**
 * `ctlab lab fault SWITCH ARGS...` (clients/cli/lab-switch-args.ts) as the POST /faults body the
 * admin API parses (emulator/admin/fault-switches.ts), and the usage errors that name the argument.
 */
import { describe, expect, it } from 'vitest';
import { parseFaultSwitches } from '../../../emulator/admin/index.ts';
import { UsageError } from '../../../emulator/core/errors.ts';
import { faultBody } from '../../../clients/cli/lab-switch-args.ts';

describe('ctlab lab fault arguments', () => {
  it.each([
    [['neverReveal', 'add', 'carol'], { neverReveal: { add: 'carol' } }],
    [['never-reveal', 'remove', 'East Admins'], { neverReveal: { remove: 'East Admins' } }],
    [['dnsDrop', '_kerberos._tcp.dc._msdcs.fabrikam.local', 'srv'], { dnsDrop: { name: '_kerberos._tcp.dc._msdcs.fabrikam.local', type: 'SRV' } }],
    [['dnsFault', 'fabrikam.local', 'A', 'delay', '2500'], { dnsFault: { name: 'fabrikam.local', type: 'A', action: 'delay', delayMs: 2500 } }],
    [['dns-clear'], { dnsClear: true }],
    [['clockSkew', 'kdc', '900'], { clockSkew: { kdc: 900 } }],
    [['clock-skew', 'cloud', '-600'], { clockSkew: { cloud: -600 } }],
    [['down', 'kdc,kpasswd'], { down: ['kdc', 'kpasswd'] }],
    [['down', 'none'], { down: [] }],
    [['dcLocatorHint', 'upnSuffix'], { dcLocatorHint: 'upnSuffix' }],
    [['kerberos-domain', 'absent'], { kerberosDomain: 'absent' }],
    [['dc-down', 'rodc1'], { dcDown: 'rodc1' }],
    [['dcUp', 'dc1'], { dcUp: 'dc1' }],
  ])('%j -> %j, which the admin API accepts', (argv, body) => {
    expect(faultBody(argv)).toEqual(body);
    expect(() => parseFaultSwitches(body)).not.toThrow();
  });

  it.each([
    [[], /expected a switch name/],
    [['rotate'], /unknown switch 'rotate'/],
    [['clockSkew', 'dc', '5'], /expected kdc or cloud, got 'dc'/],
    [['clockSkew', 'kdc', 'ten'], /SECONDS: expected a whole number, got 'ten'/],
    [['neverReveal', 'carol'], /expected add\|remove NAME, got 'carol'/],
    [['dnsClear', 'x'], /expected no arguments/],
  ])('%j is a usage error naming the argument', (argv, message) => {
    expect(() => faultBody(argv)).toThrow(UsageError);
    expect(() => faultBody(argv)).toThrow(message);
  });
});
