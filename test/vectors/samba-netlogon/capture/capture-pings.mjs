import dgram from 'node:dgram';
import fs from 'node:fs';
import { and, bool, en, eq, int, le32, os, seq, tlv } from './ber.mjs';
function search(id, filter, attrs = ['Netlogon'], base = '', scope = 0) {
  const req = tlv(0x63, Buffer.concat([os(base), en(scope), en(0), int(0), int(0), bool(false), filter, seq(...attrs.map(os))]));
  return seq(int(id), req);
}
function guidBytes(g) { const x = Buffer.from(g.replace(/-/g, ''), 'hex'); return Buffer.from([x[3],x[2],x[1],x[0],x[5],x[4],x[7],x[6],...x.subarray(8)]); }
// Usage: node capture-pings.mjs <domain GUID> <domain SID as hex>  (Samba AD DC on 127.0.0.1:389)
const GUID = process.argv[2];
const SIDHEX = process.argv[3] ?? '';
const f = and(eq('NtVer', le32(6)), eq('AAC', le32(0)));
const cases = {
  'ex-dnsdomain': search(1, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x16)))),
  'ex-dnsdomain-upper': search(2, and(eq('DnsDomain', 'FABRIKAM.LOCAL'), eq('NtVer', le32(0x6)))),
  'ex-wrong-domain': search(3, and(eq('DnsDomain', 'contoso.com'), eq('NtVer', le32(0x6)))),
  'ex-with-ip': search(4, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x0e)))),
  'ex-closest-site': search(5, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x16)))),
  'ex-guid-only': search(6, and(eq('DomainGuid', guidBytes(GUID)), eq('NtVer', le32(0x6)))),
  'ex-wrong-guid': search(7, and(eq('DnsDomain', 'fabrikam.local'), eq('DomainGuid', Buffer.alloc(16, 7)), eq('NtVer', le32(0x6)))),
  'ex-host': search(8, and(eq('DnsDomain', 'fabrikam.local'), eq('Host', 'WS1'), eq('NtVer', le32(0x6)))),
  'ex-user-known': search(9, and(eq('DnsDomain', 'fabrikam.local'), eq('User', 'alice'), eq('AAC', le32(0x10)), eq('NtVer', le32(0x6)))),
  'ex-user-unknown': search(10, and(eq('DnsDomain', 'fabrikam.local'), eq('User', 'nobody'), eq('AAC', le32(0x10)), eq('NtVer', le32(0x6)))),
  'v5-only': search(11, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x2)))),
  'nt40-only': search(12, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x1)))),
  'ntver-zero': search(13, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x0)))),
  'no-ntver': search(14, and(eq('DnsDomain', 'fabrikam.local'))),
  'v5-user-unknown': search(15, and(eq('DnsDomain', 'fabrikam.local'), eq('User', 'nobody'), eq('NtVer', le32(0x2)))),
  'nt40-user-unknown': search(16, and(eq('DnsDomain', 'fabrikam.local'), eq('User', 'nobody'), eq('NtVer', le32(0x1)))),
  'other-attr': search(17, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x6))), ['defaultNamingContext']),
  'rootdse-present': search(18, tlv(0x87, Buffer.from('objectClass')), ['defaultNamingContext', 'dnsHostName']),
  'nonempty-base': search(19, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x6))), ['Netlogon'], 'DC=fabrikam,DC=local'),
  'ex-domainsid-ok': search(20, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x6)), eq('DomainSid', Buffer.from(SIDHEX, 'hex')))),
  'ex-domainsid-wrong': search(21, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x6)), eq('DomainSid', Buffer.from('010400000000000515000000010000000200000003000000', 'hex')))),
  'garbage': Buffer.from('300602010163ff', 'hex'),
  'bad-op-readable-id': Buffer.from('3008020105630304000a', 'hex'),
  'ex-user-computer': search(22, and(eq('DnsDomain', 'fabrikam.local'), eq('User', 'DC1$'), eq('AAC', le32(0x80)), eq('NtVer', le32(0x6)))),
  'ex-host-aac0-user': search(23, and(eq('DnsDomain', 'fabrikam.local'), eq('User', 'alice'), eq('NtVer', le32(0x6)))),
  'ex-ntver-0x20000006': search(24, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x20000006)))),
  'ex-dnshostname': search(25, and(eq('DnsHostName', 'dc1.fabrikam.local'), eq('NtVer', le32(0x6)))),
  'ex-with-ip-only4': search(26, and(eq('NtVer', le32(0xc)))),
  'or-filter': search(27, tlv(0xa1, Buffer.concat([eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(0x6))]))),
  'ex-netlogon-lower': search(28, and(eq('dnsdomain', 'fabrikam.local'), eq('ntver', le32(0x6))), ['netlogon']),

  'search-subtree': search(2, f, ['Netlogon'], '', 2),
  'search-one': search(3, f, ['Netlogon'], '', 1),
  'trailing-garbage': Buffer.concat([search(4, f), Buffer.from([0, 0])]),
  'two-messages': Buffer.concat([search(5, f), search(6, f)]),
  'no-attrs': search(7, f, []),
  'star': search(8, f, ['*']),
  'netlogon-and-other': search(9, f, ['Netlogon', 'dnsHostName']),
  'user-aac0': search(10, and(eq('NtVer', le32(6)), eq('User', 'alice'), eq('AAC', le32(0)))),
  'user-disabled': search(11, and(eq('NtVer', le32(6)), eq('User', 'krbtgt'))),
  'user-aac-uf-normal': search(12, and(eq('NtVer', le32(6)), eq('User', 'alice'), eq('AAC', le32(0x200)))),
  'user-computer-noaac': search(13, and(eq('NtVer', le32(6)), eq('User', 'DC1$'))),
  'user-case': search(14, and(eq('NtVer', le32(6)), eq('User', 'ALICE'))),
  'dnsdomain-trailing-dot': search(15, and(eq('DnsDomain', 'fabrikam.local.'), eq('NtVer', le32(6)))),
  'ntver-short': search(16, and(eq('NtVer', Buffer.from([6, 0])))),
  'ntver-0x10-only': search(17, and(eq('NtVer', le32(0x10)))),
  'ntver-0x3': search(18, and(eq('NtVer', le32(0x3)))),
  'ntver-0x8-only': search(19, and(eq('NtVer', le32(0x8)))),
  'single-eq-not-and': search(20, eq('NtVer', le32(6))),
  'and-with-present': search(21, and(eq('NtVer', le32(6)), tlv(0x87, Buffer.from('objectClass')))),
  'msgid-zero': search(0, f),
  'msgid-big': search(0x7fffffff, f),
  'dnsdomain-netbios': search(22, and(eq('DnsDomain', 'FABRIKAM'), eq('NtVer', le32(6)))),
  'guid-bad-length': search(23, and(eq('DomainGuid', Buffer.alloc(3)), eq('NtVer', le32(6)))),

  'u-alice-nodom-noaac': search(30, and(eq('NtVer', le32(6)), eq('User', 'alice'))),
  'u-ALICE-dom-noaac': search(31, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(6)), eq('User', 'ALICE'))),
  'u-alice-dom-aac0': search(32, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(6)), eq('User', 'alice'), eq('AAC', le32(0)))),
  'u-dc1-dom-noaac': search(33, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(6)), eq('User', 'DC1$'))),
  'u-dc1-dom-aac-svrtrust-acb': search(34, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(6)), eq('User', 'DC1$'), eq('AAC', le32(0x100)))),
  'u-dc1-dom-aac-svrtrust-uf': search(35, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(6)), eq('User', 'DC1$'), eq('AAC', le32(0x2000)))),
  'u-alice-dom-aac-uf-normal': search(36, and(eq('DnsDomain', 'fabrikam.local'), eq('NtVer', le32(6)), eq('User', 'alice'), eq('AAC', le32(0x200)))),
  'u-alice-nodom-aac-acb-normal': search(37, and(eq('NtVer', le32(6)), eq('User', 'alice'), eq('AAC', le32(0x10))))
};
const sock = dgram.createSocket('udp4');
sock.bind(0, '127.0.0.1');
let replies = [];
sock.on('message', (m) => replies.push(m.toString('hex')));
await new Promise((r) => sock.once('listening', r));
const out = {};
for (const [name, req] of Object.entries(cases)) {
  replies = [];
  sock.send(req, 389, '127.0.0.1');
  await new Promise((r) => setTimeout(r, 700));
  out[name] = { request: req.toString('hex'), replies };
}
fs.writeFileSync('crafted.json', JSON.stringify({ cases: out }, null, 1));
sock.close();
