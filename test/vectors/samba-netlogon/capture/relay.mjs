import dgram from 'node:dgram';
import net from 'node:net';
import fs from 'node:fs';
const log = (o) => fs.appendFileSync('log-tools.jsonl', JSON.stringify(o) + '\n');
const u = dgram.createSocket('udp4');
u.on('message', (msg, rinfo) => {
  log({ proto: 'udp', dir: 'req', hex: msg.toString('hex') });
  const c = dgram.createSocket('udp4');
  c.on('message', (rep) => { log({ proto: 'udp', dir: 'rep', hex: rep.toString('hex') }); u.send(rep, rinfo.port, rinfo.address); });
  c.send(msg, 389, '127.0.0.1');
  setTimeout(() => c.close(), 3000);
});
u.bind(389, '127.0.0.2');
const s = net.createServer((cs) => {
  const up = net.connect(389, '127.0.0.1');
  cs.on('data', (d) => { log({ proto: 'tcp', dir: 'req', hex: d.toString('hex') }); up.write(d); });
  up.on('data', (d) => { log({ proto: 'tcp', dir: 'rep', hex: d.toString('hex') }); cs.write(d); });
  cs.on('end', () => up.end()); up.on('end', () => cs.end());
  cs.on('error', () => {}); up.on('error', () => {});
});
s.listen(389, '127.0.0.2');
setTimeout(() => process.exit(0), 60000);
