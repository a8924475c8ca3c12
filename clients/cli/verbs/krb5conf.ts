/**
 * `ctlab krb5conf [--scenario FILE [--kdc HOST:PORT]] [--lab FILE] [-o FILE]`: a krb5.conf for MIT
 * clients (kinit, kvno, klist, ...) that talks to the lab's KDC. MIT clients only reach DNS on port
 * 53, so the KDC is named with its real address and port, and nothing is looked up in DNS:
 * dns_lookup_kdc/realm = false, rdns = false, dns_canonicalize_hostname = false. TCP always
 * (udp_preference_limit = 1): the lab's TGTs carry full PACs and never fit a UDP reply.
 * [domain_realm] maps the domain and every UPN suffix to the realm.
 */
import { parseVerbArgs } from '../args.ts';
import { writeFileSync } from 'node:fs';
import { loadScenario } from '../../../emulator/scenario/load.ts';
import { resolveLabTarget, type Endpoint } from '../lab-file.ts';

const USAGE = 'usage: ctlab krb5conf [--scenario FILE [--kdc HOST:PORT]] [--lab FILE] [-o FILE]';

export interface Krb5ConfInput {
  realm: string;
  /** The AD DNS domain. */
  domain: string;
  upnSuffixes: readonly string[];
  kdc: Endpoint;
  kpasswd?: Endpoint;
}

const hostPort = (e: Endpoint) => (e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`);

/** The krb5.conf text (pure). */
export function renderKrb5Conf(c: Krb5ConfInput): string {
  const realm = c.realm.toUpperCase();
  const names = [...new Set([c.domain, ...c.upnSuffixes].map((d) => d.toLowerCase()))];
  const lines = [
    '# krb5.conf for the cloudtrust-lab KDC (written by ctlab krb5conf)',
    '[libdefaults]',
    `    default_realm = ${realm}`,
    '    dns_lookup_kdc = false',
    '    dns_lookup_realm = false',
    '    dns_canonicalize_hostname = false',
    '    rdns = false',
    '    udp_preference_limit = 1',
    '',
    '[realms]',
    `    ${realm} = {`,
    `        kdc = ${hostPort(c.kdc)}`,
    ...(c.kpasswd ? [`        kpasswd_server = ${hostPort(c.kpasswd)}`] : []),
    '    }',
    '',
    '[domain_realm]',
    ...names.flatMap((d) => [`    .${d} = ${realm}`, `    ${d} = ${realm}`]),
    '',
  ];
  return lines.join('\n');
}

export async function krb5confVerb(args: string[]): Promise<number> {
  const parsed = parseVerbArgs(
    args,
    {
      scenario: { type: 'string' },
      kdc: { type: 'string' },
      lab: { type: 'string' },
      output: { type: 'string', short: 'o' },
    },
    USAGE,
  );
  if (!parsed) return 0;
  const { values } = parsed;
  const target = resolveLabTarget({ scenario: values.scenario, kdc: values.kdc, lab: values.lab });
  const s = loadScenario(target.scenario);
  const text = renderKrb5Conf({
    realm: s.domain.dnsName.toUpperCase(),
    domain: s.domain.dnsName,
    upnSuffixes: s.upnSuffixes,
    kdc: target.kdc,
    ...(target.kpasswd ? { kpasswd: target.kpasswd } : {}),
  });
  if (values.output) writeFileSync(values.output, text);
  else process.stdout.write(text);
  return 0;
}
