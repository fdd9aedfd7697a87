// A mail server for the tests: npm smtp-server (STARTTLS with the test's certificate, AUTH PLAIN
// and LOGIN against one user and password), every message parsed with npm mailparser and kept.
//
//   node tests/support/smtp_receiver.mjs --cert CERT.pem --key KEY.pem --user U --password P
//                                        [--defer-first N] [--hang]
//
// Once it serves, it prints exactly one line on stdout:
//   smtp receiver listening on smtp=PORT control=PORT
// --defer-first N answers the first N messages' recipient with 451 (try again later).
// --hang takes connections and never greets them (a relay that does not answer).
// The control port (HTTP, loopback) answers GET /messages with every message so far, oldest first:
//   {envelope: {from, to: [..]}, secure (STARTTLS was on), user (who signed in), from, to, subject,
//    text, html, date (ISO 8601), headers: {name: value}, contentType (the top part's)}
// GET /connections answers {"count": N}, the connections taken so far.
// SIGTERM/SIGINT stop it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const { values: options } = parseArgs({
  options: {
    cert: { type: 'string' }, key: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' },
    'defer-first': { type: 'string', default: '0' }, hang: { type: 'boolean', default: false },
  },
});

const messages = [];
let deferrals = Number(options['defer-first']);
let connections = 0;

const smtp = new SMTPServer({
  secure: false,
  cert: readFileSync(options.cert),
  key: readFileSync(options.key),
  authMethods: ['PLAIN', 'LOGIN'],
  authOptional: false,
  // The password only over TLS, as a real relay insists.
  allowInsecureAuth: false,
  logger: false,
  onConnect(session, callback) {
    connections += 1;
    if (!options.hang) callback();
  },
  onAuth(auth, session, callback) {
    if (auth.username === options.user && auth.password === options.password) return callback(null, { user: auth.username });
    return callback(new Error('Invalid username or password'));
  },
  onRcptTo(address, session, callback) {
    if (deferrals > 0) {
      deferrals -= 1;
      const error = new Error('Try again later');
      error.responseCode = 451;
      return callback(error);
    }
    return callback();
  },
  onData(stream, session, callback) {
    simpleParser(stream).then((mail) => {
      const headers = {};
      for (const [name, value] of mail.headers) headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
      messages.push({
        envelope: { from: session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address) },
        secure: session.secure, user: session.user ?? null,
        from: mail.from?.text ?? null, to: mail.to?.text ?? null, subject: mail.subject ?? null,
        text: mail.text ?? null, html: mail.html || null, date: mail.date?.toISOString() ?? null,
        headers, contentType: mail.headers.get('content-type')?.value ?? null,
      });
      callback();
    }, callback);
  },
});

const control = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/connections') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ count: connections }));
  }
  if (req.method === 'GET' && req.url === '/messages') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(messages));
  }
  res.writeHead(404);
  return res.end();
});

smtp.listen(0, '127.0.0.1', () => {
  control.listen(0, '127.0.0.1', () => {
    process.stdout.write(`smtp receiver listening on smtp=${smtp.server.address().port} control=${control.address().port}\n`);
  });
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  // Connections left hanging would hold close() open: exit regardless.
  process.on(signal, () => { smtp.close(); control.close(); process.exit(0); });
}
