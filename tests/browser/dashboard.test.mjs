// The dashboard shell in a real browser: loading (signed out too, without a console error),
// navigation by click, URL, keyboard and back button, tab titles, themes, crisp rendering at
// devicePixelRatio 2, and the offline banner.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, clickItem, demoPassword, item, launchBrowser, openDashboard, screenshot, settle, shown, startServer, ui, waitForUi } from './harness.mjs';

const views = [
  { id: 'scorecard', title: 'Scorecard', key: '1' },
  { id: 'definition', title: 'Lead definition', key: '2' },
  { id: 'campaigns', title: 'Campaigns', key: '3' },
  { id: 'leads', title: 'Leads', key: '4' },
  { id: 'feedback', title: 'Feedback', key: '5' },
];

// Waits until the dashboard shows this route with this page title (the title is drawn a frame or
// two after the route changes).
const showing = (route, title) => new Function('state', `return state.values.route === '${route}' && ` +
  `state.items.some((entry) => entry.id === 'page-title' && entry.text === '${title}')`);


describe('dashboard shell', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ args: ['--demo', '--leads', '2000'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('loads without errors and shows the live connection', async () => {
    const { context, page, errors } = await openDashboard(browser, server);
    assert.equal(await page.title(), 'Scorecard · Tandem');
    await waitForUi(page, (state) => state.items.some((entry) => entry.id === 'connection' && entry.text === 'Live'));
    await waitForUi(page, showing('#/scorecard', 'Scorecard'));
    assert.equal(await page.locator('#loading').count(), 0, 'the loading screen is gone');
    assert.deepEqual(errors, []);
    await context.close();
  });

  // On Playwright's clock, paused: the test moves time itself, so what is counted is display
  // refreshes and clock seconds, never how fast a busy machine happens to be.
  test('an idle dashboard draws once a second for its clocks, not at every display refresh', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { clock: true });
    // Idle means nothing in flight: the scorecard and the live stream are in, no request is open
    // (the event stream always is), and the first health check is 10 s away.
    const open = new Set();
    page.on('request', (request) => { if (!request.url().endsWith('/api/events')) open.add(request); });
    page.on('requestfinished', (request) => open.delete(request));
    page.on('requestfailed', (request) => open.delete(request));
    await waitForUi(page, (state) => state.values.live === 'yes' && state.items.some((entry) => entry.id === 'kpi-leads'));
    await page.mouse.move(2, page.viewportSize().height - 2);
    for (let waited = 0; open.size > 0; waited += 50) {
      assert.ok(waited < 60000, `requests still open: ${[...open].map((request) => request.url())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Counts the display's refreshes beside the dashboard's own animation-frame loop.
    await page.evaluate(() => {
      window.refreshes = 0;
      const tick = () => { window.refreshes++; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    });
    const counts = () => page.evaluate(() => ({ frame: window.tandemUi.frame, refreshes: window.refreshes }));
    // Past the second of frames after the last input and the frames that settle the last news,
    // half-way through a clock second; then three seconds cross exactly three clock ticks.
    const now = await page.evaluate(() => Date.now());
    await page.clock.pauseAt(Math.ceil(now / 1000) * 1000 + 1500);
    await page.clock.runFor(100);
    let before = await counts();
    await page.clock.runFor(3000);
    let after = await counts();
    const idle = { drawn: after.frame - before.frame, refreshes: after.refreshes - before.refreshes };
    assert.ok(idle.refreshes >= 180, `the display refreshed ${idle.refreshes} times`);
    // A health check (every 10 s) may answer in these seconds: news is drawn over three frames.
    assert.ok(idle.drawn >= 3 && idle.drawn <= 6, `drew ${idle.drawn} of ${idle.refreshes} refreshes`);
    // Input draws at once: moving the mouse brings a second of frames (hover, tooltips), one at
    // every refresh.
    await page.mouse.move(640, 400);
    before = await counts();
    await page.clock.runFor(500);
    after = await counts();
    assert.ok(after.refreshes - before.refreshes >= 30);
    assert.equal(after.frame - before.frame, after.refreshes - before.refreshes, 'every refresh drew');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the login page loads with no console errors', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: null, hash: '#/leads' });
    await waitForUi(page, (state) => state.items.some((entry) => entry.id === 'login-title'));
    await settle(page);
    assert.equal(await page.title(), 'Sign in · Tandem');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the tab title names the view, and a lead\'s page names the lead', async () => {
    const { context, page, errors } = await openDashboard(browser, server);
    const visit = async (hash, title) => {
      await page.evaluate((target) => { window.location.hash = target; }, hash);
      await page.waitForFunction((expected) => document.title === expected, title, { timeout: 60000 });
      assert.equal(await page.title(), title);
    };
    for (const view of views) await visit(`#/${view.id}`, `${view.title} · Tandem`);
    await visit('#/leads?view=inbox', 'Leads · Tandem');
    await visit('#/people', 'People · Tandem');
    const lead = (await api(context, server, 'GET', 'api/leads/42')).body;
    await visit('#/leads/42', `${lead.name || lead.email} · Tandem`);
    await visit('#/pipeline', 'Not found · Tandem');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('signing in through the form opens the dashboard, signing out returns to the form', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: null, hash: '#/campaigns' });
    assert.equal((await item(page, 'login-title')).text, 'Sign in');
    await screenshot(page, 'sign-in');
    await clickItem(page, 'login-email');
    await page.keyboard.type('maya@tandem.test');
    await clickItem(page, 'login-password');
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    const refused = await waitForUi(page, (state) => state.items.some((entry) => entry.id === 'login-error'));
    assert.equal(refused.items.find((entry) => entry.id === 'login-error').text, 'wrong email or password');
    await clickItem(page, 'login-password');
    await page.keyboard.type(demoPassword);
    await page.keyboard.press('Enter');
    await waitForUi(page, (state) => state.values.session === 'signed-in');
    // The link asked for stays the page shown after signing in.
    await waitForUi(page, showing('#/campaigns', 'Campaigns'));
    assert.equal((await item(page, 'user-menu')).text, 'Maya Marketing');
    await clickItem(page, 'user-menu');
    await waitForUi(page, (state) => state.items.some((entry) => entry.id === 'sign-out'));
    await clickItem(page, 'sign-out');
    await waitForUi(page, (state) => state.values.session === 'signed-out');
    // The session is over on the server too.
    const me = await context.request.get(server.url + 'api/auth/me');
    assert.equal(me.status(), 401);
    // The refused password is the browser's only complaint: the sign-in answered 401.
    assert.deepEqual(errors, ['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    await context.close();
  });

  test('clicking each tab opens its view and puts it in the URL', async () => {
    const { context, page, errors } = await openDashboard(browser, server);
    for (const view of [...views].reverse()) {
      await clickItem(page, `nav-${view.id}`);
      await waitForUi(page, showing(`#/${view.id}`, view.title));
      assert.equal(new URL(page.url()).hash, `#/${view.id}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the back and forward buttons walk the views visited', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { hash: '#/campaigns' });
    await clickItem(page, 'nav-leads');
    await waitForUi(page, (state) => state.values.route === '#/leads');
    await clickItem(page, 'nav-feedback');
    await waitForUi(page, (state) => state.values.route === '#/feedback');
    await page.goBack();
    await waitForUi(page, (state) => state.values.route === '#/leads');
    await page.goBack();
    await waitForUi(page, showing('#/campaigns', 'Campaigns'));
    await page.goForward();
    await waitForUi(page, (state) => state.values.route === '#/leads');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a typed URL hash opens its view and a reload keeps it', async () => {
    const { context, page, errors } = await openDashboard(browser, server);
    const onDefinition = (state) => state.values.route === '#/definition' &&
                                    state.items.some((entry) => entry.id === 'page-title' && entry.text === 'Lead definition');
    await page.evaluate(() => { window.location.hash = '#/definition'; });
    await waitForUi(page, onDefinition);
    await page.reload();
    await waitForUi(page, (state) => state.frame > 3 && state.values.route === '#/definition');
    await waitForUi(page, onDefinition);
    // A deep link with an id and a query survives too.
    await page.evaluate(() => { window.location.hash = '#/leads/42?stage=mql'; });
    // It opens lead 42's detail, whose way back keeps the list's filter.
    await waitForUi(page, (state) => state.values.route === '#/leads/42?stage=mql' &&
                                     state.items.some((entry) => entry.id === 'detail-back' && entry.text === '← Back to all leads'));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('digit keys switch views', async () => {
    const { context, page, errors } = await openDashboard(browser, server);
    for (const view of views) {
      await page.keyboard.press(view.key);
      await waitForUi(page, new Function('state', `return state.values.route === '#/${view.id}'`));
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an unknown route says so and leads back to the scorecard', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { hash: '#/pipeline' });
    await waitForUi(page, showing('#/pipeline', 'Page not found'));
    await screenshot(page, 'not-found');
    await clickItem(page, 'open-scorecard');
    await waitForUi(page, (state) => state.values.route === '#/scorecard');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the dark theme is chosen with the toggle and kept across reloads', async () => {
    const { context, page, errors } = await openDashboard(browser, server);
    assert.equal((await ui(page)).values.theme, 'light');
    await clickItem(page, 'theme-toggle');
    await waitForUi(page, (state) => state.values.theme === 'dark');
    await page.reload();
    await waitForUi(page, (state) => state.frame > 3 && state.values.theme === 'dark');
    // The page really is dark: sample the canvas background.
    const pixel = await page.evaluate(() => {
      const canvas = document.getElementById('canvas');
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const context2d = copy.getContext('2d');
      context2d.drawImage(canvas, 0, 0);
      return Array.from(context2d.getImageData(5, canvas.height - 5, 1, 1).data);
    });
    assert.ok(pixel[0] < 40 && pixel[1] < 40 && pixel[2] < 50, `background ${pixel} is dark`);
    await screenshot(page, 'scorecard-dark');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the canvas follows the window and draws at the device pixel ratio', async () => {
    for (const dpr of [1, 2]) {
      const { context, page, errors } = await openDashboard(browser, server, { dpr });
      const size = await page.evaluate(() => {
        const canvas = document.getElementById('canvas');
        return [canvas.width, canvas.height, canvas.clientWidth, canvas.clientHeight];
      });
      assert.deepEqual(size, [1280 * dpr, 720 * dpr, 1280, 720]);
      await page.setViewportSize({ width: 900, height: 600 });
      await page.waitForFunction((ratio) => document.getElementById('canvas').width === 900 * ratio, dpr);
      // Widgets are reported in CSS pixels whatever the ratio: the theme toggle sits at the right edge.
      await waitForUi(page, (state) => state.items.some((entry) => entry.id === 'theme-toggle' && entry.x > 840 && entry.x < 900));
      const toggle = await item(page, 'theme-toggle');
      assert.ok(toggle.x + toggle.w <= 900, 'the toggle is inside the window');
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  test('screenshots of every view at 1280x720 and at devicePixelRatio 2', async () => {
    for (const dpr of [1, 2]) {
      const { context, page, errors } = await openDashboard(browser, server, { dpr });
      for (const view of views) {
        await clickItem(page, `nav-${view.id}`);
        await waitForUi(page, new Function('state', `return state.values.route === '#/${view.id}'`));
        await screenshot(page, dpr === 1 ? view.id : `${view.id}@2x`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});

describe('when the server goes away', () => {
  test('an error banner appears, retries, and clears when the server is back', async () => {
    let server = await startServer({ args: ['--demo', '--leads', '500'] });
    const browser = await launchBrowser();
    try {
      const { context, page, errors } = await openDashboard(browser, server);
      await waitForUi(page, (state) => state.items.some((entry) => entry.id === 'connection' && entry.text === 'Live'));
      const { port, dir } = server;
      await server.stop({ keepDir: true });
      await clickItem(page, 'nav-campaigns');  // the dashboard stays usable while offline
      const offline = await waitForUi(page, (state) => state.items.some((entry) => entry.id === 'offline-banner'));
      const banner = offline.items.find((entry) => entry.id === 'offline-banner');
      assert.match(banner.text, /Cannot reach the Tandem server \(the server cannot be reached\)\. Retrying (in \d+ s|now…)/);
      assert.equal(offline.items.find((entry) => entry.id === 'connection').text, 'Offline');
      await screenshot(page, 'offline');

      server = await startServer({ port, dir });
      await clickItem(page, 'offline-banner-button');   // "Retry now" instead of waiting for the backoff
      await waitForUi(page, (state) => !state.items.some((entry) => entry.id === 'offline-banner') &&
                                       state.items.some((entry) => entry.id === 'connection' && entry.text === 'Live'));
      assert.equal((await shown(page)).route, '#/campaigns');
      // The only errors are the browser's reports of the refused health checks and of the event
      // stream cut off when the server stopped.
      assert.deepEqual(errors.filter((text) => !/ERR_CONNECTION_REFUSED|ERR_INCOMPLETE_CHUNKED_ENCODING/.test(text)), []);
      await context.close();
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
