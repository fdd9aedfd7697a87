// `tandem serve` for the node tests (server and browser layers): a temporary folder, a free port
// read from the server's own "listening on" line, its log, and a stop that cleans up.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const binary = process.env.TANDEM_BINARY ?? new URL('../../build/tandem', import.meta.url).pathname;
const SETPRIV = '/usr/bin/setpriv';

// Starts `tandem serve --port PORT --db <dir>/tandem.db ARGS...` (port 0: a free one; dir: a new
// temporary folder, removed by stop); resolves once it listens with
// { port, url ("http://127.0.0.1:PORT/"), base (without the slash), dir, log(), stop() }.
export async function startTandem({ port = 0, dir, args = [] } = {}) {
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'tandem-test-'));
  const command = ['serve', '--port', String(port), '--db', join(folder, 'tandem.db'), ...args];
  // Should the test process end first (even killed outright, as node's test runner does when its
  // output pipe closes), the server gets SIGTERM too rather than outliving it: util-linux setpriv
  // sets the parent-death signal and then execs the server in its place.
  const child = existsSync(SETPRIV)
    ? spawn(SETPRIV, ['--pdeathsig', 'SIGTERM', '--', binary, ...command], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(binary, command, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const listening = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      const match = /listening on https?:\/\/[0-9.]+:([0-9]+)/.exec(log);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`tandem exited with ${code}:\n${log}`)));
  });
  return {
    port: listening,
    url: `http://127.0.0.1:${listening}/`,
    base: `http://127.0.0.1:${listening}`,
    dir: folder,
    log: () => log,
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
