// Several servers on one PostgreSQL database, and PostgreSQL beside SQLite, in one run:
//  1. an event from a write on server A to a stream on server B, with STREAMS dashboards' streams
//     spread over both servers (p50, p99 of POST sent -> event received on B);
//  2. write throughput of WRITERS concurrent clients creating leads through one server, then spread
//     over two on the same database (the ratio is what a second server adds);
//  3. with LEADS leads (seeded once into SQLite by `tandem demo`, copied to PostgreSQL by
//     `tandem migrate-db`), the scorecard, a filtered leads page and its total (which the table
//     asks for apart) on each engine, p50 and p99.
//
//   node tests/bench/pg_servers.mjs [STREAMS=1000] [WRITERS=8] [LEADS=1000000]
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../support/postgres.mjs';
import { binary, startTandem } from '../support/tandem_server.mjs';

const streams = Number(process.argv[2] ?? 1000);
const writers = Number(process.argv[3] ?? 8);
const leads = Number(process.argv[4] ?? 1000000);
const PASSWORD = 'tandem-demo-2026';
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
  return `p50 ${at(50)} ms, p99 ${at(99)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (${sorted.length})`;
}

function request(server, method, path, { cookie, body } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(`${server.url}${path}`, {
      method, agent,
      headers: { ...(cookie ? { Cookie: cookie } : {}), ...(payload ? { 'Content-Type': 'application/json' } : {}) },
    }, (response) => {
      let text = '';
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function signIn(server, email = 'maya@tandem.test') {
  const reply = await request(server, 'POST', 'api/auth/login', { body: { email, password: PASSWORD } });
  if (reply.status !== 200) throw new Error(`sign-in failed: ${reply.status} ${reply.text}`);
  return reply.headers['set-cookie'][0].split(';')[0];
}

// An open event stream; `onEvent(type, data)` for each event (skipped if none given: a bystander).
function openStream(server, cookie, onEvent) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}api/events`, { headers: { Cookie: cookie, Accept: 'text/event-stream' } }, (response) => {
      let buffer = '';
      response.on('data', (chunk) => {
        if (!onEvent) return;
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) onEvent(type, data);
        }
      });
      resolve({ close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

let serial = 0;
function newLead() {
  serial += 1;
  return { email: `bench-${process.pid}-${serial}@servers.example`, name: `Bench ${serial}`, company: 'Bench Ltd', company_size: 50 };
}

// 1. Event propagation from A to B.
async function propagation(postgres) {
  const db = postgres.createDatabase('propagation');
  const a = await startTandem({ db, logFile: true, args: ['--demo', '--leads', '2000'] });
  const b = await startTandem({ db, logFile: true });
  try {
    const cookie = await signIn(a);
    const open = [];
    for (let i = 0; i < streams - 2; i++) open.push(await openStream(i % 2 ? b : a, cookie));
    // The lead event carries the lead's id, not its email; it may come before the POST's reply. One
    // watching stream on B, and one on A: the same event on the server that took the write is the
    // baseline the cross-server hop adds to.
    const watch = async (server, name) => {
      const arrivals = new Map();   // lead id -> when its event arrived
      const waiting = new Map();    // lead id -> resolve
      open.push(await openStream(server, cookie, (type, data) => {
        if (type !== 'lead') return;
        const id = JSON.parse(data).id;
        const at = performance.now();
        arrivals.set(id, at);
        waiting.get(id)?.(at);
      }));
      return (id) => {
        const arrived = arrivals.get(id);
        arrivals.delete(id);
        return arrived ?? new Promise((resolve, reject) => {
          waiting.set(id, resolve);
          setTimeout(() => reject(new Error(`lead ${id} created on A: no event on ${name} after 30 s`)), 30000).unref();
        });
      };
    };
    const onB = await watch(b, 'B');
    const onA = await watch(a, 'A');
    const delays = { A: [], B: [] };
    for (let i = 0; i < 300; i++) {
      const sent = performance.now();
      const reply = await request(a, 'POST', 'api/leads', { cookie, body: newLead() });
      if (reply.status !== 201) throw new Error(`POST /api/leads: ${reply.status} ${reply.text}`);
      const id = JSON.parse(reply.text).id;
      const [onServerB, onServerA] = await Promise.all([onB(id), onA(id)]);
      delays.B.push(onServerB - sent);
      delays.A.push(onServerA - sent);
    }
    console.log(`write on A -> event on B, ${streams} streams over both servers: ${summary(delays.B)}`);
    console.log(`write on A -> event on A (the same server, the baseline): ${summary(delays.A)}`);
    for (const stream of open) stream.close();
  } finally {
    await a.stop();
    await b.stop();
  }
}

// 2. Write throughput through one server, then two, on one database.
async function writeScaling(postgres) {
  const seconds = 10;
  const rate = async (servers) => {
    const cookies = await Promise.all(servers.map((server) => signIn(server)));
    let done = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(Array.from({ length: writers }, async (_, w) => {
      const server = servers[w % servers.length];
      while (performance.now() < until) {
        const reply = await request(server, 'POST', 'api/leads', { cookie: cookies[w % servers.length], body: newLead() });
        if (reply.status !== 201) throw new Error(`POST /api/leads: ${reply.status} ${reply.text}`);
        done += 1;
      }
    }));
    return done / seconds;
  };
  const db = postgres.createDatabase('writes');
  const a = await startTandem({ db, logFile: true, args: ['--demo', '--leads', '2000'] });
  const b = await startTandem({ db, logFile: true });
  try {
    const one = await rate([a]);
    const two = await rate([a, b]);
    console.log(`lead writes, ${writers} clients: 1 server ${one.toFixed(0)}/s, 2 servers ${two.toFixed(0)}/s: ${(two / one).toFixed(2)}x`);
  } finally {
    await a.stop();
    await b.stop();
  }
}

// 3. The heavy reads on both engines over the same leads.
async function sideBySide(postgres) {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  try {
    const file = join(dir, 'tandem.db');
    let started = performance.now();
    execFileSync(binary, ['demo', '--leads', String(leads), '--db', file], { stdio: 'ignore' });
    console.log(`seeded ${leads} leads into SQLite in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const db = postgres.createDatabase('side_by_side');
    started = performance.now();
    execFileSync(binary, ['migrate-db', '--from', file, '--to', db], { stdio: 'ignore' });
    console.log(`copied them to PostgreSQL (tandem migrate-db) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const reads = [
      ['scorecard, this month by source', 'api/scorecard?group=source'],
      ['leads page filtered by stage and source', 'api/leads?limit=50&stage=mql&source=webinar'],
      // The table asks for its total apart (web/app/leads.cpp): the count can use no page's LIMIT.
      ['leads total filtered by stage and source', 'api/leads?limit=1&count=true&stage=mql&source=webinar'],
    ];
    const results = {};
    for (const [engine, target] of [['SQLite', undefined], ['PostgreSQL', db]]) {
      const server = await startTandem({ db: target, dir: target ? undefined : dir, logFile: true });
      try {
        const cookie = await signIn(server);
        for (const [name, path] of reads) {
          await request(server, 'GET', path, { cookie });   // warm caches, as a server that has run a while
          const samples = [];
          for (let i = 0; i < 30; i++) {
            const t = performance.now();
            const reply = await request(server, 'GET', path, { cookie });
            if (reply.status !== 200) throw new Error(`GET ${path}: ${reply.status}`);
            samples.push(performance.now() - t);
          }
          samples.sort((x, y) => x - y);
          results[`${name}|${engine}`] = samples[Math.floor(samples.length / 2)];
          console.log(`${name}, ${engine}, ${leads} leads: ${summary(samples)}`);
        }
      } finally {
        await server.stop({ keepDir: true });
      }
    }
    for (const [name] of reads)
      console.log(`${name}: PostgreSQL p50 / SQLite p50 = ${(results[`${name}|PostgreSQL`] / results[`${name}|SQLite`]).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const postgres = await startPostgres();
// Interrupted (a full run takes a while), it still stops its cluster; the servers die with it.
process.once('SIGINT', () => {
  postgres.stop();
  process.exit(130);
});
try {
  await propagation(postgres);
  await writeScaling(postgres);
  await sideBySide(postgres);
} finally {
  postgres.stop();
  agent.destroy();
}
