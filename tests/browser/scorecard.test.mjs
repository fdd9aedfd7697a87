// The scorecard in a real browser against the demo company: the figures on screen are the API's,
// the period lives in the URL, pushed changes refresh it without a reload, clicks lead to the
// matching leads, and it exports as CSV. Screenshots at 1280x720, devicePixelRatio 2 and 1920x1080.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, clickItem, demoPassword, item, launchBrowser, openDashboard, screenshot, scrollTo, shown, startServer, ui, waitForUi } from './harness.mjs';

const count = (value) => value.toLocaleString('en-US');
const percent = (value) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

describe('scorecard', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ args: ['--demo', '--leads', '4000'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // The leads list a figure opened says how many it holds once it has counted: the figure itself.
  async function listed(page, route, figure) {
    const state = await waitForUi(page, new Function('s', `return s.values.route === ${JSON.stringify(route)} &&
      s.items.some((e) => e.id === 'leads-count' && e.text !== 'Counting…')`));
    assert.equal(state.items.find((e) => e.id === 'leads-count').text, `${count(figure)} ${figure === 1 ? 'lead' : 'leads'}`);
    assert.match(state.items.find((e) => e.id === 'filter-figure').text, /^From the scorecard: /);
  }

  async function loaded(page) {
    return waitForUi(page, (state) => state.items.some((entry) => entry.id === 'kpi-leads'));
  }

  test('the tiles show the figures the API computes for the period in the URL', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { hash: '#/scorecard?period=quarter&from=2026-10-01' });
    const state = await loaded(page);
    const period = state.values['scorecard-period'];
    assert.equal(period, '2026-10-01/2027-01-01');
    const { body } = await api(context, server, 'GET', `api/scorecard?from=2026-10-01&to=2027-01-01&group=source&weekly=true`);
    const total = body.scorecard.total;
    const text = (id) => state.items.find((entry) => entry.id === id)?.text;
    assert.equal(text('kpi-leads'), count(total.leads));
    assert.equal(text('kpi-mqls'), count(total.mqls));
    assert.equal(text('kpi-sqls'), count(total.sqls));
    assert.equal(text('kpi-acceptance'), percent(total.acceptance_rate));
    assert.equal(text('kpi-sla'), percent(total.sla_met_rate));
    assert.equal(text('kpi-win-rate'), percent(total.win_rate));
    assert.equal(text('period-label'), 'Q4 2026');
    assert.equal(text('sla-breaches'), String(body.scorecard.breaches.length));
    assert.equal(text('funnel-chart/Won'), `Won: ${count(total.won)}`);
    // Every source row carries the same figures as the API's group (the table is below the fold:
    // ImGui draws no rows of a table scrolled out of sight).
    assert.ok(body.scorecard.groups.length > 0);
    await scrollTo(page, `group-${body.scorecard.groups[0].key}`);
    const rows = await ui(page);
    for (const group of body.scorecard.groups) {
      const cells = rows.items.find((entry) => entry.id === `group-${group.key}`).text.split('|');
      assert.equal(cells[1], count(group.kpis.leads), group.key);
      assert.equal(cells[2], count(group.kpis.mqls), group.key);
      assert.equal(cells[4], count(group.kpis.sqls), group.key);
    }
    assert.match(text('definition-agreed'), /^Definition v2 agreed [A-Z][a-z]{2} \d+, 2026 · review due [A-Z][a-z]{2} \d+, 2027$/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the period picker changes the URL, and back returns to the previous period', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { hash: '#/scorecard' });
    await loaded(page);
    const month = (await ui(page)).values['scorecard-period'];
    await clickItem(page, 'period/Week');
    await waitForUi(page, (state) => state.values.route.includes('period=week'));
    const week = await waitForUi(page, (state) => state.values['scorecard-period'] && state.items.some((e) => e.id === 'period-label' && e.text.startsWith('Week of')));
    assert.match(week.items.find((entry) => entry.id === 'period-label').text, /^Week of [A-Z][a-z]{2} \d+, \d{4}$/);
    const weekRoute = week.values.route;
    await clickItem(page, 'period-previous');
    await waitForUi(page, new Function('state', `return /period=week/.test(state.values.route) && state.values.route !== '${weekRoute}'`));
    await page.goBack();
    await page.goBack();
    await waitForUi(page, new Function('state', `return state.values['scorecard-period'] === '${month}'`));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a new lead reaches an open scorecard without a reload', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { hash: '#/scorecard' });
    const before = await loaded(page);
    const leadsBefore = before.items.find((entry) => entry.id === 'kpi-leads').text;
    const created = await api(context, server, 'POST', 'api/leads', { email: `live.${Date.now()}@example.com`, name: 'Live Test' });
    assert.equal(created.status, 201);
    const expected = count(Number(leadsBefore.replace(/,/g, '')) + 1);
    await waitForUi(page, new Function('state', `return state.items.some((e) => e.id === 'kpi-leads' && e.text === '${expected}')`));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a tile, a funnel step and a table row open exactly the leads they count', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { hash: '#/scorecard?period=quarter&from=2026-10-01' });
    await loaded(page);
    const { body } = await api(context, server, 'GET', 'api/scorecard?from=2026-10-01&to=2027-01-01&group=source');
    const period = 'entered_from=2026-10-01&entered_to=2027-01-01';

    const group = body.scorecard.groups[0];
    const row = await scrollTo(page, `group-${group.key}`);
    await page.mouse.click(row.x + 20, row.y + row.h / 2);
    await listed(page, `#/leads?entered=new&${period}&source=${group.key}`, group.kpis.leads);
    await page.goBack();
    await loaded(page);
    await clickItem(page, 'funnel-chart/SQLs');
    await listed(page, `#/leads?entered=sql&${period}`, body.scorecard.total.sqls);
    await screenshot(page, 'scorecard-drill-down');
    await page.goBack();
    await loaded(page);
    await clickItem(page, 'open-mqls');
    await listed(page, `#/leads?entered=mql&${period}`, body.scorecard.total.mqls);
    // Back to every lead, without the figure.
    await clickItem(page, 'filter-figure-clear');
    await waitForUi(page, (s) => s.values.route === '#/leads');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a table cell and a week of the trend, in total and by source, open exactly the leads they count', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { hash: '#/scorecard?period=quarter&from=2026-10-01' });
    await loaded(page);
    const { body } = await api(context, server, 'GET', 'api/scorecard?from=2026-10-01&to=2027-01-01&group=source&weekly=true');
    const day = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);

    // The MQLs cell of the biggest source.
    const group = body.scorecard.groups.find((g) => g.kpis.mqls > 0);
    await scrollTo(page, `cell-${group.key}-mql`);
    assert.equal((await item(page, `cell-${group.key}-mql`)).text, count(group.kpis.mqls));
    await clickItem(page, `cell-${group.key}-mql`);
    await listed(page, `#/leads?entered=mql&entered_from=2026-10-01&entered_to=2027-01-01&source=${group.key}`, group.kpis.mqls);
    await page.goBack();
    await loaded(page);

    // The week with the most MQLs: its point lists the three lines' counts; MQLs opens them.
    const weeks = body.scorecard.weeks;
    const w = weeks.reduce((best, week, i) => (week.kpis.mqls > weeks[best].kpis.mqls ? i : best), 0);
    const start = weeks[w].week_start;
    await scrollTo(page, `trend-chart-${w}`);
    await clickItem(page, `trend-chart-${w}`);
    const popup = await waitForUi(page, (s) => s.items.some((e) => e.id === 'trend-week'));
    const text = (id) => popup.items.find((e) => e.id === id)?.text;
    assert.equal(text('trend-week'), `Week of ${new Date(`${start}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' })}`);
    assert.equal(text('trend-open-1'), `${count(weeks[w].kpis.mqls)} MQLs`);
    await clickItem(page, 'trend-open-1');
    await listed(page, `#/leads?entered=mql&entered_from=${start}&entered_to=${day(start, 7)}`, weeks[w].kpis.mqls);
    await page.goBack();
    await loaded(page);

    // By source: one line per source with the most MQLs over the trend; the first opens its week.
    await scrollTo(page, 'trend-mode/By source');
    await clickItem(page, 'trend-mode/By source');
    const ranked = body.scorecard.groups
      .map((g) => ({ g, total: g.weeks.reduce((sum, week) => sum + week.kpis.mqls, 0) }))
      .filter((entry) => entry.total > 0)
      .sort((a, b) => b.total - a.total);
    const top = ranked[0].g;
    const v = top.weeks.reduce((best, week, i) => (week.kpis.mqls > top.weeks[best].kpis.mqls ? i : best), 0);
    await waitForUi(page, (s) => s.items.some((e) => e.id === 'trend-figure/MQLs'));
    await page.mouse.move(640, 400);
    await page.mouse.wheel(0, 400);
    await scrollTo(page, `trend-chart-${v}`);
    await screenshot(page, 'scorecard-trend-by-source');
    await clickItem(page, `trend-chart-${v}`);
    const byGroup = await waitForUi(page, (s) => s.items.some((e) => e.id === 'trend-open-0'));
    assert.equal(byGroup.items.find((e) => e.id === 'trend-open-0').text, `${top.name}: ${count(top.weeks[v].kpis.mqls)} MQLs`);
    assert.equal(byGroup.items.filter((e) => e.id.startsWith('trend-open-')).length, Math.min(6, ranked.length));
    await clickItem(page, 'trend-open-0');
    const weekStart = top.weeks[v].week_start;
    await listed(page, `#/leads?entered=mql&entered_from=${weekStart}&entered_to=${day(weekStart, 7)}&source=${top.key}`, top.weeks[v].kpis.mqls);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the version picker shows the period as if another definition had applied, side by side with the difference', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { hash: '#/scorecard?period=quarter&from=2026-10-01' });
    await loaded(page);
    await clickItem(page, 'as-if');
    await waitForUi(page, (s) => s.items.some((e) => e.id === 'as-if/v1'));
    assert.equal((await item(page, 'as-if/v2')).text, 'v2 (active)');
    await clickItem(page, 'as-if/v1');
    const state = await waitForUi(page, (s) => /as_if=1/.test(s.values.route) && s.items.some((e) => e.id === 'as-if-total'));
    assert.equal(state.items.find((e) => e.id === 'as-if').text, 'As if v1');
    const { body } = await api(context, server, 'GET', 'api/scorecard?from=2026-10-01&to=2027-01-01&group=source&as_if=1');
    const { actual, as_if: asIf } = body.as_if;
    const signed = (n) => (n > 0 ? `+${count(n)}` : n < 0 ? `−${count(-n)}` : '±0');
    const row = (a, b) => [count(a.mqls), count(b.mqls), signed(b.mqls - a.mqls),
                           count(a.sales_ready), count(b.sales_ready), signed(b.sales_ready - a.sales_ready)].join('|');
    assert.equal(state.items.find((e) => e.id === 'as-if-total').text, row(actual.total, asIf.total));
    assert.notEqual(actual.total.sales_ready, asIf.total.sales_ready, 'v1 and v2 qualify differently');
    const group = actual.groups[0];
    assert.equal(state.items.find((e) => e.id === `as-if-group-${group.key}`).text,
                 row(group.kpis, asIf.groups.find((g) => g.key === group.key).kpis));
    // The tiles still count what happened.
    assert.equal(state.items.find((e) => e.id === 'kpi-mqls').text, count(body.scorecard.total.mqls));
    await screenshot(page, 'scorecard-as-if');
    // Off again: the comparison goes, and the URL forgets it.
    await clickItem(page, 'as-if');
    await waitForUi(page, (s) => s.items.some((e) => e.id === 'as-if/off'));
    await clickItem(page, 'as-if/off');
    await waitForUi(page, (s) => !/as_if/.test(s.values.route) && s.items.some((e) => e.id === 'kpi-leads') &&
      !s.items.some((e) => e.id === 'as-if-total'));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the scorecard exports as CSV with the API figures', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { hash: '#/scorecard?period=quarter&from=2026-10-01' });
    await loaded(page);
    const download = page.waitForEvent('download');
    await clickItem(page, 'export-csv');
    const file = await download;
    assert.equal(file.suggestedFilename(), 'tandem-scorecard-2026-10-01.csv');
    const csv = await (await file.createReadStream()).toArray();
    const lines = Buffer.concat(csv).toString('utf8').trim().split('\r\n');
    const header = lines[0].split(',');
    const totals = lines[1].split(',');
    const { body } = await api(context, server, 'GET', 'api/scorecard?from=2026-10-01&to=2027-01-01&group=source');
    assert.equal(totals[header.indexOf('group')], 'total');
    assert.equal(Number(totals[header.indexOf('leads')]), body.scorecard.total.leads);
    assert.equal(Number(totals[header.indexOf('revenue')]), body.scorecard.total.revenue);
    assert.equal(lines.length, 2 + body.scorecard.groups.length);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('screenshots of the scorecard at 1280x720, devicePixelRatio 2 and 1920x1080', async () => {
    for (const [name, options] of [['scorecard-1280', { dpr: 1 }], ['scorecard-1280@2x', { dpr: 2 }],
                                   ['scorecard-1920', { width: 1920, height: 1080 }]]) {
      const { context, page, errors } = await openDashboard(browser, server, { hash: '#/scorecard?period=quarter&from=2026-10-01', ...options });
      await loaded(page);
      await page.mouse.move(2, 300);
      await screenshot(page, name);
      const height = options.height ?? 720;
      await page.mouse.wheel(0, height - 100);
      await screenshot(page, `${name}-lower`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
  // Last: it changes the definition for the rest of this server's life.
  test('after both leaders sign a new definition, the tiles, the funnel and the trend say what it did at once', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { hash: '#/scorecard' });
    await loaded(page);
    // Maya lowers the MQL threshold from 50 to 35 and signs; Sam signs second, which activates it.
    const draft = await api(context, server, 'GET', 'api/definitions/draft');
    const ops = [{ kind: 'set_property', property: 'mql_threshold', value: 35 }];
    const edited = await api(context, server, 'POST', 'api/definitions/draft/ops',
                             { client_id: 'maya-test', client_seq: 1, base_revision: draft.body.revision, ops });
    assert.equal(edited.status, 200);
    const version = draft.body.version;
    assert.equal((await api(context, server, 'POST', 'api/definitions/draft/propose', {})).status, 200);
    assert.equal((await api(context, server, 'POST', `api/definitions/${version}/approve`, {})).status, 200);
    // Sam, who signs second, sees first what his signature does: the preview the API computes,
    // in words, with his reps' names.
    const sam = await openDashboard(browser, server, { hash: '#/definition', user: 'sam@tandem.test' });
    const preview = (await api(sam.context, server, 'GET', `api/definitions/${version}/activation-preview`)).body;
    assert.ok(preview.to_mql > 0);
    const users = (await api(sam.context, server, 'GET', 'api/users')).body.items;
    const leads = (n) => `${count(n)} ${n === 1 ? 'lead' : 'leads'}`;
    const inboxes = preview.inboxes.length === 0 ? 'no lead goes to sales.' : preview.inboxes
      .map((inbox) => `${inbox.owner_id ? users.find((u) => u.id === inbox.owner_id).name : 'unassigned'} +${count(inbox.leads)}`).join(' · ');
    const names = { none: 'none', mql: 'MQL', sales_ready: 'sales-ready' };
    const levels = [];
    for (const from of ['none', 'mql', 'sales_ready'])
      for (const to of ['none', 'mql', 'sales_ready'])
        if (from !== to && preview.levels[from][to] > 0) levels.push(`${names[from]} → ${names[to]} ${count(preview.levels[from][to])}`);
    // Everything in, the impact preview over the lead facts last: nothing above the Approve button
    // moves any more when it is clicked.
    const shownPreview = await waitForUi(sam.page, (s) => s.items.some((e) => e.id === 'activation-preview') &&
                                                          s.items.some((e) => e.id === 'impact-timing'));
    assert.equal(shownPreview.items.find((e) => e.id === 'activation-preview').text,
                 `${leads(preview.to_sales_ready)} go to sales, each starting the response clock; ${leads(preview.to_mql)} become MQLs; ` +
                 `${leads(preview.to_new)} go back to new.|Inboxes: ${inboxes}|Levels: ${levels.join(' · ')}`);
    await scrollTo(sam.page, 'approve');
    await screenshot(sam.page, 'definition-activation-preview');
    await clickItem(sam.page, 'approve');
    await waitForUi(sam.page, new Function('s', `return s.items.some((e) => e.id === 'version-${version}' && / · active/i.test(e.text))`));
    assert.deepEqual(sam.errors, []);
    await sam.context.close();

    const { body } = await api(context, server, 'GET', 'api/scorecard');
    assert.equal(body.scorecard.definitions.length, 1);
    const effect = body.scorecard.definitions[0];
    assert.equal(effect.version, version);
    assert.ok(effect.mqls > 0, 'a lower threshold makes MQLs at once');
    const day = new Date(effect.activated_at).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
    const sentence = `Definition v${version} took effect ${day}: ${count(effect.mqls)} leads became MQLs and ` +
      `${count(effect.sales_ready)} sales-ready at once.`;
    const state = await waitForUi(page, new Function('s', `return s.items.some((e) => e.id === 'funnel-definitions')`));
    const text = (id) => state.items.find((e) => e.id === id)?.text;
    assert.equal(text('effect-mqls'), `+${count(effect.mqls)} from v${version}`);
    assert.equal(text('funnel-definitions'), sentence);
    assert.equal(text('definition-agreed')?.startsWith(`Definition v${version} agreed`), true);
    assert.match(state.values['trend-markers'], new RegExp(`: v${version} \\+${count(effect.mqls)} MQLs$`));
    await screenshot(page, 'scorecard-after-definition-change');
    await page.mouse.move(640, 400);
    await page.mouse.wheel(0, 900);
    await scrollTo(page, 'trend-chart-0');
    await screenshot(page, 'scorecard-after-definition-change-trend');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
