// The OpenAPI document the real server serves, checked by two independent validators (npm
// @apidevtools/swagger-parser, python openapi-spec-validator) and against the route table as the
// sources declare it: every route is there, operationIds follow the documented rule, If-Match,
// ETag and Retry-After are declared where the handlers use them, every status a handler throws is
// declared, and response schemas require exactly the fields the server sends; and a TypeScript
// client generated from it (npm openapi-typescript) compiles with tsc --strict against real answers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';
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
    const starts = [...text.matchAll(/api\.(Route|Public|RouteStream|RouteRead)\(/g)].map((m) => m.index);
    starts.forEach((start, i) => {
      const block = text.slice(start, starts[i + 1] ?? text.length);
      // RouteStream is a POST with a streamed body, RouteRead a GET answered in one read transaction.
      const match = /^api\.(RouteStream|RouteRead)\(\s*"([^"]+)"/.exec(block) ??
        /^api\.(?:Route|Public)\(\s*"([A-Z]+)",\s*"([^"]+)"/.exec(block);
      assert.ok(match, `a registration in ${file} this test can read: ${block.slice(0, 80)}`);
      const [method, path] = match[1] === 'RouteStream' ? ['POST', match[2]] : match[1] === 'RouteRead' ? ['GET', match[2]] : [match[1], match[2]];
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
    same(campaign, schemas.CampaignView, 'CampaignView');
    same(await get(`/api/leads/${leads.items[0].id}/explanation`), schemas.Explanation, 'Explanation');
    const draft = await get('/api/definitions/draft');
    same(draft, schemas.Draft, 'Draft');
    same(draft.document, schemas.Draft.properties.document, 'Draft.document');
    const scorecard = await get('/api/scorecard?weekly=true&group=source');
    same(scorecard, schemas.ScorecardView, 'ScorecardView');
    same(scorecard.scorecard, schemas.Scorecard, 'Scorecard');
    same(scorecard.scorecard.total, schemas.Kpis, 'Kpis');
    same(scorecard.scorecard.weeks[0], schemas.ScorecardWeek, 'ScorecardWeek');
    same(await get('/api/definitions/impact-data'), schemas.FactsTable, 'FactsTable');
    same(await get('/api/definitions/rejection-pressure'), schemas.RejectionPressure, 'RejectionPressure');
    same(await get('/api/feedback/insights'), schemas.FeedbackInsights, 'FeedbackInsights');
    same(await get('/api/feedback/wins'), schemas.WinsDigest, 'WinsDigest');
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

  test('generates a TypeScript client (openapi-typescript) that tsc --strict compiles against real responses', async () => {
    writeFileSync(join(folder, 'api.d.ts'), astToString(await openapiTS(doc)));
    // Real answers assigned to the generated response types: an object literal with a field the
    // schema lacks, without one it requires, or with a null it does not allow, fails to compile.
    const lines = ["import type { paths } from './api';", ''];
    const typed = [];
    const answered = new Set();   // the component schemas of the answers typed
    const call = async (method, path, url, { body, as = cookie } = {}) => {
      const response = await fetch(`${tandem.base}${url}`, {
        method, headers: { cookie: as, ...(body && { 'content-type': 'application/json' }) }, body: body && JSON.stringify(body),
      });
      const operation = doc.paths[path][method.toLowerCase()];
      const status = Object.keys(operation.responses).find((s) => /^2/.test(s));
      assert.equal(response.status, Number(status), `${method} ${url}`);
      const json = await response.json();
      lines.push(`export const answer${typed.length}: paths[${JSON.stringify(path)}][${JSON.stringify(method.toLowerCase())}]` +
                 `['responses'][${status}]['content']['application/json'] = ${JSON.stringify(json)};`);
      typed.push(`${method} ${url}`);
      for (const [, name] of JSON.stringify(successOf(operation)).matchAll(/schemas\/(\w+)"/g)) answered.add(name);
      return json;
    };
    const signIn = async (email) => {
      const login = await fetch(`${tandem.base}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...DEMO_USER, email }),
      });
      assert.equal(login.status, 200, email);
      return /tandem_session=[^;]+/.exec(login.headers.get('set-cookie'))[0];
    };

    // The definition's life first, so the reads below see ops, a proposal and an activation: an
    // impact preview, a batch with an op of every kind (one dropped), the proposal, its activation
    // preview, and the two sign-offs (the second activates it and says how many leads moved).
    const active = await call('GET', '/api/definitions/active', '/api/definitions/active');
    const rules = { ...active.rules, mql_threshold: Math.max(1, active.rules.mql_threshold - 20) };
    await call('POST', '/api/definitions/impact', '/api/definitions/impact', { body: rules });
    const draft = await call('GET', '/api/definitions/draft', '/api/definitions/draft');
    const criterion = { id: 'clicks9', label: 'Clicked 9+ emails', field: 'email_clicks', op: 'gte', value: 9, points: 5 };
    const batch = await call('POST', '/api/definitions/draft/ops', '/api/definitions/draft/ops', { body: {
      client_id: 'openapi-test', client_seq: 1, base_revision: draft.revision, ops: [
        { kind: 'set_property', property: 'summary', value: 'A lower bar for MQLs' },
        { kind: 'set_property', property: 'mql_threshold', value: rules.mql_threshold },
        { kind: 'set_property', property: 'review_by', value: null },
        { kind: 'add_criterion', list: 'engagement', index: 0, value: criterion },
        { kind: 'set_criterion', criterion_id: 'clicks9', value: { points: 7 } },
        { kind: 'move_criterion', criterion_id: 'clicks9', list: 'fit', index: 1 },
        { kind: 'remove_criterion', criterion_id: 'no-such-criterion' },
      ] } });
    assert.equal(batch.ops.length, 6);
    assert.deepEqual(batch.dropped.map((d) => d.index), [6]);
    const proposal = await call('POST', '/api/definitions/draft/propose', '/api/definitions/draft/propose');
    await call('GET', '/api/definitions/{version}/activation-preview', `/api/definitions/${proposal.version}/activation-preview`);
    const first = await call('POST', '/api/definitions/{version}/approve', `/api/definitions/${proposal.version}/approve`);
    const second = await call('POST', '/api/definitions/{version}/approve', `/api/definitions/${proposal.version}/approve`,
      { as: await signIn('sam@tandem.test') });
    assert.deepEqual([first.activated, 'leads_rescored' in first, second.activated, 'leads_rescored' in second],
                     [false, false, true, true]);

    // Every JSON read that needs no parameter; one entity of each kind by id; and the reads whose
    // parameters change the answer's shape (groups, weekly trends, "as if", a wide period).
    const lead = (await (await fetch(`${tandem.base}/api/leads?limit=1`, { headers: { cookie } })).json()).items[0];
    const campaign = (await (await fetch(`${tandem.base}/api/campaigns`, { headers: { cookie } })).json()).items[0];
    const reads = [['/api/leads/{id}', `/api/leads/${lead.id}`], ['/api/campaigns/{id}', `/api/campaigns/${campaign.id}`],
      ['/api/leads/{id}/history', `/api/leads/${lead.id}/history`],
      ['/api/leads/{id}/explanation', `/api/leads/${lead.id}/explanation`],
      ['/api/definitions/{version}', `/api/definitions/${active.version}`],
      ['/api/scorecard', `/api/scorecard?weekly=true&group=source&as_if=${active.version}`],
      ['/api/scorecard', '/api/scorecard?weekly=true&group=campaign&from=2025-01-01&to=2027-01-01'],
      ['/api/definitions/draft/ops', '/api/definitions/draft/ops?after=0'],
      ['/api/definitions/rejection-pressure', '/api/definitions/rejection-pressure?days=3650'],
      ['/api/feedback/insights', '/api/feedback/insights?from=2025-01-01&to=2027-06-01'],
      ['/api/feedback/wins', '/api/feedback/wins?from=2025-01-01&to=2027-06-01&limit=3']];
    // Reads the marketing leader may not make (admin only: webhooks) are made as the admin.
    const admin = await signIn('admin@tandem.test');
    for (const [path, item] of Object.entries(doc.paths)) {
      const json = item.get && successOf(item.get).content?.['application/json'];
      const as = item.get?.['x-roles']?.includes('marketing_leader') === false ? admin : cookie;
      if (json && !path.includes('{') && !(item.get.parameters ?? []).some((p) => p.required)) reads.push([path, path, as]);
    }
    for (const [path, url, as = cookie] of reads) await call('GET', path, url, { as });
    assert.ok(typed.length >= 40, `${typed.length} answers typed: ${typed.join(', ')}`);
    for (const schema of ['Draft', 'AcceptedBatch', 'ActivationPreview', 'Approval', 'Explanation', 'Impact', 'FactsTable',
                          'ScorecardView', 'CampaignView', 'FeedbackInsights', 'WinsDigest', 'RejectionPressure'])
      assert.ok(answered.has(schema), `an answer typed as ${schema}`);
    writeFileSync(join(folder, 'check.ts'), lines.join('\n') + '\n');
    const tsc = new URL('../../node_modules/typescript/bin/tsc', import.meta.url).pathname;
    const run = spawnSync(process.execPath, [tsc, '--strict', '--noEmit', '--target', 'es2022', '--module', 'esnext',
      '--moduleResolution', 'bundler', '--exactOptionalPropertyTypes', join(folder, 'check.ts')], { encoding: 'utf8' });
    assert.ifError(run.error);
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });
});
