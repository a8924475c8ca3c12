/**
 * The other DCs answer the LDAP ping as themselves. The lab's LDAP, CLDAP and KDC listen at the
 * bind address as the serving DC (lab-services.ts); a scenario with several DCs gives each its own
 * address, and the DNS records name those addresses. For every further DC whose address is a
 * loopback address other than the bind address (127.0.0.2, 127.0.0.3, ...; Linux routes all of
 * 127/8 to lo), this service binds a CLDAP listener there on the LDAP port that answers with that
 * DC's flags, site and names. So a DC locator that follows DNS and pings each candidate sees every
 * DC the way a Windows client would: an RODC without DS_WRITABLE_FLAG, an unpatched 2016 DC
 * without DS_KEY_LIST_FLAG, a DC in another site without DS_CLOSEST_FLAG.
 *
 * DCs at non-loopback addresses, or any DC when the lab binds a wildcard address, get no listener:
 * a ping to them times out, which is what a client sees for a DC it cannot reach.
 */
import { isIPv4 } from 'node:net';
import type { BoundAddress, Service, ServiceState } from './core/service.ts';
import type { DomainController } from './directory/model.ts';
import { createCldapServer, type CldapServer } from './ldap/cldap/index.ts';
import type { LabServiceContext } from './lab-services.ts';

/** The DCs that get their own ping listener, given the serving DC and the bind address. */
export function pingableDcs(dcs: readonly DomainController[], serving: DomainController, bind: string): DomainController[] {
  if (bind === '0.0.0.0' || bind === '::') return [];
  const seen = new Set<string>([bind]);
  const out: DomainController[] = [];
  for (const dc of dcs) {
    if (dc === serving || dc.computer.dnsHostName === undefined) continue;
    if (!isIPv4(dc.address) || !dc.address.startsWith('127.') || seen.has(dc.address)) continue;
    seen.add(dc.address);
    out.push(dc);
  }
  return out;
}

export class DcPingService implements Service {
  readonly name = 'cldap-dcs';
  private _state: ServiceState = 'new';
  private servers: CldapServer[] = [];
  private readonly ctx: LabServiceContext;
  private readonly dcs: readonly DomainController[];
  constructor(ctx: LabServiceContext, dcs: readonly DomainController[]) {
    this.ctx = ctx;
    this.dcs = dcs;
  }

  get state(): ServiceState {
    return this._state;
  }

  async start(): Promise<BoundAddress[]> {
    this._state = 'starting';
    const port = this.ctx.boundPort('ldap') ?? this.ctx.ports.ldap;
    const out: BoundAddress[] = [];
    try {
      for (const dc of this.dcs) {
        const s = createCldapServer({
          directory: this.ctx.world.directory,
          dc: dc.name,
          bind: dc.address,
          port,
          onEvent: this.ctx.trace.sink('cldap', () => this.ctx.clock.now()),
        });
        this.servers.push(s);
        out.push(...(await s.start()));
      }
    } catch (err) {
      await this.close();
      throw err;
    }
    this._state = 'running';
    return out;
  }

  async close(): Promise<void> {
    this._state = 'closing';
    await Promise.allSettled(this.servers.map((s) => s.close()));
    this._state = 'closed';
  }
}
