/**
 * The token endpoint as a lab service: the same express app on HTTPS (default 10443, 443 with
 * --standard-ports) and on plain HTTP for tools that do not do TLS (10080 / 80), both on the
 * lab's bind address. The TLS certificate comes from the lab CA (ca.ts) and names
 * login.microsoftonline.com, login.windows.net, enterpriseregistration.windows.net, localhost,
 * this machine's host name, the scenario's entra.hostNames and the bind address. HTTPS asks for (but does not require) a client
 * certificate: device DELETE authenticates with the device certificate, as roadlib does.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import { hostname } from 'node:os';
import * as pkijs from 'pkijs';
import { DEFAULT_BIND, type BoundAddress, type Service, type ServiceState } from '../core/service.ts';
import type { Clock } from '../core/clock.ts';
import type { RandomSource } from '../core/random.ts';
import type { KerberosDomainStore } from '../stores/kerberos-domains.ts';
import type { Tenant } from '../tenant/model.ts';
import { createEntraApp } from './app.ts';
import { LabCa, pem, seededEcKey } from './ca.ts';
import { cloudKrbtgtKey, DEFAULT_ENTRA_CONFIG, partialTgtKeyCache, type EntraConfig, type EntraContext, type EntraTraceEvent } from './context.ts';
import { memoryEntraStores, type EntraStores } from './stores/index.ts';
import { TokenSigner } from './tokens.ts';

/** The names Microsoft clients use; the TLS certificate and (when asked) the lab DNS carry them. */
export const ENTRA_HOST_NAMES = ['login.microsoftonline.com', 'login.windows.net', 'enterpriseregistration.windows.net'] as const;

export interface EntraServiceOptions {
  readonly tenant: Tenant;
  readonly kerberosDomains: KerberosDomainStore;
  readonly seed: string;
  readonly clock: Clock;
  readonly cloudClock?: Clock;
  readonly rng: RandomSource;
  readonly trace?: (e: EntraTraceEvent) => void;
  readonly bind?: string;
  /** HTTPS port; null = no HTTPS listener; 0 = any free port. */
  readonly httpsPort: number | null;
  /** HTTP port; null = no HTTP listener. */
  readonly httpPort: number | null;
  /** Extra names for the certificate (the lab's host names). */
  readonly hostNames?: readonly string[];
  readonly stores?: EntraStores;
  readonly config?: Partial<EntraConfig>;
}

export class EntraService implements Service {
  readonly name = 'entra';
  private _state: ServiceState = 'new';
  private readonly opts: EntraServiceOptions;
  private readonly servers: (http.Server | https.Server)[] = [];
  private readonly sockets = new Set<Socket>();
  private _ctx?: EntraContext;
  private _ca?: LabCa;
  constructor(opts: EntraServiceOptions) {
    this.opts = opts;
  }
  get state(): ServiceState {
    return this._state;
  }
  /** The handlers' context (stores, CA), once started. */
  get context(): EntraContext | undefined {
    return this._ctx;
  }
  get ca(): LabCa | undefined {
    return this._ca;
  }

  async start(): Promise<BoundAddress[]> {
    this._state = 'starting';
    const o = this.opts;
    const bind = o.bind ?? DEFAULT_BIND;
    const ca = (this._ca = await LabCa.fromSeed(o.seed));
    const ctx: EntraContext = {
      tenant: o.tenant,
      kerberosDomains: o.kerberosDomains,
      stores: o.stores ?? seededStores(o.tenant),
      clock: o.clock,
      cloudClock: o.cloudClock ?? o.clock,
      rng: o.rng,
      signer: new TokenSigner(),
      ca,
      config: { ...DEFAULT_ENTRA_CONFIG, ...o.config },
      cloudKrbtgt: cloudKrbtgtKey(o.seed, o.tenant.id),
      trace: o.trace ?? (() => {}),
      partialTgtKey: partialTgtKeyCache(),
    };
    this._ctx = ctx;
    const app = createEntraApp(ctx);
    const bound: BoundAddress[] = [];
    const track = (s: http.Server | https.Server) => {
      s.on('connection', (sock: Socket) => {
        this.sockets.add(sock);
        sock.on('close', () => this.sockets.delete(sock));
      });
      s.headersTimeout = 10_000;
      s.requestTimeout = 30_000;
      this.servers.push(s);
    };
    try {
      if (o.httpsPort !== null) {
        const tls = await this.tlsCertificate(ca, bind);
        const s = https.createServer({ key: tls.key, cert: tls.cert, requestCert: true, rejectUnauthorized: false }, app);
        track(s);
        bound.push({ name: 'entra/https', protocol: 'https', host: bind, port: await listen(s, bind, o.httpsPort) });
      }
      if (o.httpPort !== null) {
        const s = http.createServer(app);
        track(s);
        bound.push({ name: 'entra-http/http', protocol: 'http', host: bind, port: await listen(s, bind, o.httpPort) });
      }
    } catch (err) {
      await this.close();
      throw err;
    }
    this._state = 'running';
    return bound;
  }

  private async tlsCertificate(ca: LabCa, bind: string): Promise<{ key: string; cert: string }> {
    const key = await seededEcKey(this.opts.seed, 'tls');
    const spki = new pkijs.PublicKeyInfo();
    await spki.importKey(key.publicKey);
    const names = new Set<string>([...ENTRA_HOST_NAMES, 'localhost', '127.0.0.1', ...(this.opts.hostNames ?? [])]);
    const machine = hostname().toLowerCase();
    if (/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(machine)) names.add(machine);
    if (isIP(bind) === 4 && bind !== '0.0.0.0') names.add(bind);
    const now = this.opts.clock.now();
    const der = await ca.issue({
      subjectCn: ENTRA_HOST_NAMES[0],
      spki,
      serial: this.opts.rng.bytes(16),
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 365 * 86_400_000),
      altNames: [...names],
      eku: ['1.3.6.1.5.5.7.3.1'],
    });
    return { key: key.privatePem, cert: pem('CERTIFICATE', der) + ca.pem };
  }

  async close(): Promise<void> {
    if (this._state === 'closed') return;
    this._state = 'closing';
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((done) => (s.listening ? s.close(() => done()) : done()))));
    this.servers.length = 0;
    this._state = 'closed';
  }
}

/** In-memory stores holding the scenario's pre-seeded devices (placeholders without a certificate: they cannot request a PRT). */
function seededStores(tenant: Tenant): EntraStores {
  const stores = memoryEntraStores();
  for (const d of tenant.devices) {
    stores.devices.put({ deviceId: d.deviceId, objectId: d.objectId, displayName: d.displayName, trustType: d.trustType, accountEnabled: d.accountEnabled, registeredAt: 0, ...(d.certificate ? { certificate: d.certificate } : {}) });
  }
  return stores;
}

function listen(s: http.Server | https.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, host, () => {
      s.off('error', reject);
      resolve((s.address() as AddressInfo).port);
    });
  });
}
