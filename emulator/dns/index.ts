/**
 * The DNS DC locator: zone data derived from the directory (records.ts), an authoritative
 * UDP+TCP server (server.ts) with scenario faults (faults.ts) and one event per message.
 */
export { ServiceStateError } from '../core/errors.ts';
export { createDnsServer, type DnsServer, type DnsServerOptions } from './server.ts';
export { locatorRecords, LOCATOR_TTL, ZONE_TTL, SRV_PRIORITY, SRV_WEIGHT, type LocatorPorts, type LocatorSource } from './records.ts';
export { DnsFaults, type DnsFaultRule, type FaultDecision, type TerminalFault } from './faults.ts';
export { ZoneIndex, type LookupResult } from './lookup.ts';
export { handleMessage, type DnsEvent, type Transport } from './handler.ts';
export { encodeResponse, SERVER_UDP_PAYLOAD } from './encode.ts';
export { decodeQuery, decodeHeader, RCODE, TYPE, CLASS, OPCODE } from './wire.ts';
export { rrText, type ResourceRecord, type RData, type Zone, type ZoneData } from './rr.ts';
