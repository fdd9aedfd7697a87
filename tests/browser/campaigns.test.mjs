// The campaign calendar in a real browser: a marketer plans a campaign through the form that clashes
// with another and sees why; a rep's open calendar shows it by itself without a reload; the
// rep's private feed carries it and parses with an independent iCalendar reader (ical.js), field by
// field, through a change and a cancellation; month and view follow the URL and the keyboard; dates
// are picked from a month grid (the form's start, the scorecard's custom period) by role and name.
// Screenshots of the month, timeline and details views at 1280x720, and of the date picker.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { api, clickItem, item, replaceText, launchBrowser, openDashboard, screenshot, scrollTo, settle, startServer, tap, ui, waitForUi } from './harness.mjs';

const text = (state, id) => state.items.find((entry) => entry.id === id)?.text;
const has = (id) => new Function('ui', `return ui.items.some((entry) => entry.id === ${JSON.stringify(id)})`);
const hasText = (id, value) =>
  new Function('ui', `return ui.items.some((entry) => entry.id === ${JSON.stringify(id)} && entry.text === ${JSON.stringify(value)})`);
const routeIs = (route) => new Function('ui', `return ui.values.route === ${JSON.stringify(route)}`);
// A bar of the month grid (one per week it spans) with this campaign name.
const barNamed = (name) =>
  new Function('ui', `return ui.items.some((entry) => entry.id.startsWith('campaign-bar-') && entry.text === ${JSON.stringify(name)})`);

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
                    'November', 'December'];
const pad = (n) => String(n).padStart(2, '0');
// "2026-12" for a UTC date, and the months around it.
const monthOf = (date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
const addMonths = (month, delta) => {
  const [year, number] = month.split('-').map(Number);
  return monthOf(new Date(Date.UTC(year, number - 1 + delta, 1)));
};
const monthTitle = (month) => `${monthNames[Number(month.slice(5)) - 1]} ${month.slice(0, 4)}`;
// A day as the date picker names it ("Tuesday 3 March 2026"), and as its field holds it.
const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const utcDay = (iso) => new Date(`${iso}T00:00:00Z`);
const dayName = (iso) => {
  const date = utcDay(iso);
  return `${weekdayNames[date.getUTCDay()]} ${date.getUTCDate()} ${monthNames[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
};
const addDays = (iso, days) => {
  const date = utcDay(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

async function calendarLoaded(page) {
  return waitForUi(page, (state) => state.values['campaigns-total'] !== undefined);
}

// Picks an option of a mirrored drop-down.
async function choose(page, id, key) {
  await clickItem(page, id);
  await waitForUi(page, has(`${id}-option-${key}`));
  await clickItem(page, `${id}-option-${key}`);
  await waitForUi(page, new Function('ui', `return !ui.items.some((entry) => entry.id === ${JSON.stringify(`${id}-option-${key}`)})`));
}

// The feed's events by UID, read by ical.js.
function parseFeed(body) {
  const calendar = new ICAL.Component(ICAL.parse(body));
  assert.equal(calendar.name, 'vcalendar');
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
  assert.equal(calendar.getFirstPropertyValue('method'), 'PUBLISH');
  const events = new Map();
  for (const component of calendar.getAllSubcomponents('vevent')) events.set(component.getFirstPropertyValue('uid'), component);
  return { calendar, events };
}

// Checks one VEVENT against the campaign the API answers, every field computed here from the
// campaign itself, not taken from the server's feed code.
function checkEvent(event, campaign, { origin, sequence, owner }) {
  const date = (property) => {
    const value = event.getFirstProperty(property);
    assert.equal(value.type, 'date', `${property} is an all-day date`);
    return value.getFirstValue().toString();
  };
  const dayAfter = (iso) => {
    const next = new Date(`${iso}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return next.toISOString().slice(0, 10);
  };
  const cancelled = campaign.status === 'cancelled';
  // The installation's random id makes the UID unique beyond this server.
  assert.match(event.getFirstPropertyValue('uid'), new RegExp(`^campaign-${campaign.id}@[0-9a-f]{32}\\.tandem$`));
  assert.equal(event.getFirstPropertyValue('sequence'), sequence);
  assert.equal(date('dtstart'), campaign.start);
  assert.equal(date('dtend'), dayAfter(campaign.end), 'DTEND is the day after the last (exclusive)');
  assert.equal(event.getFirstPropertyValue('summary'), cancelled ? `Cancelled: ${campaign.name}` : campaign.name);
  assert.equal(event.getFirstPropertyValue('status'),
               { planned: 'TENTATIVE', live: 'CONFIRMED', done: 'CONFIRMED', cancelled: 'CANCELLED' }[campaign.status]);
  const statusLabel = campaign.status[0].toUpperCase() + campaign.status.slice(1);
  const segment = campaign.segment;
  const audience = [
    segment.industries.length ? `industries ${segment.industries.join(', ')}` : null,
    segment.titles.length ? `titles ${segment.titles.join(', ')}` : null,
    segment.regions.length ? `regions ${segment.regions.join(', ')}` : null,
  ].filter(Boolean).join('; ') || 'everyone';
  const lines = [];
  if (campaign.offer) lines.push(`Offer: ${campaign.offer}`);
  lines.push(`Audience: ${audience}`);
  if (campaign.sales_notes) lines.push(`Notes for sales: ${campaign.sales_notes}`);
  if (owner) lines.push(`Owner: ${owner}`);
  if (campaign.goal_leads !== null) lines.push(`Goal: ${campaign.goal_leads.toLocaleString('en-US')} leads`);
  lines.push(`Status: ${statusLabel}`);
  if (campaign.description) lines.push(`\n${campaign.description}`);
  lines.push(`\nOpen in Tandem: ${origin}/#/campaigns/${campaign.id}`);
  assert.equal(event.getFirstPropertyValue('description'), lines.join('\n'));
  assert.equal(event.getFirstPropertyValue('categories'),
               campaign.type[0].toUpperCase() + campaign.type.slice(1).replace(/_/g, ' '));
  assert.equal(event.getFirstPropertyValue('transp'), 'TRANSPARENT');
  assert.equal(event.getFirstPropertyValue('url'), `${origin}/#/campaigns/${campaign.id}`);
  assert.equal(event.getFirstPropertyValue('last-modified').toString(), campaign.updated_at.replace(/Z$/, 'Z'));
}

describe('campaign calendar', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ args: ['--demo', '--leads', '2000'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a marketer plans a clashing campaign; a rep sees it live and in the feed', async () => {
    // A month far from the demo's plan, so only this test's campaigns meet there.
    const month = '2030-03';
    const mark = await openDashboard(browser, server, { user: 'mark@tandem.test', hash: `#/campaigns?month=${month}` });
    const existing = await api(mark.context, server, 'POST', 'api/campaigns', {
      name: 'Retail CFO Roundtable', type: 'event', start: '2030-03-11', end: '2030-03-13',
      segment: { industries: ['Retail'], regions: ['US'] }, offer: 'Dinner with two retail CFOs',
    });
    assert.equal(existing.status, 201);
    const rita = await openDashboard(browser, server, { user: 'rita@tandem.test', hash: `#/campaigns?month=${month}` });
    await waitForUi(rita.page, barNamed('Retail CFO Roundtable'));
    await waitForUi(mark.page, barNamed('Retail CFO Roundtable'));

    // The form, filled the way a marketer would.
    const name = 'Retail Spring Webinar';
    await clickItem(mark.page, 'new-campaign');
    await waitForUi(mark.page, hasText('form-title', 'Plan a campaign'));
    await replaceText(mark.page, 'form-name', name);
    await choose(mark.page, 'form-type', 'webinar');
    await replaceText(mark.page, 'form-start', '2030-03-12');
    await replaceText(mark.page, 'form-end', '2030-03-20');
    await replaceText(mark.page, 'form-offer', 'Live demo, then a store-analytics checklist');
    await replaceText(mark.page, 'form-industries', 'retail, software');
    await replaceText(mark.page, 'form-regions', 'US, CA');
    await replaceText(mark.page, 'form-goal', '250');
    await replaceText(mark.page, 'form-notes', 'Attendees who ask about stock-outs are warm; call within a day.');
    // The clash is previewed before saving, with the rules the server applies.
    const reason = 'Both run Mar 12 – Mar 13, 2030 and target industries retail; regions US';
    let state = await waitForUi(mark.page, has('form-clashes'));
    assert.equal(text(state, 'form-clashes'), '\uf071  This will clash with 1 campaign (you can still save it):');
    assert.equal(text(state, `form-clash-${existing.body.id}`), `Retail CFO Roundtable: ${reason}`);

    // Save; the rep's calendar, open all along, shows it by itself, without a reload, beside the
    // campaign it clashes with (how fast is tests/bench/propagation.mjs's).
    const ritaNavigations = [];
    rita.page.on('framenavigated', (frame) => { if (frame === rita.page.mainFrame()) ritaNavigations.push(frame.url()); });
    // With the clash shown the form is taller than a 720 px window leaves it under the top bar: it
    // scrolls to its button.
    await scrollTo(mark.page, 'form-save');
    await clickItem(mark.page, 'form-save');
    state = await waitForUi(rita.page, barNamed(name));
    const bars = state.items.filter((entry) => entry.id.startsWith('campaign-bar-')).map((entry) => entry.text);
    assert.deepEqual([...new Set(bars)].sort(), ['Retail CFO Roundtable', name]);
    // The dashboard reports a pushed event's reload only once one has reloaded the plan.
    assert.notEqual(state.values['campaigns-event-to-plan-ms'], undefined, 'the pushed event reloaded the plan');
    assert.deepEqual(ritaNavigations, [], 'the rep\'s page did not reload');

    // The marketer lands on the new campaign, its clash highlighted with the reason.
    state = await waitForUi(mark.page, new Function('ui', "return /^#\\/campaigns\\/\\d+\\?month=2030-03$/.test(ui.values.route) && ui.items.some((e) => e.id === 'details-clashes')"));
    const id = Number(/campaigns\/(\d+)/.exec(state.values.route)[1]);
    assert.equal(text(state, 'details-name'), name);
    assert.equal(text(state, 'details-clashes'), '\uf071  Clashes with 1 campaign');
    assert.equal(text(state, `details-clash-${existing.body.id}`), reason);
    assert.equal(text(state, 'details-offer'), 'Live demo, then a store-analytics checklist');
    assert.equal(text(state, 'details-audience'), 'Industries: retail, software\nTitles: all\nRegions: US, CA');
    assert.equal(text(state, 'details-owner'), 'Mark Marketer');
    assert.equal(text(state, 'details-dates'), 'Mar 12 – Mar 20, 2030 · 9 days');
    assert.equal(text(state, 'details-results'), '0 leads · 0 MQLs · 0 SQLs · 0 won · $0');
    const saved = await api(mark.context, server, 'GET', `api/campaigns/${id}`);
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body.clashes, [{ campaign_id: existing.body.id, campaign_name: 'Retail CFO Roundtable',
                                            from: '2030-03-12', to: '2030-03-13', reason }]);
    assert.deepEqual(saved.body.segment, { industries: ['retail', 'software'], titles: [], regions: ['US', 'CA'],
                                           company_size_min: null, company_size_max: null });
    assert.equal(saved.body.goal_leads, 250);
    assert.equal(saved.body.owner_id, (await api(mark.context, server, 'GET', 'api/auth/me')).body.id);

    // The rep opens it from her calendar and sees the same clash, from the other side too.
    await clickItem(rita.page, (await ui(rita.page)).items.find((entry) => entry.id.startsWith('campaign-bar-') && entry.text === name).id);
    state = await waitForUi(rita.page, has(`details-clash-${existing.body.id}`));
    assert.equal(state.values.route, `#/campaigns/${id}?month=2030-03`);
    assert.equal(text(state, `details-clash-${existing.body.id}`), reason);
    assert.equal(state.items.some((entry) => entry.id === 'details-edit'), false, 'a rep cannot edit');

    // The rep subscribes: the feed URL is shown once and opens without a session.
    await clickItem(rita.page, 'subscribe');
    await waitForUi(rita.page, has('feed-create'));
    await clickItem(rita.page, 'feed-create');
    state = await waitForUi(rita.page, has('feed-url'));
    const feedUrl = text(state, 'feed-url');
    const origin = server.url.replace(/\/$/, '');
    assert.match(feedUrl, new RegExp(`^${origin.replace(/[.]/g, '\\.')}/api/calendar\\.ics\\?token=cal_[A-Za-z0-9_-]{43}$`));
    await clickItem(rita.page, 'feed-close');
    await waitForUi(rita.page, new Function('ui', "return !ui.items.some((e) => e.id === 'feed-url')"));

    const fetchFeed = async () => {
      const response = await fetch(feedUrl);   // a calendar app: no cookie
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/calendar; charset=utf-8');
      const body = await response.text();
      for (const line of body.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`);
      return parseFeed(body);
    };
    let feed = await fetchFeed();
    // Every UID carries this installation's one id.
    const installations = new Set([...feed.events.keys()].map((key) => /^campaign-\d+@([0-9a-f]{32})\.tandem$/.exec(key)?.[1]));
    assert.equal(installations.size, 1, [...installations].join(', '));
    const [installation] = installations;
    assert.ok(installation);
    const uid = `campaign-${id}@${installation}.tandem`;
    assert.ok(feed.events.has(uid), 'the new campaign is in the feed');
    checkEvent(feed.events.get(uid), saved.body, { origin, sequence: 0, owner: 'Mark Marketer' });
    checkEvent(feed.events.get(`campaign-${existing.body.id}@${installation}.tandem`), (await api(mark.context, server, 'GET', `api/campaigns/${existing.body.id}`)).body,
               { origin, sequence: 0, owner: null });
    const all = await api(mark.context, server, 'GET', 'api/campaigns');
    assert.equal(feed.events.size, all.body.items.length, 'one event per campaign');

    // A change keeps the UID and bumps SEQUENCE; cancelling (through the UI) says CANCELLED.
    const patched = await api(mark.context, server, 'PATCH', `api/campaigns/${id}`, { end: '2030-03-21' });
    assert.equal(patched.status, 200);
    feed = await fetchFeed();
    checkEvent(feed.events.get(uid), patched.body, { origin, sequence: 1, owner: 'Mark Marketer' });
    await waitForUi(mark.page, hasText('details-dates', 'Mar 12 – Mar 21, 2030 · 10 days'));
    await clickItem(mark.page, 'details-cancel');
    await waitForUi(mark.page, has('confirm-cancel-yes'));
    await clickItem(mark.page, 'confirm-cancel-yes');
    await waitForUi(mark.page, hasText('details-status', 'Cancelled'));
    state = await waitForUi(mark.page, new Function('ui', "return !ui.items.some((e) => e.id === 'details-clashes')"));
    const cancelled = await api(mark.context, server, 'GET', `api/campaigns/${id}`);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.deepEqual(cancelled.body.clashes, []);
    feed = await fetchFeed();
    checkEvent(feed.events.get(uid), cancelled.body, { origin, sequence: 2, owner: 'Mark Marketer' });
    // The rep's open details panel follows: cancelled, and no clash left.
    await waitForUi(rita.page, hasText('details-status', 'Cancelled'));
    await waitForUi(rita.page, new Function('ui', "return !ui.items.some((e) => e.id === 'details-clashes')"));

    assert.deepEqual(mark.errors, []);
    assert.deepEqual(rita.errors, []);
    await mark.context.close();
    await rita.context.close();
  });

  test('month and view follow the URL and the keyboard; back returns', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'rita@tandem.test', hash: '#/campaigns?month=2026-12' });
    let state = await calendarLoaded(page);
    assert.equal(state.values['campaigns-month'], '2026-12');
    assert.equal(state.values['campaigns-view'], 'month');
    assert.equal(text(state, 'calendar-month'), 'December 2026');
    // With no filter every campaign of the plan is kept (the grid then draws those in its weeks).
    const plan = await api(context, server, 'GET', 'api/campaigns');
    assert.equal(state.values['campaigns-shown'], String(plan.body.items.length));
    assert.equal(state.values['campaigns-total'], String(plan.body.items.length));

    // Arrows are tapped: one month each, however busy the machine (see tap).
    const keyTo = async (key, route) => {
      if (key.startsWith('Arrow')) await tap(page, key);
      else await page.keyboard.press(key);
      return waitForUi(page, routeIs(route));
    };
    await keyTo('ArrowRight', '#/campaigns?month=2027-01');
    assert.equal(text(await ui(page), 'calendar-month'), 'January 2027');
    await keyTo('ArrowLeft', '#/campaigns?month=2026-12');
    await keyTo('ArrowLeft', '#/campaigns?month=2026-11');
    await keyTo('i', '#/campaigns?month=2026-11&view=timeline');
    state = await waitForUi(page, has('calendar-view/Timeline'));
    await keyTo('l', '#/campaigns?month=2026-11&view=list');
    state = await waitForUi(page, has('list-title'));
    const november = await api(context, server, 'GET', 'api/campaigns?from=2026-11-01&to=2026-11-30');
    assert.equal(text(state, 'list-title'), `${november.body.items.length} campaign${november.body.items.length === 1 ? '' : 's'} running in November 2026`);
    await keyTo('m', '#/campaigns?month=2026-11');
    const today = monthOf(new Date());
    await keyTo('t', `#/campaigns?month=${today}`);
    // The buttons do the same as the keys.
    await clickItem(page, 'calendar-next');
    await waitForUi(page, routeIs(`#/campaigns?month=${addMonths(today, 1)}`));
    await clickItem(page, 'calendar-view/Timeline');
    await waitForUi(page, routeIs(`#/campaigns?month=${addMonths(today, 1)}&view=timeline`));
    // Back walks the history the keys and clicks wrote.
    await page.goBack();
    await waitForUi(page, routeIs(`#/campaigns?month=${addMonths(today, 1)}`));
    await page.goBack();
    await waitForUi(page, routeIs(`#/campaigns?month=${today}`));
    assert.equal(text(await ui(page), 'calendar-month'), monthTitle(today));

    // Opening a campaign by URL shows its details; Escape closes them.
    const any = (await api(context, server, 'GET', `api/campaigns?from=${today}-01`)).body.items[0];
    await page.evaluate((hash) => { window.location.hash = hash; }, `#/campaigns/${any.id}?month=${any.start.slice(0, 7)}`);
    state = await waitForUi(page, hasText('details-name', any.name));
    await page.keyboard.press('Escape');
    await waitForUi(page, routeIs(`#/campaigns?month=${any.start.slice(0, 7)}`));
    // A filter in the URL narrows the grid, and the filter row shows it.
    await page.evaluate(() => { window.location.hash = '#/campaigns?month=2026-12&type=webinar'; });
    state = await waitForUi(page, hasText('filter-type', 'Webinar'));
    const webinars = plan.body.items.filter((campaign) => campaign.type === 'webinar').length;
    assert.ok(webinars > 0 && webinars < plan.body.items.length);
    assert.equal(state.values['campaigns-shown'], String(webinars));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a marketer picks the start date from the calendar button; the campaign saved starts that day', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'mark@tandem.test', hash: '#/campaigns' });
    await calendarLoaded(page);
    await page.getByRole('button', { name: 'New campaign' }).click();
    const dialog = page.getByRole('dialog', { name: 'Plan a campaign' });
    await dialog.waitFor();
    // The form starts on today; the picker opens on the month of the date in the field, with that
    // day pressed. Next month's 15th is worked out here from the field's date.
    const first = text(await waitForUi(page, has('form-start')), 'form-start');
    assert.match(first, /^\d{4}-\d{2}-\d{2}$/);
    const next = addMonths(first.slice(0, 7), 1);
    const start = `${next}-15`;
    await dialog.getByRole('button', { name: 'Choose start date' }).click();
    // A popup opened from a dialog is part of the dialog (aria-modal hides the rest), and its
    // elements lie over the form's: the pointer reaches the days.
    const picker = dialog;
    const activate = (locator) => locator.click();
    await picker.getByRole('heading', { name: monthTitle(first.slice(0, 7)) }).waitFor();
    assert.equal(await picker.getByRole('button', { name: dayName(first), exact: true }).getAttribute('aria-pressed'), 'true');
    await screenshot(page, 'date-picker');
    await activate(picker.getByRole('button', { name: 'Next month' }));
    await picker.getByRole('heading', { name: monthTitle(next) }).waitFor();
    await activate(picker.getByRole('button', { name: dayName(start), exact: true }));
    // The day is written into the field, and the picker closes.
    await waitForUi(page, hasText('form-start', start));
    await waitForUi(page, new Function('ui', "return !ui.items.some((e) => e.id === 'form-start-month')"));
    // Opened again, it shows that day pressed; Escape closes it without a change.
    await dialog.getByRole('button', { name: 'Choose start date' }).click();
    await picker.getByRole('heading', { name: monthTitle(next) }).waitFor();
    assert.equal(await picker.getByRole('button', { name: dayName(start), exact: true }).getAttribute('aria-pressed'), 'true');
    assert.equal(await picker.getByRole('button', { name: dayName(addDays(start, 1)), exact: true }).getAttribute('aria-pressed'), 'false');
    await page.keyboard.press('Escape');
    await waitForUi(page, new Function('ui', "return !ui.items.some((e) => e.id === 'form-start-month')"));
    await dialog.waitFor();   // the Escape was the picker's, not the form's
    assert.equal(text(await ui(page), 'form-start'), start);

    // Typing a date still works: the end is typed, the name too.
    const end = addDays(start, 3);
    const typeInto = async (name, id, value) => {
      await dialog.getByRole('textbox', { name }).click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.type(value);
      await waitForUi(page, hasText(id, value));
    };
    await typeInto('Runs to', 'form-end', end);
    await typeInto('Name', 'form-name', 'Picked-date Webinar');
    await page.keyboard.press('Enter');   // a one-line field submits the form
    const state = await waitForUi(page, (now) => /^#\/campaigns\/\d+/.test(now.values.route));
    const id = Number(/campaigns\/(\d+)/.exec(state.values.route)[1]);
    const saved = await api(context, server, 'GET', `api/campaigns/${id}`);
    assert.equal(saved.status, 200);
    assert.equal(saved.body.name, 'Picked-date Webinar');
    assert.equal(saved.body.start, start);
    assert.equal(saved.body.end, end);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the scorecard\'s custom period takes its first day from the picker, and the keyboard picks the last', async () => {
    const { context, page, errors } = await openDashboard(browser, server,
                                                          { hash: '#/scorecard?period=custom&from=2026-03-02&to=2026-03-16' });
    // Loaded, so the header above the period (which grows by a line then) no longer moves it.
    await waitForUi(page, has('kpi-leads'));
    await waitForUi(page, hasText('custom-from', '2026-03-02'));
    await page.getByRole('button', { name: 'Choose first day' }).click();
    const picker = page.getByRole('region', { name: 'Menu' });
    await picker.getByRole('heading', { name: 'March 2026' }).waitFor();
    assert.equal(await picker.getByRole('button', { name: dayName('2026-03-02'), exact: true }).getAttribute('aria-pressed'), 'true');
    await picker.getByRole('button', { name: dayName('2026-03-10'), exact: true }).click();
    await waitForUi(page, hasText('custom-from', '2026-03-10'));
    await waitForUi(page, new Function('ui', "return !ui.items.some((e) => e.id === 'custom-from-month')"));
    // The keyboard: the picker opens on the field's day (the last day, the 15th); an arrow moves to
    // the day before, Enter picks it.
    await page.getByRole('button', { name: 'Choose last day' }).click();
    await picker.getByRole('heading', { name: 'March 2026' }).waitFor();
    await tap(page, 'ArrowLeft');
    await waitForUi(page, (now) => now.values.focus === 'custom-to-day-2026-03-14');
    // PageDown and PageUp turn the month, with Shift the year; the keyboard keeps its day.
    const pages = [['PageDown', false, '2026-04-14', 'April 2026'], ['PageUp', false, '2026-03-14', 'March 2026'],
                   ['PageUp', true, '2025-03-14', 'March 2025'], ['PageDown', true, '2026-03-14', 'March 2026']];
    for (const [key, shift, day, title] of pages) {
      if (shift) await page.keyboard.down('Shift');
      await tap(page, key);
      if (shift) await page.keyboard.up('Shift');
      const now = await waitForUi(page, new Function('ui', `return ui.values.focus === 'custom-to-day-${day}'`));
      assert.equal(now.items.find((entry) => entry.id === 'custom-to-month')?.text, title);
    }
    await page.keyboard.press('Enter');
    await waitForUi(page, hasText('custom-to', '2026-03-14'));
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const state = await waitForUi(page, (now) => now.values.route.includes('from=2026-03-10'));
    const query = new URLSearchParams(state.values.route.split('?')[1]);
    assert.equal(query.get('period'), 'custom');
    assert.equal(query.get('from'), '2026-03-10');
    assert.equal(query.get('to'), '2026-03-15', 'the day after the last, 14 March, inclusive');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the date picker fits a phone: under its field and on screen', async () => {
    const { context, page, errors } = await openDashboard(browser, server,
                                                          { hash: '#/scorecard?period=custom&from=2026-03-02&to=2026-03-16',
                                                            width: 390, height: 844 });
    await waitForUi(page, has('kpi-leads'));
    await waitForUi(page, hasText('custom-from', '2026-03-02'));
    for (const [button, field] of [['Choose first day', 'custom-from'], ['Choose last day', 'custom-to']]) {
      await page.getByRole('button', { name: button }).click();
      await waitForUi(page, has(`${field}-month`));
      await settle(page);   // past the popup's first frame, which ImGui spends measuring it, unseen
      const state = await ui(page);
      const box = await item(page, field);
      const days = state.items.filter((entry) => entry.id.startsWith(`${field}-day-`));
      assert.equal(days.length, 31);
      for (const entry of [...days, await item(page, `${field}-prev`), await item(page, `${field}-next`)]) {
        assert.ok(entry.x >= 0 && entry.x + entry.w <= 390 && entry.y + entry.h <= 844, `${entry.id} on screen`);
        assert.ok(entry.y > box.y + box.h, `${entry.id} under the field`);
      }
      await screenshot(page, `date-picker-phone-${field}`);
      await page.keyboard.press('Escape');
      await waitForUi(page, new Function('ui', `return !ui.items.some((e) => e.id === '${field}-month')`));
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('screenshots of the month, timeline and details views at 1280x720', async () => {
    const month = monthOf(new Date());
    const { context, page, errors } = await openDashboard(browser, server, { user: 'rita@tandem.test', hash: `#/campaigns?month=${month}` });
    await calendarLoaded(page);
    await page.mouse.move(2, 700);
    await screenshot(page, 'campaigns-month');
    await page.evaluate((hash) => { window.location.hash = hash; }, `#/campaigns?month=${month}&view=timeline`);
    await waitForUi(page, has('timeline-today'));
    await screenshot(page, 'campaigns-timeline');
    // The details of a campaign that clashes, as sales sees them.
    const { body } = await api(context, server, 'GET', 'api/campaigns');
    const clashing = body.items.find((campaign) => campaign.clashes.length > 0 && campaign.status !== 'cancelled' &&
                                                   campaign.start.slice(0, 7) === month) ??
                     body.items.find((campaign) => campaign.clashes.length > 0);
    assert.ok(clashing, 'the demo plan has a clash');
    await page.evaluate((hash) => { window.location.hash = hash; }, `#/campaigns/${clashing.id}?month=${clashing.start.slice(0, 7)}`);
    await waitForUi(page, has('details-clashes'));
    await screenshot(page, 'campaigns-details');
    await page.evaluate((hash) => { window.location.hash = hash; }, `#/campaigns?month=${month}&view=list`);
    await waitForUi(page, has('list-title'));
    await screenshot(page, 'campaigns-list');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
