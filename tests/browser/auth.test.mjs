// Signing in as people do: single sign-on through a real OpenID provider's login page (npm
// oidc-provider, started here on loopback), changing one's own password (which signs out one's
// other open dashboards at once), and setting a password with an admin's one-time link.
// Screenshots of the sign-in page with its SSO button, the provider's page and the dialogs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { reservePort, startProvider } from '../support/oidc_flow.mjs';
import { join } from 'node:path';
import { api, clickItem, demoPassword, launchBrowser, openDashboard, screenshot, screenshotDir, settle, startServer, tap, ui, waitForUi } from './harness.mjs';

const text = (state, id) => state.items.find((entry) => entry.id === id)?.text;
const has = (id) => new Function('ui', `return ui.items.some((entry) => entry.id === ${JSON.stringify(id)})`);
const signedIn = (ui) => ui.values.session === 'signed-in';
const signedOut = (ui) => ui.values.session === 'signed-out';

describe('signing in', () => {
  let server;
  let provider;
  let browser;
  before(async () => {
    const providerPort = await reservePort();
    server = await startServer({ args: ['--demo', '--leads', '300', '--oidc-issuer', `http://127.0.0.1:${providerPort}`,
                                        '--oidc-client-id', 'tandem', '--oidc-client-secret', 'browser-test-secret',
                                        '--oidc-name', 'Test IdP'] });
    provider = await startProvider({ clientId: 'tandem', clientSecret: 'browser-test-secret', port: providerPort,
                                     redirectUris: [`${server.url}api/auth/sso/callback`] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.stop();
  });

  async function typeInto(page, id, value, { replace = false } = {}) {
    // A view that has just appeared may still move its widgets in its first frames (ImGui sizes
    // new windows to fit): click where the field is once it has settled.
    await settle(page);
    await clickItem(page, id);
    await settle(page);
    if (replace) await page.keyboard.press('Control+A');
    await page.keyboard.type(value);
    await settle(page);
  }

  test('sign in with single sign-on through the provider\'s own login page', async () => {
    const { context, page, errors } = await openDashboard(browser, server, { user: null, hash: '#/leads' });
    const login = await waitForUi(page, has('login-sso'));
    assert.equal(text(login, 'login-sso'), 'Sign in with Test IdP');
    assert.ok(has('login-email')(login), 'password sign-in is offered too');
    await screenshot(page, 'auth-sign-in');

    await clickItem(page, 'login-sso');
    await page.waitForURL(/\/interaction\//);
    // The provider's page is plain HTML: found by its labels and roles, as a person would.
    await page.getByPlaceholder('Enter any login').fill('maya@tandem.test');
    await page.getByPlaceholder('and password').fill('whatever the provider asks');
    await page.screenshot({ path: join(screenshotDir, 'auth-provider-login.png') });
    await page.getByRole('button', { name: 'Sign-in' }).click();
    // The provider asks to share the profile with Tandem once.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${server.url}#/leads`);
    const state = await waitForUi(page, signedIn);
    assert.equal(text(state, 'user-menu'), 'Maya Marketing');
    assert.equal(state.values.route, '#/leads');
    assert.equal((await api(context, server, 'GET', 'api/auth/me')).body.email, 'maya@tandem.test');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a single sign-on refusal is explained on the sign-in page', async () => {
    const { context, page } = await openDashboard(browser, server, { user: null });
    await page.goto(`${server.url}api/auth/sso/callback?code=x&state=forged`);
    const state = await waitForUi(page, has('login-sso-error'));
    assert.equal(state.values.route, '#/login?sso_error=mismatch');
    assert.equal(text(state, 'login-sso-error'), 'That sign-in was started in another browser or tab; please try again here.');
    await screenshot(page, 'auth-sso-refused');
    await context.close();
  });

  test('rita changes her password; her other open dashboard is signed out at once', async () => {
    const elsewhere = await openDashboard(browser, server, { user: 'rita@tandem.test', hash: '#/scorecard' });
    await waitForUi(elsewhere.page, (ui) => ui.values.live === 'yes');
    const { context, page, errors } = await openDashboard(browser, server, { user: 'rita@tandem.test', hash: '#/scorecard' });
    await clickItem(page, 'user-menu');
    await waitForUi(page, has('change-password'));
    await clickItem(page, 'change-password');
    await waitForUi(page, has('password-title'));
    await typeInto(page, 'password-current', demoPassword);
    await typeInto(page, 'password-new', 'rita sells by the sea');
    await typeInto(page, 'password-again', 'rita sells by the see');
    let state = await waitForUi(page, has('password-error'));
    assert.equal(text(state, 'password-error'), 'The two new passwords differ.');
    await tap(page, 'Backspace');   // one character each, however busy the machine
    await tap(page, 'Backspace');
    await page.keyboard.type('ea');
    await settle(page);
    await waitForUi(page, (ui) => !ui.items.some((entry) => entry.id === 'password-error'));
    await screenshot(page, 'auth-change-password');
    await clickItem(page, 'password-submit');
    state = await waitForUi(page, has('password-done'));
    assert.equal(text(state, 'password-done'), 'Your password is changed.');
    assert.ok(signedIn(await ui(page)), 'this dashboard stays signed in');

    // The other dashboard's session ended with the change: it is back on the sign-in page.
    const other = await waitForUi(elsewhere.page, signedOut);
    assert.ok(has('login-error')(other));
    assert.match(text(other, 'login-error'), /signed out/);
    const oldOne = await context.request.post(`${server.url}api/auth/login`, { data: { email: 'rita@tandem.test', password: demoPassword } });
    assert.equal(oldOne.status(), 401);
    const newOne = await context.request.post(`${server.url}api/auth/login`,
                                              { data: { email: 'rita@tandem.test', password: 'rita sells by the sea' } });
    assert.equal(newOne.status(), 200);
    await clickItem(page, 'password-close');
    assert.deepEqual(errors, []);
    await elsewhere.context.close();
    await context.close();
  });

  test('an admin makes one-time links on the People page; raj sets a new password with his and signs in', async () => {
    const admin = await openDashboard(browser, server, { user: 'admin@tandem.test', hash: '#/scorecard' });
    await clickItem(admin.page, 'user-menu');
    await waitForUi(admin.page, has('people'));
    await clickItem(admin.page, 'people');
    const users = (await api(admin.context, server, 'GET', 'api/users')).body.items;
    const raj = users.find((user) => user.email === 'raj@tandem.test');
    let people = await waitForUi(admin.page, has(`people-link-${raj.id}`));
    assert.equal(people.values.route, '#/people');
    assert.equal(text(people, `people-row-${raj.id}`), 'Raj Rep|raj@tandem.test|sales_rep|active');
    await clickItem(admin.page, `people-link-${raj.id}`);
    people = await waitForUi(admin.page, has('people-link-url'));
    const url = text(people, 'people-link-url');
    assert.match(url, new RegExp(`^${server.url}#/reset-password\\?token=[A-Za-z0-9_-]{43}$`));
    // No email set up on this server: the admin passes the link on.
    assert.ok(text(people, 'people-link-said').startsWith('Send this link to Raj Rep. It sets a new password once'),
              text(people, 'people-link-said'));

    // A newcomer: added without a password, and given a link of their own at once.
    await clickItem(admin.page, 'people-link-done');
    await waitForUi(admin.page, (ui) => !ui.items.some((e) => e.id === 'people-link-url'));
    await clickItem(admin.page, 'people-add');
    await waitForUi(admin.page, has('people-add-name'));
    await typeInto(admin.page, 'people-add-name', 'Nia New');
    await typeInto(admin.page, 'people-add-email', 'nia@tandem.test');
    await clickItem(admin.page, 'people-add-role');
    await waitForUi(admin.page, has('people-add-role/marketer'));
    await clickItem(admin.page, 'people-add-role/marketer');
    await settle(admin.page);
    await clickItem(admin.page, 'people-add-submit');
    people = await waitForUi(admin.page, (ui) => ui.items.some((e) => e.id.startsWith('people-row-') && e.text.startsWith('Nia New|')) &&
                                                 ui.items.some((e) => e.id === 'people-link-url'));
    assert.ok(people.items.some((e) => e.id.startsWith('people-row-') && e.text === 'Nia New|nia@tandem.test|marketer|active'));
    await screenshot(admin.page, 'people');
    assert.deepEqual(admin.errors, []);
    await admin.context.close();

    const hash = url.slice(url.indexOf('#'));
    const { context, page } = await openDashboard(browser, server, { user: null, hash });
    await waitForUi(page, has('reset-title'));
    await typeInto(page, 'reset-new', 'password1234');
    await typeInto(page, 'reset-again', 'password1234');
    await clickItem(page, 'reset-submit');
    // The server's verdict, under the form (while typing, the form itself says when the two differ).
    const weak = await waitForUi(page, (ui) => ui.items.some((e) => e.id === 'reset-error' && e.text.startsWith('this password')));
    assert.equal(text(weak, 'reset-error'),
                 'this password cannot be used: one of the most common passwords; choose one that is yours alone');
    for (const id of ['reset-new', 'reset-again']) await typeInto(page, id, 'raj walks the long road', { replace: true });
    await clickItem(page, 'reset-submit');
    await waitForUi(page, has('reset-done'));
    await screenshot(page, 'auth-reset-done');
    await clickItem(page, 'reset-sign-in');
    await waitForUi(page, (ui) => ui.values.route === '#/login' && ui.items.some((entry) => entry.id === 'login-email'));
    await typeInto(page, 'login-email', 'raj@tandem.test');
    await typeInto(page, 'login-password', 'raj walks the long road');
    await page.keyboard.press('Enter');
    const state = await waitForUi(page, signedIn);
    assert.equal(text(state, 'user-menu'), 'Raj Rep');
    await context.close();
  });
});
