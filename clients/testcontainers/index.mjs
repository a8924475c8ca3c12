// cloudtrust-lab/testcontainers: the lab in a container for other teams' integration tests.
//
//   import { CloudTrustLabContainer } from 'cloudtrust-lab/testcontainers';
//   const lab = await new CloudTrustLabContainer('scenarios/multi-upn-suffix.yaml').start();
//   lab.endpoints.kdcTcp   // { host: '127.0.0.1', port: 49321 }
//   lab.krb5Conf           // krb5.conf text naming the mapped KDC port
//   await lab.stop();
//
// Plain JavaScript (with index.d.mts for types) on purpose: Node does not strip types from .ts
// files under node_modules, where a team's install puts this module. It needs the `testcontainers`
// package (a peer dependency) and the cloudtrust-lab image (`make image`).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { basename } from 'node:path';
import { GenericContainer, Wait, getContainerRuntimeClient } from 'testcontainers';

export const DEFAULT_IMAGE = 'cloudtrust-lab:latest';

/** The ports the lab binds inside the container, with their transports. */
export const LAB_PORTS = Object.freeze({ dns: 53, kerberos: 88, ldap: 389, kpasswd: 464, gc: 3268, entra: 443, entraHttp: 80, ui: 10090 });
const PROTOCOLS = Object.freeze({ dns: ['tcp', 'udp'], kerberos: ['tcp', 'udp'], ldap: ['tcp', 'udp'], kpasswd: ['tcp', 'udp'], gc: ['tcp'], entra: ['tcp'], entraHttp: ['tcp'], ui: ['tcp'] });
/** The `ctlab up` variable that moves each port inside the container. */
const PORT_ENV = Object.freeze({ dns: 'CTLAB_DNS_PORT', kerberos: 'CTLAB_KDC_PORT', ldap: 'CTLAB_LDAP_PORT', kpasswd: 'CTLAB_KPASSWD_PORT', gc: 'CTLAB_GC_PORT', entra: 'CTLAB_ENTRA_PORT', entraHttp: 'CTLAB_ENTRA_HTTP_PORT', ui: 'CTLAB_UI_PORT' });
/** Where `ctlab up` writes its ready file in the image. */
const READY_FILE = '/tmp/ctlab/lab.json';

/** Resolves when `port` could be bound on TCP and UDP (all interfaces, as Docker publishes). */
function freeOnBoth(port) {
  return new Promise((resolve) => {
    const tcp = createServer();
    tcp.once('error', () => resolve(false));
    tcp.listen(port, '0.0.0.0', () => {
      const udp = createSocket('udp4');
      udp.once('error', () => tcp.close(() => resolve(false)));
      udp.bind(port, '0.0.0.0', () => udp.close(() => tcp.close(() => resolve(true))));
    });
  });
}

/** A host port free on TCP and UDP alike (DNS, Kerberos, LDAP/CLDAP and kpasswd use both on one number). */
async function freeHostPort(taken) {
  for (let i = 0; i < 50; i++) {
    const port = await new Promise((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '0.0.0.0', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    });
    if (!taken.has(port) && (await freeOnBoth(port))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('cloudtrust-lab: no host port free on both TCP and UDP after 50 tries');
}

export class CloudTrustLabContainer {
  /**
   * @param scenario a scenario file path, or a scenario object (written into the container as JSON,
   *   which the lab reads as YAML); undefined for the baked scenarios/multi-upn-suffix.yaml.
   * @param options { image, advertise: 'mapped' | 'container', startupTimeoutMs }
   */
  constructor(scenario, options = {}) {
    this.scenario = scenario;
    this.image = options.image ?? process.env.CTLAB_IMAGE ?? DEFAULT_IMAGE;
    this.advertise = options.advertise ?? 'mapped';
    this.startupTimeoutMs = options.startupTimeoutMs ?? 60_000;
    if (this.advertise !== 'mapped' && this.advertise !== 'container') {
      throw new TypeError(`cloudtrust-lab: advertise must be 'mapped' or 'container', got '${this.advertise}'`);
    }
  }

  /** Starts the container and resolves once its HEALTHCHECK (`ctlab health`) reports healthy. */
  async start() {
    const started = performance.now();
    const container = new GenericContainer(this.image)
      .withWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(this.startupTimeoutMs);
    // Binding the standard ports as the image's non-root user (Docker 20.10+ already sets it).
    container.hostConfig.Sysctls = { ...(container.hostConfig.Sysctls ?? {}), 'net.ipv4.ip_unprivileged_port_start': '0' };

    const env = {};
    if (typeof this.scenario === 'string') {
      const target = `/scenarios/${basename(this.scenario)}`;
      container.withCopyContentToContainer([{ content: readFileSync(this.scenario), target, mode: 0o644 }]);
      env.CTLAB_SCENARIO = target;
    } else if (this.scenario !== undefined) {
      container.withCopyContentToContainer([{ content: JSON.stringify(this.scenario, null, 2), target: '/scenarios/scenario.json', mode: 0o644 }]);
      env.CTLAB_SCENARIO = '/scenarios/scenario.json';
    }

    // Container port per service: the standard one ('container'), or the host port itself ('mapped').
    const inside = { ...LAB_PORTS };
    if (this.advertise === 'mapped') {
      // Host ports chosen here and bound 1:1 inside the container (CTLAB_*_PORT), so the SRV records,
      // the ready file and every URL name ports that work from the host and from inside alike: a
      // client on the host that follows _kerberos._tcp reaches the lab through the mapping, and
      // signIn() inside the container follows the same records.
      const taken = new Set();
      for (const name of Object.keys(LAB_PORTS)) {
        inside[name] = await freeHostPort(taken);
        env[PORT_ENV[name]] = String(inside[name]);
        for (const protocol of PROTOCOLS[name]) container.withExposedPorts({ container: inside[name], host: inside[name], protocol });
      }
    } else {
      for (const [name, port] of Object.entries(LAB_PORTS)) {
        for (const protocol of PROTOCOLS[name]) container.withExposedPorts(`${port}/${protocol}`);
      }
    }
    container.withEnvironment(env);
    const running = await container.start();
    return StartedCloudTrustLab.create(running, performance.now() - started, env.CTLAB_SCENARIO ?? '/app/scenarios/multi-upn-suffix.yaml', inside);
  }
}

export class StartedCloudTrustLab {
  /** @internal use CloudTrustLabContainer.start() */
  static async create(container, startupMs, scenarioInContainer, inside = LAB_PORTS) {
    try {
      return await StartedCloudTrustLab.#create(container, startupMs, scenarioInContainer, inside);
    } catch (err) {
      await container.stop({ timeout: 1_000 }).catch(() => {});
      throw err;
    }
  }

  static async #create(container, startupMs, scenarioInContainer, inside) {
    const raw = container.getHost();
    const host = raw === 'localhost' ? '127.0.0.1' : raw;
    // The mapping as Docker reports it (testcontainers' own map keeps one protocol per port number).
    const client = await getContainerRuntimeClient();
    const info = await client.container.inspect(client.container.getById(container.getId()));
    const ports = info.NetworkSettings.Ports ?? {};
    const at = (port, protocol) => {
      const binding = (ports[`${port}/${protocol}`] ?? []).find((b) => !b.HostIp.includes(':')) ?? ports[`${port}/${protocol}`]?.[0];
      if (!binding) throw new Error(`cloudtrust-lab: Docker reports no host port for ${port}/${protocol}`);
      return { host, port: Number(binding.HostPort) };
    };
    const endpoints = Object.freeze({
      dnsUdp: at(inside.dns, 'udp'),
      dnsTcp: at(inside.dns, 'tcp'),
      kdcTcp: at(inside.kerberos, 'tcp'),
      kdcUdp: at(inside.kerberos, 'udp'),
      ldapTcp: at(inside.ldap, 'tcp'),
      cldapUdp: at(inside.ldap, 'udp'),
      gcTcp: at(inside.gc, 'tcp'),
      kpasswdTcp: at(inside.kpasswd, 'tcp'),
      kpasswdUdp: at(inside.kpasswd, 'udp'),
      entraHttps: at(inside.entra, 'tcp'),
      entraHttp: at(inside.entraHttp, 'tcp'),
      ui: at(inside.ui, 'tcp'),
    });
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const entraUrls = Object.freeze({ https: `https://${urlHost}:${endpoints.entraHttps.port}`, http: `http://${urlHost}:${endpoints.entraHttp.port}` });
    // The training page (the image serves it on all interfaces: --ui-bind 0.0.0.0).
    const uiUrl = `http://${urlHost}:${endpoints.ui.port}/`;
    // The lab's own krb5.conf renderer (ctlab krb5conf), run inside the container on its scenario,
    // pointed at the KDC port the host sees.
    const kdc = host.includes(':') ? `[${host}]:${endpoints.kdcTcp.port}` : `${host}:${endpoints.kdcTcp.port}`;
    const r = await container.exec(['node', '/app/bin/ctlab.mjs', 'krb5conf', '--scenario', scenarioInContainer, '--kdc', kdc]);
    if (r.exitCode !== 0) throw new Error(`cloudtrust-lab: ctlab krb5conf failed (${r.exitCode}): ${r.output}`);
    const realm = /default_realm = (\S+)/.exec(r.output)?.[1] ?? '';
    // The lab CA (ctlab ca: derived from the scenario seed), which the token endpoint's HTTPS chains to.
    const ca = await container.exec(['node', '/app/bin/ctlab.mjs', 'ca', '--scenario', scenarioInContainer]);
    if (ca.exitCode !== 0 || !ca.stdout.includes('BEGIN CERTIFICATE')) throw new Error(`cloudtrust-lab: ctlab ca failed (${ca.exitCode}): ${ca.output}`);
    return new StartedCloudTrustLab(container, endpoints, r.output, realm, startupMs, { caPem: ca.stdout, entraUrls, uiUrl });
  }

  constructor(container, endpoints, krb5Conf, realm, startupMs, extra = {}) {
    this.container = container;
    this.endpoints = endpoints;
    this.krb5Conf = krb5Conf;
    this.realm = realm;
    this.startupMs = startupMs;
    this.caPem = extra.caPem;
    this.entraUrls = extra.entraUrls;
    this.uiUrl = extra.uiUrl;
  }

  /**
   * Signs `upn` in with the emulated Windows device, inside the container (`ctlab signin --json`
   * against the running lab): resolves to { ok, exitCode, steps } where steps are the trace
   * envelopes of each step ({ service: 'device', verdict, code, fact, detail, ... }).
   * @param options { password, hello, spn }
   */
  async signIn(upn, options = {}) {
    const args = ['signin', upn, '--json', '--lab', READY_FILE];
    if (options.password !== undefined) args.push('--password', options.password);
    if (options.hello) args.push('--hello');
    if (options.spn !== undefined) args.push('--spn', options.spn);
    const r = await this.exec(args);
    if (r.exitCode === 2) throw new Error(`cloudtrust-lab: ctlab signin usage error: ${r.stderr || r.output}`);
    const steps = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    return { ok: r.exitCode === 0, exitCode: r.exitCode, steps };
  }

  /**
   * Runs `ctlab test` inside the container (the scenarios' expect: lists; with no files, the
   * image's scenarios/). Resolves to { ok, exitCode, output }. Needs an image whose ctlab has the
   * `test` verb.
   */
  async runTests(files = []) {
    const r = await this.exec(['test', ...files]);
    return { ok: r.exitCode === 0, exitCode: r.exitCode, output: r.output };
  }

  /** Runs a ctlab verb inside the container, e.g. exec(['health']). */
  exec(args) {
    return this.container.exec(['node', '/app/bin/ctlab.mjs', ...args]);
  }

  /** What the lab printed so far (its readable trace lines). */
  async logs() {
    const stream = await this.container.logs();
    return new Promise((resolve) => {
      let text = '';
      let idle;
      const done = () => {
        stream.destroy();
        resolve(text);
      };
      const kick = () => {
        clearTimeout(idle);
        idle = setTimeout(done, 300);
      };
      stream.on('data', (c) => {
        text += c.toString();
        kick();
      });
      stream.on('end', done);
      stream.on('error', done);
      kick();
    });
  }

  /** Stops and removes the container. */
  async stop() {
    await this.container.stop({ timeout: 5_000 });
  }
}
