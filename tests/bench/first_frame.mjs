// Time to the dashboard's first complete frame, signed in, from navigation start: cold (a new
// browser profile: everything downloaded) and warm (a reload: hashed files from the cache, only
// index.html revalidated). Headless Debian Chromium against the real server; not part of ctest.
//
//   node tests/bench/first_frame.mjs [--runs 7]
//
// The page removes its loading screen when ImGui has drawn its first complete frame (frame 2);
// a MutationObserver installed before any script runs stamps that moment with performance.now().
import { launchBrowser, startServer } from '../browser/harness.mjs';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 7);
const stamp = () => {
  new MutationObserver(() => {
    if (!window.firstFrameAt && document.body && !document.getElementById('loading')) window.firstFrameAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
};

const server = await startServer({ args: ['--demo', '--leads', '2000'] });
const browser = await launchBrowser();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
  const cold = [];
  const warm = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.request.post(server.url + 'api/auth/login', { data: { email: 'maya@tandem.test', password: 'tandem-demo-2026' } });
    await context.addInitScript(stamp);
    const page = await context.newPage();
    await page.goto(server.url + '#/scorecard');
    cold.push(await page.waitForFunction(() => window.firstFrameAt).then((handle) => handle.jsonValue()));
    await page.reload();
    warm.push(await page.waitForFunction(() => window.firstFrameAt).then((handle) => handle.jsonValue()));
    await context.close();
  }
  const show = (values) => values.map((v) => v.toFixed(0)).join(', ');
  console.log(`cold: median ${median(cold).toFixed(0)} ms (${show(cold)})`);
  console.log(`warm: median ${median(warm).toFixed(0)} ms (${show(warm)})`);
} finally {
  await browser.close();
  await server.stop();
}
