// A PostgreSQL cluster of its own for the node tests, from Debian's package: initdb and pg_ctl in
// a temporary folder, listening on a free loopback port only, stopped and removed by stop(). As
// root it runs as the `postgres` user (PostgreSQL refuses to run as root), as
// tests/server/real_parts.cpp's PostgresCluster does.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function postgresBin() {
  const majors = readdirSync('/usr/lib/postgresql')
    .filter((name) => existsSync(join('/usr/lib/postgresql', name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  if (majors.length === 0) throw new Error('no PostgreSQL in /usr/lib/postgresql: run scripts/setup.sh');
  return join('/usr/lib/postgresql', majors[0], 'bin');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function uidOf(user) {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith(`${user}:`));
  if (!line) throw new Error(`no ${user} user: run scripts/setup.sh`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

// Resolves to { port, url(database), createDatabase(name), psql(database, sql), stop() }.
export async function startPostgres() {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'tandem-pg-'));
  const asRoot = process.getuid() === 0;
  if (asRoot) {
    const { uid, gid } = uidOf('postgres');
    chownSync(dir, uid, gid);
  }
  const run = (program, args) => {
    const command = asRoot
      ? ['/usr/bin/setpriv', ['--reuid=postgres', '--regid=postgres', '--clear-groups', '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    return execFileSync(command[0], command[1], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const data = join(dir, 'data');
  const port = await freePort();
  const stop = () => {
    if (existsSync(join(data, 'postmaster.pid'))) {
      try {
        run('pg_ctl', ['stop', `--pgdata=${data}`, '--mode=fast', '--wait', '--timeout=60']);
      } catch {
        // Nothing more to do: the folder goes anyway.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', [`--pgdata=${data}`, '--auth=trust', '--username=tandem', '--locale=C.UTF-8', '--encoding=UTF8', '--no-sync']);
    run('pg_ctl', ['start', `--pgdata=${data}`, `--log=${join(dir, 'server.log')}`, '--wait', '--timeout=120',
                   `--options=-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`]);
  } catch (error) {
    stop();
    throw new Error(`PostgreSQL did not start: ${error.stderr ?? error.message}`);
  }
  const url = (database) => `postgresql://tandem@127.0.0.1:${port}/${database}`;
  const psql = (database, sql) =>
    execFileSync(join(bin, 'psql'), ['--no-psqlrc', '--tuples-only', '--no-align', '--set=ON_ERROR_STOP=1', url(database), '-c', sql],
                 { encoding: 'utf8' }).trim();
  return {
    port,
    url,
    psql,
    createDatabase(name) {
      if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`database names here are lowercase letters, digits and _: ${name}`);
      psql('postgres', `CREATE DATABASE ${name}`);
      return url(name);
    },
    stop,
  };
}

// The database a node test layer runs on: under TANDEM_TEST_ENGINE=postgresql (ctest's *.pg
// entries) a fresh database in a cluster of its own; otherwise none (the server's SQLite file).
// Resolves to { db (for startTandem; undefined for SQLite), stop() }.
export async function testDatabase() {
  if (process.env.TANDEM_TEST_ENGINE !== 'postgresql') return { db: undefined, stop() {} };
  const cluster = await startPostgres();
  return { db: cluster.createDatabase('tandem'), stop: cluster.stop };
}
