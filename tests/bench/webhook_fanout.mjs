// Webhook fan-out: EVENTS pieces of feedback logged through the API at RATE a second (0: as fast
// as 16 clients go), each a feedback.created event for ENDPOINTS endpoints on one real receiver
// (tests/support/webhook_receiver.mjs, npm standardwebhooks checking every signature). Reports
// whether every message arrived and verified, and the time from the logging request's sending (the
// event is committed after it: this is an upper bound) to the message's first arrival, per
// delivery: p50, p95, p99, max. The issue's target: no loss, p99 <= 1 s.
//
//   node tests/bench/webhook_fanout.mjs [EVENTS=10000] [ENDPOINTS=5] [RATE=200]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startTandem } from '../support/tandem_server.mjs';

const events = Number(process.argv[2] ?? 10000);
const endpoints = Number(process.argv[3] ?? 5);
const rate = Number(process.argv[4] ?? 200);
const password = 'tandem-demo-2026';

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function startReceiver() {
  const child = spawn(process.execPath, [new URL('../support/webhook_receiver.mjs', import.meta.url).pathname],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { url: /listening on (\S+)/.exec(line)[1], stop: () => child.kill('SIGTERM') };
}

async function signIn(server, email) {
  const response = await fetch(`${server.url}api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email}: ${response.status}`);
  return response.headers.get('set-cookie').split(';')[0];
}

async function call(server, cookie, method, path, body) {
  const response = await fetch(`${server.url}${path}`, {
    method, headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const server = await startTandem({ args: ['--demo', '--leads', '0'] });
const receiver = await startReceiver();
try {
  const admin = await signIn(server, 'admin@tandem.test');
  for (let i = 0; i < endpoints; i++) {
    const created = await call(server, admin, 'POST', 'api/webhooks',
                               { url: `${receiver.url}/hook-${i}`, events: ['feedback.created'] });
    await fetch(`${receiver.url}/__control/config`, {
      method: 'POST', body: JSON.stringify({ path: `/hook-${i}`, secret: created.secret }),
    });
  }

  // The feedback, logged by a rep at the given pace; when each request was sent, by its id.
  const rita = await signIn(server, 'rita@tandem.test');
  const sent = new Map();
  const started = Date.now();
  let next = 0;
  async function client() {
    while (next < events) {
      const n = next++;
      if (rate > 0) {
        const due = started + (n * 1000) / rate;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      }
      const at = Date.now();
      const feedback = await call(server, rita, 'POST', 'api/feedback', { kind: 'general', text: `fan-out ${n}` });
      sent.set(feedback.id, at);
    }
  }
  await Promise.all(Array.from({ length: 16 }, client));
  const logged = (Date.now() - started) / 1000;

  // Until every delivery arrived, or nothing new came for 60 s.
  const expected = events * endpoints;
  let requests = [];
  let last = -1;
  let quietSince = Date.now();
  while (Date.now() - quietSince < 60000) {
    requests = await (await fetch(`${receiver.url}/__control/requests`)).json();
    if (requests.length >= expected) break;
    if (requests.length !== last) quietSince = Date.now();
    last = requests.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const all = (Date.now() - started) / 1000;

  // First arrival of each (endpoint, message); repeats are retries or duplicates.
  const first = new Map();
  let unverified = 0;
  for (const request of requests) {
    if (request.verified !== true) unverified++;
    const key = `${request.path} ${request.headers['webhook-id']}`;
    if (!first.has(key)) first.set(key, request);
  }
  const delays = [];
  for (const request of first.values()) delays.push(request.received_at - sent.get(request.body.data.id));
  delays.sort((a, b) => a - b);
  const ms = (value) => `${value} ms`;
  console.log(`${events} events x ${endpoints} endpoints, logged in ${logged.toFixed(1)} s (${rate > 0 ? `${rate}/s asked` : 'as fast as 16 clients go'})`);
  console.log(`deliveries: ${first.size} distinct of ${expected} expected, ${requests.length - first.size} repeated, ` +
              `${unverified} not verified; all arrived ${all.toFixed(1)} s after the first was logged`);
  console.log(`sent to first arrival: p50 ${ms(percentile(delays, 50))}, p95 ${ms(percentile(delays, 95))}, ` +
              `p99 ${ms(percentile(delays, 99))}, max ${ms(delays.at(-1))}`);
  if (first.size !== expected || unverified > 0) process.exitCode = 1;
} finally {
  receiver.stop();
  await server.stop();
}
