// 10. The theme's optional "open now" script (themes/default/static/hours.js) on a site of
// its own: the example site with its hours replaced by a known week in Asia/Tokyo (not the
// machine's zone, UTC, nor the visitor's, America/Los_Angeles) and special days computed
// from today. With Playwright's clock fixed at instants given in UTC: the status line
// ("Open now, until 18:00", "Closed, opens tomorrow 10:00", "Closed today (note), opens …")
// says exactly what Tokyo's clock implies, and today's row of the hours table is Tokyo's
// day (class "today", aria-current="date") even where the visitor's day, or UTC's, is
// another; special days override the week both for today and for the next opening. With
// JavaScript off the table, special hours and time zone are all there and the status line
// stays hidden. The published hours.js is under 2 KB and the home page's footer shows the
// status too (the contact page's footer leaves out what the page itself shows: one status).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import {
  SITES, frontdeskBin, launchBrowser, readBaseUrl, staticServer, tempDir,
} from './helpers.mjs';

const TZ = 'Asia/Tokyo'; // UTC+9 all year (no daylight saving time)
const TZ_OFFSET_MIN = 9 * 60;
const VISITOR_TZ = 'America/Los_Angeles';
const DAY = 864e5;

let jsBrowser = null;
let noJsBrowser = null;
const closers = [];
after(async () => {
  for (const c of closers) await c();
  if (jsBrowser) await jsBrowser.close();
  if (noJsBrowser) await noJsBrowser.close();
});

// ------------------------------------------------------------------ dates in Tokyo

// A Tokyo calendar date is held as the UTC midnight of the same Y-M-D (ms).
const tokyoDate = (ms) => Math.floor((ms + TZ_OFFSET_MIN * 60e3) / DAY) * DAY;
const iso = (d) => new Date(d).toISOString().slice(0, 10);
const weekday = (d) => (new Date(d).getUTCDay() + 6) % 7; // 0 = Monday
/** The instant (a Date) when Tokyo's wall clock shows `hhmm` on Tokyo date `d`. */
const at = (d, hhmm) => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(d + (h * 60 + m - TZ_OFFSET_MIN) * 60e3);
};
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const SHORT_DAYS = DAY_NAMES.map((n) => n.slice(0, 3));
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
/** How the build writes a one-day special's date: "Wed 9 Dec 2026". */
const when = (d) => {
  const x = new Date(d);
  return `${SHORT_DAYS[weekday(d)]} ${x.getUTCDate()} ${MONTHS[x.getUTCMonth()]} ${x.getUTCFullYear()}`;
};

// Today in Tokyo (the build's "today" is the business's date), and the week the test
// lives in: WED is the first Wednesday at least 3 days ahead (so the build, which keeps
// the special days not over and announces those of the next 30 days, shows it whatever
// the hour of the run), MON..SUN its week.
const TODAY = tokyoDate(Date.now());
let WED = TODAY + 3 * DAY;
while (weekday(WED) !== 2) WED += DAY;
const MON = WED - 2 * DAY;
const TUE = WED - DAY;
const THU = WED + DAY;
const FRI = WED + 2 * DAY;
const SAT = WED + 3 * DAY;
const SUN = WED + 4 * DAY;
const PAST = TODAY - 10 * DAY; // over: the build drops it
const FAR = WED + 60 * DAY; // not over but more than 30 days ahead: in the data, not announced

const CLOSED_NOTE = 'Staff training day';
const LATE_NOTE = 'Late opening';

// ------------------------------------------------------------------ the site

const CONTACT_HOURS = [
  'hours:',
  `  timezone: ${TZ}`,
  '  weekly:',
  '    mon-fri: "09:00-18:00"',
  '    sat: "10:00-14:00"',
  '    sun: closed',
  '  special:',
  `    - {date: ${iso(PAST)}, closed: true, note: Past closure}`,
  `    - {date: ${iso(WED)}, closed: true, note: ${CLOSED_NOTE}}`,
  `    - {date: ${iso(THU)}, hours: "12:00-16:00", note: ${LATE_NOTE}}`,
  `    - {date: ${iso(FAR)}, closed: true, note: Far closure}`,
  '',
].join('\n');

/** The example site with CONTACT_HOURS in place of its own hours block. */
function makeHoursSite() {
  const src = SITES.example.source();
  const dir = path.join(tempDir('hours'), 'site');
  fs.cpSync(src, dir, { recursive: true, filter: (s) => !/[/\\](public|\.frontdesk)$/.test(s) });
  const file = path.join(dir, 'contact.yaml');
  const contact = fs.readFileSync(file, 'utf8');
  // The block: the `hours:` line and every following indented (or blank) line.
  const re = /^hours:.*\n(?:(?:[ \t].*)?\n)*/m;
  if (!re.test(contact)) throw new Error(`the example site's contact.yaml (${file}) has no hours: block to replace`);
  fs.writeFileSync(file, contact.replace(re, CONTACT_HOURS));
  // British English: 24-hour times and a week from Monday, which the cases below read.
  const site = path.join(dir, 'site.yaml');
  fs.writeFileSync(site, fs.readFileSync(site, 'utf8').replace(/^language: en$/m, 'language: en-GB'));
  return dir;
}

let built = null;
/** Build the hours site once into a temp dir: { src, out, baseUrl }. */
function buildHoursSite() {
  if (built) return built;
  const src = makeHoursSite();
  const bin = frontdeskBin();
  const out = path.join(tempDir('hours-out'), 'public');
  const r = spawnSync(bin, ['build', src, '--out', out], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new Error(`running ${bin} build failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`\`frontdesk build ${src} --out ${out}\` exited ${r.status}:\n${r.stderr}${r.stdout}`);
  built = { src, out, baseUrl: readBaseUrl(src) };
  return built;
}

let server = null;
async function serve() {
  if (!server) {
    server = await staticServer(buildHoursSite().out);
    closers.push(server.close);
  }
  return server;
}

const read = (out, rel) => fs.readFileSync(path.join(out, rel), 'utf8');
function hoursData(html, where) {
  const all = [...html.matchAll(/<script type="application\/json" id="hours-data">([^<]*)<\/script>/g)];
  assert.equal(all.length, 1, `${where}: want exactly one #hours-data script, found ${all.length}`);
  return JSON.parse(all[0][1]);
}

// What the build must hand to the script: the week in minutes, Monday first, and the
// special days not over yet (the past one dropped, the far one kept).
const EXPECTED_DATA = {
  tz: TZ,
  week: [
    [[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1080]],
    [[600, 840]],
    [],
  ],
  special: [
    { from: iso(WED), to: iso(WED), spans: [], note: CLOSED_NOTE },
    { from: iso(THU), to: iso(THU), spans: [[720, 960]], note: LATE_NOTE },
    { from: iso(FAR), to: iso(FAR), spans: [], note: 'Far closure' },
  ],
  // The script's words in the site's language (British English here), the weekday names
  // Monday first, and every time it may show, as the language writes it.
  t: {
    open_until: 'Open now, until {time}',
    closed: 'Closed',
    closed_now: 'Closed now ({note})',
    closed_today: 'Closed today ({note})',
    opens_today: '{status}, opens today {time}',
    opens_tomorrow: '{status}, opens tomorrow {time}',
    opens_on: '{status}, opens {day} {time}',
  },
  days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  times: { 540: '09:00', 600: '10:00', 720: '12:00', 840: '14:00', 960: '16:00', 1080: '18:00' },
};

const TABLE = [
  ['Monday', '09:00–18:00'], ['Tuesday', '09:00–18:00'], ['Wednesday', '09:00–18:00'],
  ['Thursday', '09:00–18:00'], ['Friday', '09:00–18:00'], ['Saturday', '10:00–14:00'], ['Sunday', 'Closed'],
];
const SPECIAL_LIST = [
  `${when(WED)}: Closed (${CLOSED_NOTE})`,
  `${when(THU)}: 12:00–16:00 (${LATE_NOTE})`,
];

// ------------------------------------------------------------------ the cases

// Each instant as Tokyo sees it; `boundary` marks those where the visitor's day (and for
// some UTC's) is not Tokyo's, so a script reading the local or UTC date would fail.
const CASES = [
  { name: 'Monday 10:00', d: MON, t: '10:00', text: 'Open now, until 18:00', boundary: true },
  { name: 'Monday 08:59, before opening', d: MON, t: '08:59', text: 'Closed, opens today 09:00', boundary: true },
  { name: 'Monday 09:00, at opening', d: MON, t: '09:00', text: 'Open now, until 18:00', boundary: true },
  { name: 'Monday 18:00, at closing', d: MON, t: '18:00', text: 'Closed, opens tomorrow 09:00' },
  // Wednesday is a special closed day and Thursday opens late: the next opening skips one and reads the other.
  { name: 'Tuesday 18:30, before the special days', d: TUE, t: '18:30', text: 'Closed, opens Thursday 12:00' },
  { name: `Wednesday 11:00, closed (${CLOSED_NOTE})`, d: WED, t: '11:00', text: `Closed today (${CLOSED_NOTE}), opens tomorrow 12:00`, boundary: true },
  { name: `Thursday 13:00, special hours (${LATE_NOTE})`, d: THU, t: '13:00', text: 'Open now, until 16:00', boundary: true },
  { name: 'Friday 18:30', d: FRI, t: '18:30', text: 'Closed, opens tomorrow 10:00' },
  // Tokyo's Saturday morning is the visitor's Friday afternoon, when Friday's hours would say "until 18:00".
  { name: 'Saturday 10:30 (the visitor\'s Friday)', d: SAT, t: '10:30', text: 'Open now, until 14:00', boundary: true },
  { name: 'Saturday 23:30', d: SAT, t: '23:30', text: 'Closed, opens Monday 09:00' },
  // Just after Tokyo's midnight: Sunday in Tokyo, still Saturday in UTC and for the visitor.
  { name: 'Sunday 00:30 (Saturday in UTC and for the visitor)', d: SUN, t: '00:30', text: 'Closed, opens tomorrow 09:00', boundary: true, utcBoundary: true },
  { name: 'Sunday 12:00', d: SUN, t: '12:00', text: 'Closed, opens tomorrow 09:00', boundary: true },
];

/** The visitor's weekday (0 = Sunday, as Date#getDay) at an instant. */
function visitorDay(instant) {
  const s = new Intl.DateTimeFormat('en-US', { timeZone: VISITOR_TZ, weekday: 'short' }).format(instant);
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(s);
}

// Runs in the page: what the script left.
function pageState() {
  const rendered = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
    && el.getClientRects().length > 0;
  return {
    now: Date.now(),
    localDay: new Date().getDay(),
    utcDay: new Date().getUTCDay(),
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    statuses: [...document.querySelectorAll('[data-open-status]')].map((el) => ({
      inFooter: !!el.closest('footer'),
      inMain: !!el.closest('main'),
      hidden: el.hidden,
      rendered: rendered(el),
      text: el.textContent,
      classes: [...el.classList].filter((c) => c.startsWith('is-')),
    })),
    rows: [...document.querySelectorAll('.hours-table tr')].map((tr) => ({
      day: tr.getAttribute('data-day'),
      name: tr.querySelector('th') ? tr.querySelector('th').textContent.trim() : null,
      text: tr.querySelector('td') ? tr.querySelector('td').textContent.trim() : null,
      today: tr.classList.contains('today'),
      current: tr.getAttribute('aria-current'),
      closed: tr.classList.contains('closed'),
    })),
    specials: [...document.querySelectorAll('.special-hours li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
    zoneLine: (document.querySelector('.hours-zone') || {}).textContent || null,
  };
}

async function jsContext() {
  if (!jsBrowser) {
    // A German locale too: the script must not take its words or clock format from the visitor.
    jsBrowser = await launchBrowser({ timezoneId: VISITOR_TZ, locale: 'de-DE' });
  }
  return jsBrowser;
}

/** Open `urlPath` with the clock fixed at `instant`; returns [pageState(), page errors]. */
async function visitAt(urlPath, instant) {
  const srv = await serve();
  const ctx = await jsContext();
  await ctx.clock.setFixedTime(instant);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console.error: ${m.text()}`); });
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  try {
    const res = await page.goto(new URL(urlPath, srv.url).href, { waitUntil: 'load' });
    assert.equal(res.status(), 200, `${urlPath}: status ${res.status()}`);
    return [await page.evaluate(pageState), errors];
  } finally {
    await page.close();
  }
}

// ------------------------------------------------------------------ the tests

test('hours: the build hands the script Tokyo\'s week and the special days not over, and announces those of the next 30 days', () => {
  const { out } = buildHoursSite();
  assert.deepEqual(hoursData(read(out, 'contact/index.html'), '/contact/'), EXPECTED_DATA);
  assert.deepEqual(hoursData(read(out, 'index.html'), '/'), EXPECTED_DATA);
  const contact = read(out, 'contact/index.html');
  const list = contact.match(/<ul class="special-hours">([\s\S]*?)<\/ul>/);
  assert.ok(list, '/contact/ has no <ul class="special-hours"> (the special days of the next 30 days)');
  const items = [...list[1].matchAll(/<li>([\s\S]*?)<\/li>/g)]
    .map((m) => m[1].replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim());
  assert.deepEqual(items, SPECIAL_LIST);
});

test('hours: the published hours.js is under 2 KB and every page with hours data loads it', () => {
  const { out } = buildHoursSite();
  const file = path.join(out, 'hours.js');
  assert.ok(fs.existsSync(file), 'public/hours.js was not published');
  const size = fs.statSync(file).size;
  assert.ok(size > 0 && size < 2048, `public/hours.js is ${size} bytes, want under 2048`);
  for (const rel of ['index.html', 'contact/index.html']) {
    const scripts = [...read(out, rel).matchAll(/<script src="([^"]*hours\.js)"([^>]*)>/g)];
    assert.equal(scripts.length, 1, `${rel}: want one <script src=".../hours.js">, found ${scripts.length}`);
    assert.equal(scripts[0][1], '/hours.js', `${rel}: hours.js is loaded from ${scripts[0][1]}`);
    assert.match(scripts[0][2], /\bdefer\b/, `${rel}: hours.js is not deferred`);
  }
});

for (const c of CASES) {
  const instant = at(c.d, c.t);
  test(`hours: /contact/ at ${c.name} in Tokyo (${instant.toISOString()}), visitor in ${VISITOR_TZ}`, async () => {
    const [s, errors] = await visitAt('/contact/', instant);
    assert.deepEqual(errors, [], 'the page logged errors');

    // The set-up is what the case claims: the fixed clock, the visitor's zone, and (for the
    // boundary cases) a visitor's day, or UTC day, that is not Tokyo's.
    assert.equal(s.now, instant.getTime(), 'the page clock is not at the fixed instant');
    assert.equal(s.zone, VISITOR_TZ);
    assert.equal(s.localDay, visitorDay(instant), 'the page\'s local day is not the visitor\'s');
    const tokyoDay = (weekday(c.d) + 1) % 7; // as getDay
    if (c.boundary) assert.notEqual(s.localDay, tokyoDay, `${c.name}: the visitor's day should differ from Tokyo's`);
    if (c.utcBoundary) assert.notEqual(s.utcDay, tokyoDay, `${c.name}: the UTC day should differ from Tokyo's`);

    // The status: in the contact card (the footer of /contact/ does not repeat the page's
    // hours), shown, the exact words, one class.
    assert.equal(s.statuses.length, 1, `want the contact card's [data-open-status] only, found ${s.statuses.length}`);
    assert.deepEqual(s.statuses.map((x) => [x.inMain, x.inFooter]), [[true, false]]);
    const open = c.text.startsWith('Open now');
    for (const st of s.statuses) {
      const where = st.inFooter ? 'footer' : 'contact card';
      assert.equal(st.text, c.text, `${where}: status text`);
      assert.equal(st.hidden, false, `${where}: the status is still hidden`);
      assert.equal(st.rendered, true, `${where}: the status is not rendered`);
      assert.deepEqual(st.classes, [open ? 'is-open' : 'is-closed'], `${where}: status classes`);
    }

    // Today's row is Tokyo's day, and only that one.
    assert.deepEqual(s.rows.map((r) => [r.name, r.text]), TABLE);
    assert.deepEqual(s.rows.map((r) => r.day), ['0', '1', '2', '3', '4', '5', '6']);
    const marked = s.rows.filter((r) => r.today).map((r) => r.name);
    assert.deepEqual(marked, [DAY_NAMES[weekday(c.d)]], 'the row marked "today"');
    const current = s.rows.filter((r) => r.current !== null).map((r) => [r.name, r.current]);
    assert.deepEqual(current, [[DAY_NAMES[weekday(c.d)], 'date']], 'the rows with aria-current');
  });
}

test('hours: the home page shows the status near the top and in the footer', async () => {
  for (const [d, t, text] of [[MON, '10:00', 'Open now, until 18:00'], [SUN, '00:30', 'Closed, opens tomorrow 09:00']]) {
    const instant = at(d, t);
    const [s, errors] = await visitAt('/', instant);
    const where = `/ at ${DAY_NAMES[weekday(d)]} ${t} Tokyo (${instant.toISOString()})`;
    assert.deepEqual(errors, [], `${where}: the page logged errors`);
    assert.equal(s.now, instant.getTime(), `${where}: the page clock is not at the fixed instant`);
    const status = (inMain) => ({
      classes: [text.startsWith('Open') ? 'is-open' : 'is-closed'],
      hidden: false,
      inFooter: !inMain,
      inMain,
      rendered: true,
      text,
    });
    // The home page's top (beside the call button) and the footer say the same.
    assert.deepEqual(s.statuses, [status(true), status(false)], `${where}: the statuses`);
  }
});

test('hours: without JavaScript /contact/ shows the whole week, the special days and the zone; the status stays hidden', async () => {
  const srv = await serve();
  if (!noJsBrowser) noJsBrowser = await launchBrowser({ javaScriptEnabled: false, timezoneId: VISITOR_TZ });
  const page = await noJsBrowser.newPage();
  closers.unshift(() => page.close());
  const res = await page.goto(new URL('/contact/', srv.url).href, { waitUntil: 'load' });
  assert.equal(res.status(), 200);

  // The data is there; with page scripts off, nothing acts on it.
  assert.equal(await page.locator('#hours-data').count(), 1, 'no #hours-data on /contact/');
  const s = await page.evaluate(pageState);

  assert.deepEqual(s.rows.map((r) => [r.name, r.text]), TABLE, 'the hours table');
  assert.deepEqual(s.rows.map((r) => r.closed), [false, false, false, false, false, false, true], 'rows with class "closed"');
  assert.deepEqual(s.rows.filter((r) => r.today || r.current !== null), [], 'a row is marked today without JavaScript');
  const visibleRows = await page.locator('.hours-table tr').evaluateAll(
    (trs) => trs.filter((tr) => tr.getClientRects().length > 0 && tr.checkVisibility()).length,
  );
  assert.equal(visibleRows, 7, 'visible rows in the hours table');
  assert.deepEqual(s.specials, SPECIAL_LIST, 'the special hours list');
  assert.equal(s.zoneLine, `Local time (${TZ})`);

  assert.equal(s.statuses.length, 1, 'want the contact card\'s [data-open-status] only');
  for (const st of s.statuses) {
    const where = st.inFooter ? 'footer' : 'contact card';
    assert.equal(st.hidden, true, `${where}: the status lost its hidden attribute without JavaScript`);
    assert.equal(st.rendered, false, `${where}: the empty status is rendered without JavaScript`);
    assert.equal(st.text, '', `${where}: the status has text without JavaScript`);
    assert.deepEqual(st.classes, [], `${where}: the status has a state class without JavaScript`);
  }
});
