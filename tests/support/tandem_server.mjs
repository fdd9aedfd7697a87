// `tandem serve` for the node tests (server and browser layers): a temporary folder, a free port
// read from the server's own "listening on" line, its log, and a stop that cleans up.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const binary = process.env.TANDEM_BINARY ?? new URL('../../build/tandem', import.meta.url).pathname;
const SETPRIV = '/usr/bin/setpriv';

// Starts `tandem serve --port PORT --db <dir>/tandem.db ARGS...` (port 0: a free one; dir: a new
// temporary folder, removed by stop; db: another database, e.g. a postgresql:// URL); resolves
// once it listens with
// { port, url ("http://127.0.0.1:PORT/"), base (without the slash), dir, log(), stop() }.
// With logFile the server writes its log to <dir>/tandem.log, as under systemd, instead of a pipe
// this process must drain: benches whose event loop is busy use it, or the server would block on
// a full pipe.
export async function startTandem({ port = 0, dir, db, args = [], logFile = false } = {}) {
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'tandem-test-'));
  const command = ['serve', '--port', String(port), '--db', db ?? join(folder, 'tandem.db'), ...args];
  const logPath = join(folder, 'tandem.log');
  const output = logFile ? openSync(logPath, 'w') : 'pipe';
  const stdio = ['ignore', output, output];
  // Should the test process end first (even killed outright, as node's test runner does when its
  // output pipe closes), the server gets SIGTERM too rather than outliving it: util-linux setpriv
  // sets the parent-death signal and then execs the server in its place.
  const child = existsSync(SETPRIV)
    ? spawn(SETPRIV, ['--pdeathsig', 'SIGTERM', '--', binary, ...command], { stdio })
    : spawn(binary, command, { stdio });
  if (logFile) closeSync(output);   // the server has its own copy
  let piped = '';
  const log = () => (logFile ? readFileSync(logPath, 'utf8') : piped);
  const listening = await new Promise((resolve, reject) => {
    const check = () => {
      const match = /listening on https?:\/\/[0-9.]+:([0-9]+)/.exec(log());
      if (match) resolve(Number(match[1]));
      return Boolean(match);
    };
    if (logFile) {
      const poll = setInterval(() => check() && clearInterval(poll), 50);
      child.once('exit', () => clearInterval(poll));
    } else {
      const onData = (chunk) => {
        piped += chunk;
        check();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    }
    child.once('exit', (code) => reject(new Error(`tandem exited with ${code}:\n${log()}`)));
  });
  return {
    port: listening,
    url: `http://127.0.0.1:${listening}/`,
    base: `http://127.0.0.1:${listening}`,
    dir: folder,
    log,
    async stop({ keepDir = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!keepDir && !dir) rmSync(folder, { recursive: true, force: true });
    },
  };
}
