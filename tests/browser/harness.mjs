// Shared setup for the browser tests: the real tandem server on a free port with a temporary
// database, Debian's Chromium through playwright-core, and helpers that find widgets through the
// dashboard's UI mirror (window.tandemUi) and click them with the real mouse.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const binary = process.env.TANDEM_BINARY ?? new URL('../../build/tandem', import.meta.url).pathname;
const webDir = process.env.TANDEM_WEB_DIR ?? new URL('../../build/web', import.meta.url).pathname;
export const screenshotDir = process.env.TANDEM_SCREENSHOTS ?? new URL('../../build/screenshots', import.meta.url).pathname;

// Starts `tandem serve`; resolves once it prints its listening line.
export async function startServer({ port = 0, dir, args = [] } = {}) {
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'tandem-browser-'));
  const child = spawn(binary, ['serve', '--port', String(port), '--db', join(folder, 'tandem.db'), '--web', webDir, ...args],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const listening = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      const match = /listening on http:\/\/[0-9.]+:([0-9]+)/.exec(log);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`tandem exited with ${code}:\n${log}`)));
  });
  const actualPort = await listening;
  return {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}/`,
    dir: folder,
    log: () => log,
    async stop({ keepDir = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!keepDir && !dir) rmSync(folder, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

// Opens the dashboard in a fresh context and waits until it has drawn. `errors` collects console
// errors and uncaught exceptions; tests assert it stays empty.
export async function openDashboard(browser, server, { hash = '', dpr = 1, width = 1280, height = 720 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url + hash);
  await waitForUi(page, (ui) => ui.frame > 3 && ui.items.length > 0);
  return { context, page, errors };
}

// Waits until `predicate(window.tandemUi)` holds in the page (evaluated in the page).
export async function waitForUi(page, predicate, { timeout = 10000 } = {}) {
  await page.waitForFunction(`window.tandemUi && (${predicate.toString()})(window.tandemUi)`, null, { timeout });
  return page.evaluate(() => window.tandemUi);
}

export async function ui(page) {
  return page.evaluate(() => window.tandemUi);
}

export async function item(page, id) {
  const found = (await ui(page)).items.find((entry) => entry.id === id);
  if (!found) throw new Error(`no widget '${id}' on screen`);
  return found;
}

export async function clickItem(page, id) {
  const box = await item(page, id);
  await page.mouse.click(box.x + box.w / 2, box.y + box.h / 2);
}

// The route and page title the dashboard shows now.
export async function shown(page) {
  const state = await ui(page);
  return { route: state.values.route, title: state.items.find((entry) => entry.id === 'page-title')?.text };
}

// Waits for a few more frames so ImGui has settled, then saves a PNG.
export async function screenshot(page, name) {
  const frame = (await ui(page)).frame;
  await waitForUi(page, new Function('ui', `return ui.frame > ${frame + 3}`));
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
