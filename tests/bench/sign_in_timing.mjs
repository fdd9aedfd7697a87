// How long a failed sign-in takes for an account that exists and for one that does not, and for a
// deactivated one: they must not differ (the password is hashed either way), or response times
// would tell an attacker which emails have accounts. Each attempt comes from its own address (the
// server trusts loopback as its proxy), so the sign-in limits never cut in.
//
//   node tests/bench/sign_in_timing.mjs [ATTEMPTS=200]
import { startTandem } from '../support/tandem_server.mjs';

const attempts = Number(process.argv[2] ?? 200);
const server = await startTandem({ args: ['--demo', '--leads', '0', '--trust-proxy', '127.0.0.1'] });

async function attempt(email, n) {
  const started = performance.now();
  const response = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
    body: JSON.stringify({ email, password: 'not the password' }),
  });
  await response.arrayBuffer();
  if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
  return performance.now() - started;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
try {
  const admin = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@tandem.test', password: 'tandem-demo-2026' }) });
  const cookie = admin.headers.get('set-cookie').split(';')[0];
  const users = (await (await fetch(`${server.base}/api/users`, { headers: { cookie } })).json()).items;
  const raj = users.find((user) => user.email === 'raj@tandem.test');
  await fetch(`${server.base}/api/users/${raj.id}`, {
    method: 'PATCH', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });

  const kinds = { existing: 'maya@tandem.test', unknown: 'nobody@tandem.test', deactivated: 'raj@tandem.test' };
  const times = Object.fromEntries(Object.keys(kinds).map((kind) => [kind, []]));
  let n = 0;
  // Interleaved, so a busy moment of the machine falls on all three alike.
  for (let i = 0; i < attempts; i += 1) {
    for (const [kind, email] of Object.entries(kinds)) times[kind].push(await attempt(email, ++n));
  }
  for (const [kind, list] of Object.entries(times)) {
    list.sort((a, b) => a - b);
    console.log(`${kind.padEnd(12)} p50 ${percentile(list, 0.5).toFixed(1)} ms  p90 ${percentile(list, 0.9).toFixed(1)} ms  ` +
                `(${list.length} attempts)`);
  }
} finally {
  await server.stop();
}
