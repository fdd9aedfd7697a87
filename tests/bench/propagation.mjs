// Edit-to-screen propagation in the definition editor: Maya changes the MQL threshold in one browser,
// Sam's browser shows it; measured from the frame Maya's own screen shows her edit to the frame
// Sam's does, with OTHERS more dashboards holding the event stream open (they receive every event;
// a WebGL tab each would need more than this 2-core machine has, so they are plain HTTP clients).
// Also reports how long Maya's browser took for the impact preview (WASM, 20,000 leads) per keystroke.
//
//   node tests/bench/propagation.mjs [EDITS=200] [OTHERS=48]
import http from 'node:http';
import { launchBrowser, openDashboard, scrollTo, startServer, waitForUi } from '../browser/harness.mjs';

const edits = Number(process.argv[2] ?? 200);
const others = Number(process.argv[3] ?? 48);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// A dashboard's event stream, read to the end, signed in like the browser.
async function openStream(server, cookie) {
  return new Promise((resolve, reject) => {
    const request = http.get(`${server.url}api/events`, { headers: { Cookie: cookie, Accept: 'text/event-stream' } }, (response) => {
      let events = 0;
      response.on('data', (chunk) => { events += chunk.toString().split('\n\n').length - 1; });
      resolve({ close: () => request.destroy(), events: () => events });
    });
    request.on('error', reject);
  });
}

async function signIn(server, email) {
  const response = await fetch(`${server.url}api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: 'tandem-demo-2026' }),
  });
  return response.headers.get('set-cookie').split(';')[0];
}

const server = await startServer({ args: ['--demo', '--leads', '20000'] });
const browser = await launchBrowser();
try {
  const cookie = await signIn(server, 'raj@tandem.test');
  const streams = [];
  for (let i = 0; i < others; i++) streams.push(await openStream(server, cookie));
  const maya = await openDashboard(browser, server, { user: 'maya@tandem.test', hash: '#/definition', width: 1000, height: 700 });
  const sam = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/definition', width: 1000, height: 700 });
  // Ready once the preview has run on the lead facts: loading them keeps a page busy for ~0.6 s.
  const ready = (s) => s.items.some((e) => e.id === 'draft-sync' && e.text === 'Saved') && s.items.some((e) => e.id === 'mql-threshold') &&
                       s.items.some((e) => e.id === 'impact-timing');
  await waitForUi(maya.page, ready, { timeout: 30000 });
  await waitForUi(sam.page, ready, { timeout: 30000 });
  const box = await scrollTo(maya.page, 'mql-threshold');

  // Each page stamps the wall-clock time of the first frame whose screen shows the value.
  const watch = (page, value) => page.evaluate((wanted) => new Promise((resolve) => {
    const check = () => {
      const shown = window.tandemUi.items.find((e) => e.id === 'mql-threshold');
      if (shown && shown.text === wanted) resolve(performance.timeOrigin + performance.now());
      else requestAnimationFrame(check);
    };
    check();
  }), value);

  const delays = [];
  let first;
  const previews = [];
  for (let i = 0; i < edits; i++) {
    const value = String(40 + (i % 2 === 0 ? 1 : 2) + (i % 7));
    const current = (await maya.page.evaluate(() => window.tandemUi.items.find((e) => e.id === 'mql-threshold').text));
    if (current === value) continue;
    const local = watch(maya.page, value);
    const remote = watch(sam.page, value);
    await maya.page.mouse.click(box.x + 30, box.y + box.h / 2);
    await maya.page.keyboard.press('Control+A');
    await maya.page.keyboard.type(value);
    await maya.page.keyboard.press('Enter');
    const [seenLocal, seenRemote] = await Promise.all([local, remote]);
    delays.push(seenRemote - seenLocal);
    first ??= delays[0];
    previews.push(Number(await maya.page.evaluate(() => window.tandemUi.values['impact-ms'])));
  }
  delays.sort((a, b) => a - b);
  const received = streams.map((s) => s.events());
  console.log(`${delays.length} edits, ${others} other dashboards on the stream (each received >= ${Math.min(...received)} events)`);
  console.log(`edit-to-screen p50 ${percentile(delays, 50).toFixed(1)} ms, p90 ${percentile(delays, 90).toFixed(1)} ms, ` +
              `p99 ${percentile(delays, 99).toFixed(1)} ms, max ${delays[delays.length - 1].toFixed(1)} ms`);
  console.log(`first edit ${first.toFixed(1)} ms; slowest ${delays.slice(-3).map((v) => v.toFixed(1)).join(', ')} ms`);
  previews.sort((a, b) => a - b);
  console.log(`impact preview in the browser (${await maya.page.evaluate(() => window.tandemUi.items.find((e) => e.id === 'impact-timing')?.text)}): ` +
              `p50 ${percentile(previews, 50).toFixed(1)} ms, p99 ${percentile(previews, 99).toFixed(1)} ms, max ${previews[previews.length - 1].toFixed(1)} ms`);
  for (const s of streams) s.close();
} finally {
  await browser.close();
  await server.stop();
}
