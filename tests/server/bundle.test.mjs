// The real web bundle (build/web/, made by `make wasm`) as the bundle step must leave it: index.html
// loads a hashed app.js that loads a hashed app.wasm, every name in the window.tandemAssets manifest
// exists with its brotli and gzip siblings, nothing else is left over, and app.wasm stays within
// its download budget. Checked with node's own sha256, brotli and gzip, not the build's; then
// once through the real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { join, posix } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTandem } from '../support/tandem_server.mjs';

const webDir = process.env.TANDEM_WEB_DIR ?? new URL('../../build/web', import.meta.url).pathname;
// Issue 16 ("Delivery"): app.wasm at most 600 KB over the wire with brotli.
const WASM_BROTLI_BUDGET = 600 * 1000;
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.json', '.ttf', '.otf', '.svg', '.css']);

function read(relative) {
  return readFileSync(join(webDir, relative));
}

// Every file under the bundle, as relative POSIX paths.
function allFiles(folder = webDir, prefix = '') {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => entry.isDirectory()
    ? allFiles(join(folder, entry.name), prefix + entry.name + '/')
    : [prefix + entry.name]);
}

function manifest() {
  const match = /<script>window\.tandemAssets = (\{[^<]*\});<\/script>/.exec(read('index.html').toString());
  assert.ok(match, 'index.html has no window.tandemAssets manifest');
  return JSON.parse(match[1]);
}

// The raw bytes of a response, without decoding it.
function fetchRaw(url, headers) {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('the bundle exists (run `make wasm` first)', () => {
  assert.ok(existsSync(join(webDir, 'index.html')), `${webDir}/index.html is missing`);
});

test('index.html loads the hashed app.js, which loads the hashed app.wasm', () => {
  const assets = manifest();
  const html = read('index.html').toString();
  const scripts = [...html.matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, [assets['app.js']]);
  assert.match(assets['app.js'], /^app\.[0-9a-f]{8,}\.js$/);
  assert.match(assets['app.wasm'], /^app\.[0-9a-f]{8,}\.wasm$/);
  // The manifest comes before the script that reads it.
  assert.ok(html.indexOf('window.tandemAssets') < html.indexOf(`src="${assets['app.js']}"`));

  const script = read(assets['app.js']).toString();
  assert.ok(script.includes(`"${assets['app.wasm']}"`), 'app.js does not name the hashed app.wasm');
  assert.ok(!script.includes('"app.wasm"'), 'app.js still names app.wasm');
  assert.deepEqual(read(assets['app.wasm']).subarray(0, 4), Buffer.from('\0asm', 'latin1'));
});

test('every manifest entry exists under its content hash, with brotli and gzip siblings', () => {
  const assets = manifest();
  for (const [original, hashed] of Object.entries(assets)) {
    const ext = posix.extname(original);
    const stem = original.slice(0, original.length - ext.length);
    const match = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.([0-9a-f]{8,})${ext.replace('.', '\\.')}$`).exec(hashed);
    assert.ok(match, `${hashed} is not ${original} with a hash`);
    const data = read(hashed);
    assert.ok(createHash('sha256').update(data).digest('hex').startsWith(match[1]), `${hashed}: the hash is not its content's`);
    if (COMPRESSIBLE.has(ext)) {
      assert.deepEqual(brotliDecompressSync(read(hashed + '.br')), data, `${hashed}.br`);
      assert.deepEqual(gunzipSync(read(hashed + '.gz')), data, `${hashed}.gz`);
    }
  }
  const html = read('index.html');
  assert.deepEqual(brotliDecompressSync(read('index.html.br')), html);
  assert.deepEqual(gunzipSync(read('index.html.gz')), html);
});

test('nothing but the bundle is left in the folder', () => {
  const expected = new Set(['index.html', ...Object.values(manifest())].flatMap((name) => [name, name + '.br', name + '.gz']));
  const leftovers = allFiles().filter((name) => !expected.has(name));
  assert.deepEqual(leftovers, []);
});

test(`app.wasm is at most ${WASM_BROTLI_BUDGET} bytes with brotli`, () => {
  const wasm = manifest()['app.wasm'];
  const size = statSync(join(webDir, wasm + '.br')).size;
  assert.ok(size <= WASM_BROTLI_BUDGET, `${wasm}.br is ${size} bytes`);
});

test('the real server sends the bundle precompressed, hashed names immutable, index.html revalidated', async () => {
  const assets = manifest();
  const server = await startTandem({ args: ['--web', webDir] });
  try {
    const index = await fetchRaw(server.url, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(index.status, 200);
    assert.equal(index.headers['content-encoding'], 'br');
    assert.equal(index.headers['cache-control'], 'no-cache');
    assert.deepEqual(index.body, read('index.html.br'));

    for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz'], ['identity', '']]) {
      const wasm = await fetchRaw(server.url + assets['app.wasm'], { 'Accept-Encoding': encoding });
      assert.equal(wasm.status, 200);
      assert.equal(wasm.headers['content-type'], 'application/wasm');
      assert.equal(wasm.headers['content-encoding'], suffix ? encoding : undefined);
      assert.equal(wasm.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(wasm.headers.vary, 'Accept-Encoding');
      assert.deepEqual(wasm.body, read(assets['app.wasm'] + suffix));
    }
  } finally {
    await server.stop();
  }
});
