/**
 * Shared state of one directory build: the naming contexts, a USN counter that also drives
 * whenCreated, GUIDs from the seed and the DN of each object, and the RID allocator.
 * Everything is a function of the scenario, so two builds are identical.
 */
import type { Scenario } from '../scenario/defaults.ts';
import { dnFromDnsName, escapeRdnValue } from './dn.ts';
import { deriveGuid } from './ids.ts';
import type { ObjectMeta } from './model.ts';
import { FIRST_ALLOCATED_RID } from './wellknown.ts';

/** AD's first USN after promotion is in the thousands; any stable start works. */
export const FIRST_USN = 12_000;

export class BuildContext {
  readonly domainDn: string;
  readonly configDn: string;
  readonly schemaDn: string;
  readonly usersDn: string;
  readonly computersDn: string;
  readonly builtinDn: string;
  readonly systemDn: string;
  readonly dcOuDn: string;
  readonly sitesDn: string;
  readonly partitionsDn: string;
  private usn = FIRST_USN;
  private readonly usedRids = new Set<number>();
  private nextRid = FIRST_ALLOCATED_RID;

  readonly scenario: Scenario;
  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.domainDn = dnFromDnsName(scenario.domain.dnsName);
    this.configDn = `CN=Configuration,${this.domainDn}`;
    this.schemaDn = `CN=Schema,${this.configDn}`;
    this.usersDn = `CN=Users,${this.domainDn}`;
    this.computersDn = `CN=Computers,${this.domainDn}`;
    this.builtinDn = `CN=Builtin,${this.domainDn}`;
    this.systemDn = `CN=System,${this.domainDn}`;
    this.dcOuDn = `OU=Domain Controllers,${this.domainDn}`;
    this.sitesDn = `CN=Sites,${this.configDn}`;
    this.partitionsDn = `CN=Partitions,${this.configDn}`;
    for (const r of [...scenario.groups, ...scenario.users, ...scenario.computers]) if (r.rid !== undefined) this.usedRids.add(r.rid);
  }

  get seed(): string {
    return this.scenario.seed;
  }

  get domainSid(): string {
    return this.scenario.domain.sid;
  }

  /** Metadata of a new object: next USN, a creation time one second per USN after the epoch. */
  meta(dn: string): ObjectMeta {
    const usn = ++this.usn;
    const when = this.scenario.epoch + (usn - FIRST_USN) * 1000;
    return { dn, guid: this.guid(`object:${dn.toLowerCase()}`), usnCreated: usn, usnChanged: usn, whenCreated: when, whenChanged: when };
  }

  guid(label: string): string {
    return deriveGuid(this.seed, label);
  }

  get highestUsn(): number {
    return this.usn;
  }

  /** The explicit RID when given, else the next free one from 1000 up. */
  rid(explicit?: number): number {
    if (explicit !== undefined) return explicit;
    while (this.usedRids.has(this.nextRid)) this.nextRid++;
    this.usedRids.add(this.nextRid);
    return this.nextRid++;
  }

  /** objectCategory DN of a schema class (`Person` -> `CN=Person,CN=Schema,...`). */
  category(cn: string): string {
    // One string per class (every account's objectCategory is one of a few).
    let dn = this.categories.get(cn);
    if (dn === undefined) this.categories.set(cn, (dn = `CN=${cn},${this.schemaDn}`));
    return dn;
  }
  private readonly categories = new Map<string, string>();

  /** DN of an OU path `Corp/Staff` -> `OU=Staff,OU=Corp,<domain>`. */
  ouDn(path: string): string {
    return [...path.split('/').reverse().map((p) => `OU=${escapeRdnValue(p)}`), this.domainDn].join(',');
  }
}
