// Feedback in a real browser against the demo company: what a rep logs with the command line from a
// shell reaches marketing's open feed by itself, without a reload; the "Log feedback" form
// creates every kind and shows what is wrong under the field, its lead picked by name, email or
// company as it is typed; moving a content request to done on the board rings the requester's bell.
// Screenshots of the feed, the form's lead options, insights, board and wins at 1280x720.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { api, clickItem, demoPassword, replaceText, handOverTo, item, launchBrowser, openDashboard, screenshot, startServer, ui, waitForUi } from './harness.mjs';

const binary = process.env.TANDEM_BINARY ?? new URL('../../build/tandem', import.meta.url).pathname;

// Runs `tandem ARGS...`; resolves with its exit code, everything it printed and its standard
// output alone (the new id).
function tandem(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => { output += chunk; stdout += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output, stdout }));
  });
}

const text = (state, id) => state.items.find((entry) => entry.id === id)?.text;
const has = (id) => new Function('ui', `return ui.items.some((entry) => entry.id === ${JSON.stringify(id)})`);
const shows = (id, value) => new Function('ui', `return ui.items.some((e) => e.id === ${JSON.stringify(id)} && e.text === ${JSON.stringify(value)})`);
const options = (state) => state.items.filter((entry) => entry.id.startsWith('form-lead-option-'));

// Picks `lead` (as the API sends it) in the form's lead field: types `typed`, waits for the lead's
// option and clicks it; the field then shows the lead's name and email.
async function pickLead(page, lead, typed) {
  await replaceText(page, 'form-lead', typed);
  await waitForUi(page, has(`form-lead-option-${lead.id}`));
  await clickItem(page, `form-lead-option-${lead.id}`);
  await waitForUi(page, shows('form-lead', `${lead.name} · ${lead.email}`));
}

describe('feedback', () => {
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

  // A context signed in as `user`, for API calls only.
  async function signedIn(user) {
    const context = await browser.newContext();
    const response = await context.request.post(server.url + 'api/auth/login', { data: { email: user, password: demoPassword } });
    assert.equal(response.status(), 200);
    return context;
  }

  async function feedLoaded(page) {
    return waitForUi(page, (state) => state.items.some((entry) => /^feedback-\d+$/.test(entry.id)));
  }

  test('feedback logged with the CLI from a shell appears in marketing\'s open feed without a reload', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'maya@tandem.test', hash: '#/feedback' });
    await feedLoaded(page);
    const rita = await signedIn('rita@tandem.test');
    const me = await api(rita, server, 'GET', 'api/auth/me');
    const token = await api(rita, server, 'POST', 'api/tokens', { name: 'shell' });
    assert.equal(token.status, 201);
    const serverUrl = server.url.replace(/\/$/, '');
    // Rita's own leads: reps log about theirs.
    const mine = await handOverTo(browser, server, 'rita@tandem.test');
    const waiting = await handOverTo(browser, server, 'rita@tandem.test');

    const marker = `Asked for a SOC 2 report ${Date.now()}`;
    const cli = tandem(['feedback', 'add', '--server', serverUrl, '--token', token.body.secret, '--lead', String(mine), '--kind', 'objection',
                        '--text', marker, '--tags', 'security']);
    const seen = await waitForUi(page, new Function('ui', `return ui.items.some((e) => /^feedback-\\d+$/.test(e.id) && e.text.endsWith(${JSON.stringify('|' + marker)}))`));
    const result = await cli;
    assert.equal(result.code, 0, result.output);
    const id = /^(\d+)\n$/.exec(result.stdout)[1];
    assert.equal(text(seen, `feedback-${id}`), `objection||${mine}||${me.body.name}|${marker}`);

    // A rejection with its reason, the same way: the lead goes back to marketing.
    const rejection = await tandem(['feedback', 'add', '--server', serverUrl, '--token', token.body.secret, '--lead', String(waiting),
                                    '--kind', 'rejection', '--reason', 'no_budget', '--text', 'Frozen until Q3']);
    assert.equal(rejection.code, 0, rejection.output);
    const rejectionId = /^(\d+)\n$/.exec(rejection.stdout)[1];
    const state = await waitForUi(page, has(`feedback-${rejectionId}`));
    assert.equal(text(state, `feedback-${rejectionId}`), `rejection|no_budget|${waiting}||${me.body.name}|Frozen until Q3`);
    // Newest first: the rejection above the objection, and nothing between them.
    const rows = state.items.filter((entry) => /^feedback-\d+$/.test(entry.id)).map((entry) => entry.id);
    assert.deepEqual(rows.slice(0, 2), [`feedback-${rejectionId}`, `feedback-${id}`]);
    assert.equal((await api(rita, server, 'GET', `api/leads/${waiting}`)).body.stage, 'recycled');
    // Still the same page: no reload happened.
    assert.equal(state.values.route, '#/feedback');

    // A wrong token is refused with a clear line and logs nothing.
    const refused = await tandem(['feedback', 'add', '--server', serverUrl, '--token', 'tdm_wrong', '--lead', String(mine), '--kind', 'objection', '--text', 'x']);
    assert.equal(refused.code, 3, 'not signed in (native/cli/remote.h)');
    assert.equal(refused.output, 'tandem: the token was refused (wrong or revoked)\n');

    await screenshot(page, 'feedback-feed');
    assert.deepEqual(errors, []);
    await rita.close();
    await context.close();
  });

  test('the form logs every kind and shows what is wrong under the field', async () => {
    // The sales leader: a rejection is sales' answer to a lead handed over, and leaders act on all.
    const handed = await handOverTo(browser, server, 'raj@tandem.test');
    const { context, page, errors } = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/feedback' });
    await feedLoaded(page);
    const me = (await api(context, server, 'GET', 'api/auth/me')).body;

    async function openForm(label) {
      await clickItem(page, 'log-feedback');
      await waitForUi(page, has('form-title'));
      await clickItem(page, `form-kind/${label}`);
      await waitForUi(page, new Function('ui', `return ui.items.some((e) => e.id === 'form-kind/${label}')`));
    }
    const type = (id, value) => replaceText(page, id, value);
    async function submitExpectingError(field) {
      await clickItem(page, 'form-submit');
      const state = await waitForUi(page, has(`form-error-${field}`));
      assert.ok(text(state, 'form-title'), 'the form stays open');
      return text(state, `form-error-${field}`);
    }
    async function submit(kind, ending) {
      await clickItem(page, 'form-submit');
      const state = await waitForUi(page, new Function('ui', `return !ui.items.some((e) => e.id === 'form-title') &&
        ui.items.some((e) => /^feedback-\\d+$/.test(e.id) && e.text.startsWith('${kind}|') && e.text.endsWith(${JSON.stringify(ending)}))`));
      return state.items.find((e) => /^feedback-\d+$/.test(e.id) && e.text.startsWith(`${kind}|`) && e.text.endsWith(ending));
    }

    // A rejection needs a lead, then a reason; a lead not handed to sales is the server's verdict,
    // under the field. Leads are picked by their email here: it is theirs alone.
    const won = (await api(context, server, 'GET', 'api/leads?stage=won&limit=1')).body.items[0];
    const handedLead = (await api(context, server, 'GET', `api/leads/${handed}`)).body;
    await openForm('Rejection');
    assert.equal(await submitExpectingError('lead_id'), 'required for a rejection: choose the lead');
    await pickLead(page, won, won.email);
    assert.match(await submitExpectingError('reason'), /required/);
    await clickItem(page, 'form-reason');
    await waitForUi(page, has('form-reason/no_need'));
    await clickItem(page, 'form-reason/no_need');
    await waitForUi(page, (state) => state.items.some((e) => e.id === 'form-reason' && e.text === 'No need'));
    assert.equal(await submitExpectingError('lead_id'),
                 `lead ${won.id} is won, not sales_ready: only a lead handed to sales can be rejected`);
    await clickItem(page, 'form-lead-clear');
    await waitForUi(page, shows('form-lead', 'form-lead'));
    await pickLead(page, handedLead, handedLead.email);
    const rejection = await submit('rejection', '|');
    assert.equal(rejection.text, `rejection|no_need|${handed}||${me.name}|`);
    assert.equal((await api(context, server, 'GET', `api/leads/${handed}`)).body.stage, 'recycled');

    // The others need what was said; tags are optional.
    const story = (await api(context, server, 'GET', 'api/leads/58')).body;
    const kinds = [['Objection', 'objection'], ['Question', 'question'], ['Content request', 'content_request'],
                   ['Win story', 'win_story'], ['General', 'general']];
    for (const [label, kind] of kinds) {
      await openForm(label);
      assert.match(await submitExpectingError('text'), /required|empty/);
      const said = `${label} from the form ${Date.now()}`;
      await type('form-text', said);
      if (kind === 'question') await type('form-tags', 'Pricing, sso');
      if (kind === 'win_story') await pickLead(page, story, story.email);
      const row = await submit(kind, `|${said}`);
      const id = row.id.slice('feedback-'.length);
      const stored = (await api(context, server, 'GET', `api/feedback/${id}`)).body;
      assert.equal(stored.kind, kind);
      assert.equal(stored.text, said);
      assert.equal(stored.author_id, me.id);
      assert.deepEqual(stored.tags, kind === 'question' ? ['pricing', 'sso'] : []);
      assert.equal(stored.lead_id, kind === 'win_story' ? 58 : null);
      assert.equal(stored.status, kind === 'content_request' ? 'open' : null);
    }
    await clickItem(page, 'log-feedback');
    await waitForUi(page, has('form-title'));
    await screenshot(page, 'feedback-form');
    await clickItem(page, 'form-cancel');
    await waitForUi(page, (state) => !state.items.some((e) => e.id === 'form-title'));
    // The one refusal provoked on purpose (the won lead) is the browser's only complaint.
    assert.deepEqual(errors, ['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    await context.close();
  });

  test('a rep picks the lead by part of its company as they type, and the feedback is about exactly that lead', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'rita@tandem.test', hash: '#/feedback' });
    await waitForUi(page, has('log-feedback'));
    // One of Rita's own demo leads (reps log about theirs; not one handed over by another test) that
    // part of its company's name offers among the eight newest leads holding it: what the field
    // must offer, in that order.
    const mine = (await api(context, server, 'GET', 'api/leads?owner=me&limit=50')).body.items
      .filter((candidate) => !candidate.email.endsWith('@handover.test'));
    let lead;
    let offered;
    let typed;
    for (const candidate of mine) {
      typed = candidate.company.slice(0, -2).trim();
      offered = (await api(context, server, 'GET', `api/leads?q=${encodeURIComponent(typed)}&limit=8`)).body.items;
      if (offered.some((other) => other.id === candidate.id)) {
        lead = candidate;
        break;
      }
    }
    assert.ok(lead, 'a lead of Rita\'s among the first eight its company finds');

    await clickItem(page, 'log-feedback');
    await waitForUi(page, has('form-title'));
    await clickItem(page, 'form-kind/Objection');
    await replaceText(page, 'form-lead', typed);
    const open = await waitForUi(page, has(`form-lead-option-${lead.id}`));
    assert.deepEqual(options(open).map((entry) => entry.id), offered.map((other) => `form-lead-option-${other.id}`));
    const label = `${lead.name} · ${lead.email} · ${lead.company}`;
    assert.equal(text(open, `form-lead-option-${lead.id}`), label);
    await screenshot(page, 'feedback-lead-options');

    // Picked by its role and name, as a screen reader would: the field is a combobox named by its
    // label, which says when its list is open.
    const dialog = page.getByRole('dialog', { name: 'Log feedback' });
    await dialog.getByRole('combobox', { name: 'Lead (optional)', expanded: true }).waitFor();
    await dialog.getByRole('button', { name: label, exact: true }).click();
    const picked = await waitForUi(page, shows('form-lead', `${lead.name} · ${lead.email}`));
    assert.equal(options(picked).length, 0, 'the list closes');
    assert.equal(text(picked, 'form-lead-clear'), 'Clear the lead');
    const field = dialog.getByRole('combobox', { name: 'Lead (optional)', expanded: false });
    await field.waitFor();
    assert.equal(await field.textContent(), `${lead.name} · ${lead.email}`);
    // A drop-down says so too, open and closed again.
    await dialog.getByRole('combobox', { name: 'Campaign (optional)', expanded: false }).click();
    await dialog.getByRole('combobox', { name: 'Campaign (optional)', expanded: true }).waitFor();
    await dialog.getByRole('combobox', { name: 'Campaign (optional)', expanded: true }).click();
    await dialog.getByRole('combobox', { name: 'Campaign (optional)', expanded: false }).waitFor();

    const said = `They already use a competitor ${Date.now()}`;
    await replaceText(page, 'form-text', said);
    await clickItem(page, 'form-submit');
    await waitForUi(page, (state) => !state.items.some((e) => e.id === 'form-title'));
    const me = (await api(context, server, 'GET', 'api/auth/me')).body;
    const logged = (await api(context, server, 'GET', `api/feedback?author=${me.id}`)).body.items.find((entry) => entry.text === said);
    assert.equal(logged?.kind, 'objection');
    assert.equal(logged.lead_id, lead.id);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the form opened from a lead\'s feedback has it chosen; text that matches no lead says so, and a rejection is not logged without its lead; a number offers that lead first', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/feedback?lead=58' });
    await waitForUi(page, has('log-feedback'));
    const nothing = 'Zoë 日本 nobody';
    assert.deepEqual((await api(context, server, 'GET', `api/leads?q=${encodeURIComponent(nothing)}&limit=8`)).body.items, []);
    await clickItem(page, 'log-feedback');
    // Nothing here knows the lead's name yet: it goes by its number.
    const opened = await waitForUi(page, has('form-title'));
    assert.equal(text(opened, 'form-lead'), 'Lead #58');
    await clickItem(page, 'form-kind/Rejection');
    await waitForUi(page, has('form-reason'));
    await clickItem(page, 'form-lead-clear');
    await waitForUi(page, shows('form-lead', 'form-lead'));
    await replaceText(page, 'form-lead', nothing);
    const none = await waitForUi(page, has('form-lead-none'));
    assert.equal(text(none, 'form-lead-none'), 'No lead matches');
    assert.equal(options(none).length, 0);
    await clickItem(page, 'form-submit');
    const refused = await waitForUi(page, has('form-error-lead_id'));
    assert.equal(text(refused, 'form-error-lead_id'), 'required for a rejection: choose the lead');
    assert.equal(text(refused, 'form-lead'), nothing, 'what was typed stays');
    assert.ok(text(refused, 'form-title'), 'the form stays open');

    // Digits alone also find the lead with that number, first.
    const numbered = (await api(context, server, 'GET', 'api/leads/58')).body;
    await replaceText(page, 'form-lead', '58');
    const found = await waitForUi(page, has('form-lead-option-58'));
    assert.equal(options(found)[0].id, 'form-lead-option-58');
    assert.equal(options(found)[0].text, `#58 · ${numbered.name} · ${numbered.email} · ${numbered.company}`);

    await clickItem(page, 'form-cancel');
    await waitForUi(page, has('discard-yes'));
    await clickItem(page, 'discard-yes');
    await waitForUi(page, (state) => !state.items.some((e) => e.id === 'form-title'));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('finishing a content request on the board rings the requester\'s bell, and the notice leads back to it', async () => {
    const requester = await openDashboard(browser, server, { user: 'rita@tandem.test', hash: '#/scorecard' });
    const board = await openDashboard(browser, server, { user: 'maya@tandem.test', hash: '#/feedback?tab=requests' });
    const unread = Number(text(await waitForUi(requester.page, has('notifications')), 'notifications'));
    const asked = await api(requester.context, server, 'POST', 'api/feedback',
                            { kind: 'content_request', text: 'A one-pager on our SOC 2 controls', tags: ['security'] });
    assert.equal(asked.status, 201);
    const id = asked.body.id;

    // It arrives on the open board by itself, and moves across it.
    await waitForUi(board.page, has(`request-${id}-start`));
    await screenshot(board.page, 'feedback-board');
    await clickItem(board.page, `request-${id}-start`);
    await waitForUi(board.page, has(`request-${id}-done`));
    assert.equal(Number(text(await ui(requester.page), 'notifications')), unread);
    await clickItem(board.page, `request-${id}-done`);
    await waitForUi(board.page, has(`request-${id}-reopen`));
    await waitForUi(requester.page, new Function('ui', `return ui.items.some((e) => e.id === 'notifications' && e.text === '${unread + 1}')`));

    // The notice names who finished what, and opens the request on the board.
    const notices = (await api(requester.context, server, 'GET', 'api/notifications')).body;
    const notice = notices.items[0];
    const maya = (await api(board.context, server, 'GET', 'api/auth/me')).body;
    assert.equal(notice.text, `${maya.name} finished your content request: “A one-pager on our SOC 2 controls”`);
    await clickItem(requester.page, 'notifications');
    const popup = await waitForUi(requester.page, has(`notification-${notice.id}`));
    assert.equal(text(popup, `notification-${notice.id}`), notice.text);
    await screenshot(requester.page, 'feedback-bell');
    await clickItem(requester.page, `notification-${notice.id}`);
    await waitForUi(requester.page, new Function('ui', `return ui.values.route === '#/feedback?request=${id}&tab=requests' &&
      ui.items.some((e) => e.id === 'notifications' && e.text === '${unread}') && ui.items.some((e) => e.id === 'request-${id}')`));
    assert.deepEqual(requester.errors, []);
    assert.deepEqual(board.errors, []);
    await requester.context.close();
    await board.context.close();
  });

  test('insights and wins draw the API\'s figures', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'maya@tandem.test', hash: '#/feedback?tab=insights' });
    const state = await waitForUi(page, has('insights-summary'));
    const insights = (await api(context, server, 'GET', 'api/feedback/insights')).body;
    const count = (value) => value.toLocaleString('en-US');
    assert.match(text(state, 'insights-summary'),
                 new RegExp(`^${count(insights.rejections.total)} rejections · ${count(insights.objections.total)} objections · ` +
                            `${count(insights.questions.total)} questions`));
    assert.ok(insights.rejections.total > 0);
    await screenshot(page, 'feedback-insights');

    await clickItem(page, 'feedback-tab/Wins');
    const wins = await waitForUi(page, has('wins-count'));
    const digest = (await api(context, server, 'GET', 'api/feedback/wins')).body;
    assert.equal(text(wins, 'wins-count'), count(digest.count));
    await screenshot(page, 'feedback-wins');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
