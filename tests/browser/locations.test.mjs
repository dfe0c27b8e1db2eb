// Several locations (SITES.locations, tests/fixtures/locations): Portland in
// America/New_York (the main one, Mon–Fri 07:00–18:00, Sat 08:00–14:00) and San Diego in
// America/Los_Angeles (every day 09:00–17:00, closed on 2030-07-04 for Independence Day).
// With Playwright's clock fixed at instants given in UTC, each place's "open now" line on
// /locations/, the contact page and a place's own page says what that place's own clock
// implies (the visitor is in Europe/Berlin: neither zone), and the footer's line is the
// main place's. The new pages pass axe, and nothing sticks out at 320 and 375 px.
// (The Nu HTML Checker and the schema.org JSON-LD gate run on this site in html.test.mjs
// and jsonld.test.mjs.)

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  axeViolations, buildSite, describeAxeViolation, sharedBrowser, staticServer,
} from './helpers.mjs';

const browser = sharedBrowser({ timezoneId: 'Europe/Berlin', locale: 'en-US' });
let server = null;
async function serve() {
  if (!server) {
    server = await staticServer(buildSite('locations').out);
    browser.atEnd(() => server.close());
  }
  return server;
}

/** The status lines of `urlPath` at `instant`: { portland, sanDiego, footer, todayRows }. */
async function statusAt(urlPath, instant) {
  const srv = await serve();
  const ctx = await browser.get();
  await ctx.clock.setFixedTime(instant);
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(new URL(urlPath, srv.url).href, { waitUntil: 'load' });
  const state = await page.evaluate(() => {
    const line = (sel) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      // CLDR puts a narrow no-break space before "AM": compared as a space.
      const text = el.textContent.replace(/[\u00a0\u202f]/g, ' ').trim();
      return { text, hidden: el.hidden, open: el.classList.contains('is-open') };
    };
    return {
      portland: line('main #portland [data-open-status]'),
      sanDiego: line('main #san-diego [data-open-status]'),
      page: line('main .location-hours [data-open-status]'),
      footer: line('footer [data-open-status]'),
      todayRows: [...document.querySelectorAll('main .hours-table tr.today th')].map((th) => th.textContent),
    };
  });
  assert.deepEqual(errors, [], `${urlPath}: errors in the page`);
  return state;
}

// Thursday 2030-07-04, 16:00 UTC: 12:00 in Portland (EDT, open), 09:00 in San Diego (PDT),
// where a special day closes the bar.
const JULY_4_NOON_EAST = new Date('2030-07-04T16:00:00Z');
// Friday 2030-07-05, 15:30 UTC: 11:30 in Portland (open), 08:30 in San Diego (opens at 9).
const FRIDAY_MORNING = new Date('2030-07-05T15:30:00Z');
// Friday 2030-07-05, 23:00 UTC: 19:00 in Portland (closed since 18:00), 16:00 in San Diego (open).
const FRIDAY_EVENING = new Date('2030-07-05T23:00:00Z');

test('locations: each place says open or closed by its own clock, on the list and the contact page', async () => {
  for (const urlPath of ['/locations/', '/contact/']) {
    let s = await statusAt(urlPath, JULY_4_NOON_EAST);
    assert.deepEqual(s.portland, { text: 'Open now, until 6 PM', hidden: false, open: true }, `${urlPath} Portland on July 4`);
    assert.deepEqual(s.sanDiego,
      { text: 'Closed today (Independence Day), opens tomorrow 9 AM', hidden: false, open: false },
      `${urlPath} San Diego on July 4`);
    s = await statusAt(urlPath, FRIDAY_MORNING);
    assert.equal(s.portland.text, 'Open now, until 6 PM', `${urlPath} Portland Friday morning`);
    assert.deepEqual(s.sanDiego, { text: 'Closed, opens today 9 AM', hidden: false, open: false },
      `${urlPath} San Diego Friday morning`);
    s = await statusAt(urlPath, FRIDAY_EVENING);
    assert.deepEqual(s.portland, { text: 'Closed, opens tomorrow 8 AM', hidden: false, open: false },
      `${urlPath} Portland Friday evening`);
    assert.deepEqual(s.sanDiego, { text: 'Open now, until 5 PM', hidden: false, open: true },
      `${urlPath} San Diego Friday evening`);
  }
});

test('locations: a place\'s page marks its own day and the footer shows the main place', async () => {
  // 02:00 UTC on Friday July 5 is still Thursday evening in San Diego (19:00) and in Maine
  // (22:00): San Diego's table marks Thursday (the visitor in Berlin is on Friday), and the
  // footer's line is Portland's, which opens at 7 on Fridays.
  const late = new Date('2030-07-05T02:00:00Z');
  const s = await statusAt('/locations/san-diego/', late);
  assert.deepEqual(s.todayRows, ['Thursday'], 'San Diego\'s today is its own');
  assert.equal(s.page.text, 'Closed today (Independence Day), opens tomorrow 9 AM');
  assert.equal(s.footer.text, 'Closed, opens tomorrow 7 AM', 'the footer is Portland\'s');
  assert.equal(s.footer.open, false);
});

test('locations: the new pages pass axe and nothing sticks out at 320 and 375 px', async () => {
  const srv = await serve();
  const page = await browser.newPage();
  const problems = [];
  for (const width of [320, 375, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    for (const urlPath of ['/locations/', '/locations/portland/', '/locations/san-diego/', '/contact/']) {
      await page.goto(new URL(urlPath, srv.url).href, { waitUntil: 'load' });
      const over = await page.evaluate(() => {
        const W = window.innerWidth;
        const sw = document.documentElement.scrollWidth;
        if (sw <= W) return null;
        const out = [...document.body.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > W + 0.5)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        return `scrollWidth ${sw} > ${W}: ${out.join(', ')}`;
      });
      if (over) problems.push(`${urlPath} at ${width}px: ${over}`);
      if (width !== 320) {
        for (const v of await axeViolations(page)) problems.push(`${urlPath} at ${width}px: ${describeAxeViolation(v)}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
