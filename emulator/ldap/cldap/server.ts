/**
 * The CLDAP service: the LDAP ping on UDP (MS-ADTS 6.3.3), on the LDAP port number since CLDAP
 * shares 389 with LDAP over TCP. One datagram in, at most one out (handler.ts). The DC that answers
 * is one of the directory's DCs (the PDC unless named); the AzureADKerberos object is never one
 * (it has no host), so it never answers.
 */
import type dgram from 'node:dgram';
import net from 'node:net';
import { ServiceStateError, UsageError } from '../../core/errors.ts';
import { bindUdp, closeUdp, type Datagram } from '../../core/udp.ts';
import { DEFAULT_BIND, localDefaultPorts, type BoundAddress, type Service, type ServiceState } from '../../core/service.ts';
import type { Directory, DomainController } from '../../directory/model.ts';
import { withCapture } from '../../trace/capture.ts';
import { cldapEnvelope } from '../trace.ts';
import { handleDatagram, type CldapEvent, type RootDseProvider } from './handler.ts';

export interface CldapServerOptions {
  readonly directory: Directory;
  /** Short name of the DC to answer as (`dc1`); default: the PDC emulator, else the first DC. */
  readonly dc?: string;
  /** Listen address; default 127.0.0.1. */
  readonly bind?: string;
  /** UDP port; default the lab's LDAP port (10389; 389 with standard ports); 0 picks a free one. */
  readonly port?: number;
  /** rootDSE attributes for CLDAP searches that ask for more than Netlogon (the LDAP server's). */
  readonly rootDse?: RootDseProvider;
  /** Called once per datagram, after the reply (if any) was handed to the socket. */
  readonly onEvent?: (e: CldapEvent) => void;
}

export interface CldapServer extends Service {
  readonly addresses: readonly BoundAddress[];
  /** The DC this service answers as. */
  readonly dc: DomainController;
}

/** Picks the answering DC: by name, else the PDC, else the first; it must have a host name. */
export function selectDc(directory: Directory, name?: string): DomainController {
  const dcs = directory.dcs;
  const dc = name !== undefined ? dcs.find((d) => d.name.toLowerCase() === name.toLowerCase()) : (dcs.find((d) => d.pdc) ?? dcs[0]);
  if (!dc) throw new UsageError(name !== undefined ? `cldap: no DC named ${name} in the directory` : 'cldap: the directory has no DC');
  if (dc.computer.dnsHostName === undefined) throw new UsageError(`cldap: DC ${dc.name} has no host name`);
  return dc;
}

export function createCldapServer(opts: CldapServerOptions): CldapServer {
  return new CldapServerImpl(opts);
}

class CldapServerImpl implements CldapServer {
  readonly name = 'cldap';
  readonly dc: DomainController;
  private _state: ServiceState = 'new';
  private _addresses: BoundAddress[] = [];
  private sock?: dgram.Socket;

  private readonly opts: CldapServerOptions;
  constructor(opts: CldapServerOptions) {
    this.opts = opts;
    this.dc = selectDc(opts.directory, opts.dc);
  }

  get state(): ServiceState {
    return this._state;
  }

  get addresses(): readonly BoundAddress[] {
    return this._addresses;
  }

  async start(): Promise<BoundAddress[]> {
    if (this._state !== 'new') throw new ServiceStateError(`cldap: start() in state ${this._state}`);
    this._state = 'starting';
    const host = this.opts.bind ?? DEFAULT_BIND;
    const port = this.opts.port ?? localDefaultPorts().ldap;
    try {
      this.sock = await this.listen(host, port);
    } catch (err) {
      this._state = 'closed';
      throw err;
    }
    this._addresses = [{ name: 'cldap/udp', protocol: 'udp', host, port: this.sock.address().port }];
    this._state = 'running';
    return [...this._addresses];
  }

  async close(): Promise<void> {
    if (this._state === 'new' || this._state === 'closed') {
      this._state = 'closed';
      return;
    }
    if (this._state === 'closing') return;
    this._state = 'closing';
    const sock = this.sock;
    if (sock) await closeUdp(sock);
    this._state = 'closed';
  }

  private onMessage(d: Datagram, reply: (bytes: Uint8Array) => void, host: string): void {
    const { peer, bytes } = d;
    let result: ReturnType<typeof handleDatagram>;
    try {
      result = handleDatagram(
        {
          directory: this.opts.directory,
          dc: this.dc,
          clientAddress: d.address,
          ...(net.isIPv4(host) && host !== '0.0.0.0' ? { serverAddress: host } : {}),
          ...(this.opts.rootDse ? { rootDse: this.opts.rootDse } : {}),
        },
        bytes,
        peer,
      );
    } catch {
      // A bug on our side (the peer cannot cause one): drop, keep serving.
      result = { reply: null, event: { service: 'cldap', transport: 'udp', peer, kind: 'malformed' } };
    }
    if (result.reply && this._state === 'running') reply(result.reply);
    try {
      const reply = result.reply;
      // The request and reply datagrams as the training page's capture (trace/capture.ts).
      this.opts.onEvent?.(withCapture(cldapEnvelope(result.event), () => ({ kind: 'cldap', request: bytes, reply })));
    } catch {
      // A faulty observer must not take the server down.
    }
  }

  private listen(host: string, port: number): Promise<dgram.Socket> {
    return bindUdp(host, port, (d, reply) => this.onMessage(d, reply, host));
  }
}
