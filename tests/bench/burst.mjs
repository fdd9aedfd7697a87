// A burst of connections, as when every dashboard reconnects after a restart: N connections
// opened at once, each sending one request. Reports how long connecting took (a connection that
// overflowed the listen backlog waits for a SYN retry: 1 s or more), the latency of GET /api/health
// sent meanwhile on a connection of its own, and how long the worker threads take to fall back to
// --threads afterwards (from /metrics on --metrics-listen).
//
//   node tests/bench/burst.mjs [CONNECTIONS=2000]      (after `make build`)
import { connect } from 'node:net';
import { startTandem } from '../support/tandem_server.mjs';

const connections = Number(process.argv[2] ?? 2000);
const tandem = await startTandem({ args: ['--metrics-listen', '127.0.0.1:0'] });
const metricsUrl = /metrics on (http:\/\/[0-9.:]+\/metrics)/.exec(tandem.log())[1];
const threads = async () => Number(/\ntandem_http_worker_threads (\d+)/.exec(await (await fetch(metricsUrl)).text())[1]);

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
  return `p50 ${at(50)} ms, p99 ${at(99)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (${sorted.length})`;
}

// One request per connection; resolves with the connect time, or rejects if it got no 200.
function burstOne() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let connected = 0;
    let answer = '';
    const socket = connect(tandem.port, '127.0.0.1', () => {
      connected = performance.now() - started;
      socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    socket.on('data', (chunk) => { answer += chunk; });
    socket.on('end', () => (answer.startsWith('HTTP/1.1 200') ? resolve(connected) : reject(new Error(answer.slice(0, 80)))));
    socket.on('error', reject);
  });
}

try {
  const before = await threads();
  const health = [];
  let bursting = true;
  const probe = (async () => {
    while (bursting) {
      const started = performance.now();
      const response = await fetch(`${tandem.url}api/health`);
      await response.arrayBuffer();
      health.push(performance.now() - started);
    }
  })();
  const burstStarted = performance.now();
  const results = await Promise.allSettled(Array.from({ length: connections }, burstOne));
  const burstMs = performance.now() - burstStarted;
  bursting = false;
  await probe;
  const connects = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  const failed = results.length - connects.length;
  const peak = await threads();
  console.log(`${connections} connections at once: ${failed} failed, all answered in ${burstMs.toFixed(0)} ms`);
  const reasons = {};
  for (const r of results) if (r.status === 'rejected') reasons[r.reason.code ?? r.reason.message] = (reasons[r.reason.code ?? r.reason.message] ?? 0) + 1;
  if (failed) console.log('  failures:', JSON.stringify(reasons));
  console.log(`  connect time: ${summary(connects)}; waited >= 1 s (SYN retry): ${connects.filter((ms) => ms >= 1000).length}`);
  console.log(`  /api/health meanwhile: ${summary(health)}`);
  console.log(`  worker threads: ${before} before, ${peak} after the burst`);
  const idleStarted = performance.now();
  while ((await threads()) > before) await new Promise((resolve) => setTimeout(resolve, 1000));
  console.log(`  back to ${before} threads ${((performance.now() - idleStarted) / 1000).toFixed(0)} s after the burst`);
} finally {
  await tandem.stop();
}
