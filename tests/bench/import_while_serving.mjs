// `tandem import` of a large CSV against `sqlite3 .import` of the same file into a plain table,
// run one after the other on this machine (ratios, not absolute speeds, are the result), then the
// same import beside a running server and through it while a rep logs feedback: the latency of
// POST /api/feedback during the import, and whether any request failed.
//
//   python3 tests/bench/lead_csv.py 1000000 > /tmp/imp/leads.csv
//   node tests/bench/import_while_serving.mjs build/tandem /tmp/imp/leads.csv /tmp/imp/run
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, readFileSync } from 'node:fs';

const [tandem = 'build/tandem', csv = '/tmp/imp/leads.csv', dir = '/tmp/imp/run'] = process.argv.slice(2);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

// Wall seconds, CPU seconds and peak RSS of a command, from GNU time.
function runTimed(label, command, args) {
  const line = execFileSync('bash', ['-c', `/usr/bin/time -f 'TIME %e %U %S %M' "$@" 2>&1 >/dev/null | grep '^TIME'`, '_',
    command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const [, wall, user, system, rss] = line.match(/TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/);
  const time = { wall: Number(wall), cpu: Number(user) + Number(system), rssMb: Number(rss) / 1024 };
  console.log(`${label}: ${time.wall.toFixed(2)} s wall, ${time.cpu.toFixed(2)} s CPU, peak RSS ${time.rssMb.toFixed(0)} MB`);
  return time;
}

const rows = readFileSync(csv, 'utf8').split('\n').length - 2;
console.log(`${rows} rows, ${(readFileSync(csv).length / 1e6).toFixed(0)} MB`);
const baseline = runTimed('sqlite3 .import into a plain table', 'sqlite3', [`${dir}/plain.db`, '.mode csv', `.import ${csv} leads`]);
const insert = runTimed('tandem import (insert, fresh database)', tandem, ['import', '--db', `${dir}/tandem.db`, csv]);
const upsert = runTimed('tandem import --mode upsert of the same file again', tandem, ['import', '--db', `${dir}/tandem.db`, '--mode', 'upsert', csv]);
console.log(`ratios to sqlite3 .import (wall): insert ${(baseline.wall / insert.wall).toFixed(2)}x, upsert ${(baseline.wall / upsert.wall).toFixed(2)}x`);

// A server with the demo company, a rep logging feedback one request after another.
async function serve(db) {
  const server = spawn(tandem, ['serve', '--demo', '--leads', '2000', '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise((resolve, reject) => {
    let log = '';
    const read = (chunk) => {
      log += chunk;
      const match = log.match(/listening on http:\/\/[\d.]+:(\d+)/);
      if (match) resolve(Number(match[1]));
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.on('exit', () => reject(new Error(`the server stopped: ${log}`)));
  });
  return { server, base: `http://127.0.0.1:${port}/` };
}
async function signIn(base, email) {
  const response = await fetch(`${base}api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'tandem-demo-2026' }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email}: ${response.status}`);
  return response.headers.get('set-cookie').split(';')[0];
}
function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
  return `p50 ${at(50)} ms, p95 ${at(95)} ms, p99 ${at(99)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (${sorted.length} requests)`;
}
async function feedbackWhile(base, cookie, busy) {
  const samples = [];
  let failed = 0;
  while (busy()) {
    const started = performance.now();
    const response = await fetch(`${base}api/feedback`, {
      method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'question', text: `Asked during an import ${samples.length}` }),
    });
    await response.arrayBuffer();
    samples.push(performance.now() - started);
    if (response.status !== 201) failed += 1;
  }
  return { samples, failed };
}

for (const way of ['beside the server (tandem import --db)', 'through the server (POST /api/leads/import)']) {
  const db = `${dir}/serving-${way.startsWith('beside') ? 'beside' : 'through'}.db`;
  const { server, base } = await serve(db);
  const rita = await signIn(base, 'rita@tandem.test');
  const quiet = await feedbackWhile(base, rita, ((n) => () => n-- > 200)(400));
  let importing = true;
  const started = performance.now();
  let importer;
  if (way.startsWith('beside')) {
    importer = new Promise((resolve, reject) => {
      const child = spawn(tandem, ['import', '--db', db, csv], { stdio: ['ignore', 'ignore', 'pipe'] });
      let errors = '';
      child.stderr.on('data', (chunk) => { errors = (errors + chunk).slice(-2000); });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tandem import: exit ${code}: ${errors}`))));
    });
  } else {
    const mark = await signIn(base, 'mark@tandem.test');
    importer = fetch(`${base}api/leads/import`, {
      method: 'POST', headers: { Cookie: mark, 'Content-Type': 'text/csv' }, body: readFileSync(csv),
    }).then(async (response) => {
      if (!response.ok) throw new Error(`POST /api/leads/import: ${response.status} ${await response.text()}`);
    });
  }
  const done = () => { importing = false; };
  importer.then(done, done);
  const during = await feedbackWhile(base, rita, () => importing);
  await importer;
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nimport ${way}: ${seconds.toFixed(1)} s`);
  console.log(`  POST /api/feedback, quiet:            ${summary(quiet.samples)}, ${quiet.failed} failed`);
  console.log(`  POST /api/feedback, during the import: ${summary(during.samples)}, ${during.failed} failed`);
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('exit', resolve));
}
