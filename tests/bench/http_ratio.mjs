// Requests per second of tandem's authenticated GET /api/leads/{id} and of GET /api/health, as
// ratios of a bare cpp-httplib "hello" (hello_server.cpp, same header and flags) run alongside,
// round by round: wrk -t2 -c16, keep-alive, on a fresh 20,000-lead demo in a temporary folder.
//
//   node tests/bench/http_ratio.mjs [SECONDS=10] [ROUNDS=3]      (after `make build`)
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const seconds = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 3);
const build = new URL('../../build/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tandem-ratio-'));
// The log goes to a file, as under systemd, not through a pipe this process would have to drain.
const log = join(dir, 'tandem.log');
const server = spawn(join(build, 'tandem'), ['serve', '--port', '8731', '--db', join(dir, 'tandem.db'), '--demo', '--leads', '20000'],
                     { stdio: ['ignore', 'ignore', openSync(log, 'w')] });
const hello = spawn(join(build, 'tests/bench/hello_server'), ['8732'], { stdio: 'ignore' });
while (!readFileSync(log, 'utf8').includes('listening on')) await new Promise((resolve) => setTimeout(resolve, 200));
const tandem = { url: 'http://127.0.0.1:8731/' };

try {
  const login = await fetch(`${tandem.url}api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@tandem.test', password: 'tandem-demo-2026' }),
  });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const token = (await (await fetch(`${tandem.url}api/tokens`, {
    method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'bench' }),
  })).json()).secret;
  const lead = (await (await fetch(`${tandem.url}api/leads?limit=1`, { headers: { Authorization: `Bearer ${token}` } })).json()).items[0].id;

  const rps = async (...args) => {
    const { stdout: out } = await promisify(execFile)('wrk', ['-t2', '-c16', `-d${seconds}s`, ...args]);
    const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
    if (errors) throw new Error(`wrk saw ${errors[1]} failed responses:\n${out}`);
    return Number(/Requests\/sec:\s+([0-9.]+)/.exec(out)[1]);
  };
  console.log('round  hello rps  lead rps  ratio  health rps  ratio');
  for (let round = 1; round <= rounds; ++round) {
    const h = await rps('http://127.0.0.1:8732/hello');
    const l = await rps('-H', `Authorization: Bearer ${token}`, `${tandem.url}api/leads/${lead}`);
    const g = await rps(`${tandem.url}api/health`);
    console.log(`${String(round).padStart(5)}  ${h.toFixed(0).padStart(9)}  ${l.toFixed(0).padStart(8)}  ${(l / h).toFixed(2)}  ` +
                `${g.toFixed(0).padStart(10)}  ${(g / h).toFixed(2)}`);
  }
} finally {
  hello.kill();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
}
