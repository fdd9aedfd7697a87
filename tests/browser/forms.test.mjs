// Forms keep work, and keys go where the keyboard is: a digit typed on a form's drop-down stays in
// the form; Escape, Cancel, another view (the top bar, the back button) and a reload ask before
// unsaved changes are discarded, and an unchanged form closes at once; Enter in a one-line field
// submits; Enter on a focused filter chip acts on the chip, not on the list below it. Screenshots of
// the question over the campaign and feedback forms.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, clickItem, handOverTo, launchBrowser, openDashboard, screenshot, settle, startServer, ui, waitForUi } from './harness.mjs';

const text = (state, id) => state.items.find((entry) => entry.id === id)?.text;
const has = (id) => new Function('ui', `return ui.items.some((entry) => entry.id === ${JSON.stringify(id)})`);
const gone = (id) => new Function('ui', `return !ui.items.some((entry) => entry.id === ${JSON.stringify(id)})`);
const hasText = (id, value) =>
  new Function('ui', `return ui.items.some((entry) => entry.id === ${JSON.stringify(id)} && entry.text === ${JSON.stringify(value)})`);

// Clicks a mirrored field and types at its end.
async function typeInto(page, id, value) {
  await settle(page);
  await clickItem(page, id);
  await settle(page);
  await page.keyboard.press('End');
  await page.keyboard.type(value);
  await settle(page);
}

// Presses Tab until the widget `id` shows keyboard focus; fails after `limit` presses.
async function tabTo(page, accept, limit = 12) {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    await settle(page);
    const focus = (await ui(page)).values.focus;
    if (focus && accept(focus)) return focus;
  }
  throw new Error('Tab never reached the widget');
}

// Waits for the discard question and answers it ('discard-yes' or 'discard-no') once it has
// settled where it opens; resolves with the state in which it was asked.
async function answer(page, id) {
  const asked = await waitForUi(page, has('discard-question'));
  await settle(page);
  await clickItem(page, id);
  await waitForUi(page, gone('discard-question'));
  return asked;
}

// Asks for a reload-or-close of the tab and resolves with the browser's question, which is
// dismissed (the page stays).
async function beforeUnloadQuestion(page) {
  const asked = new Promise((resolve) => page.once('dialog', resolve));
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  const type = dialog.type();
  await dialog.dismiss();
  return type;
}

describe('forms keep work', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ args: ['--demo', '--leads', '300'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the campaign form: a digit on its drop-down, Escape, the back button and a reload ask before discarding', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'mark@tandem.test', hash: '#/campaigns?month=2030-05' });
    await waitForUi(page, (state) => state.values['campaigns-total'] !== undefined);
    const route = (await ui(page)).values.route;
    await clickItem(page, 'new-campaign');
    await waitForUi(page, hasText('form-title', 'Plan a campaign'));
    await typeInto(page, 'form-name', 'Spring Webinar');
    await waitForUi(page, hasText('form-name', 'Spring Webinar'));

    // Tab to the Status drop-down and type "1": it is the drop-down's key, not the Scorecard's.
    assert.equal(await tabTo(page, (focus) => focus === 'form-status'), 'form-status');
    await page.keyboard.press('1');
    await settle(page);
    let state = await ui(page);
    assert.equal(state.values.route, route);
    assert.equal(text(state, 'form-title'), 'Plan a campaign');
    assert.equal(text(state, 'form-name'), 'Spring Webinar');

    // Escape asks; "Keep editing" keeps everything.
    await page.keyboard.press('Escape');
    state = await waitForUi(page, has('discard-question'));
    assert.equal(text(state, 'discard-question'), 'Discard the campaign you were planning?');
    assert.equal(text(state, 'discard-yes'), 'Discard');
    assert.equal(text(state, 'discard-no'), 'Keep editing');
    await screenshot(page, 'form-discard-question');
    await answer(page, 'discard-no');
    state = await ui(page);
    assert.equal(text(state, 'form-title'), 'Plan a campaign');
    assert.equal(text(state, 'form-name'), 'Spring Webinar');

    // Escape while typing in a field asks too, and the field keeps what was just typed.
    await typeInto(page, 'form-name', ' 2030');
    await waitForUi(page, hasText('form-name', 'Spring Webinar 2030'));
    await page.keyboard.press('Escape');
    await answer(page, 'discard-no');
    assert.equal(text(await ui(page), 'form-name'), 'Spring Webinar 2030');

    // Escape on an open drop-down closes the drop-down only.
    await clickItem(page, 'form-status');
    await waitForUi(page, has('form-status-option-planned'));
    await page.keyboard.press('Escape');
    state = await waitForUi(page, gone('form-status-option-planned'));
    await settle(page);
    state = await ui(page);
    assert.ok(!has('discard-question')(state), 'no question for the drop-down\'s Escape');
    assert.equal(text(state, 'form-name'), 'Spring Webinar 2030');

    // Another view through the URL (the back button, a typed address) asks; staying puts the
    // address back.
    await page.evaluate(() => { window.location.hash = '#/scorecard'; });
    await answer(page, 'discard-no');
    state = await ui(page);
    assert.equal(state.values.route, route);
    assert.equal(new URL(page.url()).hash, route);
    assert.equal(text(state, 'form-name'), 'Spring Webinar 2030');

    // A reload asks the browser's own question while the form holds changes.
    assert.equal(await beforeUnloadQuestion(page), 'beforeunload');
    state = await ui(page);
    assert.equal(text(state, 'form-name'), 'Spring Webinar 2030');

    // Escape, then Discard: the form closes and nothing was saved.
    await page.keyboard.press('Escape');
    await answer(page, 'discard-yes');
    state = await waitForUi(page, gone('form-title'));
    assert.equal(state.values.route, route);
    const saved = (await api(context, server, 'GET', 'api/campaigns')).body.items.filter((c) => c.name.startsWith('Spring Webinar'));
    assert.deepEqual(saved, []);

    // An unchanged form closes on Escape at once.
    await clickItem(page, 'new-campaign');
    await waitForUi(page, hasText('form-title', 'Plan a campaign'));
    await settle(page);
    await page.keyboard.press('Escape');
    await waitForUi(page, gone('form-title'));
    assert.ok(!has('discard-question')(await ui(page)));

    // Enter in a one-line field submits.
    await clickItem(page, 'new-campaign');
    await waitForUi(page, hasText('form-title', 'Plan a campaign'));
    await typeInto(page, 'form-name', 'Enter Saves Webinar');
    await waitForUi(page, hasText('form-name', 'Enter Saves Webinar'));
    await page.keyboard.press('Enter');
    await waitForUi(page, (s) => !s.items.some((e) => e.id === 'form-title') && /^#\/campaigns\/\d+/.test(s.values.route));
    const planned = (await api(context, server, 'GET', 'api/campaigns')).body.items.filter((c) => c.name === 'Enter Saves Webinar');
    assert.equal(planned.length, 1);

    // With nothing unsaved, closing the tab asks nothing.
    const dialogs = [];
    page.on('dialog', (dialog) => { dialogs.push(dialog.type()); dialog.dismiss(); });
    const closed = new Promise((resolve) => page.once('close', resolve));
    await page.close({ runBeforeUnload: true });
    await closed;
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the feedback form asks before Escape discards what was typed', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'maya@tandem.test', hash: '#/feedback' });
    await clickItem(page, 'log-feedback');
    await waitForUi(page, has('form-title'));
    await typeInto(page, 'form-text', 'They asked whether SSO is in the base plan');
    await waitForUi(page, hasText('form-text', 'They asked whether SSO is in the base plan'));
    await page.keyboard.press('Escape');
    await waitForUi(page, has('discard-question'));
    await screenshot(page, 'form-feedback-discard-question');
    const asked = await answer(page, 'discard-no');
    assert.equal(text(asked, 'discard-question'), 'Discard the feedback you were logging?');
    assert.equal(text(await ui(page), 'form-text'), 'They asked whether SSO is in the base plan');
    await clickItem(page, 'form-cancel');
    await answer(page, 'discard-yes');
    await waitForUi(page, gone('form-title'));
    // Opened again, it is empty, and an empty form closes on Escape at once.
    await clickItem(page, 'log-feedback');
    const state = await waitForUi(page, has('form-title'));
    assert.equal(text(state, 'form-text'), 'form-text', 'empty (an empty field is mirrored by its id)');
    await settle(page);
    await page.keyboard.press('Escape');
    await waitForUi(page, gone('form-title'));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('adding a person: the top bar and Escape ask before the typed name is discarded', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'admin@tandem.test', hash: '#/people' });
    await clickItem(page, 'people-add');
    await waitForUi(page, has('people-add-name'));
    await typeInto(page, 'people-add-name', 'Nora Newcomer');
    await waitForUi(page, hasText('people-add-name', 'Nora Newcomer'));

    await clickItem(page, 'nav-scorecard');
    const asked = await answer(page, 'discard-no');
    assert.equal(text(asked, 'discard-question'), 'Discard the person you were adding?');
    let state = await ui(page);
    assert.equal(state.values.route, '#/people');
    assert.equal(text(state, 'people-add-name'), 'Nora Newcomer');

    // Escape in the inline form asks too.
    await clickItem(page, 'people-add-name');
    await settle(page);
    await page.keyboard.press('Escape');
    await answer(page, 'discard-no');
    state = await ui(page);
    assert.equal(text(state, 'people-add-name'), 'Nora Newcomer');

    await clickItem(page, 'nav-scorecard');
    await answer(page, 'discard-yes');
    await waitForUi(page, (s) => s.values.route === '#/scorecard');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('Enter on a focused inbox filter chip acts on the chip and opens no lead', async () => {
    const lead = await handOverTo(browser, server, 'rita@tandem.test');
    const { context, page, errors } = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/leads?view=inbox' });
    await waitForUi(page, has(`inbox-lead-${lead}`));
    await clickItem(page, 'inbox-summary');
    const chip = await tabTo(page, (focus) => focus.startsWith('inbox-rep-'));
    await page.keyboard.press('Enter');
    await settle(page);
    const rep = chip.slice('inbox-rep-'.length);
    const state = await waitForUi(page, new Function('ui', `return ui.values.route === '#/leads?rep=${rep}&view=inbox'`));
    assert.doesNotMatch(state.values.route, /^#\/leads\/\d+/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
