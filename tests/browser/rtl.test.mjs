// Right-to-left text is stored as typed and drawn in visual order: Hebrew feedback saved through the
// form reads back byte for byte, and the feed draws its word the way the field being edited (which
// keeps logical order, web/ui/rtl_text.cpp) draws the word spelt backwards.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, clickItem, item, launchBrowser, openDashboard, screenshot, startServer, waitForUi } from './harness.mjs';

const word = 'עברית';
const backwards = [...word].reverse().join('');
const has = (id) => new Function('ui', `return ui.items.some((entry) => entry.id === ${JSON.stringify(id)})`);
const shows = (id, value) => new Function('ui', `return ui.items.some((e) => e.id === ${JSON.stringify(id)} && e.text === ${JSON.stringify(value)})`);
const drawnWhole = (state) => state.values['glyphs-missing'] === '0';

// The text drawn in `box` (CSS px), column by column: how many pixels of each are nearer the text's
// colour than the background's (the commonest colour), from the first inked column to the last.
async function inkColumns(page, box) {
  const png = await page.screenshot({ clip: { x: box.x, y: box.y, width: box.w, height: box.h } });
  return page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, image.width, image.height).data;
    const lightness = (x, y) => {
      const i = (y * image.width + x) * 4;
      return Math.round(0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2]);
    };
    const counts = new Map();
    for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) counts.set(lightness(x, y), (counts.get(lightness(x, y)) ?? 0) + 1);
    const background = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    let farthest = 0;
    for (const value of counts.keys()) farthest = Math.max(farthest, Math.abs(value - background));
    const columns = [];
    for (let x = 0; x < image.width; x++) {
      let ink = 0;
      for (let y = 0; y < image.height; y++) ink += Math.abs(lightness(x, y) - background) * 2 > farthest ? 1 : 0;
      columns.push(ink);
    }
    const first = columns.findIndex((ink) => ink > 0);
    const last = columns.findLastIndex((ink) => ink > 0);
    return first < 0 ? [] : columns.slice(first, last + 1);
  }, png.toString('base64'));
}

// How unlike two ink profiles are over the first one's width (the field's cursor may follow the
// second's text).
const distance = (drawn, reference) => drawn.reduce((sum, ink, x) => sum + Math.abs(ink - (reference[x] ?? 0)), 0);

describe('right-to-left text', () => {
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

  test('Hebrew feedback is stored as typed and drawn right to left in the feed', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: 'sam@tandem.test', hash: '#/feedback' });
    await waitForUi(page, has('log-feedback'));
    await clickItem(page, 'log-feedback');
    await waitForUi(page, has('form-title'));
    await clickItem(page, 'form-kind/General');
    await clickItem(page, 'form-text');
    await page.waitForFunction(() => document.activeElement?.id === 'tandem-text');
    // The field being edited draws what it holds in stored order: the word, then the word backwards.
    const field = await item(page, 'form-text');
    const inside = { x: field.x + 2, y: field.y + 2, w: field.w - 4, h: field.h - 4 };
    const references = {};
    for (const [name, text] of [['stored', word], ['visual', backwards], ['typed', word]]) {
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.insertText(text);
      await waitForUi(page, shows('form-text', text));
      await waitForUi(page, drawnWhole);
      if (name !== 'typed') references[name] = await inkColumns(page, inside);
    }
    await screenshot(page, 'rtl-feedback-form');
    await clickItem(page, 'form-submit');
    await waitForUi(page, new Function('ui', "return !ui.items.some((e) => e.id === 'form-title')"));

    const me = (await api(context, server, 'GET', 'api/auth/me')).body;
    const saved = (await api(context, server, 'GET', `api/feedback?author=${me.id}`)).body.items.find((entry) => entry.text === word);
    assert.equal(Buffer.from(saved.text).toString('hex'), Buffer.from(word).toString('hex'), 'stored byte for byte');
    await waitForUi(page, new Function('ui', `return ui.items.some((e) => e.id === 'feedback-${saved.id}' && e.text.endsWith('|${word}'))`));
    await waitForUi(page, drawnWhole);
    await screenshot(page, 'rtl-feedback-feed');
    const drawn = await inkColumns(page, await item(page, `feedback-${saved.id}`));

    const toVisual = distance(drawn, references.visual);
    const toStored = distance(drawn, references.stored);
    assert.ok(drawn.length > 20, `the word is drawn (${drawn.length} columns of ink)`);
    assert.notDeepEqual(references.visual, references.stored, 'the two orders look different');
    assert.ok(toVisual * 4 < toStored, `the feed draws the word right to left: ${toVisual} from the visual order, ${toStored} from the stored one`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
