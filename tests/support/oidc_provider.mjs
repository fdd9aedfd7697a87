// A real OpenID Connect provider for the tests (npm oidc-provider, the certified implementation),
// on plain http at 127.0.0.1, with one confidential client and a login page that takes any name.
//
//   node tests/support/oidc_provider.mjs --port N --client-id ID --client-secret SECRET
//        --redirect-uri URI [--redirect-uri URI2 ...]
//
// --port 0 picks a free port. Once it serves, it prints exactly one line on stdout:
//   oidc provider listening on http://127.0.0.1:PORT
// and that URL is the issuer. Everything else it says goes to stderr. SIGTERM/SIGINT stop it.
//
// Login names (the login page accepts any name and any password):
//   sub             the login exactly as typed, "#role" suffix included
//   email           the login without its "#role" suffix if that contains '@', else <that>@tandem.test
//   email_verified  true, unless the login starts with "unverified"
//   name            the email's local part split at '.', '_', '-' and capitalised: "Mark New"
//   tandem_role     only when the login ends in "#<role>"; scope profile
// so "mark.new@tandem.test#marketer" signs in as mark.new@tandem.test, "Mark New", role
// "marketer"; "rita" as rita@tandem.test, "Rita", no role; "unverified.eve@x.test" has
// email_verified false. Scope email gives email and email_verified, scope profile name and
// tandem_role, and they are all in the ID token too (conformIdTokenClaims: false), as most
// providers do it, so the relying party needs no userinfo call.
//
// Test-only controls, on the same port:
//   POST /__control/tamper  body "on" or "off": while on, every id_token the token endpoint
//       returns has its payload's email replaced by "admin@tandem.local" (sub untouched) with the
//       original header and signature kept, as an attacker in the middle would, so a relying
//       party that checks signatures must refuse it.
//   POST /__control/rotate  a new signing key, published in the JWKS before the old ones (which
//       stay published), signs every ID token from now on; answers its kid. For relying parties
//       that must fetch the JWKS again when a token names a key they have not seen.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

// oidc-provider prints notices with console.info; stdout belongs to the one "listening" line.
console.info = (...args) => console.error(...args);
console.log = (...args) => console.error(...args);

const { default: Provider } = await import('oidc-provider');
// Not part of oidc-provider's documented API (checked with 9.13.3): its in-memory store, made once
// so that the instances a key rotation builds share sessions, interactions and codes.
const { createMemoryAdapter } = await import('oidc-provider/lib/adapters/memory_adapter.js');

const { values: options } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
  },
});
for (const required of ['client-id', 'client-secret', 'redirect-uri']) {
  if (!options[required]) {
    console.error(`oidc_provider.mjs: --${required} is required`);
    process.exit(2);
  }
}

const TAMPERED_EMAIL = 'admin@tandem.local';

function accountFor(login) {
  const hash = login.lastIndexOf('#');
  const identity = hash >= 0 ? login.slice(0, hash) : login;
  const role = hash >= 0 ? login.slice(hash + 1) : '';
  const email = identity.includes('@') ? identity : `${identity}@tandem.test`;
  const local = email.slice(0, email.indexOf('@'));
  const name = local.split(/[._-]+/).filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1)).join(' ');
  const claims = { sub: login, email, email_verified: !login.startsWith('unverified'), name };
  if (role) claims.tandem_role = role;
  return claims;
}

// Fresh keys every start: nothing the tests rely on may be baked into a relying party's cache.
function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `test-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' };
}
let signingKeys = [newSigningKey()];   // the first signs; the others stay published
const cookieKeys = [randomBytes(32).toString('hex')];

let tamper = false;

function tamperIdToken(idToken) {
  const [header, payload, signature] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  claims.email = TAMPERED_EMAIL;
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

async function readBody(req, limit = 1024) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > limit) throw new Error('body too large');
  }
  return body;
}

async function control(req, res) {
  if (req.method === 'POST' && req.url === '/__control/tamper') {
    const body = (await readBody(req)).trim();
    if (body === 'on' || body === 'off') {
      tamper = body === 'on';
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`tamper ${body}\n`);
      return;
    }
    res.writeHead(400, { 'content-type': 'text/plain' }).end('body must be "on" or "off"\n');
    return;
  }
  if (req.method === 'POST' && req.url === '/__control/rotate') {
    signingKeys = [newSigningKey(), ...signingKeys];
    buildProvider(signingKeys);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`${signingKeys[0].kid}\n`);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' }).end('no such control\n');
}

// The issuer names the port, so with --port 0 the socket is bound before the provider exists.
let handler = (_req, res) => res.writeHead(503).end();
const server = createServer((req, res) => {
  if (req.url.startsWith('/__control/')) {
    control(req, res).catch((error) => res.writeHead(500).end(String(error)));
    return;
  }
  handler(req, res);
});
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number(options.port), '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

// Built anew on key rotation (the keys are fixed at construction); a sign-in under way survives it
// because every instance keeps its state in the same store.
const adapter = createMemoryAdapter(15);
function buildProvider(keys) {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: options['client-id'],
      client_secret: options['client-secret'],
      redirect_uris: options['redirect-uri'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys },
    adapter,
    // v9 requires PKCE only of public clients by default; this client is confidential.
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'tandem_role'],
    },
    conformIdTokenClaims: false,
    cookies: { keys: cookieKeys },
    async findAccount(_ctx, id) {
      return { accountId: id, async claims() { return accountFor(id); } };
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (tamper && ctx.path === '/token' && ctx.status === 200 && typeof ctx.body?.id_token === 'string') {
      ctx.body = { ...ctx.body, id_token: tamperIdToken(ctx.body.id_token) };
    }
  });
  // Errors a test provokes on purpose are answered to the client; the stack traces go to stderr.
  provider.on('server_error', (_ctx, error) => console.error('oidc provider server_error:', error));
  handler = provider.callback();
}

buildProvider(signingKeys);
process.stdout.write(`oidc provider listening on ${issuer}\n`);

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
