// The sign-in page as password managers and keyboards see it: a real <form> with an email input
// (autocomplete "username") and a password input ("current-password"), visible, focusable and
// sized, that Tab walks through and Enter submits, found by their labels.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoPassword, launchBrowser, openDashboard, screenshot, startServer, waitForUi } from './harness.mjs';

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
});
