// Acceptance test: "a test recomputes the API's KPIs from the exported stage history with
// independent code and they agree".
//
// Starts the real server with demo data, downloads what any user can export (leads CSV, stage
// history CSV, feedback, users, targets), recomputes every scorecard figure here in plain
// JavaScript straight from the definitions in PRODUCT.md ("KPI definitions") and the comments of
// shared/include/tandem/kpi.h, and compares with GET /api/scorecard for several periods, in total
// and per source. No Tandem code is reused: the CSV parser, the funnel walk, the statistics and the
// target pro-rating are all written again below.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '../support/postgres.mjs';
import { startTandem } from '../support/tandem_server.mjs';

const DEMO_USER = { email: 'maya@tandem.test', password: 'tandem-demo-2026' };

const SOURCES = ['webinar', 'content_download', 'paid_search', 'social', 'referral', 'event', 'website', 'outbound',
                 'other'];
const REASONS = ['no_budget', 'no_authority', 'no_need', 'no_timeline', 'bad_fit', 'duplicate', 'unreachable', 'other'];
const CONVERSIONS = [
  ['lead_to_mql', 'new', 'mql'],
  ['mql_to_sales_ready', 'mql', 'sales_ready'],
  ['sales_ready_to_sql', 'sales_ready', 'sql'],
  ['sql_to_opportunity', 'sql', 'opportunity'],
  ['opportunity_to_won', 'opportunity', 'won'],
];
const SALES_ROLES = new Set(['sales_rep', 'sales_leader']);
const DAY = 86400;

// ---------------------------------------------------------------------------------------------
// RFC 4180 CSV: comma separated, records end in CRLF (a bare LF is accepted too), a field may be
// quoted, and inside quotes "" is a quote and commas and line breaks are data.
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let i = 0;
  let quoted = false;        // inside a quoted field
  let fieldStarted = false;  // the current record has at least one field (so "" at EOF is a record)
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i += 1; continue;
      }
      field += c; i += 1; continue;
    }
    if (c === '"' && field === '') { quoted = true; fieldStarted = true; i += 1; continue; }
    if (c === ',') { record.push(field); field = ''; fieldStarted = true; i += 1; continue; }
    if (c === '\r' || c === '\n') {
      record.push(field);
      records.push(record);
      record = []; field = ''; fieldStarted = false;
      i += (c === '\r' && text[i + 1] === '\n') ? 2 : 1;
      continue;
    }
    field += c; fieldStarted = true; i += 1;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (fieldStarted || field !== '') { record.push(field); records.push(record); }
  return records;
}

function csvObjects(text) {
  const [header, ...rows] = parseCsv(text);
  return rows.filter((row) => !(row.length === 1 && row[0] === '')).map((row) => {
    assert.equal(row.length, header.length, `CSV row with ${row.length} fields, header has ${header.length}: ${row}`);
    return Object.fromEntries(header.map((name, k) => [name, row[k]]));
  });
}

// ISO 8601 UTC ("2026-11-25T14:42:56Z") -> whole seconds since the epoch.
function seconds(iso) {
  assert.match(iso, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, `not an ISO UTC time: ${iso}`);
  return Date.parse(iso) / 1000;
}
// "2026-11-01" -> midnight UTC in seconds.
function dateSeconds(ymd) {
  assert.match(ymd, /^\d{4}-\d{2}-\d{2}$/);
  return Date.parse(`${ymd}T00:00:00Z`) / 1000;
}
function ymd(secs) { return new Date(secs * 1000).toISOString().slice(0, 10); }
function int(text) { return text === '' ? null : Number.parseInt(text, 10); }

// ---------------------------------------------------------------------------------------------
// The funnel as exported: each lead with its events (stage rows and sales contacts) in time order.
function buildFunnel({ leadsCsv, historyCsv, feedback, users, campaigns }) {
  const roleOf = new Map(users.map((u) => [u.id, u.role]));
  // The export names owners by email and campaigns by name.
  const userByEmail = new Map(users.map((u) => [u.email, u.id]));
  const campaignByName = new Map(campaigns.map((c) => [c.name, c.id]));
  assert.equal(campaignByName.size, campaigns.length, 'campaign names are unique');
  const idOf = (map, key) => {
    assert.ok(map.has(key), `the export names unknown ${key}`);
    return map.get(key);
  };
  const leads = new Map();
  for (const row of csvObjects(leadsCsv)) {
    const id = int(row.id);
    leads.set(id, {
      id,
      created: seconds(row.created_at),
      source: row.source,
      campaign: row.campaign === '' ? '0' : String(idOf(campaignByName, row.campaign)),
      owner: row.owner === '' ? null : idOf(userByEmail, row.owner),
      dealValue: row.deal_value === '' ? 0 : Number(row.deal_value),
      stage: row.stage,
      events: [],
    });
  }
  let contacts = 0;
  for (const row of csvObjects(historyCsv)) {
    const lead = leads.get(int(row.lead_id));
    assert.ok(lead, `history row ${row.id} names unknown lead ${row.lead_id}`);
    lead.events.push({ kind: 'stage', at: seconds(row.at), seq: int(row.id), from: row.from || null, to: row.to,
                       reason: row.reason });
  }
  for (const item of feedback) {
    if (item.lead_id == null || item.kind === 'rejection' || !SALES_ROLES.has(roleOf.get(item.author_id))) continue;
    const lead = leads.get(item.lead_id);
    assert.ok(lead, `feedback ${item.id} names unknown lead ${item.lead_id}`);
    // Contacts sort after stage rows of the same second, in feedback id order.
    lead.events.push({ kind: 'contact', at: seconds(item.at), seq: 1e12 + item.id });
    contacts += 1;
  }
  for (const lead of leads.values()) {
    lead.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const creation = lead.events.filter((e) => e.kind === 'stage' && e.from === null);
    assert.equal(creation.length, 1, `lead ${lead.id} has ${creation.length} creation rows`);
    assert.equal(creation[0].at, lead.created, `lead ${lead.id}: creation row time differs from created_at`);
  }
  return { leads: [...leads.values()], contacts };
}

// What one lead contributes, as seen at `now`: rows after now have not happened yet.
function leadView(lead, now) {
  if (lead.created > now) return null;
  const events = lead.events.filter((e) => e.at <= now);
  const first = new Map();   // stage -> index of the first row into it
  events.forEach((e, k) => { if (e.kind === 'stage' && !first.has(e.to)) first.set(e.to, k); });
  return { lead, events, first };
}

// The first sales response after the event at index k: a contact, or a move out of sales_ready to
// sql, recycled or disqualified.
function responseAfter(events, k) {
  for (let j = k + 1; j < events.length; j += 1) {
    const e = events[j];
    if (e.kind === 'contact') return e;
    if (e.from === 'sales_ready' && (e.to === 'sql' || e.to === 'recycled' || e.to === 'disqualified')) return e;
  }
  return null;
}

function median(sorted) {
  const n = sorted.length;
  if (n === 0) return null;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
function nearestRank(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.ceil(p * sorted.length) - 1];
}
const ratio = (a, b) => (b === 0 ? null : a / b);

// Every KPI of PRODUCT.md for the views (leads) given, over [from, to).
function computeKpis(views, from, to, now, slaHours) {
  const inPeriod = (t) => t >= from && t < to;
  const k = {
    leads: 0, mqls: 0, sales_ready: 0, sqls: 0, opportunities: 0, accepted: 0, rejected: 0, recycled: 0,
    won: 0, lost: 0, revenue: 0, response_answered: 0, sla_due: 0, sla_met: 0, open_opportunities: 0,
    recycled_by_reason: Object.fromEntries(REASONS.map((r) => [r, 0])),
  };
  const conv = Object.fromEntries(CONVERSIONS.map(([name]) => [name, { entered: 0, reached: 0 }]));
  const hours = [];
  let cycleDaysSum = 0;
  const enteredAt = (v, stage) => (stage === 'new' ? v.lead.created : v.first.has(stage) ? v.events[v.first.get(stage)].at : null);
  const entered = (v, stage) => (stage === 'new' ? inPeriod(v.lead.created) : v.first.has(stage) && inPeriod(enteredAt(v, stage)));

  for (const v of views) {
    if (inPeriod(v.lead.created)) k.leads += 1;
    if (entered(v, 'mql')) k.mqls += 1;
    if (entered(v, 'sales_ready')) k.sales_ready += 1;
    if (entered(v, 'sql')) k.sqls += 1;
    if (entered(v, 'opportunity')) k.opportunities += 1;
    for (const e of v.events) {          // sales decisions made in the period
      if (e.kind !== 'stage' || e.from !== 'sales_ready' || !inPeriod(e.at)) continue;
      if (e.to === 'sql') k.accepted += 1;
      if (e.to === 'recycled') k.rejected += 1;
    }
    for (const [name, a, b] of CONVERSIONS) {
      if (!entered(v, a)) continue;
      conv[name].entered += 1;
      if (v.first.has(b)) conv[name].reached += 1;
    }
    if (entered(v, 'sales_ready')) {
      const k0 = v.first.get('sales_ready');
      const entry = v.events[k0].at;
      const response = responseAfter(v.events, k0);
      if (response) {
        const h = (response.at - entry) / 3600;
        hours.push(h);
        k.response_answered += 1;
        k.sla_due += 1;
        if (h <= slaHours) k.sla_met += 1;
      } else if (entry + slaHours * 3600 <= now) {
        k.sla_due += 1;
      }
    }
    if (entered(v, 'recycled')) {
      k.recycled += 1;
      const reason = v.events[v.first.get('recycled')].reason;
      if (REASONS.includes(reason)) k.recycled_by_reason[reason] += 1;
    }
    if (entered(v, 'won')) {
      k.won += 1;
      k.revenue += v.lead.dealValue;
      cycleDaysSum += (enteredAt(v, 'won') - v.lead.created) / DAY;
    }
    if (entered(v, 'lost')) k.lost += 1;
    // Open at the end of the period (now, for one not over): the last stage row before that instant.
    let stageAtEnd = null;
    for (const e of v.events) if (e.kind === 'stage' && e.at < Math.min(to, now + 1)) stageAtEnd = e.to;
    if (stageAtEnd === 'opportunity') k.open_opportunities += 1;
  }
  k.acceptance_rate = ratio(k.accepted, k.accepted + k.rejected);
  for (const [name] of CONVERSIONS) k[name] = ratio(conv[name].reached, conv[name].entered);
  hours.sort((a, b) => a - b);
  k.response_hours_median = median(hours);
  k.response_hours_p90 = nearestRank(hours, 0.9);
  k.sla_met_rate = ratio(k.sla_met, k.sla_due);
  k.win_rate = ratio(k.won, k.won + k.lost);
  k.avg_deal = ratio(k.revenue, k.won);
  k.cycle_days = k.won === 0 ? null : cycleDaysSum / k.won;
  k.sales_velocity = k.win_rate === null || k.avg_deal === null || k.cycle_days === null || k.cycle_days <= 0
    ? null : (k.open_opportunities * k.win_rate * k.avg_deal) / k.cycle_days;
  return k;
}


// Current SLA breaches: in sales_ready now, latest entry more than sla_hours ago, no response since.
function computeBreaches(views, now, slaHours) {
  const out = [];
  for (const v of views) {
    if (v.lead.stage !== 'sales_ready') continue;
    let latest = -1;
    v.events.forEach((e, k) => { if (e.kind === 'stage' && e.to === 'sales_ready') latest = k; });
    if (latest < 0) continue;
    const entry = v.events[latest].at;
    if (responseAfter(v.events, latest)) continue;
    if (now - entry > slaHours * 3600) {
      out.push({ lead_id: v.lead.id, owner_id: v.lead.owner, entered_at: entry, hours_waiting: (now - entry) / 3600 });
    }
  }
  out.sort((a, b) => b.hours_waiting - a.hours_waiting || a.lead_id - b.lead_id);
  return out;
}

// Targets: each month's value weighted by the share of its seconds inside [from, min(to, now)).
function monthBounds(month) {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return [Date.UTC(y, mo - 1, 1) / 1000, Date.UTC(y, mo, 1) / 1000];
}
function proRated(months, field, from, to, now) {
  const end = Math.min(to, now);
  if (end <= from) return null;
  let sum = 0;
  let any = false;
  for (const month of months) {
    const value = month[field];
    const bounds = monthBounds(month.month);
    if (value == null || !bounds) continue;
    const overlap = Math.min(bounds[1], end) - Math.max(bounds[0], from);
    if (overlap <= 0) continue;
    any = true;
    sum += (value * overlap) / (bounds[1] - bounds[0]);
  }
  return any ? sum : null;
}
function acceptanceTarget(months, from, to) {
  const rates = [];
  for (const month of months) {
    const bounds = monthBounds(month.month);
    if (month.acceptance_rate == null || !bounds) continue;
    if (Math.min(bounds[1], to) - Math.max(bounds[0], from) > 0) rates.push(month.acceptance_rate);
  }
  return rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null;
}
function targetCheck(actual, target) {
  const attainment = target == null || actual == null || target === 0 ? null : actual / target;
  const colour = attainment == null ? 'none' : attainment >= 1 ? 'green' : attainment >= 0.8 ? 'amber' : 'red';
  return { target, attainment, colour };
}

// ---------------------------------------------------------------------------------------------
// Comparison: counts exactly, floating values within 1e-9 relative, null only with null.
function sameNumber(mine, theirs) {
  if (mine === null || theirs === null) return mine === theirs;
  if (typeof theirs !== 'number' || !Number.isFinite(theirs)) return false;
  if (Number.isInteger(mine) && Number.isInteger(theirs)) return mine === theirs;
  return Math.abs(mine - theirs) <= 1e-9 * Math.max(Math.abs(mine), Math.abs(theirs));
}
const KPI_FIELDS = ['leads', 'mqls', 'sales_ready', 'sqls', 'opportunities', 'accepted', 'rejected', 'acceptance_rate',
                    ...CONVERSIONS.map(([name]) => name), 'response_answered', 'response_hours_median',
                    'response_hours_p90', 'sla_due', 'sla_met', 'sla_met_rate', 'recycled', 'won', 'lost', 'revenue',
                    'win_rate', 'avg_deal', 'cycle_days', 'open_opportunities', 'sales_velocity'];
const COUNT_FIELDS = new Set(['leads', 'mqls', 'sales_ready', 'sqls', 'opportunities', 'accepted', 'rejected',
                              'response_answered', 'sla_due', 'sla_met', 'recycled', 'won', 'lost', 'revenue',
                              'open_opportunities']);

function compareKpis(where, mine, theirs, problems) {
  for (const field of KPI_FIELDS) {
    if (!(field in theirs)) { problems.push(`${where}.${field}: missing from the response`); continue; }
    const ok = COUNT_FIELDS.has(field) ? mine[field] === theirs[field] : sameNumber(mine[field], theirs[field]);
    if (!ok) problems.push(`${where}.${field}: recomputed ${mine[field]}, server ${theirs[field]}`);
  }
  for (const reason of REASONS) {
    const theirsCount = theirs.recycled_by_reason?.[reason];
    if (mine.recycled_by_reason[reason] !== theirsCount) {
      problems.push(`${where}.recycled_by_reason.${reason}: recomputed ${mine.recycled_by_reason[reason]}, server ${theirsCount}`);
    }
  }
  const extra = Object.keys(theirs.recycled_by_reason ?? {}).filter((r) => !REASONS.includes(r));
  if (extra.length) problems.push(`${where}.recycled_by_reason: unknown reasons ${extra}`);
}

function compareTargets(where, mine, theirs, problems) {
  for (const name of Object.keys(mine)) {
    const t = theirs?.[name];
    if (!t) { problems.push(`${where}.targets.${name}: missing`); continue; }
    for (const part of ['target', 'attainment']) {
      if (!sameNumber(mine[name][part], t[part])) {
        problems.push(`${where}.targets.${name}.${part}: recomputed ${mine[name][part]}, server ${t[part]}`);
      }
    }
    if (mine[name].colour !== t.colour) {
      problems.push(`${where}.targets.${name}.colour: recomputed ${mine[name].colour}, server ${t.colour}`);
    }
  }
}

function expectedTargets(months, total, from, to, now) {
  return {
    leads: targetCheck(total.leads, proRated(months, 'leads', from, to, now)),
    mqls: targetCheck(total.mqls, proRated(months, 'mqls', from, to, now)),
    sqls: targetCheck(total.sqls, proRated(months, 'sqls', from, to, now)),
    revenue: targetCheck(total.revenue, proRated(months, 'revenue', from, to, now)),
    acceptance_rate: targetCheck(total.acceptance_rate, acceptanceTarget(months, from, to)),
  };
}

// Groups: only those with some non-zero count (open opportunities included, so a group with nothing
// in the period but an open deal is listed), most leads first, ties by key as text.
function expectedGroups(views, keyOf, from, to, now, slaHours) {
  const byKey = new Map();
  for (const v of views) {
    const key = keyOf(v.lead);
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(v);
  }
  const groups = [];
  for (const [key, members] of byKey) {
    const kpis = computeKpis(members, from, to, now, slaHours);
    if ([...COUNT_FIELDS].some((c) => kpis[c] !== 0)) groups.push({ key, kpis });
  }
  groups.sort((a, b) => b.kpis.leads - a.kpis.leads || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return groups;
}

// What each definition activated in [from, to) did there at once (kpi.h DefinitionEffect): the
// leads whose first entry into mql, or into sales_ready, in the period is a history row with the
// reason "definition vN" of that version.
function expectedEffects(views, definitions, from, to) {
  const inPeriod = (t) => t >= from && t < to;
  return definitions.filter((d) => inPeriod(d.activatedAt)).map((d) => {
    const effect = { version: d.version, activated_at: d.activatedAtText, mqls: 0, sales_ready: 0 };
    for (const v of views) {
      for (const stage of ['mql', 'sales_ready']) {
        if (!v.first.has(stage)) continue;
        const row = v.events[v.first.get(stage)];
        if (inPeriod(row.at) && row.reason === `definition v${d.version}`) effect[stage === 'mql' ? 'mqls' : 'sales_ready'] += 1;
      }
    }
    return effect;
  });
}

// The drill-down figures (GET /api/leads?entered=...&count=true): each list holds the figure's leads.
const DRILL_DOWNS = [['new', 'leads'], ['mql', 'mqls'], ['sales_ready', 'sales_ready'], ['sql', 'sqls'],
                     ['opportunity', 'opportunities'], ['won', 'won'], ['lost', 'lost'], ['recycled', 'recycled']];

// ---------------------------------------------------------------------------------------------
describe('scorecard KPIs recomputed from the exports', () => {
  let database;
  let server;
  let base;
  let cookie;
  let data;        // exports
  let funnel;
  let scenario;    // leads the test itself moved or contacted

  async function signIn(email) {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: DEMO_USER.password }),
    });
    assert.equal(login.status, 200, `sign-in as ${email}`);
    const session = /tandem_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '');
    assert.ok(session, 'login sets the tandem_session cookie');
    return session[0];
  }
  async function send(as, method, path, body) {
    const response = await fetch(base + path, {
      method, headers: { cookie: as, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    assert.ok(response.status === 200 || response.status === 201, `${method} ${path}: ${response.status} ${await response.text()}`);
  }
  async function api(path) {
    const response = await fetch(base + path, { headers: { cookie } });
    assert.equal(response.status, 200, `GET ${path}: ${response.status} ${await response.clone().text()}`);
    return response;
  }
  const json = async (path) => (await api(path)).json();
  const text = async (path) => (await api(path)).text();

  before(async () => {
    database = await testDatabase();
    server = await startTandem({ db: database.db, args: ['--demo', '--leads', '3000'] });
    base = server.base;
    cookie = await signIn(DEMO_USER.email);

    // The demo's contacts all come after the sales decision, so a few live ones are added to
    // exercise "a logged contact answers the handover": four mql leads that were never handed
    // over go to sales_ready; a second later its rep contacts the first, a sales leader the second;
    // only marketing writes about the third (no sales contact: it stays unanswered), and the fourth
    // is rejected by its rep through the feedback form, which is the lead's rejection like any other.
    // Every other lead already waiting in sales_ready gets a note from the sales leader (its breach,
    // if any, ends).
    const leadsBefore = csvObjects(await text('/api/leads/export.csv'));
    const handedOver = new Set(csvObjects(await text('/api/stage-history.csv'))
      .filter((row) => row.to === 'sales_ready').map((row) => int(row.lead_id)));
    const fresh = leadsBefore.filter((l) => l.stage === 'mql' && !handedOver.has(int(l.id))).slice(0, 4).map((l) => int(l.id));
    const waiting = leadsBefore.filter((l) => l.stage === 'sales_ready').map((l) => int(l.id));
    assert.equal(fresh.length, 4, 'the demo has mql leads never handed over');
    for (const id of fresh) await send(cookie, 'POST', `/api/leads/${id}/transitions`, { to: 'sales_ready' });
    await new Promise((resolve) => setTimeout(resolve, 1100));   // contacts strictly after the handover
    // Reps act on their own leads: round robin gave each fresh lead to one of them.
    const people = (await json('/api/users')).items;
    const repOf = async (id) => {
      const owner = (await json(`/api/leads/${id}`)).owner_id;
      return signIn(people.find((user) => user.id === owner).email);
    };
    const salesLeader = await signIn('sam@tandem.test');
    const marketer = await signIn('mark@tandem.test');
    await send(await repOf(fresh[0]), 'POST', '/api/feedback', { kind: 'objection', lead_id: fresh[0], text: 'Called: wants a pilot first.' });
    await send(salesLeader, 'POST', '/api/feedback', { kind: 'general', lead_id: fresh[1], text: 'Intro call booked.' });
    await send(marketer, 'POST', '/api/feedback', { kind: 'question', lead_id: fresh[2], text: 'Did anyone call?' });
    await send(cookie, 'POST', '/api/feedback', { kind: 'general', lead_id: fresh[2], text: 'Nudged sales.' });
    await send(await repOf(fresh[3]), 'POST', '/api/feedback', { kind: 'rejection', lead_id: fresh[3], reason: 'no_budget', text: 'Too small.' });
    for (const id of waiting.filter((_, k) => k % 2 === 1)) {
      await send(salesLeader, 'POST', '/api/feedback', { kind: 'question', lead_id: id, text: 'Left a voicemail.' });
    }
    scenario = { fresh, waiting };

    const feedback = [];
    for (let cursor = null, page = 0; ; page += 1) {
      assert.ok(page < 100, 'feedback pagination does not end');
      const body = await json(`/api/feedback?limit=500${cursor == null ? '' : `&cursor=${cursor}`}`);
      feedback.push(...body.items);
      if (body.next_cursor == null) break;
      cursor = body.next_cursor;
    }
    const users = [];
    for (let cursor = null; ;) {
      const body = await json(`/api/users${cursor == null ? '' : `?cursor=${cursor}`}`);
      users.push(...body.items);
      if (body.next_cursor == null) break;
      cursor = body.next_cursor;
    }
    data = {
      definitions: (await json('/api/definitions')).items.filter((d) => d.activated_at)
        .map((d) => ({ version: d.version, activatedAt: seconds(d.activated_at), activatedAtText: d.activated_at }))
        .sort((a, b) => a.activatedAt - b.activatedAt),
      leadsCsv: await text('/api/leads/export.csv'),
      historyCsv: await text('/api/stage-history.csv'),
      feedback,
      users,
      campaigns: (await json('/api/campaigns')).items,
      targets: await json('/api/targets'),
    };
    funnel = buildFunnel(data);
  });

  after(async () => {
    await server?.stop();
    database?.stop();
  });

  test('the exports are complete and parse', () => {
    assert.equal(funnel.leads.length, 3000);
    assert.ok(funnel.leads.every((l) => SOURCES.includes(l.source)), 'every lead has a known source');
    assert.ok(funnel.contacts > 0, 'some feedback counts as a sales contact');
    // The live scenario: the rep's and the sales leader's notes answer their handovers, marketing's do
    // not, and the rejection logged as feedback is the rejection itself.
    const now = Math.floor(Date.now() / 1000);
    const firstResponse = (id) => {
      const v = leadView(funnel.leads.find((l) => l.id === id), now);
      return responseAfter(v.events, v.first.get('sales_ready'));
    };
    assert.equal(firstResponse(scenario.fresh[0])?.kind, 'contact');
    assert.equal(firstResponse(scenario.fresh[1])?.kind, 'contact');
    assert.equal(firstResponse(scenario.fresh[2]), null);
    const rejected = firstResponse(scenario.fresh[3]);
    assert.equal(rejected?.to, 'recycled');
    assert.equal(rejected?.reason, 'no_budget');
    assert.deepEqual(parseCsv('a,"b,""c""\r\nd",e\r\n1,,"x"\r\n'), [['a', 'b,"c"\r\nd', 'e'], ['1', '', 'x']]);
  });

  // Asks the server for [from, to) and recomputes everything it answers.
  async function crossCheck(from, to, { group = 'source', weekly = true } = {}) {
    const body = await json(`/api/scorecard?from=${from}&to=${to}&group=${group}&weekly=${weekly}`);
    assert.equal(body.from, from);
    assert.equal(body.to, to);
    const now = seconds(body.now);
    const sla = body.sla_hours;
    assert.equal(sla, data.targets.sla.first_response_hours, 'the scorecard uses the SLA setting');
    const f = dateSeconds(from);
    const t = dateSeconds(to);
    const views = funnel.leads.map((l) => leadView(l, now)).filter(Boolean);
    const problems = [];
    const where = `[${from}, ${to}) now ${body.now}`;
    const card = body.scorecard;

    const total = computeKpis(views, f, t, now, sla);
    compareKpis(`${where} total`, total, card.total, problems);
    compareTargets(where, expectedTargets(data.targets.months, total, f, t, now), card.targets, problems);

    const keyOf = group === 'source' ? (l) => l.source : (l) => l.campaign;
    const groups = expectedGroups(views, keyOf, f, t, now, sla);
    const mineKeys = groups.map((g) => g.key);
    const theirKeys = card.groups.map((g) => g.key);
    if (JSON.stringify(mineKeys) !== JSON.stringify(theirKeys)) {
      problems.push(`${where} ${group} groups: recomputed [${mineKeys}], server [${theirKeys}]`);
    }
    for (const g of groups) {
      const theirs = card.groups.find((x) => x.key === g.key);
      if (theirs) compareKpis(`${where} ${group}=${g.key}`, g.kpis, theirs.kpis, problems);
    }

    const breaches = computeBreaches(views, now, sla);
    const theirBreaches = card.breaches.map((b) => b.lead_id);
    if (JSON.stringify(breaches.map((b) => b.lead_id)) !== JSON.stringify(theirBreaches)) {
      problems.push(`${where} breaches: recomputed [${breaches.map((b) => b.lead_id)}], server [${theirBreaches}]`);
    } else {
      breaches.forEach((b, k) => {
        const theirs = card.breaches[k];
        if (!sameNumber(b.hours_waiting, theirs.hours_waiting) || seconds(theirs.entered_at) !== b.entered_at ||
            (theirs.owner_id ?? null) !== b.owner_id) {
          problems.push(`${where} breach ${b.lead_id}: recomputed ${JSON.stringify(b)}, server ${JSON.stringify(theirs)}`);
        }
      });
    }
    // Weekly trend (OpenAPI: "whole weeks up to the period's last, at least 13"): consecutive ISO
    // weeks, Monday start, at least 13 and covering the period's first day, ending no later than
    // the week of its last day; each point counts its whole week.
    if (weekly) {
      const monday = (secs) => secs - ((new Date(secs * 1000).getUTCDay() + 6) % 7) * DAY;
      const starts = card.weeks.map((w) => dateSeconds(w.week_start));
      const shapeOk = starts.length >= 13 && starts[0] <= monday(f) && starts.at(-1) <= monday(t - DAY) &&
        starts.every((s, k) => s === monday(s) && (k === 0 || s - starts[k - 1] === 7 * DAY));
      if (!shapeOk) problems.push(`${where} weeks: not 13+ consecutive Mondays around the period: [${card.weeks.map((w) => w.week_start)}]`);
      for (const week of card.weeks) {
        const start = dateSeconds(week.week_start);
        const mine = computeKpis(views, start, start + 7 * DAY, now, sla);
        compareKpis(`${where} week ${week.week_start}`, mine, week.kpis, problems);
        const effects = expectedEffects(views, data.definitions, start, start + 7 * DAY);
        if (JSON.stringify(effects) !== JSON.stringify(week.definitions)) {
          problems.push(`${where} week ${week.week_start} definitions: recomputed ${JSON.stringify(effects)}, server ${JSON.stringify(week.definitions)}`);
        }
      }
      // Each group's own trend: the same weeks, counting that group's leads alone.
      for (const g of card.groups) {
        const members = views.filter((v) => keyOf(v.lead) === g.key);
        if (g.weeks.length !== card.weeks.length) problems.push(`${where} ${group}=${g.key}: ${g.weeks.length} weeks`);
        for (const week of g.weeks) {
          const start = dateSeconds(week.week_start);
          compareKpis(`${where} ${group}=${g.key} week ${week.week_start}`, computeKpis(members, start, start + 7 * DAY, now, sla),
                      week.kpis, problems);
        }
      }
    }
    const effects = expectedEffects(views, data.definitions, f, t);
    if (JSON.stringify(effects) !== JSON.stringify(card.definitions)) {
      problems.push(`${where} definitions: recomputed ${JSON.stringify(effects)}, server ${JSON.stringify(card.definitions)}`);
    }
    // Every total figure's list (what a click opens) has as many leads as recomputed here.
    for (const [stage, figure] of DRILL_DOWNS) {
      const listed = (await json(`/api/leads?count=true&limit=1&entered=${stage}&entered_from=${from}&entered_to=${to}`)).total;
      if (listed !== total[figure]) problems.push(`${where} list of ${figure}: ${listed} leads, recomputed ${total[figure]}`);
    }
    // The previous period (scorecard_view.h): as long as this one and just before it; while this
    // one is running, cut to the same elapsed stretch. Totals and targets only.
    if (body.previous) {
      const pf = f - (t - f);
      const pt = now > f && now < t ? pf + (now - f) : f;
      const prev = computeKpis(views, pf, pt, now, sla);
      const at = `${where} previous [${new Date(pf * 1000).toISOString()}, ${new Date(pt * 1000).toISOString()})`;
      compareKpis(at, prev, body.previous.total, problems);
      compareTargets(at, expectedTargets(data.targets.months, prev, pf, pt, now), body.previous.targets, problems);
    }
    return { body, problems, views, now, sla };
  }

  function report(problems) {
    assert.deepEqual(problems, [], `${problems.length} disagreement(s):\n${problems.join('\n')}`);
  }

  function monthStart(secs, offset = 0) {
    const d = new Date(secs * 1000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1) / 1000;
  }
  const today = () => Math.floor(Date.now() / 1000 / DAY) * DAY;

  test('current month, by source', async () => {
    const { problems } = await crossCheck(ymd(monthStart(today())), ymd(monthStart(today(), 1)));
    report(problems);
  });

  test('previous month, by source', async () => {
    const { problems } = await crossCheck(ymd(monthStart(today(), -1)), ymd(monthStart(today())));
    report(problems);
  });

  test('45 days across a month boundary and past now, by source', async () => {
    const from = today() - 40 * DAY;
    const { problems } = await crossCheck(ymd(from), ymd(from + 45 * DAY));
    report(problems);
  });

  test('45 days across a month boundary in the past, by source', async () => {
    const from = monthStart(today(), -1) - 20 * DAY;
    const { problems } = await crossCheck(ymd(from), ymd(from + 45 * DAY));
    report(problems);
  });

  test('next month (nothing has happened yet), by source', async () => {
    const { problems, body } = await crossCheck(ymd(monthStart(today(), 1)), ymd(monthStart(today(), 2)));
    assert.equal(body.scorecard.targets.leads.target, null, 'no elapsed part, no pro-rated target');
    report(problems);
  });

  test('as if the active version: over a period it was in force throughout, the same as what applied, and the leads its levels qualify', async () => {
    const active = data.definitions.at(-1);
    const from = Math.ceil(active.activatedAt / DAY + 1) * DAY;   // the first whole day after it took effect
    const to = today() + DAY;
    const body = await json(`/api/scorecard?from=${ymd(from)}&to=${ymd(to)}&group=source&as_if=${active.version}`);
    assert.equal(body.as_if.version, active.version);
    assert.deepEqual(body.as_if.as_if, body.as_if.actual);
    // Both sides count, of the leads created in the period, those whose level today reaches mql
    // (sales_ready): here read one by one from each lead's explanation, evaluated by the other path.
    const created = funnel.leads.filter((l) => l.created >= from && l.created < to);
    assert.ok(created.length > 100, `${created.length} leads in the period`);
    let mqls = 0;
    let ready = 0;
    for (const lead of created) {
      const { level } = await json(`/api/leads/${lead.id}/explanation`);
      if (level !== 'none') mqls += 1;
      if (level === 'sales_ready') ready += 1;
    }
    assert.equal(body.as_if.actual.total.mqls, mqls);
    assert.equal(body.as_if.actual.total.sales_ready, ready);
    // Everything not counted by level is what happened, as in the real scorecard.
    for (const field of ['leads', 'sqls', 'won', 'revenue', 'open_opportunities', 'acceptance_rate']) {
      assert.equal(body.as_if.actual.total[field], body.scorecard.total[field], field);
    }
    // The version before, over the same leads: the same method, other rules.
    const older = data.definitions.at(-2);
    if (older) {
      const other = await json(`/api/scorecard?from=${ymd(from)}&to=${ymd(to)}&group=source&as_if=${older.version}`);
      assert.deepEqual(other.as_if.actual.total, body.as_if.actual.total);
      assert.notDeepEqual(other.as_if.as_if.total, other.as_if.actual.total, 'v1 and v2 qualify differently');
    }
  });

  test('45 days across a month boundary, by campaign', async () => {
    const from = today() - 40 * DAY;
    const { problems } = await crossCheck(ymd(from), ymd(from + 45 * DAY), { group: 'campaign', weekly: false });
    report(problems);
  });
});
