/**
 * Service principal names: AD's default sPNMappings (CN=Directory Service,CN=Windows NT,
 * CN=Services,CN=Configuration), by which a `host/` SPN also answers for these service classes,
 * and the SPNs a DC registers for itself.
 */

/** The service classes `host` stands for in a fresh forest. `ldap` is not among them: DCs register ldap/ explicitly. */
export const HOST_SPN_ALIASES: readonly string[] = (
  'alerter,appmgmt,cisvc,clipsrv,browser,dhcp,dnscache,replicator,eventlog,eventsystem,policyagent,oakley,dmserver,dns,' +
  'mcsvc,fax,msiserver,ias,messenger,netlogon,netman,netdde,netddedsm,nmagent,plugplay,protectedstorage,rasman,rpclocator,' +
  'rpc,rpcss,remoteaccess,rsvp,samss,scardsvr,scesrv,seclogon,scm,dcom,cifs,spooler,snmp,schedule,tapisrv,trksvr,trkwks,' +
  'ups,time,wins,www,http,w3svc,iisadmin,msdtc'
).split(',');

/** The sPNMappings attribute value. */
export const SPN_MAPPINGS_VALUE = `host=${HOST_SPN_ALIASES.join(',')}`;

const ALIASES = new Set(HOST_SPN_ALIASES);

/** For `cifs/fs1.fabrikam.local` returns `host/fs1.fabrikam.local`; undefined when the class is not an alias. */
export function hostEquivalent(spn: string): string | undefined {
  const slash = spn.indexOf('/');
  if (slash <= 0) return undefined;
  const cls = spn.slice(0, slash).toLowerCase();
  return ALIASES.has(cls) ? `host${spn.slice(slash)}` : undefined;
}

/** The SPNs a domain controller's computer object carries (as dcpromo writes them). */
export function dcSpns(o: { name: string; fqdn: string; domain: string; netbios: string; dsaGuid: string; gc: boolean; readOnly: boolean }): string[] {
  const NAME = o.name.toUpperCase();
  const list = [
    `HOST/${o.fqdn}/${o.netbios}`,
    `HOST/${o.fqdn}/${o.domain}`,
    `HOST/${NAME}`,
    `HOST/${o.fqdn}`,
    `ldap/${o.fqdn}/${o.netbios}`,
    `ldap/${NAME}`,
    `ldap/${o.dsaGuid}._msdcs.${o.domain}`,
    `ldap/${o.fqdn}`,
    `ldap/${o.fqdn}/${o.domain}`,
    `RestrictedKrbHost/${NAME}`,
    `RestrictedKrbHost/${o.fqdn}`,
    `E3514235-4B06-11D1-AB04-00C04FC2DCD2/${o.dsaGuid}/${o.domain}`,
    `DNS/${o.fqdn}`,
  ];
  if (!o.readOnly) list.push(`ldap/${o.fqdn}/ForestDnsZones.${o.domain}`, `ldap/${o.fqdn}/DomainDnsZones.${o.domain}`, `Dfsr-12F9A27C-BF97-4787-9364-D31B6C55EB04/${o.fqdn}`);
  if (o.gc) list.push(`GC/${o.fqdn}/${o.domain}`);
  return list;
}
