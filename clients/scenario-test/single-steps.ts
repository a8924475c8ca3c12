/**
 * The expectation steps `ctlab test` runs with their own clients rather than the device chain:
 * the plain password AS exchange (`asReq`, the UPN as an NT-ENTERPRISE name with canonicalize, as a
 * Windows UPN logon sends it),
 * an LDAP simple bind with the UPN (`ldapBind`), and the DC locator alone (`locateDc`, the hint
 * chosen as the device would). Each returns an Observation with the wire code name; a transport
 * failure is its ClientError code (UNREACHABLE, TIMEOUT).
 */
import { systemRandom } from '../../emulator/core/random.ts';
import type { LabFile } from '../../emulator/lab.ts';
import { ClientError } from '../errors.ts';
import { NAME_TYPE } from '../../emulator/kerberos/asn1/index.ts';
import { asWithPassword } from '../kerberos/index.ts';
import { LdapConnection } from '../ldap/index.ts';
import { CLOUD_TRUST_LOCATOR_FLAGS, locateDc } from '../locator/index.ts';
import type { Observation } from './compare.ts';

export interface Account {
  readonly upn: string;
  readonly password: string;
}

function service(lab: LabFile, name: string): { host: string; port: number } {
  const s = lab.services[name];
  if (!s) throw new ClientError(name, 'UNREACHABLE', `the lab runs no ${name} service`);
  return { host: s.host, port: s.port };
}

async function guarded(step: string, run: () => Promise<Observation>): Promise<Observation> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof ClientError)) throw err;
    return { step, verdict: 'error', code: err.code, fact: err.message, failure: { step, code: err.code, fact: err.message } };
  }
}

/** forwardable (0x40000000) | renewable (0x00800000) | canonicalize (0x00010000), as a Windows UPN logon asks. */
const CANONICALIZE_FORWARDABLE = 0x40810000;

export function asReqStep(lab: LabFile, a: Account, timeoutMs = 3000): Promise<Observation> {
  return guarded('asReq', async () => {
    const r = await asWithPassword({ kdc: service(lab, 'kdc'), now: Date.now, rng: systemRandom, timeoutMs, user: a.upn, nameType: NAME_TYPE.NT_ENTERPRISE, kdcOptions: CANONICALIZE_FORWARDABLE, realm: lab.realm, password: a.password });
    if (r.ok) return { step: 'asReq', verdict: 'ok', fact: `TGT for ${r.held.cname.nameString.join('/')}@${r.held.crealm}` };
    const fact = r.trace.at(-1)?.fact;
    const failure = { step: 'asReq', code: r.code, wire: r.wire, ...(fact ? { fact } : {}) };
    return { ...failure, verdict: 'error', failure };
  });
}

export function ldapBindStep(lab: LabFile, a: Account): Promise<Observation> {
  return guarded('ldapBind', async () => {
    const { host, port } = service(lab, 'ldap');
    const conn = await LdapConnection.open(host, port);
    try {
      const r = await conn.bind(a.upn, a.password);
      if (r.resultCode === 0) return { step: 'ldapBind', verdict: 'ok' };
      const failure = { step: 'ldapBind', code: r.resultName, wire: r.resultCode, fact: r.diagnosticMessage };
      return { ...failure, verdict: 'error', failure };
    } finally {
      conn.close();
    }
  });
}

/** The locator alone for `domain` (the device's hint), with the flags the device asks for. */
export function locateDcStep(lab: LabFile, domain: string, timeoutMs = 1000): Promise<Observation> {
  return guarded('locateDc', async () => {
    const r = await locateDc({ dns: service(lab, 'dns'), domain, flags: CLOUD_TRUST_LOCATOR_FLAGS, ldapPort: service(lab, 'ldap').port, timeoutMs });
    const srv = r.trace.filter((e) => e.step === 'dns-srv').map((e) => `${String(e.detail?.name ?? '')} ${e.code ?? ''}`.trim());
    const detail = { domain, dnsSrv: srv };
    if (r.ok) return { step: 'locateDc', verdict: 'ok', fact: `${r.dc.hostName} (${r.dc.address}) in ${r.dc.dcSiteName}`, detail };
    const failure = { step: 'locateDc', code: r.statusName, wire: r.status, fact: r.fact, detail };
    return { ...failure, verdict: 'error', failure };
  });
}
