/**
 * The LDAP service: one listener for the LDAP port and one for the global catalog port, both
 * serving the same directory (a one-domain forest), 127.0.0.1 by default. Implements the lab's
 * Service lifecycle (start → bound addresses, close → listeners and connections gone).
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { systemClock, type Clock } from '../core/clock.ts';
import { systemRandom, type RandomSource } from '../core/random.ts';
import { DEFAULT_BIND, localDefaultPorts, type BoundAddress, type Service, type ServiceState } from '../core/service.ts';
import { Logger } from '../core/log.ts';
import { UsageError } from '../core/errors.ts';
import type { Directory, DomainController } from '../directory/model.ts';
import { DEFAULT_MAX_MESSAGE_SIZE } from './codec/index.ts';
import { LdapConnection } from './connection.ts';
import type { HandlerContext, LdapEvent } from './handlers.ts';
import type { NetlogonAnswer } from './search.ts';
import { DirectoryTree } from './tree.ts';
import { answerNetlogonSearch } from './netlogon/index.ts';

export interface LdapServerOptions {
  readonly directory: Directory;
  /** The DC this server acts as (the model object or its name); default the first writable DC. */
  readonly dc?: DomainController | string;
  /** Listen address; default 127.0.0.1. */
  readonly bind?: string;
  /** LDAP port; default 10389 (389 + 10000); 0 picks a free port. */
  readonly port?: number;
  /** Global catalog port; default 13268; 0 picks a free port; null disables the listener. */
  readonly gcPort?: number | null;
  readonly clock?: Clock;
  /** Paged-results cookies come from here. */
  readonly random?: RandomSource;
  readonly onEvent?: (e: LdapEvent) => void;
  readonly maxMessageSize?: number;
  /** AD's MaxPageSize (1000). */
  readonly maxPageSize?: number;
  readonly maxConnections?: number;
  /** Idle connections are dropped after this long (AD's MaxConnIdleTime, 900 s). */
  readonly idleTimeoutMs?: number;
  readonly logger?: Logger;
  /**
   * When given, the directory may change while the server runs (the lab's live view): the server
   * rebuilds its view of the tree when this number changes.
   */
  readonly revision?: () => number;
  /** Override of the Netlogon ping answer (default: emulator/ldap/netlogon). */
  readonly netlogon?: (ctx: { directory: Directory; dc: DomainController; clientAddress?: string; serverAddress?: string }, filter: Parameters<NetlogonAnswer>[0]) => Uint8Array | null;
}

export class LdapServer implements Service {
  readonly name = 'ldap';
  private st: ServiceState = 'new';
  private readonly servers: { listener: 'ldap' | 'gc'; server: Server; port: number }[] = [];
  private readonly connections = new Set<LdapConnection>();
  private tree: DirectoryTree;
  private treeRevision: number | undefined;
  private readonly dc: DomainController;
  private nextId = 1;
  private readonly log: Logger;

  private readonly opts: LdapServerOptions;
  constructor(opts: LdapServerOptions) {
    this.opts = opts;
    const dcs = opts.directory.dcs;
    const dc =
      typeof opts.dc === 'string'
        ? dcs.find((d) => d.name.toLowerCase() === (opts.dc as string).toLowerCase() || d.hostName.toLowerCase() === (opts.dc as string).toLowerCase())
        : (opts.dc ?? dcs.find((d) => !d.readOnly) ?? dcs[0]);
    if (!dc) throw new UsageError(typeof opts.dc === 'string' ? `ldap: no domain controller named ${opts.dc}` : 'the directory has no domain controller for the LDAP server to act as');
    this.dc = dc;
    this.tree = new DirectoryTree(opts.directory);
    this.treeRevision = opts.revision?.();
    this.log = opts.logger ?? new Logger('ldap');
  }

  get state(): ServiceState {
    return this.st;
  }

  async start(): Promise<BoundAddress[]> {
    if (this.st !== 'new') throw new UsageError(`ldap: start() in state ${this.st}`);
    this.st = 'starting';
    const host = this.opts.bind ?? DEFAULT_BIND;
    const defaults = localDefaultPorts();
    const wanted: { listener: 'ldap' | 'gc'; port: number }[] = [{ listener: 'ldap', port: this.opts.port ?? defaults.ldap }];
    if (this.opts.gcPort !== null) wanted.push({ listener: 'gc', port: this.opts.gcPort ?? defaults.gc });
    const bound: BoundAddress[] = [];
    try {
      for (const w of wanted) {
        const server = createServer({ noDelay: true }, (socket) => this.accept(socket, w.listener));
        server.maxConnections = this.opts.maxConnections ?? 1000;
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(w.port, host, () => {
            server.off('error', reject);
            resolve();
          });
        });
        const port = (server.address() as AddressInfo).port;
        this.servers.push({ listener: w.listener, server, port });
        bound.push({ name: `${w.listener}/tcp`, protocol: 'tcp', host, port });
      }
    } catch (e) {
      await this.close();
      throw e;
    }
    this.st = 'running';
    return bound;
  }

  /** Ports actually bound (after start). */
  get ports(): { ldap?: number; gc?: number } {
    return Object.fromEntries(this.servers.map((s) => [s.listener, s.port]));
  }

  private accept(socket: Socket, listener: 'ldap' | 'gc'): void {
    const serverAddress = socket.localAddress;
    const clientAddress = socket.remoteAddress;
    const netlogonImpl = this.opts.netlogon ?? answerNetlogonSearch;
    const base = { directory: this.opts.directory, dc: this.dc };
    const netlogon: NetlogonAnswer = (filter) =>
      netlogonImpl({ ...base, ...(clientAddress ? { clientAddress } : {}), ...(serverAddress ? { serverAddress } : {}) }, filter);
    const context = (): HandlerContext => ({
      tree: this.currentTree(),
      directory: this.opts.directory,
      dc: this.dc,
      globalCatalog: listener === 'gc',
      listener,
      nowMs: (this.opts.clock ?? systemClock).now(),
      maxPageSize: this.opts.maxPageSize ?? 1000,
      netlogon,
    });
    const conn = new LdapConnection(socket, {
      id: this.nextId++,
      maxMessageSize: this.opts.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
      random: this.opts.random ?? systemRandom,
      context,
      ...(this.opts.onEvent ? { onEvent: this.opts.onEvent } : {}),
      log: this.log,
      ...(this.opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: this.opts.idleTimeoutMs } : {}),
    });
    this.connections.add(conn);
    socket.on('close', () => this.connections.delete(conn));
  }

  /** The tree for the directory as it is now (rebuilt after a change of a live directory). */
  private currentTree(): DirectoryTree {
    const rev = this.opts.revision?.();
    if (rev !== this.treeRevision) {
      this.tree = new DirectoryTree(this.opts.directory);
      this.treeRevision = rev;
    }
    return this.tree;
  }

  async close(): Promise<void> {
    if (this.st === 'closed') return;
    this.st = 'closing';
    for (const c of this.connections) c.destroy();
    this.connections.clear();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.server.close(() => resolve()))));
    this.servers.length = 0;
    this.st = 'closed';
  }
}
