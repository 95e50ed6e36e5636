import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
const [url, pid, secs] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 8)];
const stat = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return { u: Number(f[11]) / 100, s: Number(f[12]) / 100 }; };
const vars = JSON.parse(process.env.V ?? '[{}]');
let i = 0;
const run = (d) => autocannon({ url: url + '/graphql', method: 'POST', headers: { 'content-type': 'application/json' }, connections: 32, duration: d,
  requests: [{ setupRequest: (r) => ({ ...r, body: JSON.stringify({ query: process.env.Q, variables: vars[i++ % vars.length] }) }) }] });
await run(1);
const a = stat(); const r = await run(secs); const b = stat();
const n = r.requests.total;
console.log(`req/s ${r.requests.average} p50 ${r.latency.p50} p99 ${r.latency.p99} non2xx ${r.non2xx} errors ${r.errors} | API user ${(1000*(b.u-a.u)/n).toFixed(3)} ms/req, sys ${(1000*(b.s-a.s)/n).toFixed(3)} ms/req`);
