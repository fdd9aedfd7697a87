// The Webhooks page, for admins: an endpoint added at a real receiver (tests/support/
// webhook_receiver.mjs, which verifies signatures with npm standardwebhooks) shows its secret once;
// a lead handed over shows in its delivery log as delivered, one at an address nobody listens on as
// pending with its error and next attempt; it is disabled and deleted; a marketer cannot reach it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { api, clickItem, handOverTo, launchBrowser, openDashboard, replaceText, screenshot, settle, startServer, ui,
         waitForUi } from './harness.mjs';

const has = (id) => new Function('ui', `return ui.items.some((entry) => entry.id === ${JSON.stringify(id)})`);
const text = (state, id) => state.items.find((entry) => entry.id === id)?.text;
const textIs = (id, value) => new Function('ui', `return ui.items.some((e) => e.id === ${JSON.stringify(id)} && e.text === ${JSON.stringify(value)})`);
// "2026-12-07T09:00:05Z" as the page writes it.
const when = (at) => `${at.slice(0, 10)} ${at.slice(11, 19)} UTC`;

// The receiver on a free loopback port; resolves with { url, stop() } once it serves.
async function startReceiver() {
  const child = spawn(process.execPath, [new URL('../support/webhook_receiver.mjs', import.meta.url).pathname, '--port', '0'],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/[0-9.:]+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the webhook receiver exited with ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }) };
}

// Calls `probe` until it returns something truthy; the guard only stops a hang.
async function until(probe, what) {
  for (let tries = 0; tries < 600; tries++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never happened: ${what}`);
}

describe('webhooks', () => {
  let server;
  let browser;
  let receiver;
  before(async () => {
    receiver = await startReceiver();
    // A failed attempt's retry waits 10 minutes: the dead endpoint's log holds still while it is read.
    server = await startServer({ args: ['--demo', '--webhook-retry-base-ms', '600000'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.stop();
  });

  test('an admin adds an endpoint, sees its secret once, follows its deliveries, disables and deletes it', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'admin@tandem.test', hash: '#/scorecard' });
    await clickItem(page, 'user-menu');
    await waitForUi(page, has('webhooks'));
    await clickItem(page, 'webhooks');
    let state = await waitForUi(page, has('webhooks-empty'));
    assert.equal(state.values.route, '#/webhooks');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Webhooks');

    // From the keyboard: Enter in a field submits, Escape closes (asking first, as it holds typing).
    await clickItem(page, 'webhook-add');
    await waitForUi(page, has('webhook-form-url'));
    await settle(page);
    await replaceText(page, 'webhook-form-url', 'https://hooks.example.com/tandem');
    await page.keyboard.press('Enter');
    state = await waitForUi(page, has('webhook-form-error-events'));
    assert.equal(text(state, 'webhook-form-error-events'), 'choose at least one event');
    assert.ok(!has('webhook-form-error-url')(state));
    await page.keyboard.press('Escape');
    state = await waitForUi(page, has('discard-question'));
    assert.equal(text(state, 'discard-question'), 'Discard the webhook you were adding?');
    await clickItem(page, 'discard-yes');
    await waitForUi(page, (s) => !s.items.some((e) => e.id === 'webhook-form-title'));

    await clickItem(page, 'webhook-add');
    await waitForUi(page, has('webhook-form-title'));
    await settle(page);
    const dialog = page.getByRole('dialog', { name: 'Add a webhook' });
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('textbox', { name: 'URL' }).count(), 1);
    assert.equal(await dialog.getByRole('checkbox', { name: 'lead.handed_over' }).count(), 1);
    // The form says what is missing before asking the server.
    await clickItem(page, 'webhook-form-submit');
    state = await waitForUi(page, has('webhook-form-error-events'));
    assert.equal(text(state, 'webhook-form-error-url'), 'required: where Tandem sends the messages');
    assert.equal(text(state, 'webhook-form-error-events'), 'choose at least one event');
    // The server's refusal shows under the field it names.
    await replaceText(page, 'webhook-form-url', 'ftp://crm.example.com/hook');
    await clickItem(page, 'webhook-form-event/lead.handed_over');
    await clickItem(page, 'webhook-form-event/lead.accepted');
    await waitForUi(page, (s) => s.items.some((e) => e.id === 'webhook-form-event/lead.accepted' && e.checked));
    await settle(page);
    await clickItem(page, 'webhook-form-submit');
    state = await waitForUi(page, textIs('webhook-form-error-url', 'the url must use http or https, not ftp'));
    assert.ok(!has('webhook-form-error-events')(state));
    const hook = `${receiver.url}/crm`;
    await replaceText(page, 'webhook-form-url', hook);
    await replaceText(page, 'webhook-form-description', 'CRM sync');
    await screenshot(page, 'webhooks-add');
    await clickItem(page, 'webhook-form-submit');

    // The secret, once, with a way to copy it.
    // In its place, once the form has closed.
    state = await waitForUi(page, (s) => s.items.some((e) => e.id === 'webhook-secret') && !s.items.some((e) => e.id === 'webhook-form-title'));
    const secret = text(state, 'webhook-secret');
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/);
    assert.equal(text(state, 'webhook-secret-text'), `Messages to ${hook} are signed with this secret; the receiver verifies ` +
                 'them with it. It is not shown again: copy it now.');
    assert.equal(await page.getByRole('dialog', { name: 'Webhook added' }).getByRole('button', { name: 'Copy' }).count(), 1);
    await screenshot(page, 'webhooks-secret');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await clickItem(page, 'webhook-secret-copy');
    await until(async () => (await page.evaluate(() => navigator.clipboard.readText())) === secret, 'the secret on the clipboard');
    await clickItem(page, 'webhook-secret-done');
    await waitForUi(page, (s) => !s.items.some((e) => e.id === 'webhook-secret'));
    const listed = (await api(context, server, 'GET', 'api/webhooks')).body.items;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].secret, undefined, 'the API never answers it again');
    const id = listed[0].id;
    const control = await fetch(`${receiver.url}/__control/config`, { method: 'POST', body: JSON.stringify({ path: '/crm', secret }) });
    assert.equal(control.status, 204);

    state = await waitForUi(page, has(`webhook-${id}`));
    assert.equal(text(state, `webhook-${id}`), hook);
    assert.equal(text(state, `webhook-state-${id}`), 'enabled|standard');
    assert.equal(text(state, `webhook-events-${id}`), 'Events: lead.handed_over, lead.accepted');
    assert.equal(text(state, `webhook-description-${id}`), 'CRM sync');
    await clickItem(page, `webhook-log-${id}`);
    await waitForUi(page, has(`webhook-log-empty-${id}`));

    // A lead handed over reaches the receiver, signed, and the log shows it delivered.
    await handOverTo(browser, server, 'rita@tandem.test');
    const requests = await until(async () => {
      const all = await (await fetch(`${receiver.url}/__control/requests`)).json();
      return all.length === 1 && all;
    }, 'the receiver heard of the handover');
    assert.equal(requests[0].verified, true);
    assert.equal(requests[0].body.type, 'lead.handed_over');
    const delivered = await until(async () => {
      const log = (await api(context, server, 'GET', `api/webhooks/${id}/deliveries`)).body.items;
      return log.length === 1 && log[0].status === 'delivered' && log[0];
    }, 'the delivery logged');
    await clickItem(page, 'webhooks-refresh');
    state = await waitForUi(page, has(`delivery-${delivered.id}`));
    assert.equal(text(state, `delivery-${delivered.id}`), `lead.handed_over|delivered|1|HTTP 204|delivered ${when(delivered.delivered_at)}`);

    // An endpoint nobody answers: its message waits for its next attempt, with the reason.
    const dead = await api(context, server, 'POST', 'api/webhooks', { url: 'http://127.0.0.1:1/hook', events: ['lead.handed_over'] });
    assert.equal(dead.status, 201);
    await handOverTo(browser, server, 'rita@tandem.test');
    const pending = await until(async () => {
      const log = (await api(context, server, 'GET', `api/webhooks/${dead.body.id}/deliveries`)).body.items;
      return log.length === 1 && log[0].attempts === 1 && log[0];
    }, 'the failed attempt logged');
    assert.equal(pending.status, 'pending');
    await clickItem(page, 'webhooks-refresh');
    await waitForUi(page, has(`webhook-log-${dead.body.id}`));
    await clickItem(page, `webhook-log-${dead.body.id}`);
    state = await waitForUi(page, has(`delivery-${pending.id}`));
    assert.equal(text(state, `delivery-${pending.id}`),
                 `lead.handed_over|pending|1|${pending.last_error}|next attempt ${when(pending.next_attempt_at)}`);
    // The first endpoint's log, refreshed with the page, has both messages, newest first.
    const both = (await api(context, server, 'GET', `api/webhooks/${id}/deliveries`)).body.items;
    state = await waitForUi(page, has(`delivery-${both[0].id}`));
    const rows = state.items.filter((e) => e.id.startsWith('delivery-') && both.some((d) => e.id === `delivery-${d.id}`));
    assert.deepEqual(rows.map((e) => e.id), both.map((d) => `delivery-${d.id}`));
    await screenshot(page, 'webhooks');

    // Disabled, then deleted after a confirmation.
    await clickItem(page, `webhook-enable-${id}`);
    await waitForUi(page, textIs(`webhook-state-${id}`, 'disabled|standard'));
    assert.equal((await api(context, server, 'GET', `api/webhooks/${id}`)).body.enabled, false);
    assert.equal(text(await ui(page), `webhook-enable-${id}`), 'Enable');
    await clickItem(page, `webhook-delete-${id}`);
    state = await waitForUi(page, has('webhook-delete-title'));
    assert.equal(text(state, 'webhook-delete-title'), `Delete the webhook to ${hook}?`);
    await screenshot(page, 'webhooks-delete');
    await clickItem(page, 'webhook-delete-yes');
    await waitForUi(page, new Function('ui', `return !ui.items.some((e) => e.id === 'webhook-${id}' || e.id === 'webhook-delete-title')`));
    assert.equal((await api(context, server, 'GET', `api/webhooks/${id}`)).status, 404);
    // The browser's own line for the refused ftp:// URL, and nothing else.
    assert.deepEqual(errors, ['Failed to load resource: the server responded with a status of 422 (Unprocessable Content)']);
    await context.close();
  });

  test('a marketer finds no way to the page, and its address shows it is for admins', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'mark@tandem.test', hash: '#/scorecard' });
    await clickItem(page, 'user-menu');
    let state = await waitForUi(page, has('people'));
    assert.ok(!has('webhooks')(state), 'no menu entry');
    await page.keyboard.press('Escape');
    await page.evaluate(() => { window.location.hash = '#/webhooks'; });
    state = await waitForUi(page, has('webhooks-admins-only'));
    assert.ok(!has('webhook-add')(state) && !has('webhooks-refresh')(state), 'nothing of the webhooks');
    assert.equal((await api(context, server, 'GET', 'api/webhooks')).status, 403);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('webhooks that keep failing', () => {
  let server;
  let browser;
  before(async () => {
    // Retries 5000 times sooner than usual: 24 hours of failures take about 17 seconds.
    server = await startServer({ args: ['--demo', '--webhook-retry-base-ms', '1'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('an endpoint Tandem disabled shows why as a warning, and Enable turns it back on', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'admin@tandem.test', hash: '#/webhooks' });
    const created = await api(context, server, 'POST', 'api/webhooks', { url: 'http://127.0.0.1:1/down', events: ['lead.handed_over'] });
    assert.equal(created.status, 201);
    const id = created.body.id;
    for (let i = 0; i < 5; i++) await handOverTo(browser, server, 'rita@tandem.test');
    const disabled = await until(async () => {
      const endpoint = (await api(context, server, 'GET', `api/webhooks/${id}`)).body;
      return !endpoint.enabled && endpoint;
    }, 'the endpoint disabled');
    assert.equal(disabled.disabled_reason, '5 messages in a row failed for 24 hours');
    await clickItem(page, 'webhooks-refresh');
    let state = await waitForUi(page, has(`webhook-disabled-${id}`));
    assert.equal(text(state, `webhook-disabled-${id}`),
                 'Disabled by Tandem: 5 messages in a row failed for 24 hours. Enable it once the receiver answers again.');
    assert.equal(state.items.find((e) => e.id === `webhook-disabled-${id}`).role, 'alert');
    assert.equal(text(state, `webhook-state-${id}`), 'disabled|standard');
    await clickItem(page, `webhook-log-${id}`);
    state = await waitForUi(page, (s) => s.items.filter((e) => e.id.startsWith('delivery-')).length === 5);
    // Each given up, with its attempts and the last error, newest first.
    const log = (await api(context, server, 'GET', `api/webhooks/${id}/deliveries`)).body.items;
    assert.deepEqual(state.items.filter((e) => e.id.startsWith('delivery-')).map((e) => [e.id, e.text]),
                     log.map((d) => [`delivery-${d.id}`, `lead.handed_over|failed|${d.attempts}|${d.last_error}|given up`]));
    assert.ok(log.every((d) => d.status === 'failed' && d.attempts >= 2 && d.last_error));
    await screenshot(page, 'webhooks-disabled');
    await clickItem(page, `webhook-enable-${id}`);
    state = await waitForUi(page, textIs(`webhook-state-${id}`, 'enabled|standard'));
    assert.ok(!has(`webhook-disabled-${id}`)(state));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
