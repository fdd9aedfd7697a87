// The top bar from a phone to 4K and at 150 % and 200 % zoom (a zoomed 1280x720 window is a smaller
// CSS viewport at a higher pixel ratio): no two of its widgets overlap, none leaves the screen, and
// where the tabs do not fit they collapse into a menu that still reaches every view.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clickItem, launchBrowser, openDashboard, screenshot, startServer, waitForUi } from './harness.mjs';

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
const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('layout', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ args: ['--demo', '--leads', '200'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const size of sizes) {
    test(`the top bar at ${size.width}x${size.height}, pixel ratio ${size.dpr}`, async () => {
      const { context, page, errors } = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/leads', ...size });
      const state = await waitForUi(page, (s) => s.items.some((e) => e.id === 'user-menu'));
      // The bar's own widgets: those drawn in its 52 px.
      const bar = state.items.filter((e) => e.y + e.h <= 52 && e.w > 0);
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
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
