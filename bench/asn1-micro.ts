/**
 * Micro-benchmark of the ASN.1 layer on KDC-sized messages: decode of an AS-REQ and a TGS-REQ
 * (with its AP-REQ and ticket), encode of an EncTicketPart with a 1 KiB PAC, an EncASRepPart
 * and an AS-REP. Prints microseconds per call (best of five rounds).
 *
 *   node bench/asn1-micro.ts [--n 20000]
 */
import { parseArgs } from 'node:util';
import * as k from '../emulator/kerberos/asn1/index.ts';
import * as s from '../test/unit/kerberos/asn1/samples.ts';
import { bestOf } from './best-of.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '20000' } } });
const n = Math.max(100, Math.min(1_000_000, Number(values.n)));

const pac = new Uint8Array(1000).fill(0x41);
const ticketPart: k.EncTicketPart = { ...s.encTicketPartFull, authorizationData: [{ adType: 1, adData: pac }] };
const asReqBytes = k.encodeAsReq(s.asReq);
const tgsReqBytes = k.encodeTgsReq(s.tgsReq);

const time = (name: string, fn: () => unknown): number => bestOf(name, n, fn, 28);

let total = 0;
total += time('decode AS-REQ', () => k.decodeAsReq(asReqBytes));
total += time('decode TGS-REQ', () => k.decodeTgsReq(tgsReqBytes));
total += time('encode EncTicketPart (PAC)', () => k.encodeEncTicketPart(ticketPart));
total += time('encode EncASRepPart', () => k.encodeEncAsRepPart(s.encKdcRepPart));
total += time('encode AS-REP', () => k.encodeAsRep(s.asRep));
total += time('decode EncTicketPart (PAC)', () => k.decodeEncTicketPart(k.encodeEncTicketPart(ticketPart)));
process.stdout.write(`${'total'.padEnd(28)} ${total.toFixed(2).padStart(8)} us\n`);
