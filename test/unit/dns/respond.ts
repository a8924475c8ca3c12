/** Test helpers: build a query like dig does and decode our reply with dns2 (an independent parser). */
import { Packet } from 'dns2';
import { DnsFaults, type DnsFaultRule } from '../../../emulator/dns/faults.ts';
import { handleMessage, type HandleResult, type Transport } from '../../../emulator/dns/handler.ts';
import { ZoneIndex } from '../../../emulator/dns/lookup.ts';
import { locatorRecords, type LocatorSource } from '../../../emulator/dns/records.ts';
import { PORTS } from './fixture.ts';

export function query(name: string, type: number, opts: { id?: number; edns?: number; opcode?: number; klass?: number } = {}): Uint8Array {
  const labels = name.split('.').filter(Boolean).flatMap((l) => [l.length, ...Buffer.from(l, 'latin1')]);
  const opt = opts.edns !== undefined ? [0, 0, 41, opts.edns >> 8, opts.edns & 0xff, 0, 0, 0, 0, 0, 0] : [];
  const id = opts.id ?? 0x4242;
  const klass = opts.klass ?? 1;
  return new Uint8Array([
    id >> 8, id & 0xff, ((opts.opcode ?? 0) << 3) | 1, 0, 0, 1, 0, 0, 0, 0, 0, opt.length ? 1 : 0,
    ...labels, 0, type >> 8, type & 0xff, klass >> 8, klass & 0xff, ...opt,
  ]);
}

export interface Asked {
  readonly result: HandleResult;
  readonly packet: InstanceType<typeof Packet>;
}

export function responder(source: LocatorSource, faults: readonly DnsFaultRule[] = []) {
  const index = new ZoneIndex(locatorRecords(source, PORTS));
  const f = new DnsFaults(faults);
  return (name: string, type: number, opts: Parameters<typeof query>[2] & { transport?: Transport } = {}): Asked => {
    const result = handleMessage(query(name, type, opts), opts.transport ?? 'udp', index, f);
    if (!result.reply) throw new Error(`no reply for ${name}`);
    return { result, packet: Packet.parse(Buffer.from(result.reply)) };
  };
}
