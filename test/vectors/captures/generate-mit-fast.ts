/**
 * Regenerates test/vectors/captures/mit-kinit-fast-as-exchange.json:
 *
 *   node test/vectors/captures/generate-mit-fast.ts
 *
 * Starts the lab KDC on the world of test/fixtures/rodc-exchange.yaml with the armoring policy
 * "supported", gets FS1$'s TGT with MIT `kinit -k` (the armor ccache; keytab from our writer),
 * then runs MIT `kinit -T ARMOR_CCACHE alice` through the recording proxy of
 * test/interop/mit-capture.support.ts and stores its four frames. The KDC's keys follow from the
 * fixture, so a test can open the armor TGT, derive the armor key and read the armored parts.
 * The output differs on every run (times, nonces, keys); the committed file is one such run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keytabEntries } from '../../../clients/cli/verbs/keytab.ts';
import { renderKrb5Conf } from '../../../clients/cli/verbs/krb5conf.ts';
import { writeKeytabFile } from '../../../emulator/kerberos/files/fs.ts';
import { createKdcContext, startKdc } from '../../../emulator/kerberos/kdc/index.ts';
import { loadWorld } from '../../../emulator/world.ts';
import { startRecordingProxy } from '../../interop/mit-capture.support.ts';
import { runMitToolOk } from '../../support/mit-tools.ts';

const FIXTURE = 'test/fixtures/rodc-exchange.yaml';
const PASSWORD = 'Alice-Passw0rd!';
const NAMES: Record<number, string> = { 10: 'AS-REQ', 11: 'AS-REP', 30: 'KRB-ERROR' };
const TITLES = [
  'armored AS-REQ without pre-authentication: PA-FX-FAST with AP-REQ armor (FS1$ TGT), KrbFastReq inside',
  'KRB-ERROR KDC_ERR_PREAUTH_REQUIRED, armored: e-data METHOD-DATA { PA-FX-FAST } (PA-FX-ERROR, PA-FX-COOKIE, PA-ETYPE-INFO2, PA-ENCRYPTED-CHALLENGE)',
  'armored AS-REQ with PA-FX-COOKIE and PA-ENCRYPTED-CHALLENGE in the KrbFastReq padata',
  'AS-REP: padata PA-FX-FAST (KrbFastResponse with strengthen-key and finished), enc-part under the strengthened reply key',
];

const dir = loadWorld(new URL(`../../../${FIXTURE}`, import.meta.url).pathname).directory;
const version = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'krb5-user'], { encoding: 'utf8' }).stdout.trim();
const tmp = mkdtempSync(join(tmpdir(), 'ctlab-fast-capture-'));
const kdc = await startKdc(createKdcContext(dir, { config: { armoring: 'supported' } }), { port: 0 });
try {
  const conf = (port: number) => {
    const p = join(tmp, `krb5-${port}.conf`);
    writeFileSync(p, renderKrb5Conf({ realm: dir.domain.realm, domain: dir.domain.dnsName, upnSuffixes: dir.domain.upnSuffixes, kdc: { host: '127.0.0.1', port } }));
    return p;
  };
  const keytab = join(tmp, 'fs1.keytab');
  writeKeytabFile(keytab, keytabEntries(dir, dir.accountBySam('FS1$')!, ['FS1$'], { timestamp: Math.floor(Date.now() / 1000) }));
  const armor = join(tmp, 'armor.ccache');
  await runMitToolOk('kinit', ['-k', '-t', keytab, `FS1$@${dir.domain.realm}`], { krb5Config: conf(kdc.port), ccache: armor });
  const proxy = await startRecordingProxy(kdc.port);
  await runMitToolOk('kinit', ['-T', armor, 'alice'], { krb5Config: conf(proxy.port), ccache: join(tmp, 'alice.ccache'), input: `${PASSWORD}\n` });
  await proxy.close();
  const frames = proxy.frames;
  if (frames.length !== 4) throw new Error(`expected 4 frames, got ${frames.length}`);
  const out = {
    title: 'MIT kinit -T (FAST, RFC 6113) AS exchange against the lab KDC, captured on loopback TCP',
    source:
      `MIT krb5 ${version} (Debian krb5-user) kinit against the lab KDC (armoring policy supported) on 127.0.0.1, frames ` +
      'recorded by the Node proxy in test/interop/mit-capture.support.ts (RFC 4120 7.2.2 record marking stripped)',
    note:
      'Made with `node test/vectors/captures/generate-mit-fast.ts`. The requests are MIT bytes; the replies are the lab\'s. ' +
      'The armor TGT is sealed with the krbtgt key of the fixture world, so the armor key can be derived from it.',
    setup: { fixture: FIXTURE, realm: dir.domain.realm, armorClient: 'FS1$', user: 'alice', password: PASSWORD },
    vectors: frames.map((f, i) => ({
      title: TITLES[i],
      direction: f.direction,
      input: Buffer.from(f.bytes).toString('hex'),
      expected: { msgType: f.bytes[0] & 0x1f, name: NAMES[f.bytes[0] & 0x1f] },
      valid: true,
    })),
  };
  const path = new URL('./mit-kinit-fast-as-exchange.json', import.meta.url);
  writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${path.pathname}`);
} finally {
  await kdc.close();
  rmSync(tmp, { recursive: true, force: true });
}
