// The sign-in page as password managers and keyboards see it: a real <form> with an email input
// (autocomplete "username") and a password input ("current-password"), visible, focusable and
// sized, that Tab walks through and Enter submits, found by their labels.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, clickItem, demoPassword, handOverTo, launchBrowser, openDashboard, screenshot, startServer, waitForUi } from './harness.mjs';

describe('the sign-in form', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ args: ['--demo', '--leads', '20'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('is a real form a password manager fills, and signs in by label and keyboard alone', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: null, hash: '#/leads' });
    const form = page.getByRole('form', { name: 'Sign in' });
    const email = form.getByLabel('Email');
    const password = form.getByLabel('Password');
    assert.equal(await email.getAttribute('autocomplete'), 'username');
    assert.equal(await email.getAttribute('type'), 'email');
    assert.equal(await password.getAttribute('autocomplete'), 'current-password');
    assert.equal(await password.getAttribute('type'), 'password');
    for (const input of [email, password]) {
      assert.ok(await input.isVisible());
      const box = await input.boundingBox();
      assert.ok(box.width > 100 && box.height > 20, `sized: ${JSON.stringify(box)}`);
    }
    // The email has focus when the page opens; Tab goes to the password; Enter submits.
    await page.waitForFunction(() => document.activeElement?.id === 'login-email');
    await page.keyboard.type('maya@tandem.test');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-password');
    await page.keyboard.type(demoPassword);
    await screenshot(page, 'sign-in-form-filled');
    await page.keyboard.press('Enter');
    await waitForUi(page, (state) => state.values.session === 'signed-in' && state.values.route === '#/leads');
    // Signed in, the form is gone and holds nothing.
    assert.equal(await form.isVisible(), false);
    assert.deepEqual(await page.evaluate(() => [document.getElementById('login-email').value, document.getElementById('login-password').value]), ['', '']);
    assert.deepEqual(errors, []);
    await context.close();
  });

  // The inbox is per person (a rep sees theirs and the pool, a leader everyone's) and its address
  // is the same for both: what the last person loaded must not be what the next one is shown.
  test('the next person to sign in on the tab sees their own data, and no secret of the last one', async () => {
    await handOverTo(browser, server, 'raj@tandem.test');   // in the leader's inbox, not in Rita's
    const { context, page, errors } = await openDashboard(browser, server, { user: null, hash: '#/leads?view=inbox' });
    const form = page.getByRole('form', { name: 'Sign in' });
    const signIn = async (email) => {
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Password').fill(demoPassword);
      await form.getByLabel('Password').press('Enter');
      await waitForUi(page, (state) => state.values.session === 'signed-in');
    };
    const summary = (inbox) => `${inbox.total}|${inbox.breached}|${inbox.unassigned}`;
    const inboxShows = (expected) => new Function('ui', `return ui.items.some((e) => e.id === 'inbox-summary' && e.text === ${JSON.stringify(expected)})`);

    await signIn('rita@tandem.test');
    const ritas = (await api(context, server, 'GET', 'api/inbox?limit=1')).body;
    await waitForUi(page, inboxShows(summary(ritas)));
    // Rita subscribes to the campaign calendar: her feed's secret URL is on screen.
    await page.evaluate(() => { window.location.hash = '#/campaigns'; });
    await waitForUi(page, (state) => state.items.some((e) => e.id === 'subscribe'));
    await clickItem(page, 'subscribe');
    await waitForUi(page, (state) => state.items.some((e) => e.id === 'feed-create'));
    await clickItem(page, 'feed-create');
    const url = (await waitForUi(page, (state) => state.items.some((e) => e.id === 'feed-url'))).items.find((e) => e.id === 'feed-url').text;
    // Her session ends elsewhere (signed out on another tab) while the form is open.
    await api(context, server, 'POST', 'api/auth/logout', {});
    await waitForUi(page, (state) => state.values.session === 'signed-out');

    await signIn('sam@tandem.test');
    // Signed in where Rita's session ended: Sam's calendar panel knows nothing of her feed.
    await waitForUi(page, (state) => state.values.route === '#/campaigns' && state.items.some((e) => e.id === 'subscribe'));
    await clickItem(page, 'subscribe');
    const panel = await waitForUi(page, (state) => state.items.some((e) => e.id === 'feed-status' && e.text === 'You have no feed URL yet.'));
    assert.equal(panel.items.some((e) => e.id === 'feed-url' || e.text === url), false);
    await clickItem(page, 'feed-close');
    await page.evaluate(() => { window.location.hash = '#/leads?view=inbox'; });
    const sams = (await api(context, server, 'GET', 'api/inbox?limit=1')).body;
    assert.notEqual(summary(sams), summary(ritas), 'the demo gives the sales leader a wider inbox than the rep');
    await waitForUi(page, inboxShows(summary(sams)));
    await screenshot(page, 'next-user-inbox');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
