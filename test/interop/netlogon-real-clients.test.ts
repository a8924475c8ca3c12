/**
 * The LDAP ping parsed by real implementations (issue 3, "Checked by real clients"):
 *   - Samba's `net ads lookup -S 127.0.0.1` (samba-common-bin): CLDAP over UDP 389;
 *   - `adcli info fabrikam.local -S 127.0.0.1` (adcli): the same Netlogon search over TCP 389,
 *     answered by the LDAP server with answerNetlogonSearch hooked in.
 * Both tools only talk to port 389, so the lab binds the standard port on 127.0.0.1 (we run as
 * root); a taken port fails the test with a message saying so. Scenario: multi-upn-suffix.yaml.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../emulator/core/service.ts';
import { buildDirectory } from '../../emulator/directory/build.ts';
import type { Directory } from '../../emulator/directory/model.ts';
import { createCldapServer, type CldapEvent } from '../../emulator/ldap/cldap/index.ts';
import { DS_FLAG as F, dcServerFlags } from '../../emulator/ldap/netlogon/index.ts';
import { loadScenario } from '../../emulator/scenario/load.ts';
import { requireTools } from '../support/process.ts';
import { startLdapTcpOn389 } from './netlogon-ldap-tcp.support.ts';

const run = promisify(execFile);
const SCENARIO = new URL('../../scenarios/multi-upn-suffix.yaml', import.meta.url).pathname;

function portTaken(err: unknown, what: string): never {
  if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE' || (err as NodeJS.ErrnoException)?.code === 'EACCES') {
    throw new Error(
      `${what} on 127.0.0.1 is not available (${(err as NodeJS.ErrnoException).code}); net ads lookup and adcli only use port 389. ` +
        'Stop whatever holds it (e.g. the Samba reference: /work/shared/reference/samba-ad.sh stop) and run as root.',
    );
  }
  throw err;
}

/** "Key: value" lines of a tool's output, plus net's indented flag lines. */
function keyValues(text: string, sep: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(sep);
    if (i > 0) m.set(line.slice(0, i).trim(), line.slice(i + sep.length).trim());
  }
  return m;
}

/** One expectation per key, in order: the tool printed exactly this value for it. */
function expectValues(kv: Map<string, string>, want: Record<string, string>): void {
  for (const [key, value] of Object.entries(want)) expect(kv.get(key), key).toBe(value);
}

let dir: Directory;
beforeAll(async () => {
  await requireTools(['net'], 'samba-common-bin');
  await requireTools(['adcli'], 'adcli');
  dir = buildDirectory(loadScenario(SCENARIO));
});

describe('net ads lookup (Samba, CLDAP over UDP 389)', () => {
  const events: CldapEvent[] = [];
  let server: Service | undefined;
  let tmp: string;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ctlab-net-'));
    // Keep net's caches out of /var: a throwaway smb.conf with every state directory in tmp.
    writeFileSync(join(tmp, 'smb.conf'), `[global]\n\tworkgroup = FABRIKAM\n${['lock directory', 'state directory', 'cache directory', 'private dir'].map((k) => `\t${k} = ${tmp}\n`).join('')}`);
    const s = createCldapServer({ directory: dir, port: 389, bind: '127.0.0.1', onEvent: (e) => events.push(e) });
    try {
      await s.start();
    } catch (err) {
      portTaken(err, 'UDP port 389');
    }
    server = s;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('prints the domain GUID, names, sites and the flags of a Windows Server 2022 PDC', async () => {
    const { stdout } = await run('net', ['ads', 'lookup', '-S', '127.0.0.1', '-s', join(tmp, 'smb.conf')], { timeout: 20_000 });
    const kv = keyValues(stdout, ':');
    expectValues(kv, {
      'Response Type': 'LOGON_SAM_LOGON_RESPONSE_EX',
      GUID: dir.domain.guid,
      Forest: 'fabrikam.local',
      Domain: 'fabrikam.local',
      'Domain Controller': 'dc1.fabrikam.local',
      'Pre-Win2k Domain': 'FABRIKAM',
      'Pre-Win2k Hostname': 'DC1',
      'Server Site Name': 'Default-First-Site-Name',
      'Client Site Name': 'Default-First-Site-Name',
      'NT Version': '5',
      'LMNT Token': 'ffff',
      'LM20 Token': 'ffff',
    });

    // Each flag line net prints, with the DS_FLAG bit it tests (samba utils/net_ads.c).
    const lines: [string, number, 'yes' | 'no'][] = [
      ['Is a PDC', F.DS_PDC_FLAG, 'yes'],
      ['Is a GC of the forest', F.DS_GC_FLAG, 'yes'],
      ['Is an LDAP server', F.DS_LDAP_FLAG, 'yes'],
      ['Supports DS', F.DS_DS_FLAG, 'yes'],
      ['Is running a KDC', F.DS_KDC_FLAG, 'yes'],
      ['Is running time services', F.DS_TIMESERV_FLAG, 'yes'],
      ['Is the closest DC', F.DS_CLOSEST_FLAG, 'yes'],
      ['Is writable', F.DS_WRITABLE_FLAG, 'yes'],
      ['Has a hardware clock', F.DS_GOOD_TIMESERV_FLAG, 'yes'],
      ['Is a non-domain NC serviced by LDAP server', F.DS_NDNC_FLAG, 'no'],
      ['Is NT6 DC that has some secrets', F.DS_SELECT_SECRET_DOMAIN_6_FLAG, 'no'],
      ['Is NT6 DC that has all secrets', F.DS_FULL_SECRET_DOMAIN_6_FLAG, 'yes'],
      ['Runs Active Directory Web Services', F.DS_WS_FLAG, 'yes'],
      ['Runs on Windows 2012 or later', F.DS_DS_8_FLAG, 'yes'],
    ];
    const flags = dcServerFlags(dir.dcs[0]) | F.DS_CLOSEST_FLAG;
    for (const [label, bit, want] of lines) {
      expect(kv.get(label), label).toBe(want);
      expect(kv.get(label), `${label} vs the flag word`).toBe(flags & bit ? 'yes' : 'no');
    }
    expect(events.some((e) => e.kind === 'ping' && e.answered && e.form === 'ex')).toBe(true);
  });
});

describe('adcli info (Netlogon search over TCP 389)', () => {
  let ldap: Service | undefined;
  beforeAll(async () => {
    try {
      ldap = await startLdapTcpOn389(dir);
    } catch (err) {
      portTaken(err, 'TCP port 389');
    }
  });
  afterAll(async () => {
    await ldap?.close();
  });

  it('prints the domain, DC, site and the flags of the ping', async () => {
    const { stdout } = await run('adcli', ['info', 'fabrikam.local', '-S', '127.0.0.1'], { timeout: 20_000 });
    const kv = keyValues(stdout, ' = ');
    expectValues(kv, {
      'domain-name': 'fabrikam.local',
      'domain-short': 'FABRIKAM',
      'domain-forest': 'fabrikam.local',
      'domain-controller': 'dc1.fabrikam.local',
      'domain-controller-site': 'Default-First-Site-Name',
      'computer-site': 'Default-First-Site-Name',
      'domain-controller-usable': 'yes',
      // adcli's names in its print order (tools/info.c); a Windows Server 2022 PDC and GC.
      'domain-controller-flags': 'pdc gc ldap ds kdc timeserv closest writable good-timeserv full-secret ads-web',
    });
  });
});
