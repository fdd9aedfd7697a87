// Single sign-on end to end against a real OpenID provider (npm oidc-provider, started here on
// loopback): the authorization code flow with PKCE, state and nonce, the ID token's signature
// checked against the provider's keys, users matched by email, newcomers from allowed domains
// created with the role a claim names; and every way it must fail: a wrong state, a wrong nonce, a
// tampered token, a domain that is not allowed, an inactive account. Also password sign-in
// switched off.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CookieJar, reservePort, signInAtProvider, startProvider } from '../support/oidc_flow.mjs';
import { startTandem } from '../support/tandem_server.mjs';

const CLIENT = { id: 'tandem', secret: 'a-long-random-client-secret' };

// `tandem serve` with single sign-on at `issuer`.
function startWithSso(issuer, extra = []) {
  return startTandem({ args: ['--demo', '--leads', '0', '--oidc-issuer', issuer, '--oidc-client-id', CLIENT.id,
                              '--oidc-client-secret', CLIENT.secret, '--oidc-name', 'Test IdP',
                              '--oidc-allowed-domains', 'tandem.test, newco.test', '--oidc-role-claim', 'tandem_role',
                              ...extra] });
}

describe('single sign-on with OpenID Connect', () => {
  let provider;
  let tandem;
  let offline;   // password sign-in off

  before(async () => {
    // The provider must know Tandem's redirect URI and Tandem the provider's issuer: Tandem learns
    // the provider's address first (it fetches nothing before the first sign-in), on a reserved port.
    const providerPort = await reservePort();
    const issuer = `http://127.0.0.1:${providerPort}`;
    tandem = await startWithSso(issuer);
    offline = await startWithSso(issuer, ['--password-login', 'off']);
    provider = await startProvider({
      clientId: CLIENT.id, clientSecret: CLIENT.secret, port: providerPort,
      redirectUris: [`${tandem.base}/api/auth/sso/callback`, `${offline.base}/api/auth/sso/callback`],
    });
  });
  after(async () => {
    await tandem?.stop();
    await offline?.stop();
    await provider?.stop();
  });

  // A browser's visit to Tandem: the cookies it keeps, and fetch without following redirects.
  function browser(server = tandem) {
    const jar = new CookieJar();
    return {
      jar,
      async get(path) {
        const url = new URL(path, server.base);
        const cookie = jar.header(url);
        const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
        jar.store(url, response.headers.getSetCookie());
        return response;
      },
      async post(path, body) {
        const url = new URL(path, server.base);
        const cookie = jar.header(url);
        const response = await fetch(url, { method: 'POST', redirect: 'manual', body: JSON.stringify(body),
                                            headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) } });
        jar.store(url, response.headers.getSetCookie());
        return response;
      },
    };
  }

  // Starts a sign-in at Tandem, goes through the provider's real pages as `login` (optionally
  // changing the authorization request first), and lands on Tandem's callback; returns the
  // browser and Tandem's answer to the callback.
  async function signIn(login, { server = tandem, returnTo = '/leads', alterRequest = (url) => url, alterCallback = (url) => url } = {}) {
    const visitor = browser(server);
    const start = await visitor.get(`/api/auth/sso/start?return_to=${encodeURIComponent(returnTo)}`);
    assert.equal(start.status, 303);
    const authorization = new URL(start.headers.get('location'));
    const callback = await signInAtProvider(alterRequest(authorization).href, login);
    const answer = await visitor.get(alterCallback(new URL(callback)).href);
    return { visitor, answer, authorization };
  }

  async function me(visitor) {
    const response = await visitor.get('/api/auth/me');
    return { status: response.status, body: response.status === 200 ? await response.json() : null };
  }

  test('the sign-in page learns how to sign in here', async () => {
    assert.deepEqual(await (await fetch(`${tandem.base}/api/auth/config`)).json(), { password_login: true, sso_name: 'Test IdP' });
    assert.deepEqual(await (await fetch(`${offline.base}/api/auth/config`)).json(), { password_login: false, sso_name: 'Test IdP' });
  });

  test('a known user signs in through the provider and lands where they were going', async () => {
    const { visitor, answer, authorization } = await signIn('maya@tandem.test');
    // What was asked of the provider: the code flow with PKCE S256, a state and a nonce.
    const ask = authorization.searchParams;
    assert.equal(authorization.origin + authorization.pathname, `${provider.issuer}/auth`);
    assert.equal(ask.get('response_type'), 'code');
    assert.equal(ask.get('client_id'), CLIENT.id);
    assert.equal(ask.get('redirect_uri'), `${tandem.base}/api/auth/sso/callback`);
    assert.equal(ask.get('code_challenge_method'), 'S256');
    assert.match(ask.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
    assert.match(ask.get('state'), /^[A-Za-z0-9_-]{43}$/);
    assert.match(ask.get('nonce'), /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(ask.get('scope').split(' ').sort(), ['email', 'openid', 'profile']);

    assert.equal(answer.status, 303);
    assert.equal(answer.headers.get('location'), `${tandem.base}/#/leads`);
    const session = answer.headers.getSetCookie().find((cookie) => cookie.startsWith('tandem_session='));
    assert.match(session, /^tandem_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const who = await me(visitor);
    assert.equal(who.status, 200);
    assert.equal(who.body.email, 'maya@tandem.test');
    assert.equal(who.body.role, 'marketing_leader');
  });

  test('a newcomer from an allowed domain gets an account with the role the claim names, kept in step', async () => {
    const first = await signIn('nia.new@newco.test#marketer');
    assert.equal(first.answer.status, 303);
    const nia = await me(first.visitor);
    assert.equal(nia.status, 200);
    assert.deepEqual({ email: nia.body.email, name: nia.body.name, role: nia.body.role, active: nia.body.active },
                     { email: 'nia.new@newco.test', name: 'Nia New', role: 'marketer', active: true });
    assert.match(tandem.log(), /single sign-on created the account nia\.new@newco\.test \(marketer\)/);
    // Without a role claim a newcomer is a sales rep; at the next sign-in the claim moves the role.
    const plain = await me((await signIn('ozzy@newco.test')).visitor);
    assert.equal(plain.body.role, 'sales_rep');
    const promoted = await me((await signIn('nia.new@newco.test#sales_leader')).visitor);
    assert.equal(promoted.body.id, nia.body.id);
    assert.equal(promoted.body.role, 'sales_leader');
    // Nobody got a password: the password form cannot be used for these accounts.
    const guess = await fetch(`${tandem.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nia.new@newco.test', password: '' }) });
    assert.equal(guess.status, 401);
  });

  // The answers that must not sign anyone in: a redirect to the sign-in page with a code, no session.
  function assertRefused(answer, code) {
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.get('location'), `${tandem.base}/#/login?sso_error=${code}`);
    assert.ok(!answer.headers.getSetCookie().some((cookie) => /^tandem_session=[^;]/.test(cookie)), 'no session cookie');
  }

  test('a wrong state, or one from another browser, is refused before the code is used', async () => {
    const forged = await signIn('maya@tandem.test', {
      alterCallback: (url) => { url.searchParams.set('state', 'A'.repeat(43)); return url; },
    });
    assertRefused(forged.answer, 'mismatch');
    assert.equal((await me(forged.visitor)).status, 401);

    // The right state, lifted into a browser that did not start this sign-in (login CSRF).
    const visitor = browser();
    const start = await visitor.get('/api/auth/sso/start');
    const callback = await signInAtProvider(start.headers.get('location'), 'maya@tandem.test');
    const other = browser();
    assertRefused(await other.get(callback), 'mismatch');
    // The state is good once: after its rightful use, a replay finds nothing.
    const first = await visitor.get(callback);
    assert.equal(first.status, 303);
    assert.equal((await me(visitor)).body.email, 'maya@tandem.test');
    const replay = browser();
    replay.jar.store(new URL(`${tandem.base}/api/auth/sso/callback`),
                     [`tandem_sso=${new URL(callback).searchParams.get('state')}; Path=/api/auth/sso`]);
    assertRefused(await replay.get(callback), 'expired');
  });

  test('a token with another nonce than this sign-in\'s is refused', async () => {
    const { visitor, answer } = await signIn('maya@tandem.test', {
      alterRequest: (url) => { url.searchParams.set('nonce', 'n'.repeat(43)); return url; },
    });
    assertRefused(answer, 'rejected');
    assert.equal((await me(visitor)).status, 401);
    assert.match(tandem.log(), /single sign-on refused from 127\.0\.0\.1: .*\(wrong_nonce\)/);
  });

  test('a tampered ID token (someone changed the email, the signature stayed) is refused', async () => {
    await provider.tamper(true);
    try {
      const { visitor, answer } = await signIn('rita@tandem.test');
      assertRefused(answer, 'rejected');
      assert.equal((await me(visitor)).status, 401);
      assert.match(tandem.log(), /\(bad_signature\)/);
    } finally {
      await provider.tamper(false);
    }
  });

  test('an unknown address from a domain that is not allowed, an unverified one, an inactive user: no entry', async () => {
    assertRefused((await signIn('eve@elsewhere.example')).answer, 'not_allowed');
    assertRefused((await signIn('unverified.eve@newco.test')).answer, 'not_allowed');
    const users = await fetch(`${tandem.base}/api/users`, { headers: { cookie: await adminCookie() } });
    assert.ok(!(await users.json()).items.some((user) => user.email.startsWith('eve') || user.email.startsWith('unverified')));
    // An admin deactivates Raj: the provider still knows him, Tandem does not let him in.
    const cookie = await adminCookie();
    const raj = (await (await fetch(`${tandem.base}/api/users`, { headers: { cookie } })).json()).items
      .find((user) => user.email === 'raj@tandem.test');
    const patched = await fetch(`${tandem.base}/api/users/${raj.id}`, {
      method: 'PATCH', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });
    assert.equal(patched.status, 200);
    assertRefused((await signIn('raj@tandem.test')).answer, 'inactive');
  });

  test('a return_to outside the dashboard is ignored; the provider\'s own error is shown as such', async () => {
    const { answer } = await signIn('sam@tandem.test', { returnTo: 'https://evil.example/' });
    assert.equal(answer.headers.get('location'), `${tandem.base}/#/`);
    const visitor = browser();
    const start = await visitor.get('/api/auth/sso/start');
    const state = new URL(start.headers.get('location')).searchParams.get('state');
    assertRefused(await visitor.get(`/api/auth/sso/callback?error=access_denied&error_description=no&state=${state}`), 'rejected');
    // An answer that names another issuer is another provider's (RFC 9207 mix-up defence).
    const mixed = await signIn('sam@tandem.test', {
      alterCallback: (url) => { url.searchParams.set('iss', 'https://evil.example'); return url; },
    });
    assertRefused(mixed.answer, 'rejected');
  });

  test('with password sign-in off, the password form is refused and single sign-on still works', async () => {
    const refused = await fetch(`${offline.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'maya@tandem.test', password: 'tandem-demo-2026' }) });
    assert.equal(refused.status, 403);
    assert.match((await refused.json()).error.message, /password sign-in is switched off here; use single sign-on \(Test IdP\)/);
    const { visitor, answer } = await signIn('maya@tandem.test', { server: offline });
    assert.equal(answer.status, 303);
    assert.equal((await me(visitor)).body.email, 'maya@tandem.test');
  });

  async function adminCookie() {
    const login = await fetch(`${tandem.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@tandem.test', password: 'tandem-demo-2026' }) });
    assert.equal(login.status, 200);
    return /tandem_session=[^;]+/.exec(login.headers.get('set-cookie'))[0];
  }
});
