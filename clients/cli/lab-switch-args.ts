/**
 * `ctlab lab fault SWITCH ARGS...` as the POST /faults body (emulator/admin/fault-switches.ts):
 * the command line names one switch the way the admin API does (camelCase, or kebab-case). Pure;
 * a wrong word is a UsageError (exit 2) naming the argument and what was expected.
 */
import { UsageError } from '../../emulator/core/errors.ts';

export const FAULT_USAGE = `  neverReveal add|remove NAME        a user or group on AzureADKerberos' msDS-NeverRevealGroup
  dnsDrop NAME [TYPE]                the lab DNS drops queries for NAME (TYPE: A, SRV, ..., default ANY)
  dnsFault NAME TYPE ACTION [MS]     ACTION drop|nxdomain|servfail|delay (MS: the delay)
  dnsClear                           no DNS faults
  clockSkew kdc|cloud SECONDS        the KDC's (or Entra's) clock offset; 0 puts it right
  down SERVICE[,SERVICE...]|none     services not started (dns, kdc, kpasswd, ldap, cldap, gc, entra)
  dcLocatorHint onPremisesDomainName|upnSuffix   which name the device's DC locator searches
  kerberosDomain absent|present      the tenant's KerberosDomain (the cloud side alone)
  dcDown NAME / dcUp NAME            a DC down: the serving DC's KDC (faults.down kdc), another DC's LDAP ping`;

const ALIASES: Record<string, string> = {
  'never-reveal': 'neverReveal',
  'dns-drop': 'dnsDrop',
  'dns-fault': 'dnsFault',
  'dns-clear': 'dnsClear',
  'clock-skew': 'clockSkew',
  'dc-locator-hint': 'dcLocatorHint',
  'kerberos-domain': 'kerberosDomain',
  'dc-down': 'dcDown',
  'dc-up': 'dcUp',
};

function count(sw: string, args: readonly string[], min: number, max: number, shape: string): void {
  if (args.length < min || args.length > max) throw new UsageError(`fault ${sw}: expected ${shape}, got ${args.length ? args.map((a) => `'${a}'`).join(' ') : 'nothing'}`);
}

function integer(v: string, what: string): number {
  if (!/^-?\d+$/.test(v)) throw new UsageError(`${what}: expected a whole number, got '${v}'`);
  return Number(v);
}

/** The POST /faults body for `SWITCH ARGS...`. */
export function faultBody(argv: readonly string[]): Record<string, unknown> {
  const [given, ...args] = argv;
  if (!given) throw new UsageError('fault: expected a switch name');
  const sw = ALIASES[given] ?? given;
  switch (sw) {
    case 'neverReveal': {
      count(sw, args, 2, 2, 'add|remove NAME');
      if (args[0] !== 'add' && args[0] !== 'remove') throw new UsageError(`fault neverReveal: expected add or remove, got '${args[0]}'`);
      return { neverReveal: { [args[0]]: args[1] } };
    }
    case 'dnsDrop':
      count(sw, args, 1, 2, 'NAME [TYPE]');
      return { dnsDrop: { name: args[0], ...(args[1] ? { type: args[1].toUpperCase() } : {}) } };
    case 'dnsFault': {
      count(sw, args, 3, 4, 'NAME TYPE ACTION [DELAY_MS]');
      return { dnsFault: { name: args[0], type: args[1].toUpperCase(), action: args[2], ...(args[3] !== undefined ? { delayMs: integer(args[3], 'fault dnsFault DELAY_MS') } : {}) } };
    }
    case 'dnsClear':
      count(sw, args, 0, 0, 'no arguments');
      return { dnsClear: true };
    case 'clockSkew': {
      count(sw, args, 2, 2, 'kdc|cloud SECONDS');
      if (args[0] !== 'kdc' && args[0] !== 'cloud') throw new UsageError(`fault clockSkew: expected kdc or cloud, got '${args[0]}'`);
      return { clockSkew: { [args[0]]: integer(args[1], 'fault clockSkew SECONDS') } };
    }
    case 'down': {
      count(sw, args, 1, 1, 'SERVICE[,SERVICE...] or none');
      return { down: args[0] === 'none' ? [] : args[0].split(',').map((s) => s.trim()).filter(Boolean) };
    }
    case 'dcLocatorHint':
      count(sw, args, 1, 1, 'onPremisesDomainName or upnSuffix');
      return { dcLocatorHint: args[0] };
    case 'kerberosDomain':
      count(sw, args, 1, 1, 'absent or present');
      return { kerberosDomain: args[0] };
    case 'dcDown':
    case 'dcUp':
      count(sw, args, 1, 1, 'a DC name');
      return { [sw]: args[0] };
    default:
      throw new UsageError(`fault: unknown switch '${given}'; expected one of neverReveal, dnsDrop, dnsFault, dnsClear, clockSkew, down, dcLocatorHint, kerberosDomain, dcDown, dcUp`);
  }
}
