// Email preferences from the account menu: a dialog with one named check box per kind of email
// (the SLA breaches only for sales leaders, who alone are sent them), each saved as it changes
// through PUT /api/email-preferences with a status that is announced; driven by role, name and
// keyboard, and read back through the API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, launchBrowser, openDashboard, screenshot, settle, startServer, ui, waitForUi } from './harness.mjs';

const kinds = {
  content_requests: 'A content request I asked for is done',
  sla_breaches: 'A lead waits past the first-response SLA',
  wins_digest: 'The weekly wins digest, Monday mornings',
};

// Opens the dialog from the account menu of the user named `name`, by role and name.
async function openPreferences(page, name) {
  await page.getByRole('navigation').getByRole('button', { name }).click();
  await page.getByRole('region', { name: 'Menu' }).getByRole('button', { name: 'Email preferences' }).click();
  const dialog = page.getByRole('dialog', { name: 'Email preferences' });
  await dialog.waitFor();
  await dialog.getByRole('checkbox', { name: kinds.wins_digest }).waitFor();
  return dialog;
}

describe('email preferences', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ args: ['--demo', '--leads', '50'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a sales leader turns the weekly wins digest on from the keyboard, and it is saved and announced', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/scorecard' });
    const dialog = await openPreferences(page, 'Sam Sales');
    // As the server has them: the digest off until turned on, the others on.
    for (const [kind, name] of Object.entries(kinds)) {
      const checked = await dialog.getByRole('checkbox', { name }).getAttribute('aria-checked');
      assert.equal(checked, kind === 'wins_digest' ? 'false' : 'true', name);
    }
    assert.equal(await page.getByRole('main').evaluate((main) => main.inert), true);

    // Tab to the digest's box, Space ticks it.
    for (let step = 0; step < 20 && (await ui(page)).values.focus !== 'email-pref-wins_digest'; step++) {
      await page.keyboard.press('Tab');
      await settle(page);
    }
    assert.equal((await ui(page)).values.focus, 'email-pref-wins_digest');
    await page.waitForFunction(() => document.activeElement?.dataset.mirror === 'email-pref-wins_digest');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.getElementById('tandem-announce').textContent.includes('Saved.'));
    assert.equal(await dialog.getByRole('checkbox', { name: kinds.wins_digest }).getAttribute('aria-checked'), 'true');
    assert.equal(await dialog.getByRole('status').textContent(), 'Saved.');
    const saved = await api(context, server, 'GET', 'api/email-preferences');
    assert.deepEqual(saved.body, { content_requests: true, sla_breaches: true, wins_digest: true });
    await screenshot(page, 'email-preferences');

    // Escape closes it; opened again, it shows what was saved.
    await page.keyboard.press('Escape');
    await waitForUi(page, (state) => !state.items.some((e) => e.id === 'email-prefs-title'));
    assert.equal(await page.getByRole('dialog').count(), 0);
    const again = await openPreferences(page, 'Sam Sales');
    assert.equal(await again.getByRole('checkbox', { name: kinds.wins_digest }).getAttribute('aria-checked'), 'true');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a rep, who is never sent SLA breaches, is not offered them', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'rita@tandem.test', hash: '#/scorecard' });
    const dialog = await openPreferences(page, 'Rita Rep');
    assert.equal(await dialog.getByRole('checkbox', { name: kinds.content_requests }).count(), 1);
    assert.equal(await dialog.getByRole('checkbox', { name: kinds.sla_breaches }).count(), 0);
    await dialog.getByRole('checkbox', { name: kinds.content_requests }).click();
    await page.waitForFunction(() => document.getElementById('tandem-announce').textContent.includes('Saved.'));
    const saved = await api(context, server, 'GET', 'api/email-preferences');
    assert.deepEqual(saved.body, { content_requests: false, sla_breaches: true, wins_digest: false });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
