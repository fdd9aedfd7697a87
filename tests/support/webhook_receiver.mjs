// A webhook receiver for the tests: every POST is checked with npm standardwebhooks (the reference
// implementation of the Standard Webhooks spec) against the secret set for its path, and recorded.
//
//   node tests/support/webhook_receiver.mjs [--port N]
//
// --port 0 (the default) picks a free port. Once it serves, it prints exactly one line on stdout:
//   webhook receiver listening on http://127.0.0.1:PORT
// SIGTERM/SIGINT stop it.
//
// Any path but /__control/... is a webhook endpoint. What it answers:
//   nothing at all while the path's hang is set (the request is recorded with status null),
//   500 while the path's fail_first count lasts (each request uses one up),
//   400 when the path has a secret and the signature does not verify,
//   204 otherwise (a path without a secret takes unsigned requests, as a Slack webhook does).
// Test-only controls, on the same port:
//   POST /__control/config  {"path": "/hook", "secret": "whsec_..." (optional), "fail_first": N (optional),
//                            "hang": true (optional)}
//   GET  /__control/requests  every request so far, oldest first, as a JSON list of
//       {path, status (what it answered; null if it hung), verified (true, false, or null when unsigned),
//        error (why verification failed, or null), headers {webhook-id, webhook-timestamp,
//        webhook-signature, content-type}, body (the JSON received), received_at (Date.now() when
//        its body had arrived, for tests/bench/webhook_fanout.mjs)}
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

const { values: options } = parseArgs({ options: { port: { type: 'string', default: '0' } } });

const config = new Map();   // path -> {secret, fail_first, hang}
const requests = [];

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res, status, body) {
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

function receive(req, text) {
  const receivedAt = Date.now();
  const path = new URL(req.url, 'http://receiver').pathname;
  const settings = config.get(path) ?? {};
  const headers = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type'])
    headers[name] = req.headers[name] ?? null;
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  let verified = null;
  let error = null;
  if (settings.secret) {
    try {
      new Webhook(settings.secret).verify(text, req.headers);
      verified = true;
    } catch (e) {
      verified = false;
      error = String(e.message ?? e);
    }
  }
  let status = 204;
  if (settings.hang) {
    status = null;
  } else if ((settings.fail_first ?? 0) > 0) {
    settings.fail_first -= 1;
    status = 500;
  } else if (verified === false) {
    status = 400;
  }
  requests.push({ path, status, verified, error, headers, body, received_at: receivedAt });
  return status;
}

const server = createServer(async (req, res) => {
  try {
    const text = await readBody(req);
    if (req.method === 'GET' && req.url === '/__control/requests') return answer(res, 200, requests);
    if (req.method === 'POST' && req.url === '/__control/config') {
      const { path, secret, fail_first, hang } = JSON.parse(text);
      config.set(path, { secret, fail_first, hang });
      return answer(res, 204);
    }
    if (req.method !== 'POST') return answer(res, 405, { error: 'POST only' });
    const status = receive(req, text);
    if (status === null) return undefined;   // left hanging until the sender gives up
    return answer(res, status, status === 204 ? undefined : { error: status === 500 ? 'failing on purpose' : 'bad signature' });
  } catch (e) {
    return answer(res, 500, { error: String(e) });
  }
});

server.listen(Number(options.port), '127.0.0.1', () => {
  process.stdout.write(`webhook receiver listening on http://127.0.0.1:${server.address().port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();   // hung requests too
  });
}
