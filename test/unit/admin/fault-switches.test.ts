/**
 * The "break it live" switches (emulator/admin/fault-switches.ts): each body becomes a patch of
 * the scenario text that the same loader `ctlab validate` uses reads back as the intended knob;
 * comments of a YAML scenario survive; a JSON scenario stays JSON; a wrong switch is BAD_REQUEST
 * naming the field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdminError, applyFaultSwitches, faultState, parseFaultSwitches } from '../../../emulator/admin/index.ts';
import { applyDcSwitches } from '../../../emulator/admin/fault-switches.ts';
import { AZUREAD_KERBEROS_NEVER_REVEAL } from '../../../emulator/directory/wellknown.ts';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';
import { ScenarioErrors } from '../../../emulator/scenario/errors.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;
const FILE = join(ROOT, 'scenarios/baseline.yaml');
const TEXT = readFileSync(FILE, 'utf8');
const BASE = parseScenarioText(TEXT, FILE);

/** Applies `body` to the baseline and loads the result as `ctlab validate` would. */
function patched(body: unknown, text = TEXT, base = BASE) {
  const out = applyFaultSwitches(text, base, parseFaultSwitches(body));
  return { text: out, scenario: parseScenarioText(out, FILE) };
}

function refusal(body: unknown): { code: string; field: unknown } {
  try {
    parseFaultSwitches(body);
  } catch (err) {
    if (err instanceof AdminError) return { code: err.code, field: err.detail?.field };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('fault switches as scenario patches', () => {
  it('the baseline starts with no faults and the module\'s NeverReveal list', () => {
    expect(faultState(BASE)).toEqual({
      neverReveal: [...(BASE.azureADKerberos.neverReveal ?? AZUREAD_KERBEROS_NEVER_REVEAL)],
      neverRevealAdded: [],
      dns: [],
      clockSkew: { kdc: 0, cloud: 0 },
      down: [],
      dcLocatorHint: 'onPremisesDomainName',
      kerberosDomain: 'present',
      servingDc: 'dc1',
      downDcs: [],
    });
  });

  it('clockSkew kdc 900 sets faults.clockSkewSeconds.kdc, keeps cloud, and the file\'s comments', () => {
    const { text, scenario } = patched({ clockSkew: { kdc: 900 } });
    expect(scenario.faults.clockSkewSeconds).toEqual({ kdc: 900, cloud: 0 });
    const comments = TEXT.split('\n').filter((l) => l.trimStart().startsWith('#'));
    expect(comments.length).toBeGreaterThan(0);
    for (const c of comments) expect(text).toContain(c.trim());
  });

  it('neverReveal add puts a user on msDS-NeverRevealGroup beside the default list; remove takes it off again', () => {
    const { text, scenario } = patched({ neverReveal: { add: 'alice' } });
    expect(scenario.azureADKerberos.neverReveal).toEqual([...AZUREAD_KERBEROS_NEVER_REVEAL, 'alice']);
    expect(faultState(scenario).neverRevealAdded).toEqual(['alice']);
    const back = patched({ neverReveal: { remove: 'ALICE' } }, text, scenario);
    expect(back.scenario.azureADKerberos.neverReveal).toEqual([...AZUREAD_KERBEROS_NEVER_REVEAL]);
  });

  it('a name the scenario does not have is the loader\'s UNKNOWN_GROUP at azureADKerberos.neverReveal[n], with its line', () => {
    const out = applyFaultSwitches(TEXT, BASE, parseFaultSwitches({ neverReveal: { add: 'nobody-here' } }));
    try {
      parseScenarioText(out, FILE);
      throw new Error('expected ScenarioErrors');
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioErrors);
      const i = (err as ScenarioErrors).issues[0];
      expect([i.reason, i.path]).toEqual(['UNKNOWN_GROUP', `azureADKerberos.neverReveal[${AZUREAD_KERBEROS_NEVER_REVEAL.length}]`]);
      expect(i.line).toBeGreaterThan(0);
    }
  });

  it('dnsDrop appends a drop fault for the SRV name; dnsFault another with its action; dnsClear empties the list', () => {
    const srv = '_kerberos._tcp.dc._msdcs.fabrikam.local';
    const one = patched({ dnsDrop: { name: srv, type: 'SRV' } });
    expect(one.scenario.faults.dns).toEqual([{ name: srv, type: 'SRV', action: 'drop' }]);
    const two = patched({ dnsFault: { name: '_ldap._tcp.fabrikam.local', type: 'SRV', action: 'delay', delayMs: 3000 } }, one.text, one.scenario);
    expect(two.scenario.faults.dns.map((f) => [f.name, f.action, f.delayMs])).toEqual([[srv, 'drop', undefined], ['_ldap._tcp.fabrikam.local', 'delay', 3000]]);
    expect(patched({ dnsClear: true }, two.text, two.scenario).scenario.faults.dns).toEqual([]);
  });

  it('down replaces faults.down; [] brings every service back; dcLocatorHint sets client.dcLocatorHint', () => {
    const d = patched({ down: ['kdc', 'kdc', 'cldap'], dcLocatorHint: 'upnSuffix' });
    expect(d.scenario.faults.down).toEqual(['kdc', 'cldap']);
    expect(d.scenario.client.dcLocatorHint).toBe('upnSuffix');
    expect(patched({ down: [] }, d.text, d.scenario).scenario.faults.down).toEqual([]);
  });

  it('kerberosDomain absent removes the cloud side alone: the tenant has no KerberosDomain, AD keeps AzureADKerberos', () => {
    const { scenario } = patched({ kerberosDomain: 'absent' });
    expect([scenario.tenant.kerberosDomain.present, scenario.azureADKerberos.present]).toEqual([false, true]);
    expect(faultState(scenario).kerberosDomain).toBe('absent');
  });

  it('dcDown of the serving DC is its KDC down (faults.down kdc, as dc-unreachable.yaml); dcUp brings it back; another DC is a run-time state', () => {
    const d = patched({ dcDown: 'DC1' });
    expect(d.scenario.faults.down).toEqual(['kdc']);
    expect(applyDcSwitches(BASE, [], parseFaultSwitches({ dcDown: 'dc1' }))).toEqual([]);
    expect(patched({ dcUp: 'dc1' }, d.text, d.scenario).scenario.faults.down).toEqual([]);
    const file = join(ROOT, 'scenarios/rodc-only-site.yaml');
    const two = parseScenarioText(readFileSync(file, 'utf8'), file);
    const down = applyDcSwitches(two, [], parseFaultSwitches({ dcDown: 'RODC1' }));
    expect(down).toEqual(['rodc1']);
    expect(applyFaultSwitches(readFileSync(file, 'utf8'), two, parseFaultSwitches({ dcDown: 'rodc1' }))).toBe(readFileSync(file, 'utf8'));
    expect(applyDcSwitches(two, down, parseFaultSwitches({ dcUp: 'rodc1' }))).toEqual([]);
    expect(faultState(two, down)).toMatchObject({ servingDc: 'dc1', downDcs: ['rodc1'] });
    expect(() => applyDcSwitches(two, [], parseFaultSwitches({ dcDown: 'dc9' }))).toThrow(/dcDown: expected the name of one of the scenario's DCs \(dc1, rodc1\)/);
  });

  it('a JSON scenario stays JSON', () => {
    const json = JSON.stringify({ domain: { dnsName: 'fabrikam.local', netbiosName: 'FABRIKAM' }, dcs: [{ name: 'dc1', address: '127.0.0.1' }] });
    const base = parseScenarioText(json, 'x.json');
    const out = applyFaultSwitches(json, base, parseFaultSwitches({ clockSkew: { cloud: -600 } }));
    expect(JSON.parse(out).faults).toEqual({ clockSkewSeconds: { cloud: -600 } });
    expect(parseScenarioText(out, 'x.json').faults.clockSkewSeconds).toEqual({ kdc: 0, cloud: -600 });
  });

  it.each([
    ['an unknown switch', { rotateEverything: true }, 'rotateEverything'],
    ['an empty body', {}, '(body)'],
    ['an array body', [1], '(body)'],
    ['neverReveal with both add and remove', { neverReveal: { add: 'a', remove: 'b' } }, 'neverReveal'],
    ['neverReveal with a number', { neverReveal: { add: 7 } }, 'neverReveal.add'],
    ['dnsDrop without a name', { dnsDrop: { type: 'SRV' } }, 'dnsDrop.name'],
    ['dnsDrop with an action', { dnsDrop: { name: 'x.local', action: 'nxdomain' } }, 'dnsDrop.action'],
    ['a DNS type that is not one', { dnsDrop: { name: 'x.local', type: 'MX' } }, 'dnsDrop.type'],
    ['delay without delayMs', { dnsFault: { name: 'x.local', action: 'delay' } }, 'dnsFault.delayMs'],
    ['clockSkew as text', { clockSkew: { kdc: '900' } }, 'clockSkew.kdc'],
    ['clockSkew with no side', { clockSkew: {} }, 'clockSkew'],
    ['down with an unknown service', { down: ['kdc', 'ntp'] }, 'down[1]'],
    ['down not a list', { down: 'kdc' }, 'down'],
    ['a hint that is not one', { dcLocatorHint: 'netbios' }, 'dcLocatorHint'],
    ['kerberosDomain as a boolean', { kerberosDomain: false }, 'kerberosDomain'],
    ['dcDown with a down list', { dcDown: 'dc1', down: [] }, 'down'],
  ])('%s is BAD_REQUEST naming %s', (_t, body, field) => {
    expect(refusal(body)).toEqual({ code: 'BAD_REQUEST', field: field === 'rotateEverything' ? '(body).rotateEverything' : field });
  });
});
