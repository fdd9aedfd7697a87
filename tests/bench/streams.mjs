// Open event streams beyond the thread pool the server started with: N dashboards hold
// /api/events open against `serve --threads 4`; then a lead is created and we time how long until
// every stream has the event, and how fast an ordinary request is answered meanwhile.
//
//   node tests/bench/streams.mjs [STREAMS=1000]
import http from 'node:http';
import { startServer } from '../browser/harness.mjs';

const count = Number(process.argv[2] ?? 1000);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function request(server, method, path, cookie, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(`${server.url}${path}`, {
      method, agent, headers: { Cookie: cookie ?? '', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    }, (res) => {
      let text = '';
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const server = await startServer({ args: ['--demo', '--leads', '2000', '--threads', '4'] });
try {
  const login = await request(server, 'POST', 'api/auth/login', '', { email: 'mark@tandem.test', password: 'tandem-demo-2026' });
  const cookie = login.headers['set-cookie'][0].split(';')[0];
  const streams = [];
  const opened = performance.now();
  for (let i = 0; i < count; i++) {
    streams.push(await new Promise((resolve, reject) => {
      const req = http.get(`${server.url}api/events`, { headers: { Cookie: cookie } }, (res) => {
        const stream = { req, text: '', got: null };
        res.on('data', (chunk) => {
          stream.text += chunk;
          if (stream.got === null && stream.text.includes('event: lead\n')) stream.got = performance.now();
        });
        resolve(stream);
      });
      req.on('error', reject);
    }));
  }
  console.log(`${count} streams open in ${(performance.now() - opened).toFixed(0)} ms on a server started with --threads 4`);
  const health = [];
  for (let i = 0; i < 20; i++) health.push((await request(server, 'GET', 'api/health')).ms);
  health.sort((a, b) => a - b);
  console.log(`GET /api/health with the streams open: p50 ${health[10].toFixed(1)} ms, max ${health[19].toFixed(1)} ms`);
  const sent = performance.now();
  const created = await request(server, 'POST', 'api/leads', cookie, { email: `fanout.${Date.now()}@example.com` });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${created.text}`);
  while (streams.some((s) => s.got === null) && performance.now() - sent < 10000) await new Promise((r) => setTimeout(r, 5));
  const arrivals = streams.filter((s) => s.got !== null).map((s) => s.got - sent).sort((a, b) => a - b);
  console.log(`the new lead reached ${arrivals.length}/${count} streams: first ${arrivals[0].toFixed(1)} ms, ` +
              `median ${arrivals[Math.floor(arrivals.length / 2)].toFixed(1)} ms, last ${arrivals[arrivals.length - 1].toFixed(1)} ms after the POST was sent`);
  for (const s of streams) s.req.destroy();
} finally {
  await server.stop();
}
