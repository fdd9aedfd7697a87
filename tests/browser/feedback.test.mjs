// Feedback in a real browser against the demo company: what a rep logs with the command line from a
// shell reaches marketing's open feed by itself, without a reload; the "Log feedback" form
// creates every kind and shows what is wrong under the field; moving a content request to done on
// the board rings the requester's bell. Screenshots of the feed, insights, board and wins at 1280x720.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { api, clickItem, demoPassword, handOverTo, item, launchBrowser, openDashboard, screenshot, startServer, ui, waitForUi } from './harness.mjs';

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
    async function type(id, value) {
      await clickItem(page, id);
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.type(value);
      await waitForUi(page, new Function('ui', `return ui.items.some((e) => e.id === '${id}' && e.text === ${JSON.stringify(value)})`));
    }
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

    // A rejection needs a lead, then a reason; an unknown lead is the server's verdict, under the field.
    await openForm('Rejection');
    assert.match(await submitExpectingError('lead_id'), /required/);
    await type('form-lead', '999999');
    assert.match(await submitExpectingError('reason'), /required/);
    await clickItem(page, 'form-reason');
    await waitForUi(page, has('form-reason/no_need'));
    await clickItem(page, 'form-reason/no_need');
    await waitForUi(page, (state) => state.items.some((e) => e.id === 'form-reason' && e.text === 'No need'));
    assert.equal(await submitExpectingError('lead_id'), 'no lead 999999');
    await type('form-lead', String(handed));
    const rejection = await submit('rejection', '|');
    assert.equal(rejection.text, `rejection|no_need|${handed}||${me.name}|`);
    assert.equal((await api(context, server, 'GET', `api/leads/${handed}`)).body.stage, 'recycled');

    // The others need what was said; tags are optional.
    const kinds = [['Objection', 'objection'], ['Question', 'question'], ['Content request', 'content_request'],
                   ['Win story', 'win_story'], ['General', 'general']];
    for (const [label, kind] of kinds) {
      await openForm(label);
      assert.match(await submitExpectingError('text'), /required|empty/);
      const said = `${label} from the form ${Date.now()}`;
      await type('form-text', said);
      if (kind === 'question') await type('form-tags', 'Pricing, sso');
      if (kind === 'win_story') await type('form-lead', '58');
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
    // The one refusal provoked on purpose (lead 999999) is the browser's only complaint.
    assert.deepEqual(errors, ['Failed to load resource: the server responded with a status of 422 (Unprocessable Content)']);
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
