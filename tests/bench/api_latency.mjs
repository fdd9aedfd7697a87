// Request latency of the heavy reads on a large database, one request at a time, and whether they
// hold up the light ones: GET /api/health is timed while the heavy request runs alongside.
//
//   tandem demo --leads 1000000 --db /tmp/bench1m/tandem.db
//   tandem serve --port 8090 --db /tmp/bench1m/tandem.db &
//   node tests/bench/api_latency.mjs http://127.0.0.1:8090/ [RUNS=30]
const base = process.argv[2] ?? 'http://127.0.0.1:8090/';
const runs = Number(process.argv[3] ?? 30);

const login = await fetch(`${base}api/auth/login`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ email: 'maya@tandem.test', password: 'tandem-demo-2026' }),
});
if (!login.ok) throw new Error(`sign-in failed: ${login.status}`);
const cookie = login.headers.get('set-cookie').split(';')[0];

async function timed(method, path, body) {
  const started = performance.now();
  const response = await fetch(base + path, {
    method, headers: { Cookie: cookie, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return performance.now() - started;
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
  return `p50 ${at(50)} ms, p90 ${at(90)} ms, p99 ${at(99)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (${sorted.length} runs)`;
}

const rules = (await (await fetch(`${base}api/definitions/active`, { headers: { Cookie: cookie } })).json()).rules;
const today = new Date().toISOString().slice(0, 10);
const quarterStart = `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
const heavy = [
  ['scorecard, this month by source with the weekly trend', 'GET', 'api/scorecard?group=source&weekly=true'],
  ['the same, as if v1 (both sides)', 'GET', 'api/scorecard?group=source&weekly=true&as_if=1'],
  [`scorecard, quarter from ${quarterStart} by campaign`, 'GET', `api/scorecard?from=${quarterStart}&group=campaign`],
  ['lead list, first page of 50', 'GET', 'api/leads?limit=50'],
  ['lead list, filtered by stage and source', 'GET', 'api/leads?limit=50&stage=mql&source=webinar'],
  ['impact preview of a changed threshold', 'POST', 'api/definitions/impact', () => ({ ...rules, mql_threshold: rules.mql_threshold + Math.floor(Math.random() * 20) })],
];

await timed('GET', 'api/scorecard');   // warm the in-memory funnel
for (const [name, method, path, body] of heavy) {
  const samples = [];
  const health = [];
  for (let i = 0; i < runs; i++) {
    const request = timed(method, path, body?.());
    // A light request sent while the heavy one is in flight.
    health.push(await timed('GET', 'api/health'));
    samples.push(await request);
  }
  console.log(`${name}: ${summary(samples)}`);
  console.log(`  GET /api/health alongside it: ${summary(health)}`);
}
