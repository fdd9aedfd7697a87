// Edit-to-screen propagation in the definition editor: Maya changes the MQL threshold in one browser,
// Sam's browser shows it; measured from the frame Maya's own screen shows her edit to the frame
// Sam's does, with OTHERS more dashboards holding the event stream open (they receive every event;
// a WebGL tab each would need more than this 2-core machine has, so they are plain HTTP clients).
// Also reports how long Maya's browser took for the impact preview (WASM, 20,000 leads) per keystroke.
// Then, ROUNDS times each, a change made through the API (as another dashboard or the command line
// makes it) to the first frame of an open dashboard that shows it: a renamed campaign on Sam's
// calendar (and, as Sam's dashboard measures it, pushed event to reloaded plan), a piece of feedback
// in Maya's feed, and a finished content request ringing its requester's bell. The browser tests
// only check that these arrive, complete; how fast is measured here.
//
//   node tests/bench/propagation.mjs [EDITS=200] [OTHERS=48] [ROUNDS=30]
import http from 'node:http';
import { launchBrowser, openDashboard, scrollTo, startServer, waitForUi } from '../browser/harness.mjs';

const edits = Number(process.argv[2] ?? 200);
const others = Number(process.argv[3] ?? 48);
const rounds = Number(process.argv[4] ?? 30);

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

async function send(server, cookie, method, path, body) {
  const response = await fetch(`${server.url}${path}`, {
    method, headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

// The wall-clock time of the first animation frame at which the page's UI mirror shows an item
// with this id and text (idPrefix: any id starting with it).
function stampWhen(page, { id, idPrefix, text }) {
  return page.evaluate(([wanted, prefix, value]) => new Promise((resolve) => {
    const check = () => {
      const items = window.tandemUi?.items ?? [];
      if (items.some((e) => (prefix ? e.id.startsWith(prefix) : e.id === wanted) && e.text === value)) {
        resolve(performance.timeOrigin + performance.now());
      } else {
        requestAnimationFrame(check);
      }
    };
    check();
  }), [id ?? null, idPrefix ?? null, text]);
}

const wallNow = () => performance.timeOrigin + performance.now();

function summarise(label, samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`${label}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p90 ${percentile(sorted, 90).toFixed(1)} ms, ` +
              `max ${sorted[sorted.length - 1].toFixed(1)} ms (${sorted.length})`);
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

  // Changes made elsewhere, each to the screen of a dashboard that has it open.
  const mayaCookie = await signIn(server, 'maya@tandem.test');
  const samCookie = await signIn(server, 'sam@tandem.test');
  const month = '2031-01';
  const campaign = await send(server, mayaCookie, 'POST', 'api/campaigns',
                              { name: 'Propagation 0', type: 'webinar', start: `${month}-06`, end: `${month}-08` });
  await sam.page.evaluate((hash) => { window.location.hash = hash; }, `#/campaigns?month=${month}`);
  await maya.page.evaluate(() => { window.location.hash = '#/feedback'; });
  await waitForUi(sam.page, (s) => s.items.some((e) => e.id.startsWith('campaign-bar-') && e.text === 'Propagation 0'), { timeout: 30000 });
  await waitForUi(maya.page, (s) => s.items.some((e) => /^feedback-\d+$/.test(e.id)), { timeout: 30000 });
  const toCalendar = [];
  const eventToPlan = [];
  const toFeed = [];
  const toBell = [];
  for (let i = 1; i <= rounds; i++) {
    const name = `Propagation ${i}`;
    let shown = stampWhen(sam.page, { idPrefix: 'campaign-bar-', text: name });
    let started = wallNow();
    await send(server, mayaCookie, 'PATCH', `api/campaigns/${campaign.id}`, { name });
    toCalendar.push((await shown) - started);
    eventToPlan.push(Number(await sam.page.evaluate(() => window.tandemUi.values['campaigns-event-to-plan-ms'])));

    // The feed mirrors a row as kind|reason|lead|campaign|author|text.
    const said = `Propagation round ${i}`;
    shown = stampWhen(maya.page, { idPrefix: 'feedback-', text: `general||||Sam Sales|${said}` });
    started = wallNow();
    await send(server, samCookie, 'POST', 'api/feedback', { kind: 'general', text: said });
    toFeed.push((await shown) - started);

    const request = await send(server, samCookie, 'POST', 'api/feedback', { kind: 'content_request', text: `A one-pager, round ${i}` });
    const unread = Number(await sam.page.evaluate(() => window.tandemUi.items.find((e) => e.id === 'notifications')?.text));
    shown = stampWhen(sam.page, { id: 'notifications', text: String(unread + 1) });
    started = wallNow();
    await send(server, mayaCookie, 'PATCH', `api/feedback/${request.id}`, { status: 'done' });
    toBell.push((await shown) - started);
  }
  summarise('campaign renamed (PATCH) to the other dashboard\'s calendar', toCalendar);
  summarise('  of which, in that dashboard, pushed event to reloaded plan', eventToPlan);
  summarise('feedback logged (POST) to the other dashboard\'s feed', toFeed);
  summarise('content request done (PATCH) to the requester\'s bell', toBell);
  for (const s of streams) s.close();
} finally {
  await browser.close();
  await server.stop();
}
