// The OpenAPI document the real server serves, checked by two independent validators (npm
// @apidevtools/swagger-parser, python openapi-spec-validator) and against the route table as the
// sources declare it: every route is there, operationIds follow the documented rule, If-Match,
// ETag and Retry-After are declared where the handlers use them, every status a handler throws is
// declared, and response schemas require exactly the fields the server sends.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { startTandem } from '../support/tandem_server.mjs';

const SOURCES = new URL('../../native/http/', import.meta.url).pathname;
const DEMO_USER = { email: 'maya@tandem.test', password: 'tandem-demo-2026' };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// The route table as the route files register it, read from their text: each registration with
// the source up to the next one (its RouteDoc and its handler).
function routesFromSources() {
  const routes = new Map();
  for (const file of readdirSync(SOURCES).filter((name) => /^routes_\w+\.cpp$/.test(name))) {
    const text = readFileSync(join(SOURCES, file), 'utf8');
    const starts = [...text.matchAll(/api\.(Route|Public|RouteStream)\(/g)].map((m) => m.index);
    starts.forEach((start, i) => {
      const block = text.slice(start, starts[i + 1] ?? text.length);
      const match = /^api\.RouteStream\(\s*"([^"]+)"/.exec(block) ?? /^api\.(?:Route|Public)\(\s*"([A-Z]+)",\s*"([^"]+)"/.exec(block);
      assert.ok(match, `a registration in ${file} this test can read: ${block.slice(0, 80)}`);
      const [method, path] = match.length === 2 ? ['POST', match[1]] : [match[1], match[2]];
      routes.set(`${method} ${path}`, { method, path, block, file });
    });
  }
  return routes;
}

// The operationId rule of docs/architecture.md, written again here: the method in lower case
// ("list" for a GET answering a list wrapper), then the path after "/api/" in PascalCase words
// ('-', '.', '_' and '/' end a word), a {parameter} as "By" + its name.
function expectedOperationId({ method, path, block }) {
  const list = method === 'GET' && /\.response_schema = "\[/.test(block);
  const rest = path.startsWith('/api/') ? path.slice(5) : path.slice(1);
  const words = rest.replace(/\{(\w+)\}/g, 'By/$1').split(/[^A-Za-z0-9]+/).filter(Boolean);
  return (list ? 'list' : method.toLowerCase()) + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function operations(doc) {
  const out = new Map();
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of METHODS) if (item[method]) out.set(`${method.toUpperCase()} ${path}`, item[method]);
  return out;
}

function successOf(operation) {
  const status = Object.keys(operation.responses).find((s) => /^[23]/.test(s) && s !== '304');
  return operation.responses[status];
}

describe('the OpenAPI document', () => {
  let tandem;
  let doc;
  let folder;
  let file;
  let cookie;
  const routes = routesFromSources();

  before(async () => {
    tandem = await startTandem({ args: ['--demo', '--leads', '5'] });
    const response = await fetch(`${tandem.base}/api/openapi.json`);
    assert.equal(response.status, 200);
    doc = await response.json();
    folder = mkdtempSync(join(tmpdir(), 'tandem-openapi-'));
    file = join(folder, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const login = await fetch(`${tandem.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_USER),
    });
    assert.equal(login.status, 200);
    cookie = /tandem_session=[^;]+/.exec(login.headers.get('set-cookie'))[0];
  });
  after(async () => {
    await tandem?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('is valid OpenAPI 3.0.3 to @apidevtools/swagger-parser', async () => {
    assert.equal(doc.openapi, '3.0.3');
    // validate() dereferences in place: give it a copy.
    await SwaggerParser.validate(structuredClone(doc));
  });

  test('is valid OpenAPI 3.0.3 to openapi-spec-validator', () => {
    const run = spawnSync('openapi-spec-validator', [file], { encoding: 'utf8' });
    assert.ifError(run.error);   // ENOENT: the python package (preinstalled on the machine image) is missing
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /OK/);
  });

  test('names its server relative to where it is served', () => {
    assert.deepEqual(doc.servers.map((s) => s.url), ['/']);
  });

  test('has every route of the route table, and no other', () => {
    assert.ok(routes.size >= 60, `${routes.size} routes read from the sources`);
    assert.deepEqual([...operations(doc).keys()].sort(), [...routes.keys()].sort());
  });

  test('gives every operation a unique operationId made by the documented rule', () => {
    const seen = new Set();
    for (const [key, operation] of operations(doc)) {
      assert.equal(operation.operationId, expectedOperationId(routes.get(key)), key);
      assert.ok(!seen.has(operation.operationId), `${operation.operationId} twice`);
      seen.add(operation.operationId);
    }
    assert.equal(operations(doc).get('GET /api/leads').operationId, 'listLeads');
    assert.equal(operations(doc).get('GET /api/leads/{id}').operationId, 'getLeadsById');
    assert.equal(operations(doc).get('PUT /api/targets/{month}').operationId, 'putTargetsByMonth');
  });

  test('declares the month of PUT /api/targets/{month} a YYYY-MM string', () => {
    const month = operations(doc).get('PUT /api/targets/{month}').parameters.find((p) => p.in === 'path');
    assert.equal(month.name, 'month');
    assert.equal(month.schema.type, 'string');
    const pattern = new RegExp(month.schema.pattern);
    for (const good of ['2027-01', '2026-12']) assert.ok(pattern.test(good), good);
    for (const bad of ['2027-13', '2027-00', '2027-1', '27-01', '2027-01-01', '7']) assert.ok(!pattern.test(bad), bad);
    const id = operations(doc).get('GET /api/leads/{id}').parameters.find((p) => p.in === 'path');
    assert.deepEqual(id.schema, { type: 'integer', format: 'int64', minimum: 1 });
  });

  test('declares If-Match and 412 exactly on the routes whose handlers honour it', () => {
    const expected = [...routes].filter(([, r]) => r.block.includes('IfMatchRevision(')).map(([key]) => key).sort();
    assert.deepEqual(expected, ['PATCH /api/campaigns/{id}', 'PATCH /api/feedback/{id}', 'PATCH /api/leads/{id}',
                                'POST /api/leads/{id}/assign', 'POST /api/leads/{id}/claim',
                                'POST /api/leads/{id}/transitions']);
    for (const [key, operation] of operations(doc)) {
      const ifMatch = (operation.parameters ?? []).find((p) => p.in === 'header' && p.name === 'If-Match');
      assert.equal(Boolean(ifMatch), expected.includes(key), `If-Match on ${key}`);
      assert.equal('412' in operation.responses, expected.includes(key), `412 on ${key}`);
    }
  });

  test('declares the ETag header exactly on the success responses that send it', () => {
    const expected = new Set([...routes].filter(([, r]) => /SetEntityTag\(|"ETag"/.test(r.block)).map(([key]) => key));
    assert.ok(expected.has('GET /api/leads/{id}') && expected.has('GET /api/calendar.ics'));
    for (const [key, operation] of operations(doc))
      assert.equal(Boolean(successOf(operation).headers?.ETag), expected.has(key), `ETag on ${key}`);
  });

  test('declares 429 with Retry-After on sign-in and wherever the sign-in limiter runs', () => {
    const login = operations(doc).get('POST /api/auth/login');
    assert.ok(login.responses['429'].headers['Retry-After']);
    const limited = [...routes].filter(([, r]) => r.block.includes('AdmitAttempt(')).map(([key]) => key).sort();
    assert.deepEqual(limited, ['POST /api/auth/login', 'POST /api/auth/password']);
    for (const [key, operation] of operations(doc)) {
      assert.equal('429' in operation.responses, limited.includes(key), `429 on ${key}`);
      if (operation.responses['429']) assert.equal(operation.responses['429'].headers['Retry-After'].schema.type, 'integer');
    }
  });

  test('declares every status a handler sets or throws, 401/403 where credentials are checked', () => {
    for (const [key, route] of routes) {
      const operation = operations(doc).get(key);
      const statuses = new Set([...route.block.matchAll(/ApiError\((\d{3})|res\.status = (\d{3})|\.success_status = (\d{3})/g)]
        .map((m) => m[1] ?? m[2] ?? m[3]));
      if (/304/.test(route.block)) statuses.add('304');
      if (/NotFound\(/.test(route.block)) statuses.add('404');
      if (/^api\.Route/.test(route.block)) { statuses.add('401'); statuses.add('403'); }
      for (const status of statuses) assert.ok(status in operation.responses, `${status} on ${key}`);
    }
    // Handler-level statuses the service layer throws, spot-checked.
    assert.ok('409' in operations(doc).get('POST /api/leads').responses);
    assert.ok('409' in operations(doc).get('POST /api/leads/{id}/claim').responses);
    assert.ok('413' in operations(doc).get('POST /api/leads/import').responses);
    assert.ok('415' in operations(doc).get('POST /api/leads/import').responses);
    assert.ok('422' in operations(doc).get('PUT /api/targets/{month}').responses);
  });

  test('requires exactly the fields the server sends in the responses it describes', async () => {
    const schemas = doc.components.schemas;
    const get = async (path) => (await fetch(`${tandem.base}${path}`, { headers: { cookie } })).json();
    const same = (body, schema, what) => assert.deepEqual([...schema.required].sort(), Object.keys(body).sort(), what);
    same(await get('/api/health'), schemas.Health, 'Health');
    same(await get('/api/auth/me'), schemas.User, 'User');
    const leads = await get('/api/leads?limit=1');
    same(leads, successOf(operations(doc).get('GET /api/leads')).content['application/json'].schema, 'the list wrapper');
    same(leads.items[0], schemas.Lead, 'Lead');
    same(leads.items[0].score, schemas.Lead.properties.score, 'Lead.score');
    const campaigns = await get('/api/campaigns');
    const campaign = await get(`/api/campaigns/${campaigns.items[0].id}`);
    for (const field of schemas.Campaign.required) assert.ok(field in campaign, `Campaign.${field}`);
    const targets = await get('/api/targets');
    same(targets, schemas.Targets, 'Targets');
    same(await get('/api/notifications'), schemas.NotificationList, 'NotificationList');
    // A refused strict import: the error, and the report of what each row would have done.
    const refused = await fetch(`${tandem.base}/api/leads/import?strict=true`, {
      method: 'POST', headers: { cookie, 'content-type': 'text/csv' },
      body: 'Email,Name,Company Size\r\nstrict1@example.com,One,10\r\nstrict2@example.com,Two,many\r\n',
    });
    assert.equal(refused.status, 422);
    const body = await refused.json();
    assert.deepEqual(Object.keys(body).sort(), Object.keys(schemas.Error.properties).sort(), 'Error');
    same(body.report, schemas.ImportReport, 'ImportReport in a 422');
  });
});
