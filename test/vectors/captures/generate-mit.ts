/**
 * Regenerates test/vectors/captures/mit-kinit-as-exchange.json:
 *
 *   node test/vectors/captures/generate-mit.ts
 *
 * Creates a throwaway MIT realm (Debian krb5-kdc), runs `kinit` (krb5-user) through the
 * recording proxy of test/interop/mit-capture.support.ts and stores the four frames. The
 * output differs on every run (times, nonces, keys); the committed file is one such run.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { REALM, USER, USER_PASSWORD, runKinit, startCaptureKdc, startRecordingProxy } from '../../interop/mit-capture.support.ts';

const NAMES: Record<number, string> = { 10: 'AS-REQ', 11: 'AS-REP', 30: 'KRB-ERROR' };
const TITLES = [
  'AS-REQ without pre-authentication (first try)',
  'KRB-ERROR KDC_ERR_PREAUTH_REQUIRED with METHOD-DATA (PA-ETYPE-INFO2, PA-ENC-TIMESTAMP, ...)',
  'AS-REQ with PA-ENC-TIMESTAMP',
  'AS-REP (enc-part is EncASRepPart sent by MIT as [APPLICATION 26], key usage 3, key from the password)',
];

const version = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'krb5-kdc'], { encoding: 'utf8' }).stdout.trim();
const realm = await startCaptureKdc();
try {
  const proxy = await startRecordingProxy(realm.port);
  await runKinit(realm, proxy.port);
  await proxy.close();
  const frames = proxy.frames;
  if (frames.length !== 4) throw new Error(`expected 4 frames, got ${frames.length}`);
  const out = {
    title: 'MIT kinit AS exchange with encrypted-timestamp pre-authentication, captured on loopback TCP',
    source:
      `MIT krb5 ${version} (Debian krb5-kdc/krb5-user): krb5kdc and kinit on 127.0.0.1, frames recorded by the Node ` +
      'proxy in test/interop/mit-capture.support.ts (RFC 4120 7.2.2 record marking stripped)',
    note:
      'Made with `node test/vectors/captures/generate-mit.ts` (throwaway realm, +preauth, aes256/aes128 only, ' +
      'password below is a lab-only value). Each input must decode and re-encode byte-identically; expected names ' +
      'the message, and test/interop/mit-capture.expect.ts holds the field checks derived from `setup`.',
    setup: { realm: REALM, user: USER, password: USER_PASSWORD, etypes: [18, 17], salt: `${REALM}${USER}` },
    vectors: frames.map((f, i) => ({
      title: TITLES[i],
      direction: f.direction,
      input: Buffer.from(f.bytes).toString('hex'),
      expected: { msgType: f.bytes[0] & 0x1f, name: NAMES[f.bytes[0] & 0x1f], reencodesIdentically: true },
      valid: true,
    })),
  };
  const path = new URL('./mit-kinit-as-exchange.json', import.meta.url);
  writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${path.pathname}`);
} finally {
  await realm.stop();
}
