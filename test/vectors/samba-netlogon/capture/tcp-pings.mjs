import net from 'node:net';
import { and, bool, en, eq, int, le32, os, seq, tlv } from './ber.mjs';
const search = (id, filter, attrs = ['Netlogon']) => seq(int(id), tlv(0x63, Buffer.concat([os(''), en(0), en(0), int(0), int(0), bool(false), filter, seq(...attrs.map(os))])));
const reqs = [search(1, and(eq('DnsDomain', 'contoso.com'), eq('NtVer', le32(6)))), search(2, tlv(0xa1, Buffer.concat([eq('NtVer', le32(6))]))), search(3, and(eq('NtVer', le32(6))))];
const s = net.connect(389, '127.0.0.1', () => { for (const r of reqs) s.write(r); });
let buf = Buffer.alloc(0);
s.on('data', (d) => { buf = Buffer.concat([buf, d]); });
setTimeout(() => { console.log(JSON.stringify({ requests: reqs.map((r) => r.toString('hex')), reply: buf.toString('hex') })); s.destroy(); }, 1500);
