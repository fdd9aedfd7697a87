// A burst of connections, as when every dashboard reconnects after a restart: N connections
// opened at once, each sending one request. Reports the kernel's count of SYNs dropped because the
// listen queue was full (each such connection waits for a SYN retry: 1 s or more), how long
// connecting took as node saw it, the latency of GET /api/health sent meanwhile on a connection of
// its own, and how long the worker threads take to fall back to --threads afterwards (from
// /metrics on --metrics-listen).
//
//   node tests/bench/burst.mjs [CONNECTIONS=2000]      (after `make build`)
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Worker } from 'node:worker_threads';
import { startTandem } from '../support/tandem_server.mjs';

const connections = Number(process.argv[2] ?? 2000);
const tandem = await startTandem({ args: ['--metrics-listen', '127.0.0.1:0'], logFile: true });
const metricsUrl = /metrics on (http:\/\/[0-9.:]+\/metrics)/.exec(tandem.log())[1];
const threads = async () => Number(/\ntandem_http_worker_threads (\d+)/.exec(await (await fetch(metricsUrl)).text())[1]);

// TcpExt ListenOverflows + ListenDrops from /proc/net/netstat: SYNs the listen queue turned away.
function listenDrops() {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((line) => line.startsWith('TcpExt:'));
  const names = lines[0].split(/\s+/);
  const values = lines[1].split(/\s+/).map(Number);
  return values[names.indexOf('ListenOverflows')] + values[names.indexOf('ListenDrops')];
}

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
  // The probe runs on a thread of its own: this one's event loop is busy with the burst's sockets.
  const probe = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const health = [];
    let bursting = true;
    parentPort.on('message', () => { bursting = false; });
    (async () => {
      parentPort.postMessage('ready');
      while (bursting) {
        const started = performance.now();
        const response = await fetch(workerData + 'api/health');
        await response.arrayBuffer();
        health.push(performance.now() - started);
      }
      parentPort.postMessage(health);
    })();`, { eval: true, workerData: tandem.url });
  await new Promise((resolve) => probe.once('message', resolve));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const dropsBefore = listenDrops();
  const burstStarted = performance.now();
  const results = await Promise.allSettled(Array.from({ length: connections }, burstOne));
  const burstMs = performance.now() - burstStarted;
  const healthDone = new Promise((resolve) => probe.once('message', resolve));
  probe.postMessage('stop');
  const health = await healthDone;
  await probe.terminate();
  const connects = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  const failed = results.length - connects.length;
  const peak = await threads();
  console.log(`${connections} connections at once: ${failed} failed, all answered in ${burstMs.toFixed(0)} ms`);
  const reasons = {};
  for (const r of results) if (r.status === 'rejected') reasons[r.reason.code ?? r.reason.message] = (reasons[r.reason.code ?? r.reason.message] ?? 0) + 1;
  if (failed) console.log('  failures:', JSON.stringify(reasons));
  console.log(`  SYNs dropped by a full listen queue: ${listenDrops() - dropsBefore}`);
  console.log(`  connect time as node saw it: ${summary(connects)}`);
  console.log(`  /api/health meanwhile: ${summary(health)}`);
  console.log(`  worker threads: ${before} before, ${peak} after the burst`);
  const idleStarted = performance.now();
  while ((await threads()) > before) await new Promise((resolve) => setTimeout(resolve, 1000));
  console.log(`  back to ${before} threads ${((performance.now() - idleStarted) / 1000).toFixed(0)} s after the burst`);
} finally {
  await tandem.stop();
}
