// Frame time while scrolling the leads table with a million leads in the database, measured in the
// browser, and the latency of the list API that feeds it. Not part of ctest (it seeds 1M leads).
//
//   node tests/bench/leads_scroll.mjs [--leads 1000000] [--seconds 5] [--dir DIR]
//
// Env as the browser tests: TANDEM_BINARY, TANDEM_WEB_DIR. With --dir DIR the database
// (DIR/tandem.db) is kept and reused on the next run (seeding 1M leads takes a while); without it
// a temporary one is used.
//
// The UI mirror's cost per drawn frame (the text, roles and boxes recorded for tests and the
// accessible layer, and the page updating that layer) is reported too.
//
// Two measures of the frames the dashboard draws (it skips display refreshes where nothing changed),
// both from the page:
// - interval: time between drawn frames (requestAnimationFrame stamps; what the user sees, quantised
//   to the display's 16.7 ms; it includes the browser rasterising the previous frame);
// - work: time spent inside each drawn frame's animation-frame callback (ImGui, the table, WebGL
//   calls), via a wrapper around requestAnimationFrame.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchBrowser, openDashboard, startServer, waitForUi } from '../browser/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const leads = Number(option('leads', '1000000'));
const seconds = Number(option('seconds', '5'));
const keepDir = option('dir', '');
const burst = Number(option('burst', '4'));   // wheel events per 16 ms tick

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}
const fmt = (s) => `n=${s.n} p50=${s.p50.toFixed(2)} p95=${s.p95.toFixed(2)} p99=${s.p99.toFixed(2)} max=${s.max.toFixed(2)} ms`;

if (keepDir) mkdirSync(keepDir, { recursive: true });
const dir = keepDir || mkdtempSync(join(tmpdir(), 'tandem-bench-'));
const reuse = Boolean(keepDir) && existsSync(join(dir, 'tandem.db'));
const seedStarted = performance.now();
const server = await startServer({ dir, args: ['--demo', '--leads', String(leads)] });
console.log(`server up after ${((performance.now() - seedStarted) / 1000).toFixed(1)} s${reuse ? ' (existing database)' : ''}`);
const browser = await launchBrowser();
try {
  const { context, page, errors } = await openDashboard(browser, server, { user: 'maya@tandem.test', hash: '#/leads' });
  const counted = await waitForUi(page, (s) => s.items.some((e) => e.id === 'leads-count' && /^[0-9,]+ leads$/.test(e.text)) &&
                                               s.items.some((e) => e.id.startsWith('lead-row-')), { timeout: 120000 });
  console.log(`table: ${counted.items.find((e) => e.id === 'leads-count').text}`);

  // Record drawn frames (the UI mirror's frame count moved): rAF deltas and the time spent inside.
  await page.evaluate(() => {
    const raf = window.requestAnimationFrame.bind(window);
    window.__bench = { intervals: [], work: [], last: 0, on: true };
    window.requestAnimationFrame = (callback) => raf((time) => {
      const b = window.__bench;
      const frame = window.tandemUi.frame;
      const started = performance.now();
      callback(time);
      if (b.on && window.tandemUi.frame !== frame) {
        b.work.push(performance.now() - started);
        if (b.last) b.intervals.push(time - b.last);
        b.last = time;
      }
    });
  });
  // The app's loop re-requests its frame through the wrapper from the next frame on.
  await page.waitForTimeout(500);
  const reset = () => page.evaluate(() => {
    window.__bench.intervals = []; window.__bench.work = []; window.__bench.last = 0; window.tandemMirrorCosts = [];
  });
  const take = () => page.evaluate(() => ({ intervals: window.__bench.intervals, work: window.__bench.work,
                                             mirror: window.tandemMirrorCosts }));

  // Baseline: the same view, idle (it should draw about once a second, for its clocks).
  await page.mouse.move(1270, 5);   // away from the table: nothing hovered
  await page.waitForTimeout(1500);  // the pointer's second of frames passes
  await reset();
  await page.waitForTimeout(2000);
  const idle = await take();

  // Scrolling: wheel events on the canvas from inside the page, `burst` of them every 16 ms (100 px
  // each), so the pace does not depend on the test driver's round trips.
  await page.mouse.move(640, 450);   // ImGui scrolls the window under the mouse
  await page.waitForTimeout(200);
  await reset();
  const wheels = await page.evaluate(async ([ms, perTick]) => {
    const canvas = document.querySelector('canvas');
    const box = canvas.getBoundingClientRect();
    let sent = 0;
    const until = performance.now() + ms;
    while (performance.now() < until) {
      for (let i = 0; i < perTick; i++) {
        canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, deltaMode: 0, clientX: box.left + 640, clientY: box.top + 450,
                                                       bubbles: true, cancelable: true }));
        sent++;
      }
      await new Promise((resolve) => setTimeout(resolve, 16));
    }
    return sent;
  }, [seconds * 1000, burst]);
  const frames = await take();
  await page.evaluate(() => { window.__bench.on = false; });
  const end = await page.evaluate(() => window.tandemUi.values);
  console.log(`scrolled ${seconds} s with ${wheels} wheel events; rows on screen at the end ${end['leads-visible']}, ` +
              `rows fetched so far ${end['leads-known']}`);
  console.log(`idle     frames drawn in 2 s: ${idle.work.length}`);
  console.log(`scroll   frame interval (rAF deltas): ${fmt(stats(frames.intervals))}`);
  console.log(`scroll   frame work (inside rAF):     ${fmt(stats(frames.work))}`);
  // The UI mirror's share: recording it in the frame (wasm) plus the page parsing it and updating
  // the accessible layer (js), on the drawn frames: every entry is one, even one that reads 0 ms
  // (performance.now() moves in 0.1 ms steps here; js is 0 when the mirror did not change).
  const drawn = frames.mirror;
  console.log(`scroll   mirror (wasm + js) per frame:  ${fmt(stats(drawn.map((cost) => cost.wasm + cost.js)))}`);
  const wasm = stats(drawn.map((cost) => cost.wasm));
  const js = stats(drawn.map((cost) => cost.js));
  console.log(`scroll   mirror wasm / js p50:         ${wasm.p50.toFixed(2)} / ${js.p50.toFixed(2)} ms`);
  console.log(`scroll   mirror wasm / js p95:         ${wasm.p95.toFixed(2)} / ${js.p95.toFixed(2)} ms`);
  console.log(`scroll   frames with work over 16 ms: ${frames.work.filter((v) => v > 16).length} of ${frames.work.length}`);
  console.log(`scroll   frames drawn one display refresh after the previous: ` +
              `${frames.intervals.filter((v) => v < 17.5).length} of ${frames.intervals.length}`);
  if (errors.length) console.log('console errors:', errors);

  // The list API at this size: first pages, deep cursors and filtered pages, 100 rows each, as the table asks.
  const first = await (await context.request.get(server.url + 'api/leads?limit=1')).json();
  const top = first.items[0].id;
  const paths = [];
  for (let i = 0; i < 60; i++) paths.push(`api/leads?limit=100&cursor=${Math.max(2, Math.floor(top - Math.random() * top))}`);
  for (let i = 0; i < 20; i++) paths.push('api/leads?limit=100');
  const filtered = [];
  for (let i = 0; i < 20; i++) filtered.push(`api/leads?limit=100&stage=mql&cursor=${Math.max(2, Math.floor(top - Math.random() * top))}`);
  for (let i = 0; i < 20; i++) filtered.push('api/leads?limit=100&source=webinar&created_from=2026-10-01T00:00:00Z&created_to=2026-11-01T00:00:00Z');
  const time = async (list) => {
    const out = [];
    for (const path of list) {
      const t = performance.now();
      const response = await context.request.get(server.url + path);
      await response.body();
      if (!response.ok()) throw new Error(`${path}: ${response.status()}`);
      out.push(performance.now() - t);
    }
    return out;
  };
  await time(paths.slice(0, 5));   // warm
  console.log(`GET /api/leads?limit=100 (cursor pages):   ${fmt(stats(await time(paths)))}`);
  console.log(`GET /api/leads?limit=100 (filtered pages): ${fmt(stats(await time(filtered)))}`);
  const count = await time(['api/leads?limit=1&count=true', 'api/leads?limit=1&count=true&stage=mql']);
  console.log(`count=true (all, stage=mql): ${count.map((v) => v.toFixed(1)).join(', ')} ms`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
}
