// The browser's side of an OpenID Connect sign-in for tests: starts the test provider
// (oidc_provider.mjs) and walks its login and consent pages like a browser with a cookie jar.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const providerScript = new URL('./oidc_provider.mjs', import.meta.url).pathname;

// A free loopback port, for a server that must know its port before it starts. Another process
// may take it in between: prefer --port 0 where the server can report its port itself.
export function reservePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Starts the provider; resolves once it listens. `port` 0 (the default) lets it pick one.
export async function startProvider({ clientId, clientSecret, redirectUris, port = 0 }) {
  const args = [providerScript, '--port', String(port), '--client-id', clientId, '--client-secret', clientSecret];
  for (const uri of redirectUris) args.push('--redirect-uri', uri);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const issuer = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      const match = /^oidc provider listening on (http:\/\/127\.0\.0\.1:[0-9]+)$/m.exec(log);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { log += chunk; });
    child.once('exit', (code) => reject(new Error(`oidc provider exited with ${code}:\n${log}`)));
  });
  return {
    issuer,
    port: Number(new URL(issuer).port),
    log: () => log,
    // While on, the token endpoint's id_tokens carry a forged email under the original signature.
    async tamper(on) {
      const response = await fetch(`${issuer}/__control/tamper`, { method: 'POST', body: on ? 'on' : 'off' });
      if (!response.ok) throw new Error(`tamper ${on}: HTTP ${response.status}`);
    },
    // A new signing key signs from now on (the old ones stay published); resolves with its kid.
    async rotate() {
      const response = await fetch(`${issuer}/__control/rotate`, { method: 'POST' });
      if (!response.ok) throw new Error(`rotate: HTTP ${response.status}`);
      return (await response.text()).trim();
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// Just enough of RFC 6265 for one host: name, value, path and expiry.
export class CookieJar {
  #cookies = new Map();   // "host path name" -> { host, path, name, value }

  store(url, setCookieHeaders) {
    for (const header of setCookieHeaders) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const name = pair.slice(0, equals);
      const value = pair.slice(equals + 1);
      let path = url.pathname.slice(0, Math.max(1, url.pathname.lastIndexOf('/')));
      let expired = false;
      for (const attribute of attributes) {
        const [key, ...rest] = attribute.split('=');
        const attributeValue = rest.join('=');
        switch (key.toLowerCase()) {
          case 'path': if (attributeValue.startsWith('/')) path = attributeValue; break;
          case 'max-age': expired ||= Number(attributeValue) <= 0; break;
          case 'expires': expired ||= Date.parse(attributeValue) <= Date.now(); break;
          default: break;
        }
      }
      const key = `${url.host} ${path} ${name}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { host: url.host, path, name, value });
    }
  }

  header(url) {
    const matches = [...this.#cookies.values()].filter((cookie) => cookie.host === url.host
      && (url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)));
    return matches.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  }
}

function formOf(html) {
  const form = /<form\b[^>]*\baction="([^"]*)"[^>]*\bmethod="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return null;
  const unescape = (text) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const fields = {};
  for (const input of form[2].matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/i.exec(input[0]);
    const value = /\bvalue="([^"]*)"/i.exec(input[0]);
    if (name) fields[unescape(name[1])] = value ? unescape(value[1]) : '';
  }
  return { action: unescape(form[1]), fields };
}

// Follows `authorizationUrl` through the provider's login page (as `login`, any password) and its
// consent page, and returns the URL the provider finally redirects to on the relying party's
// redirect_uri (with code and state, or error), without requesting it. Pass the same `cookies`
// (a CookieJar) to sign in again within the provider's session, as a browser would.
export async function signInAtProvider(authorizationUrl, login, { cookies = new CookieJar() } = {}) {
  const redirectUri = new URL(new URL(authorizationUrl).searchParams.get('redirect_uri') ?? 'about:blank');
  let url = new URL(authorizationUrl);
  let request = { method: 'GET' };
  for (let step = 0; step < 20; ++step) {
    const headers = { ...(request.headers ?? {}) };
    const cookie = cookies.header(url);
    if (cookie) headers.cookie = cookie;
    const response = await fetch(url, { ...request, headers, redirect: 'manual' });
    cookies.store(url, response.headers.getSetCookie());

    if (response.status >= 300 && response.status < 400) {
      await response.arrayBuffer();
      const next = new URL(response.headers.get('location'), url);
      if (next.origin === redirectUri.origin && next.pathname === redirectUri.pathname) return next.href;
      url = next;
      request = { method: 'GET' };
      continue;
    }
    const body = await response.text();
    const form = response.ok ? formOf(body) : null;
    if (!form) {
      const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
      throw new Error(`the provider answered ${url.pathname} with HTTP ${response.status} and no form: ${text.slice(0, 500)}`);
    }
    const fields = new URLSearchParams(form.fields);
    if (form.fields.prompt === 'login') {
      fields.set('login', login);
      fields.set('password', 'any password will do');
    }
    url = new URL(form.action, url);
    request = { method: 'POST', body: fields, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error(`no redirect to ${redirectUri.href} after 20 steps`);
}
