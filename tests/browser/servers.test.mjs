// Two Tandem servers on one PostgreSQL database, as behind a load balancer: a browser on server B
// sees a lead created through server A; maya editing the definition on A and sam on B see each
// other in the room and end on the server's document on both. (Both servers listen on 127.0.0.1,
// so a session cookie from one is sent to the other, as to two servers behind one address.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPostgres } from '../support/postgres.mjs';
import { api, clickItem, launchBrowser, openDashboard, screenshot, scrollTo, startServer, waitForUi } from './harness.mjs';

const text = (state, id) => state.items.find((entry) => entry.id === id)?.text;
const counted = (total) => `${total.toLocaleString('en-US')} lead${total === 1 ? '' : 's'}`;

describe('two servers on one PostgreSQL database', () => {
  let postgres;
  let a;
  let b;
  let browser;
  before(async () => {
    postgres = await startPostgres();
    const db = postgres.createDatabase('tandem');
    a = await startServer({ db, args: ['--demo', '--leads', '300'] });
    b = await startServer({ db });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await a?.stop();
    await b?.stop();
    postgres?.stop();
  });

  test('a lead created through server A appears on a browser connected to server B', async () => {
    const maya = await openDashboard(browser, b, { user: 'maya@tandem.test', hash: '#/leads' });
    const before = (await api(maya.context, b, 'GET', 'api/leads?count=true&limit=1')).body.total;
    await waitForUi(maya.page, new Function('s', `return s.items.some((e) => e.id === 'leads-count' && e.text === '${counted(before)}')`));

    const created = await api(maya.context, a, 'POST', 'api/leads', {
      email: 'ines@fabrica.example', name: 'Inês Ñúñez', company: 'Fábrica Óptima', company_size: 120, demo_requested: true,
    });
    assert.equal(created.status, 201);
    // The table does not move under the reader: it offers the new lead, which B heard of from A.
    await waitForUi(maya.page, (s) => s.items.some((e) => e.id === 'leads-new'));
    await screenshot(maya.page, 'servers-new-lead-offered-on-b');
    await clickItem(maya.page, 'leads-new');
    const state = await waitForUi(maya.page, new Function('s', `return s.items.some((e) => e.id === 'leads-count' && e.text === '${counted(before + 1)}') &&
                                                               s.items.some((e) => e.id === 'lead-row-${created.body.id}')`));
    assert.equal(text(state, `lead-row-${created.body.id}`).split('|')[0], 'Inês Ñúñez');
    await screenshot(maya.page, 'servers-lead-from-a-on-b');
    assert.deepEqual(maya.errors, []);
    await maya.context.close();
  });

  test('maya on A and sam on B co-edit the definition: each sees the other, both end on the server document', async () => {
    const maya = await openDashboard(browser, a, { user: 'maya@tandem.test', hash: '#/definition' });
    const sam = await openDashboard(browser, b, { user: 'sam@tandem.test', hash: '#/definition' });
    const loaded = (s) => s.values.route === '#/definition' && s.items.some((e) => e.id === 'draft-sync' && e.text === 'Saved') &&
                          s.items.some((e) => /^criterion-.*-points$/.test(e.id));
    await Promise.all([waitForUi(maya.page, loaded), waitForUi(sam.page, loaded)]);
    // Presence is held in the database: each server lists the editor connected to the other.
    await waitForUi(sam.page, (s) => s.items.some((e) => e.id === 'draft-here' && e.text.includes('Maya')));
    await waitForUi(maya.page, (s) => s.items.some((e) => e.id === 'draft-here' && e.text.includes('Sam')));

    const { body: draft } = await api(maya.context, a, 'GET', 'api/definitions/draft');
    const [first, second] = draft.document.rules.fit;
    // Each changes a different criterion's points on their own server, at the same time.
    const edits = [[maya.page, first, first.points + 3], [sam.page, second, second.points + 4]];
    await Promise.all(edits.map(async ([page, criterion, points]) => {
      const box = await scrollTo(page, `criterion-${criterion.id}-points`);
      await page.mouse.click(box.x + box.w / 2, box.y + box.h / 2);
      await page.keyboard.press('Control+A');
      await page.keyboard.type(String(points));
      await page.keyboard.press('Enter');
    }));

    // Both edits reach the server's document (asked of B), then both screens show that document.
    const edited = (doc) => {
      const fit = doc.document.rules.fit;
      return fit.find((c) => c.id === first.id).points === first.points + 3 && fit.find((c) => c.id === second.id).points === second.points + 4;
    };
    let server = (await api(sam.context, b, 'GET', 'api/definitions/draft')).body;
    for (let asked = 1; !edited(server); ++asked) {
      assert.ok(asked < 600, `the edits never reached the server: ${JSON.stringify(server.document.rules.fit)}`);
      await sam.page.waitForTimeout(100);
      server = (await api(sam.context, b, 'GET', 'api/definitions/draft')).body;
    }
    const converged = new Function('s', `return s.items.some((e) => e.id === 'draft-sync' && e.text === 'Saved') &&
      s.items.some((e) => e.id === 'draft-revision' && e.text === '${server.revision}') &&
      ${JSON.stringify(server.document.rules.fit.map((c) => [c.id, String(c.points)]))}.every(([id, p]) => s.items.some((e) => e.id === 'criterion-' + id + '-points' && e.text === p))`);
    await Promise.all([waitForUi(maya.page, converged), waitForUi(sam.page, converged)]);
    // A and B serve the same document at the same revision.
    const fromA = (await api(maya.context, a, 'GET', 'api/definitions/draft')).body;
    assert.deepEqual(fromA.document, server.document);
    assert.equal(fromA.revision, server.revision);
    await screenshot(maya.page, 'servers-definition-maya-on-a');
    await screenshot(sam.page, 'servers-definition-sam-on-b');
    assert.deepEqual(maya.errors, []);
    assert.deepEqual(sam.errors, []);
    await maya.context.close();
    await sam.context.close();
  });
});
