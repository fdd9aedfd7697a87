// Text in any script, from any source, reaches the field byte for byte: typed keys, what an input
// method or the emoji panel inserts (Playwright's insertText is that event), and the clipboard,
// both ways. Read back through the API, and drawn with no missing glyph.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, clickItem, item, launchBrowser, openDashboard, screenshot, settle, startServer, ui, waitForUi } from './harness.mjs';

const world = 'Zoë Ñandú – café 日本語 Ελληνικά Привет עברית 🎉';
// Every character noted on screen has its glyph: the fonts for its script have loaded and merged.
const drawnWhole = (state) => state.values['glyphs-missing'] === '0';
const has = (id) => new Function('ui', `return ui.items.some((entry) => entry.id === ${JSON.stringify(id)})`);
const shows = (id, value) => new Function('ui', `return ui.items.some((e) => e.id === ${JSON.stringify(id)} && e.text === ${JSON.stringify(value)})`);

describe('text', () => {
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

  // Empties the field `id` by keyboard, then enters `value` the way `how` says.
  async function enter(page, id, value, how) {
    await waitForUi(page, has(id));
    await clickItem(page, id);
    await page.waitForFunction(() => document.activeElement?.id === 'tandem-text');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    if (how === 'type') await page.keyboard.type(value);
    if (how === 'insert') await page.keyboard.insertText(value);
    if (how === 'paste') {
      await page.evaluate((text) => navigator.clipboard.writeText(text), value);
      await page.keyboard.press('Control+V');
    }
    await waitForUi(page, shows(id, value));
  }

  test('feedback text typed, inserted and pasted is stored byte for byte', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/feedback' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const me = (await api(context, server, 'GET', 'api/auth/me')).body;
    for (const how of ['type', 'insert', 'paste']) {
      await clickItem(page, 'log-feedback');
      await waitForUi(page, has('form-title'));
      await clickItem(page, 'form-kind/General');
      const said = `${how}: ${world}`;
      await enter(page, 'form-text', said, how);
      await clickItem(page, 'form-submit');
      const state = await waitForUi(page, new Function('ui', `return !ui.items.some((e) => e.id === 'form-title')`));
      const feed = (await api(context, server, 'GET', `api/feedback?author=${me.id}`)).body.items;
      assert.equal(feed.find((entry) => entry.text === said)?.text, said, `${how}: the stored text`);
      assert.ok(state);
    }
    await waitForUi(page, drawnWhole);
    await screenshot(page, 'text-feedback-world');
    assert.deepEqual(errors, []);
    await context.close();
  });

  // A phone's keyboard sends no Backspace or Enter key (keydown "Unidentified"), only the edit it
  // wants as a beforeinput event on the focused field: that is what is dispatched here.
  test('a phone keyboard\'s Backspace and Enter, which come as edits and not keys, delete and submit', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'rita@tandem.test', hash: '#/feedback' });
    const me = (await api(context, server, 'GET', 'api/auth/me')).body;
    const edit = (inputType) => page.evaluate((type) => document.getElementById('tandem-text')
      .dispatchEvent(new InputEvent('beforeinput', { inputType: type, bubbles: true, cancelable: true })), inputType);
    await waitForUi(page, has('log-feedback'));
    await clickItem(page, 'log-feedback');
    await waitForUi(page, has('form-title'));
    await clickItem(page, 'form-kind/General');
    await enter(page, 'form-text', 'typed on a phone', 'insert');
    await enter(page, 'form-tags', 'mobile', 'insert');
    for (let i = 0; i < 3; i++) await edit('deleteContentBackward');
    await waitForUi(page, shows('form-tags', 'mob'));
    await edit('insertLineBreak');
    await waitForUi(page, new Function('ui', "return !ui.items.some((e) => e.id === 'form-title')"));
    const feed = (await api(context, server, 'GET', `api/feedback?author=${me.id}`)).body.items;
    assert.deepEqual(feed.find((entry) => entry.text === 'typed on a phone')?.tags, ['mob']);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a campaign name inserted by an input method, and copied back out, is the same text', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'mark@tandem.test', hash: '#/campaigns?month=2031-05' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await waitForUi(page, (state) => state.values['campaigns-total'] !== undefined);
    await clickItem(page, 'new-campaign');
    await waitForUi(page, has('form-name'));
    await enter(page, 'form-name', world, 'insert');
    // Copy: select all and Ctrl+C in the field put the whole name on the system clipboard.
    await page.evaluate(() => navigator.clipboard.writeText('nothing copied'));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await page.waitForFunction((expected) => navigator.clipboard.readText().then((text) => text === expected), world);
    for (const [id, value] of [['form-start', '2031-05-12'], ['form-end', '2031-05-14']]) await enter(page, id, value, 'type');
    await clickItem(page, 'form-save');
    await waitForUi(page, (state) => !state.items.some((e) => e.id === 'form-name'));
    const campaigns = (await api(context, server, 'GET', 'api/campaigns?from=2031-05-01&to=2031-05-31')).body.items;
    assert.deepEqual(campaigns.map((campaign) => campaign.name), [world]);
    await waitForUi(page, drawnWhole);
    await screenshot(page, 'text-campaign-world');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a criterion label pasted in the lead-definition editor is saved as pasted', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'maya@tandem.test', hash: '#/definition' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const id = (await api(context, server, 'GET', 'api/definitions/draft')).body.document.rules.fit[0].id;
    await waitForUi(page, (state) => state.items.some((e) => e.id === 'draft-sync' && e.text === 'Saved'));
    await enter(page, `criterion-${id}-label`, world, 'paste');
    await page.keyboard.press('Enter');
    // Saved when the server's draft has it; a wrong label is caught by the hang guard's message.
    await page.waitForFunction(([criterion, expected]) => fetch('api/definitions/draft').then((r) => r.json())
      .then((draft) => draft.document.rules.fit.find((c) => c.id === criterion).label === expected), [id, world]);
    const draft = (await api(context, server, 'GET', 'api/definitions/draft')).body;
    assert.equal(draft.document.rules.fit.find((c) => c.id === id).label, world);
    await waitForUi(page, drawnWhole);
    await screenshot(page, 'text-definition-world');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a lead\'s email, phone, company and number copy with one click each', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/leads/42' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const lead = (await api(context, server, 'GET', 'api/leads/42')).body;
    await waitForUi(page, has('detail-copy-email'));
    const values = [['detail-copy-email', lead.email], ['detail-copy-company', lead.company], ['detail-copy-id', '42']];
    if (lead.phone) values.push(['detail-copy-phone', lead.phone]);
    for (const [id, value] of values) {
      await page.evaluate(() => navigator.clipboard.writeText(''));
      await clickItem(page, id);
      await page.waitForFunction((expected) => navigator.clipboard.readText().then((text) => text === expected), value);
      await waitForUi(page, shows(id, 'Copied'));
    }
    await screenshot(page, 'lead-copy');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a script\'s font that fails to load is asked for again, and its text is then drawn whole', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/leads' });
    // The font files fail (a proxy's 503) until the network is "back".
    let back = false;
    const failed = new Set();
    await page.route('**/fonts/*', (route) => {
      if (back) return route.continue();
      failed.add(route.request().url());
      return route.fulfill({ status: 503, body: 'unavailable' });
    });
    await enter(page, 'filter-q', world, 'insert');
    await waitForUi(page, (state) => Number(state.values['glyphs-missing']) > 0);
    while (failed.size === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.notEqual((await ui(page)).values['glyphs-missing'], '0', 'the failed scripts are missing');
    back = true;
    await waitForUi(page, drawnWhole);
    await screenshot(page, 'text-font-retried');
    // The only errors are the browser's notes of the 503s themselves.
    assert.deepEqual(errors.filter((text) => !text.includes('503')), []);
    await context.close();
  });

  test('a row of the leads table copies as a spreadsheet row, from its menu and with Ctrl+C', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/leads' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const [first, second] = (await api(context, server, 'GET', 'api/leads?limit=2')).body.items;
    const users = (await api(context, server, 'GET', 'api/users')).body.items;
    const stages = { new: 'New', mql: 'MQL', sales_ready: 'Sales-ready', sql: 'SQL', opportunity: 'Opportunity', won: 'Won',
      lost: 'Lost', recycled: 'Recycled', disqualified: 'Disqualified' };
    const source = (name) => name[0].toUpperCase() + name.slice(1).replaceAll('_', ' ');
    const expected = (lead) => [String(lead.id), lead.name, lead.email, lead.company, stages[lead.stage], source(lead.source),
      String(Math.round(lead.score)), users.find((u) => u.id === lead.owner_id)?.name ?? '', lead.created_at.slice(0, 10)].join('\t');
    const clipboard = (value) => page.waitForFunction((text) => navigator.clipboard.readText().then((got) => got === text), value);

    await waitForUi(page, has(`lead-row-${second.id}`));
    await page.evaluate(() => navigator.clipboard.writeText(''));
    const row = await item(page, `lead-row-${second.id}`);
    await page.mouse.click(row.x + row.w / 2, row.y + row.h / 2, { button: 'right' });
    await waitForUi(page, has('copy-row'));
    await screenshot(page, 'leads-row-menu');
    await clickItem(page, 'copy-row');
    await clipboard(expected(second));
    await waitForUi(page, shows('row-copied', `Copied lead ${second.id}'s row`));
    assert.equal((await ui(page)).values.route, '#/leads', 'copying does not open the lead');

    // The keyboard's way: the first row selected with the arrow, then Ctrl+C.
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.keyboard.press('Home');
    await settle(page);
    await page.keyboard.press('Control+C');
    await clipboard(expected(first));
    await waitForUi(page, shows('row-copied', `Copied lead ${first.id}'s row`));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the leads search follows the typing, without Enter', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/leads' });
    const lead = (await api(context, server, 'GET', 'api/leads/42')).body;
    const surname = lead.name.split(' ').pop();
    const expected = (await api(context, server, 'GET', `api/leads?q=${encodeURIComponent(surname)}&limit=500`)).body.items.length;
    assert.ok(expected >= 1);
    await enter(page, 'filter-q', surname, 'type');
    const count = `${expected} lead${expected === 1 ? '' : 's'}`;
    const state = await waitForUi(page, new Function('ui', `return ui.values.route.includes('q=${encodeURIComponent(surname)}') &&
      ui.items.some((e) => e.id === 'leads-count' && e.text === '${count}')`));
    assert.ok(state.values.route.startsWith('#/leads'));
    await screenshot(page, 'leads-search-typed');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
