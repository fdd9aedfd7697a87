// The dashboard as a screen reader and axe-core (npm) see it: the accessible layer over the canvas
// gives every view landmarks, headings, named links, buttons and fields with their states; axe
// finds no violation of WCAG 2.1 A/AA on any view, dialog or menu; and the dashboard can be used by
// role and name alone, as assistive technology does.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { api, handOverTo, launchBrowser, openDashboard, screenshot, settle, startServer, ui, waitForUi } from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const has = (id) => new Function('ui', `return ui.items.some((entry) => entry.id === ${JSON.stringify(id)})`);

// Runs axe over the page as it is now; resolves with its violations, each as "rule: target".
async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  return result.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} (${node.failureSummary})`));
}

describe('accessibility', () => {
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

  test('every view, dialog and menu passes axe, with landmarks, one level-1 heading and the current page marked', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'admin@tandem.test' });
    const pages = [
      ['#/scorecard', 'Scorecard', 'kpi-leads'], ['#/definition', 'Lead definition', 'draft-sync'],
      ['#/campaigns?month=2026-12', 'Campaigns', 'new-campaign'], ['#/leads', 'Leads', 'page-title'],
      ['#/leads?view=inbox', 'Leads', 'inbox-summary'], ['#/leads/42', null, 'detail-name'],
      ['#/feedback', 'Feedback', 'log-feedback'], ['#/people', 'People', 'page-title'],
      ['#/webhooks', 'Webhooks', 'webhook-add'], ['#/nowhere', 'Page not found', 'page-title'],
    ];
    for (const [hash, title, ready] of pages) {
      await page.evaluate((target) => { window.location.hash = target; }, hash);
      await waitForUi(page, new Function('ui', `return ui.values.route === ${JSON.stringify(hash)} && ui.items.some((e) => e.id === ${JSON.stringify(ready)})`));
      assert.deepEqual(await axeViolations(page), [], hash);
      const headings = page.getByRole('heading', { level: 1 });
      assert.equal(await headings.count(), 1, `${hash}: one page title`);
      if (title) assert.equal(await headings.textContent(), title);
      assert.equal(await page.getByRole('navigation', { name: 'Tandem' }).count(), 1);
      assert.equal(await page.getByRole('main').count(), 1);
      const view = hash.slice(2).split(/[/?]/)[0];
      if (['scorecard', 'definition', 'campaigns', 'leads', 'feedback'].includes(view)) {
        const current = page.getByRole('navigation').locator('[aria-current="page"]');
        assert.equal(await current.getAttribute('data-mirror'), `nav-${view}`, `${hash}: the tab of the page shown`);
      }
    }

    // A table nests as it is drawn: the leads table's row holds its lead's link, in a cell.
    await page.evaluate(() => { window.location.hash = '#/leads'; });
    const table = await waitForUi(page, (state) => state.values.route === '#/leads' && state.items.some((e) => e.id.startsWith('lead-row-')));
    const first = table.items.find((e) => e.id.startsWith('lead-row-'));
    const row = page.getByRole('main').getByRole('table').getByRole('row').filter({ has: page.locator(`[data-mirror="${first.id}"]`) });
    assert.equal(await row.count(), 1);
    assert.equal(await row.getByRole('cell').getByRole('link', { name: first.name }).count(), 1);

    // A dialog: its fields are named by their labels, and the page behind it is out of reach.
    await page.evaluate(() => { window.location.hash = '#/feedback'; });
    await page.getByRole('button', { name: 'Log feedback' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log feedback' });
    await dialog.waitFor();
    for (const name of ['What was said', 'Tags (optional, separated by commas)']) {
      assert.equal(await dialog.getByRole('textbox', { name }).count(), 1, name);
    }
    assert.equal(await dialog.getByRole('combobox', { name: 'Lead (optional)' }).count(), 1, 'the lead, picked as you type');
    assert.equal(await dialog.getByRole('combobox', { name: 'Campaign (optional)' }).textContent(), 'None');
    assert.equal(await page.getByRole('main').evaluate((main) => main.inert), true);
    assert.deepEqual(await axeViolations(page), [], 'the feedback dialog');
    await screenshot(page, 'a11y-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await waitForUi(page, new Function('ui', "return !ui.items.some((e) => e.id === 'form-title')"));
    assert.equal(await page.getByRole('dialog').count(), 0);

    // A menu: the account menu's entries.
    await page.getByRole('navigation').getByRole('button', { name: 'Alex Admin' }).click();
    const menu = page.getByRole('region', { name: 'Menu' });
    await menu.getByRole('button', { name: 'Sign out' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the account menu');
    await page.keyboard.press('Escape');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a rep logs feedback by role and name alone: the tab, the button, the fields, the kind and the submit', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'rita@tandem.test', hash: '#/scorecard' });
    await waitForUi(page, has('page-title'));
    await page.getByRole('navigation').getByRole('link', { name: 'Feedback' }).click();
    await waitForUi(page, (state) => state.values.route === '#/feedback');
    await page.getByRole('button', { name: 'Log feedback' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log feedback' });
    await dialog.waitFor();
    // A screen reader's activation is a click with no pointer behind it.
    await dialog.getByRole('button', { name: 'Question' }).dispatchEvent('click');
    await waitForUi(page, (state) => state.items.some((e) => e.id === 'form-kind/Question' && e.pressed === true));
    await dialog.getByRole('textbox', { name: 'What was said' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'tandem-text');
    // The field being typed in is named as its label says, for the screen reader.
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'What was said');
    const said = 'Does the inbox read out with a screen reader?';
    await page.keyboard.type(said);
    await waitForUi(page, new Function('ui', `return ui.items.some((e) => e.id === 'form-text' && e.text === ${JSON.stringify(said)})`));
    assert.equal(await dialog.getByRole('textbox', { name: 'What was said' }).textContent(), said);
    await dialog.getByRole('button', { name: 'Log it' }).click();
    await waitForUi(page, new Function('ui', "return !ui.items.some((e) => e.id === 'form-title')"));
    const me = (await api(context, server, 'GET', 'api/auth/me')).body;
    const mine = (await api(context, server, 'GET', `api/feedback?author=${me.id}`)).body.items;
    const logged = mine.find((entry) => entry.text === said);
    assert.equal(logged?.kind, 'question');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the page\'s focus follows the keyboard\'s through the widgets, and Enter acts on the focused one', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { hash: '#/scorecard' });
    await waitForUi(page, has('open-definition'));
    const visited = new Set();
    for (let step = 0; step < 60 && !visited.has('open-definition'); step++) {
      await page.keyboard.press('Tab');
      await settle(page);
      const focus = (await ui(page)).values.focus;
      if (!focus) continue;
      visited.add(focus);
      // What a screen reader announces: the element with the page's focus is that widget's.
      await page.waitForFunction((id) => document.activeElement?.dataset.mirror === id, focus);
    }
    assert.ok(visited.has('open-definition'), `Tab reached the link; visited ${[...visited].join(', ')}`);
    // On to the next widget and back: the page's focus goes along.
    const follows = async (key, predicate) => {
      await page.keyboard.press(key);
      const state = await waitForUi(page, predicate);
      await page.waitForFunction((id) => document.activeElement?.dataset.mirror === id, state.values.focus);
    };
    await follows('Tab', (now) => now.values.focus && now.values.focus !== 'open-definition');
    await follows('Shift+Tab', (now) => now.values.focus === 'open-definition');
    const focused = page.locator('[data-mirror="open-definition"]');
    assert.equal(await focused.evaluate((element) => element === document.activeElement), true);
    assert.equal(await focused.getAttribute('role'), 'link');
    await page.keyboard.press('Enter');
    await waitForUi(page, (state) => state.values.route === '#/definition');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a status that arrives is said politely, once: the calendar feed panel says whether there is a feed', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'raj@tandem.test', hash: '#/campaigns' });
    await waitForUi(page, has('subscribe'));
    const announcer = page.locator('#tandem-announce');
    assert.equal(await announcer.getAttribute('role'), 'status');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForFunction(() => document.getElementById('tandem-announce').textContent.includes('You have no feed URL yet.'));
    // Created: the status changes, and the change is said.
    await page.getByRole('button', { name: 'Create my feed URL' }).click();
    await page.waitForFunction(() => /^Your feed URL was created/.test(document.getElementById('tandem-announce').textContent));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a rep rejects a lead with a reason, and a leader changes a criterion\'s points, by role and name alone', async () => {
    const lead = await handOverTo(browser, server, 'rita@tandem.test');
    const rep = await openDashboard(browser, server, { user: 'rita@tandem.test', hash: `#/leads/${lead}` });
    await rep.page.getByRole('button', { name: 'Reject', exact: true }).click();
    const dialog = rep.page.getByRole('dialog', { name: 'Send the lead back to marketing' });
    await dialog.waitFor();
    const reason = dialog.getByRole('radio', { name: 'No budget' });
    assert.equal(await reason.isChecked(), false);
    await reason.click();
    await rep.page.waitForFunction(() => document.querySelector('[data-mirror="reject-reason-no_budget"]')?.getAttribute('aria-checked') === 'true');
    assert.equal(await dialog.getByRole('radio', { checked: true }).count(), 1, 'one reason chosen');
    await dialog.getByRole('textbox', { name: 'What did you hear? (optional)' }).click();
    await rep.page.waitForFunction(() => document.activeElement?.id === 'tandem-text');
    await rep.page.keyboard.type('Budget frozen until April');
    await waitForUi(rep.page, (state) => state.items.some((e) => e.id === 'reject-note' && e.text === 'Budget frozen until April'));
    await dialog.getByRole('button', { name: 'Reject lead' }).click();
    await rep.page.waitForFunction(() => !document.querySelector('#tandem-a11y [role=dialog] [data-mirror]'));
    const history = (await api(rep.context, server, 'GET', `api/leads/${lead}/history`)).body.items;
    const last = history[history.length - 1];
    assert.deepEqual([last.to, last.reason, last.note], ['recycled', 'no_budget', 'Budget frozen until April']);
    assert.deepEqual(rep.errors, []);
    await rep.context.close();

    const leader = await openDashboard(browser, server, { user: 'maya@tandem.test', hash: '#/definition' });
    const before = (await api(leader.context, server, 'GET', 'api/definitions/draft')).body.document.rules.fit[0];
    const points = before.points === 7 ? 8 : 7;
    await leader.page.getByRole('textbox', { name: `Points for ${before.label}` }).click();
    await leader.page.waitForFunction(() => document.activeElement?.id === 'tandem-text');
    await leader.page.keyboard.press('Control+A');
    await leader.page.keyboard.type(String(points));
    await leader.page.keyboard.press('Enter');
    await leader.page.waitForFunction(([id, expected]) => fetch('api/definitions/draft').then((r) => r.json())
      .then((draft) => draft.document.rules.fit.find((c) => c.id === id).points === expected), [before.id, points]);
    assert.deepEqual(leader.errors, []);
    await leader.context.close();
  });
});
