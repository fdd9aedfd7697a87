// `tandem import` of one large CSV into a fresh SQLite file and into a fresh PostgreSQL database,
// one after the other in one run (ratios between the two engines on this machine are the result),
// then PostgreSQL's own COPY of the imported rows into an empty Tandem database (the floor an import
// through COPY can approach), then `tandem migrate-db` of the imported SQLite file into another PostgreSQL database. The
// PostgreSQL cluster is the script's own: initdb and pg_ctl in a temporary folder (as the
// `postgres` user when run as root, since PostgreSQL refuses root), on a loopback port, fsync off
// as in the tests, stopped and removed at the end.
//
//   python3 tests/bench/lead_csv.py 1000000 > /tmp/imp/leads.csv
//   node tests/bench/import_engines.mjs build/tandem /tmp/imp/leads.csv /tmp/imp/engines
import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';

const [tandem = 'build/tandem', csv = '/tmp/imp/leads.csv', dir = '/tmp/imp/engines'] = process.argv.slice(2);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const bin = `/usr/lib/postgresql/${readdirSync('/usr/lib/postgresql').sort().pop()}/bin`;
const root = userInfo().uid === 0;
const pgDir = `${dir}/pg`;
mkdirSync(pgDir);
if (root) {
  const [uid, gid] = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim().split('\n')
    .concat(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()).map(Number);
  chownSync(pgDir, uid, gid);
}
function asPostgres(command, args) {
  const [file, list] = root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file, list, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
const port = 54000 + Math.floor(Math.random() * 1000);
asPostgres(`${bin}/initdb`, [`--pgdata=${pgDir}/data`, '--auth=trust', '--username=tandem', '--locale=C.UTF-8',
  '--encoding=UTF8', '--no-sync']);
asPostgres(`${bin}/pg_ctl`, ['start', `--pgdata=${pgDir}/data`, `--log=${pgDir}/server.log`, '--wait',
  `--options=-p ${port} -k ${pgDir} -c listen_addresses=127.0.0.1 -c fsync=off`]);
const url = (db) => `postgresql://tandem@127.0.0.1:${port}/${db}`;
const psql = (sql) => execFileSync('psql', [url('postgres'), '-qAtc', sql], { encoding: 'utf8' });

function runTimed(label, args) {
  const started = process.hrtime.bigint();
  const output = execFileSync(tandem, args, { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${label}: ${seconds.toFixed(2)} s`);
  return { seconds, output };
}

try {
  const rows = readFileSync(csv, 'utf8').split('\n').length - 2;
  console.log(`${rows} rows in ${csv}; PostgreSQL from ${bin} on port ${port}`);
  const sqlite = runTimed('tandem import into a new SQLite file', ['import', '--db', `${dir}/tandem.db`, csv]);
  psql('CREATE DATABASE imported');
  const pg = runTimed('tandem import into a new PostgreSQL database', ['import', '--db', url('imported'), csv]);
  console.log(`leads/s: SQLite ${(rows / sqlite.seconds).toFixed(0)}, PostgreSQL ${(rows / pg.seconds).toFixed(0)}`);
  // PostgreSQL's own floor for the same rows: psql's COPY of what the import wrote (leads and their
  // history) into an empty Tandem database, so with the same indexes and foreign keys.
  psql('CREATE DATABASE floor');
  writeFileSync(`${dir}/header.csv`, `${readFileSync(csv, 'utf8').split('\n', 1)[0]}\n`);
  execFileSync(tandem, ['import', '--db', url('floor'), `${dir}/header.csv`], { stdio: 'ignore' });
  const copy = (db, sql) => execFileSync('psql', [url(db), '-qAtc', sql], { stdio: 'ignore' });
  copy('imported', `\\copy leads TO '${dir}/leads.tsv'`);
  copy('imported', `\\copy stage_history (lead_id, from_stage, to_stage, at, by_user_id, reason, note) TO '${dir}/history.tsv'`);
  const floorStarted = process.hrtime.bigint();
  copy('floor', `\\copy leads FROM '${dir}/leads.tsv'`);
  copy('floor', `\\copy stage_history (lead_id, from_stage, to_stage, at, by_user_id, reason, note) FROM '${dir}/history.tsv'`);
  const floor = Number(process.hrtime.bigint() - floorStarted) / 1e9;
  console.log(`psql COPY of the same leads and history into an empty Tandem database (the floor): ${floor.toFixed(2)} s, ` +
    `${(rows / floor).toFixed(0)} leads/s; the import reaches ${(floor / pg.seconds).toFixed(2)}x of it`);
  psql('CREATE DATABASE moved');
  const moved = runTimed('tandem migrate-db of the SQLite file into a new PostgreSQL database',
    ['migrate-db', '--from', `${dir}/tandem.db`, '--to', url('moved')]);
  console.log(moved.output.split('\n').filter((line) => / (leads|stage_history) |^copied/.test(line)).join('\n'));
} finally {
  asPostgres(`${bin}/pg_ctl`, ['stop', `--pgdata=${pgDir}/data`, '--mode=fast', '--wait']);
  rmSync(dir, { recursive: true, force: true });
}
