// The leaders' meeting in two real browsers: maya@ (marketing) and sam@ (sales) edit the shared draft
// at the same time, the same criterion included; each sees the other's edits and presence as they
// happen; both end on the server's document; one proposes, both approve, and the scorecard's
// "agreed on" line moves to the new version. Screenshots of the editor mid-meeting.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, clickItem, launchBrowser, openDashboard, screenshot, scrollTo, startServer, waitForUi } from './harness.mjs';

const text = (state, id) => state.items.find((entry) => entry.id === id)?.text;

// Clicks into a text field, replaces what it holds and commits it with Enter.
async function typeInto(page, id, value) {
  const box = await scrollTo(page, id);
  await page.mouse.click(box.x + box.w / 2, box.y + box.h / 2);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

describe('the lead-definition editor', () => {
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

  test('two leaders co-edit one criterion, see each other live, converge, and sign off together', async () => {
    const maya = await openDashboard(browser, server, { user: 'maya@tandem.test', hash: '#/definition' });
    const sam = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/definition' });
    // Loaded down to the impact preview over the lead facts, which comes last and would move the
    // buttons below it.
    const loaded = (state) => state.values.route === '#/definition' && state.items.some((e) => e.id === 'draft-sync' && e.text === 'Saved') &&
                              state.items.some((e) => /^criterion-.*-label$/.test(e.id)) && state.items.some((e) => e.id === 'impact-timing');
    const mayaState = await waitForUi(maya.page, loaded);
    await waitForUi(sam.page, loaded);
    const { body: draft } = await api(maya.context, server, 'GET', 'api/definitions/draft');
    assert.equal(draft.version, 3);
    const criterion = draft.document.rules.fit[0];
    const id = criterion.id;
    assert.equal(text(mayaState, `criterion-${id}-label`), criterion.label);

    // Each sees the other in the room.
    await waitForUi(sam.page, (s) => s.items.some((e) => e.id === 'draft-here' && e.text.includes('Maya')));
    await waitForUi(maya.page, (s) => s.items.some((e) => e.id === 'draft-here' && e.text.includes('Sam')));

    // Both work on the same criterion at the same time: Maya renames it, Sam changes its points.
    const label = `${criterion.label} (agreed)`;
    const points = criterion.points + 5;
    const mayaBox = await scrollTo(maya.page, `criterion-${id}-label`);
    await maya.page.mouse.click(mayaBox.x + mayaBox.w / 2, mayaBox.y + mayaBox.h / 2);
    // Sam sees who is on the criterion while Maya is still typing.
    await waitForUi(sam.page, new Function('s', `return s.items.some((e) => e.id === 'presence-${id}' && e.text.includes('Maya'))`));
    await screenshot(sam.page, 'definition-sam-sees-maya');
    // Maya is still typing her new label when Sam commits his points on the same criterion; her
    // label reaches Sam as she types it, before she commits it, survives his edit, and she commits.
    // (How fast an edit reaches the other screen is tests/bench/propagation.mjs's.)
    const shows = (field, value) => new Function('s', `return s.items.some((e) => e.id === 'criterion-${id}-${field}' && e.text === ${JSON.stringify(value)})`);
    await maya.page.keyboard.press('Control+A');
    await maya.page.keyboard.type(label);
    await Promise.all([waitForUi(maya.page, shows('label', label)), waitForUi(sam.page, shows('label', label))]);
    await typeInto(sam.page, `criterion-${id}-points`, String(points));
    await Promise.all([waitForUi(sam.page, shows('points', String(points))), waitForUi(maya.page, shows('points', String(points)))]);
    await maya.page.keyboard.press('Enter');

    // Both end on the server's document, at the same revision.
    const settled = (s) => s.items.some((e) => e.id === 'draft-sync' && e.text === 'Saved');
    const [endMaya, endSam] = await Promise.all([waitForUi(maya.page, settled), waitForUi(sam.page, settled)]);
    const { body: server_draft } = await api(sam.context, server, 'GET', 'api/definitions/draft');
    const edited = server_draft.document.rules.fit.find((c) => c.id === id);
    assert.equal(edited.label, label);
    assert.equal(edited.points, points);
    for (const state of [endMaya, endSam]) {
      assert.equal(text(state, 'draft-revision'), String(server_draft.revision));
      for (const c of server_draft.document.rules.fit) {
        assert.equal(text(state, `criterion-${c.id}-label`), c.label);
        assert.equal(text(state, `criterion-${c.id}-points`), String(c.points));
      }
      assert.equal(text(state, 'mql-threshold'), String(server_draft.document.rules.mql_threshold));
    }
    await screenshot(maya.page, 'definition-mid-meeting');
    await screenshot(sam.page, 'definition-mid-meeting-sam');

    // Maya proposes; both approve; the version becomes the rule.
    await scrollTo(maya.page, 'propose');
    await clickItem(maya.page, 'propose');
    await waitForUi(sam.page, (s) => s.items.some((e) => e.id === 'version-3' && e.text.startsWith('v3 · proposed')));
    // Each clicks Approve once what moves it has arrived: the banner saying the draft is proposed
    // (above everything), and for the second signer what activation would do (above the button).
    const has = (...ids) => new Function('s', `return ${JSON.stringify(ids)}.every((id) => s.items.some((e) => e.id === id))`);
    await waitForUi(maya.page, has('proposed', 'approve'));
    await scrollTo(maya.page, 'approve');
    await clickItem(maya.page, 'approve');
    await waitForUi(sam.page, has('proposed', 'approve', 'activation-preview'));
    await scrollTo(sam.page, 'approve');
    await clickItem(sam.page, 'approve');
    await waitForUi(maya.page, (s) => s.items.some((e) => e.id === 'version-3' && e.text.startsWith('v3 · active')));
    const { body: active } = await api(maya.context, server, 'GET', 'api/definitions/active');
    assert.equal(active.version, 3);
    assert.deepEqual(active.approvals.map((a) => a.role), ['marketing_leader', 'sales_leader']);
    await screenshot(maya.page, 'definition-signed-off');

    // The scorecard now says the rule was agreed today.
    await maya.page.evaluate(() => { window.location.hash = '#/scorecard'; });
    const today = new Date(active.activated_at).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    await waitForUi(maya.page, new Function('s', `return s.items.some((e) => e.id === 'definition-agreed' && e.text.startsWith('Definition v3 agreed ${today}'))`));

    assert.deepEqual(maya.errors, []);
    assert.deepEqual(sam.errors, []);
    await maya.context.close();
    await sam.context.close();
  });

  test('the impact preview answers a change of threshold with the server-side count', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'maya@tandem.test', hash: '#/definition' });
    await waitForUi(page, (s) => s.items.some((e) => e.id === 'impact-mql'));
    const { body: draft } = await api(context, server, 'GET', 'api/definitions/draft');
    const threshold = draft.document.rules.mql_threshold + 7;
    await typeInto(page, 'mql-threshold', String(threshold));
    const rules = { ...draft.document.rules, mql_threshold: threshold };
    const { body: expected } = await api(context, server, 'POST', 'api/definitions/impact', rules);
    const want = `${expected.total.active_mql.toLocaleString('en-US')} → ${expected.total.draft_mql.toLocaleString('en-US')}`;
    const state = await waitForUi(page, new Function('s', `return s.items.some((e) => e.id === 'impact-mql' && e.text === '${want}')`));
    // It says over how many leads and where it was computed (how fast is tests/bench/propagation.mjs's).
    assert.match(text(state, 'impact-timing'), new RegExp(`^${expected.total.leads.toLocaleString('en-US')} leads, in your browser in \\d+\\.\\d ms$`));
    await screenshot(page, 'definition-impact');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
