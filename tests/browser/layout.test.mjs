// Every view and the main dialogs from a phone to 4K and at 150 % and 200 % zoom (a zoomed
// 1280x720 window is a smaller CSS viewport at a higher pixel ratio): every widget one can use lies
// on screen and overlaps no other, no window cuts its content off without a scroll bar to reach it,
// dialogs stay inside the viewport below the top bar and scroll inside with their actions (Save,
// Cancel) pinned below what scrolls, in view from the start, text cut short with "…"
// carries its whole text as its accessible name, and where the top bar's tabs do not fit they
// collapse into a menu that still reaches every view.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { clickItem, demoPassword, handOverTo, launchBrowser, openDashboard, screenshot, screenshotDir, startServer, ui,
         waitForUi } from './harness.mjs';

const sizes = [
  { width: 390, height: 844, dpr: 1, name: 'phone' },
  { width: 768, height: 1024, dpr: 1, name: 'tablet' },
  { width: 1024, height: 768, dpr: 1, name: 'small-laptop' },
  { width: 1280, height: 720, dpr: 1, name: 'laptop' },
  { width: 1920, height: 1080, dpr: 1, name: 'desktop' },
  { width: 2560, height: 1440, dpr: 1, name: '4k-scaled' },
  { width: 853, height: 480, dpr: 1.5, name: 'zoom-150' },
  { width: 640, height: 360, dpr: 2, name: 'zoom-200' },
];
const views = ['scorecard', 'definition', 'campaigns', 'leads', 'feedback'];
const topBarHeight = 52;   // CSS px, at every size
// What one can click, tick or type in; headings join them for overlaps (a title under a button).
const interactive = new Set(['button', 'link', 'checkbox', 'radio', 'textbox', 'combobox']);
const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
// More than a pixel of common ground: boxes are rounded to whole CSS px from device px.
const overlapsBeyondRounding = (a, b) =>
  Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 1 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 1;
const shown = (entry) => entry.w > 0 && entry.h > 0;   // a widget scrolled out of its region has no box
const describeBox = (e) => `${e.id} [${e.x},${e.y} ${e.w}x${e.h}]`;

// What is wrong with the layout the mirror shows: one line per problem, empty when none. With a
// dialog open only the dialog counts: the page behind it is dimmed and out of reach.
function layoutProblems(state, size) {
  const problems = [];
  const visible = state.items.filter(shown);
  const dialog = visible.some((e) => e.region === 'dialog');
  const inScope = visible.filter((e) => !dialog || e.region === 'dialog');
  const usable = inScope.filter((e) => interactive.has(e.role));
  for (const e of usable) {
    if (e.x < -1 || e.y < -1 || e.x + e.w > size.width + 1 || e.y + e.h > size.height + 1) problems.push(`${describeBox(e)} leaves the screen`);
    if (dialog && e.y < topBarHeight - 1) problems.push(`${describeBox(e)} is over the top bar`);
  }
  const boxes = inScope.filter((e) => interactive.has(e.role) || e.role === 'heading');
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (overlapsBeyondRounding(boxes[i], boxes[j])) problems.push(`${describeBox(boxes[i])} and ${describeBox(boxes[j])} overlap`);
    }
  }
  // Windows too small for what they hold and without a scroll bar to reach the rest; with a dialog
  // open, the page's own windows were checked before it opened.
  const cut = (state.values['cut-off'] ?? '').split('; ').filter((entry) => entry &&
    (!dialog || !/^[xy]:##(content|topbar)/.test(entry)));
  for (const entry of cut) problems.push(`cut off: ${entry}`);
  for (const e of inScope) {
    if (e.text.endsWith('…') && !(e.name && !e.name.endsWith('…'))) problems.push(`${e.id} shows "${e.text}" and has no whole name`);
  }
  return problems;
}

// A webhook at an address nobody listens on, for its page to list with a delivery log; resolves
// with its id.
async function addWebhook(browser, server) {
  const context = await browser.newContext();
  const login = await context.request.post(server.url + 'api/auth/login', { data: { email: 'admin@tandem.test', password: demoPassword } });
  assert.ok(login.ok(), 'sign-in as admin');
  const created = await context.request.post(server.url + 'api/webhooks', {
    data: { url: 'http://127.0.0.1:1/a-rather-long-path/that-wraps-on-a-phone/hooks/tandem', events: ['lead.handed_over', 'lead.accepted'],
            description: 'CRM sync' },
  });
  assert.equal(created.status(), 201);
  const id = (await created.json()).id;
  await context.close();
  return id;
}

describe('layout', () => {
  let server;
  let browser;
  let leadId;
  let webhookId;
  before(async () => {
    server = await startServer({ args: ['--demo', '--leads', '200'] });
    browser = await launchBrowser();
    webhookId = await addWebhook(browser, server);
    leadId = await handOverTo(browser, server, 'rita@tandem.test');   // and a delivery to the webhook
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const size of sizes) {
    describe(`at ${size.width}x${size.height}, pixel ratio ${size.dpr}`, () => {
      // One context for the size, signed in as whoever the view needs.
      let context;
      let page;
      let errors;
      let signedIn;
      before(async () => {
        signedIn = 'sam@tandem.test';
        ({ context, page, errors } = await openDashboard(browser, server, { user: signedIn, hash: '#/leads', ...size }));
      });
      after(async () => { await context?.close(); });

      async function visit(user, hash, ready) {
        if (user !== signedIn) {
          const response = await context.request.post(server.url + 'api/auth/login', { data: { email: user, password: demoPassword } });
          assert.ok(response.ok(), `sign-in as ${user}`);
          signedIn = user;
          await page.evaluate((target) => { window.location.hash = target; }, hash);
          await page.reload();
        } else {
          await page.evaluate((target) => { window.location.hash = target; }, hash);
        }
        return waitForUi(page, new Function('ui', `return ui.frame > 3 && ui.values.session === 'signed-in' &&
          ui.values.route.startsWith(${JSON.stringify(hash.split('?')[0])}) && (${ready.toString()})(ui)`));
      }

      // Has the dashboard draw two more frames (a wheel's scroll shows in the first), and what it
      // shows then.
      async function redraw() {
        const frame = (await ui(page)).frame;
        await page.evaluate(() => window.tandemRedraw());
        await waitForUi(page, new Function('ui', `return ui.frame >= ${frame + 2}`));
        return ui(page);
      }

      const layoutOf = (state) => JSON.stringify([state.items.map((e) => [e.id, e.x, e.y, e.w, e.h]), state.values['cut-off']]);
      // What the dashboard shows once its layout holds still over two redraws (a dialog sizes
      // itself from what it held the frame before).
      async function still() {
        let state = await redraw();
        for (let tries = 0; tries < 5; tries++) {
          const next = await redraw();
          if (layoutOf(next) === layoutOf(state)) break;
          state = next;
        }
        return state;
      }

      // Checks the layout as drawn, then scrolls the page (or the dialog) down most of a screen at a
      // time and checks again, until the bottom; saves a picture of each screen. The mouse rests in
      // the page's (or the dialog's) left margin, where it hovers nothing and its wheel reaches no
      // inner scroll region.
      async function checkLayout(name, { inDialog = false } = {}) {
        const problems = [];
        const seen = new Set();   // a problem seen at one scroll position is not repeated at the next
        const dialog = (await ui(page)).items.filter((e) => e.region === 'dialog' && shown(e));
        await page.mouse.move(inDialog && dialog.length ? Math.min(...dialog.map((e) => e.x)) - 4 : 8, size.height / 2);
        let last = '';
        let scrolled = false;
        for (let step = 0; step < 12; step++) {
          let state = await redraw();
          // A change under way (data arriving, a scroll bar appearing) can look wrong for a frame or
          // two: a problem counts once the layout holds still.
          for (let tries = 0; tries < 5 && layoutProblems(state, size).length > 0; tries++) {
            const next = await redraw();
            if (layoutOf(next) === layoutOf(state)) break;
            state = next;
          }
          const boxes = layoutOf(state);
          if (boxes === last) break;   // the wheel moved nothing (a guard: the scroll range says when to stop)
          last = boxes;
          mkdirSync(screenshotDir, { recursive: true });
          await page.screenshot({ path: join(screenshotDir, `layout-${size.name}-${name}${step ? `-${step}` : ''}.png`) });
          for (const problem of layoutProblems(state, size)) {
            const key = problem.replace(/ \[[^\]]*\]/g, '');   // the same, wherever it is scrolled to
            if (seen.has(key)) continue;
            seen.add(key);
            problems.push((step ? `(scrolled ${step}) ` : '') + problem);
          }
          // On while the page (or the dialog) can scroll further: "<scrolled>/<can scroll>", CSS px.
          const [at, end] = (state.values[inDialog ? 'scroll-dialog' : 'scroll-main'] ?? '0/0').split('/').map(Number);
          if (at >= end - 1) break;
          await page.mouse.wheel(0, size.height * 0.8);
          scrolled = true;
        }
        if (!inDialog && scrolled) {   // back to the top, for what the test does next on this page
          await page.mouse.wheel(0, -100000);
          await redraw();
        }
        return problems;
      }

      // Opens a dialog with its button (which must be on screen); its actions must be on screen at
      // once, without scrolling, and stay there while it scrolls to its bottom (`long`: it must
      // have something to scroll at this size). Then closes it.
      async function checkDialog(name, button, title, actions, close, { long = false } = {}) {
        const opener = (await ui(page)).items.find((e) => e.id === button);
        assert.ok(opener && shown(opener), `${button} on screen`);
        await clickItem(page, button);
        await waitForUi(page, new Function('ui', `return ui.items.some((e) => e.id === ${JSON.stringify(title)} && e.region === 'dialog')`));
        const opened = await still();
        const top = opened.items.find((e) => e.id === title);
        const problems = shown(top) ? [] : [`the dialog's title ${describeBox(top)} is not on screen when it opens`];
        const onScreen = (e) => e && shown(e) && e.x >= 0 && e.y >= topBarHeight && e.x + e.w <= size.width && e.y + e.h <= size.height;
        for (const action of actions) {
          if (!onScreen(opened.items.find((e) => e.id === action))) problems.push(`${action} is not on screen when the dialog opens`);
        }
        const [, range] = (opened.values['scroll-dialog'] ?? '0/0').split('/').map(Number);
        if (long && !(range > 0)) problems.push(`the dialog has nothing to scroll at this size: its pinned actions are not tested`);
        problems.push(...await checkLayout(name, { inDialog: true }));
        const end = await ui(page);
        for (const action of actions) {
          const found = end.items.find((e) => e.id === action);
          if (!onScreen(found)) problems.push(`${action} is not on screen with the dialog scrolled to its bottom`);
          else if (range > 0 && JSON.stringify(found) !== JSON.stringify(opened.items.find((e) => e.id === action))) {
            problems.push(`${action} moved while the dialog scrolled: ${describeBox(found)}`);
          }
        }
        const closer = end.items.find((e) => e.id === close);
        if (closer && shown(closer)) await clickItem(page, close);
        else await page.keyboard.press('Escape');
        await waitForUi(page, new Function('ui', `return !ui.items.some((e) => e.id === ${JSON.stringify(title)})`));
        return problems;
      }

      test('the top bar', async () => {
        const state = await visit('sam@tandem.test', '#/leads', (s) => s.items.some((e) => e.id === 'user-menu'));
        // The bar's own widgets: those drawn in its 52 px.
        const bar = state.items.filter((e) => e.y + e.h <= topBarHeight && e.w > 0);
        for (const widget of bar) {
          assert.ok(widget.x >= 0 && widget.x + widget.w <= size.width, `${widget.id} inside the width: ${JSON.stringify(widget)}`);
        }
        for (let i = 0; i < bar.length; i++) {
          for (let j = i + 1; j < bar.length; j++) {
            assert.ok(!overlaps(bar[i], bar[j]), `${bar[i].id} and ${bar[j].id} overlap`);
          }
        }
        const collapsed = bar.some((e) => e.id === 'nav-menu');
        assert.equal(collapsed, !views.every((view) => bar.some((e) => e.id === `nav-${view}`)), 'either every tab or the menu');
        if (collapsed) {
          await clickItem(page, 'nav-menu');
          const open = await waitForUi(page, (s) => s.items.some((e) => e.id === 'nav-feedback'));
          for (const view of views) {
            const entry = open.items.find((e) => e.id === `nav-${view}`);
            assert.ok(entry && entry.x >= 0 && entry.x + entry.w <= size.width && entry.y + entry.h <= size.height, `nav-${view} on screen`);
          }
          await screenshot(page, `layout-${size.name}-menu`);
          await clickItem(page, 'nav-feedback');
          await waitForUi(page, (s) => s.values.route.startsWith('#/feedback'));
        }
        await screenshot(page, `layout-${size.name}`);
      });

      test('the leads table, as a leader', async () => {
        await visit('sam@tandem.test', '#/leads', (s) => s.items.some((e) => e.id.startsWith('lead-row-')));
        assert.deepEqual(await checkLayout('leads'), []);
      });

      test('the scorecard', async () => {
        await visit('sam@tandem.test', '#/scorecard', (s) => s.items.some((e) => e.id === 'kpi-leads') &&
          !s.items.some((e) => e.id === 'scorecard-loading'));
        assert.deepEqual(await checkLayout('scorecard'), []);
      });

      test('the definition editor', async () => {
        await visit('sam@tandem.test', '#/definition', (s) => s.items.some((e) => e.id === 'draft-sync') &&
          s.items.some((e) => e.id === 'mql-threshold'));
        assert.deepEqual(await checkLayout('definition'), []);
      });

      test('the feedback and its "Log feedback" dialog', async () => {
        await visit('sam@tandem.test', '#/feedback', (s) => s.items.some((e) => e.id === 'log-feedback') &&
          s.items.some((e) => /^feedback-\d+$/.test(e.id)));
        const problems = await checkLayout('feedback');
        await visit('sam@tandem.test', '#/feedback', (s) => s.items.some((e) => e.id === 'log-feedback'));
        problems.push(...(await checkDialog('feedback-dialog', 'log-feedback', 'form-title', ['form-submit', 'form-cancel'], 'form-cancel',
                                            { long: size.name === 'zoom-200' }))
          .map((problem) => `dialog: ${problem}`));
        assert.deepEqual(problems, []);
      });

      test('the campaigns: month, "Plan a campaign" and list', async () => {
        await visit('maya@tandem.test', '#/campaigns', (s) => s.values['campaigns-view'] === 'month' &&
          Number(s.values['campaigns-shown']) > 0);
        const problems = (await checkLayout('campaigns-month')).map((problem) => `month: ${problem}`);
        await visit('maya@tandem.test', '#/campaigns', (s) => s.items.some((e) => e.id === 'new-campaign'));
        problems.push(...(await checkDialog('campaign-dialog', 'new-campaign', 'form-title', ['form-save', 'form-close'], 'form-close',
                                            { long: size.name === 'phone' || size.name === 'zoom-200' }))
          .map((problem) => `dialog: ${problem}`));
        await visit('maya@tandem.test', '#/campaigns?view=list', (s) => s.items.some((e) => e.id === 'list-title') &&
          s.items.some((e) => e.id.startsWith('list-row-')));
        problems.push(...(await checkLayout('campaigns-list')).map((problem) => `list: ${problem}`));
        assert.deepEqual(problems, []);
      });

      test('the campaigns timeline', async () => {
        await visit('maya@tandem.test', '#/campaigns?view=timeline', (s) => s.values['campaigns-view'] === 'timeline' &&
          s.items.some((e) => e.id.startsWith('timeline-row-')));
        assert.deepEqual(await checkLayout('campaigns-timeline'), []);
      });

      test('the rep\'s inbox, a lead\'s page and its reject dialog', async () => {
        await visit('rita@tandem.test', '#/leads?view=inbox', (s) => s.items.some((e) => e.id === 'inbox-summary'));
        const problems = (await checkLayout('inbox')).map((problem) => `inbox: ${problem}`);
        await visit('rita@tandem.test', `#/leads/${leadId}`, (s) => s.items.some((e) => e.id === 'detail-reject'));
        problems.push(...(await checkLayout('lead')).map((problem) => `lead: ${problem}`));
        await visit('rita@tandem.test', `#/leads/${leadId}`, (s) => s.items.some((e) => e.id === 'detail-reject'));
        problems.push(...(await checkDialog('reject-dialog', 'detail-reject', 'reject-dialog', ['reject-confirm', 'reject-cancel'], 'reject-cancel'))
          .map((problem) => `reject dialog: ${problem}`));
        assert.deepEqual(problems, []);
      });

      test('a lead\'s page and its erase dialog, as the marketing leader', async () => {
        await visit('maya@tandem.test', `#/leads/${leadId}`, (s) => s.items.some((e) => e.id === 'detail-erase'));
        const problems = (await checkLayout('lead-leader')).map((problem) => `lead: ${problem}`);
        await visit('maya@tandem.test', `#/leads/${leadId}`, (s) => s.items.some((e) => e.id === 'detail-erase'));
        problems.push(...(await checkDialog('erase-dialog', 'detail-erase', 'erase-title', ['erase-yes', 'erase-no'], 'erase-no'))
          .map((problem) => `erase dialog: ${problem}`));
        assert.deepEqual(problems, []);
      });

      test('the people and the form that adds one, as the admin', async () => {
        await visit('admin@tandem.test', '#/people', (s) => s.items.some((e) => e.id.startsWith('people-row-')));
        const problems = await checkLayout('people');
        await clickItem(page, 'people-add');
        await waitForUi(page, (s) => s.items.some((e) => e.id === 'people-add-cancel'));
        problems.push(...(await checkLayout('people-add')).map((problem) => `add form: ${problem}`));
        await clickItem(page, 'people-add-cancel');
        await waitForUi(page, (s) => s.items.some((e) => e.id === 'people-add'));
        assert.deepEqual(problems, []);
      });

      test('the webhooks with a delivery log, and the dialogs that add and delete one, as the admin', async () => {
        await visit('admin@tandem.test', '#/webhooks', new Function('ui', `return ui.items.some((e) => e.id === 'webhook-log-${webhookId}')`));
        await clickItem(page, `webhook-log-${webhookId}`);
        await waitForUi(page, (s) => s.items.some((e) => e.id.startsWith('delivery-')));
        const problems = await checkLayout('webhooks');
        problems.push(...(await checkDialog('webhook-dialog', 'webhook-add', 'webhook-form-title', ['webhook-form-submit', 'webhook-form-cancel'],
                                            'webhook-form-cancel')).map((problem) => `add dialog: ${problem}`));
        problems.push(...(await checkDialog('webhook-delete-dialog', `webhook-delete-${webhookId}`, 'webhook-delete-title',
                                            ['webhook-delete-yes', 'webhook-delete-no'], 'webhook-delete-no'))
          .map((problem) => `delete dialog: ${problem}`));
        assert.deepEqual(problems, []);
      });

      test('no errors in the console', () => {
        assert.deepEqual(errors, []);
      });
    });
  }
});
