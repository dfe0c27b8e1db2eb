// The default theme on a phone, with what a real owner writes (issue 23): the example site
// and SITES.realOwner (helpers.mjs: a long business name, eight long navigation items, a
// long street and a city line that wraps, a 40-character email, a long role, three special
// days, testimonials with and without photos). Every HTML page of both, each loaded once
// and laid out again at 320, 375, 768 and 1280 px, light and dark:
// - nothing sticks out: document.documentElement.scrollWidth <= innerWidth;
// - every navigation link is rendered and is what a tap at its centre hits
//   (elementFromPoint), after opening the phone menu when there is one; the contact page's
//   link is on the first screen without opening anything or scrolling;
// - no email address or phone number the page links to (mailto:, tel:) is split across
//   lines, measured character by character; an address wider than its box may wrap
//   before its "@" only (the theme's last resort, after shrinking);
// - an address (address.postal) reads as lines: each line below the one before, all
//   starting at the same left edge;
// - /contact/ has no footer copy of the person, the address or the hours (other pages do).
// The real-owner site (the one with the phone menu) also passes the Nu HTML Checker and
// axe-core (a11y.test.mjs covers the example site), its menu closed and open.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import path from 'node:path';

import {
  REAL_OWNER, SCHEMES, axeViolations, buildSite, describeAxeViolation, htmlFiles, pageKinds,
  sharedBrowser, staticServer, urlPathOf, vnuErrors,
} from './helpers.mjs';

const SIZES = [
  { width: 320, height: 568 },
  { width: 375, height: 667 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
];

const shared = sharedBrowser();

// ------------------------------------------------------------------ in the page

/** Runs in the page: every problem of the layout as it is now, as a list of strings. */
function measurePhone({ contactPath }) {
  const problems = [];
  const W = window.innerWidth;
  const H = window.innerHeight;
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const desc = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (typeof el.className === 'string' && el.className.trim()) s += `.${el.className.trim().split(/\s+/).join('.')}`;
    return s;
  };
  const rendered = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
    && el.getClientRects().length > 0;

  // 1. Nothing sticks out sideways.
  const sw = document.documentElement.scrollWidth;
  if (sw > W) {
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= W + 0.5) continue;
      const p = el.parentElement;
      if (p && p !== document.body && p.getBoundingClientRect().right > W + 0.5) continue;
      out.push(`${desc(el)} (right edge ${Math.round(r.right)}px) "${norm(el.textContent).slice(0, 40)}"`);
      if (out.length >= 5) break;
    }
    problems.push(`horizontal overflow: scrollWidth ${sw}px > innerWidth ${W}px; sticking out: ${out.join('; ')}`);
  }

  // 2. Email addresses and phone numbers: their characters on one line (an email may
  // wrap before its "@" only).
  for (const a of document.querySelectorAll('a[href^="mailto:" i], a[href^="tel:" i]')) {
    if (!rendered(a)) continue;
    const chars = [];
    const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (el.closest('.visually-hidden, svg') || !rendered(el)) continue;
      for (let i = 0; i < n.length; i += 1) {
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const r = [...range.getClientRects()].find((x) => x.width > 0 || x.height > 0);
        chars.push({ c: n.data[i], r, lh: parseFloat(getComputedStyle(el).lineHeight) || r?.height || 16 });
      }
    }
    const text = chars.map((x) => x.c).join('');
    const href = a.getAttribute('href');
    const isMail = /^mailto:/i.test(href);
    let at; let len;
    if (isMail) {
      const addr = decodeURIComponent(href.replace(/^mailto:/i, '').split('?')[0]);
      at = text.indexOf(addr);
      len = addr.length;
    } else {
      const m = text.match(/\+?\d[\d\s().-]{4,}\d/);
      if (m) { at = m.index; len = m[0].length; }
    }
    if (at === undefined || at < 0) continue; // the link's text is a name ("Email Maria"), not the number or address
    const part = chars.slice(at, at + len);
    const missing = part.filter((x) => !x.r);
    if (missing.length) {
      problems.push(`${desc(a)} ${href}: ${missing.length} character(s) of "${text.slice(at, at + len)}" are not laid out`);
      continue;
    }
    // Lines: a new line starts where a character's centre is lower than the last by half a line.
    const breaks = [];
    for (let i = 1; i < part.length; i += 1) {
      const prev = part[i - 1].r; const cur = part[i].r;
      if ((cur.top + cur.height / 2) - (prev.top + prev.height / 2) > part[i].lh / 2) breaks.push(i);
    }
    const shown = text.slice(at, at + len);
    const allowed = (i) => isMail && shown[i] === '@' && breaks.length === 1;
    const bad = breaks.filter((i) => !allowed(i));
    if (bad.length) {
      problems.push(`${desc(a.closest('header, main, footer') || a)} ${desc(a)}: "${shown}" breaks across lines at `
        + bad.map((i) => `"${shown.slice(0, i)}|${shown.slice(i)}"`).join(', '));
    }
  }

  // 3. Addresses read as lines.
  for (const ad of document.querySelectorAll('address.postal')) {
    if (!rendered(ad)) continue;
    const lines = [...ad.querySelectorAll('.postal-line')].filter(rendered);
    if (lines.length < 2) {
      problems.push(`${desc(ad)}: ${lines.length} .postal-line element(s), want the street, the city line and the country as lines: "${norm(ad.textContent)}"`);
      continue;
    }
    const boxes = lines.map((l) => l.getBoundingClientRect());
    for (let i = 1; i < boxes.length; i += 1) {
      const [p, c] = [boxes[i - 1], boxes[i]];
      if (c.top < p.bottom - 1 || Math.abs(c.left - p.left) > 1) {
        problems.push(`${desc(ad.parentElement)} address: "${norm(lines[i].textContent)}" is not a line below "${norm(lines[i - 1].textContent)}" `
          + `(it is at left ${Math.round(c.left)} top ${Math.round(c.top)}, the line before at left ${Math.round(p.left)} bottom ${Math.round(p.bottom)}): columns`);
      }
    }
  }

  // 4. The contact page does not repeat itself in the footer.
  const footer = [...document.querySelectorAll('footer')].find((f) => !f.closest('main'));
  if (location.pathname === contactPath && footer) {
    const copies = [...footer.querySelectorAll('address, .hours, [data-open-status], .contact-block, .person')]
      .map((e) => `${desc(e)} "${norm(e.textContent).slice(0, 40)}"`);
    if (copies.length) problems.push(`${contactPath}: the footer repeats the contact page: ${copies.join('; ')}`);
  }

  // 5. The contact link is on the first screen of a page scrolled to the top, menu closed.
  if (window.scrollY === 0) {
    const nav = document.querySelector('header nav');
    const links = nav ? [...nav.querySelectorAll('a')].filter((a) => new URL(a.href).pathname === contactPath && rendered(a)) : [];
    const hit = links.find((a) => {
      const r = a.getBoundingClientRect();
      const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return r.top >= 0 && r.bottom <= H && r.left >= 0 && r.right <= W && e && a.contains(e);
    });
    if (nav && !hit) problems.push(`the navigation's link to ${contactPath} is not on the first screen (links to it: ${links.length})`);
  }
  return problems;
}

/** Runs in the page: the navigation links a visitor can see now, each hit by a tap at its centre. */
function navReach() {
  const problems = [];
  const nav = document.querySelector('header nav');
  if (!nav) return { problems: ['no <nav> in the page header'], count: 0 };
  const rendered = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
    && el.getClientRects().length > 0;
  const titles = new Set();
  let count = 0;
  for (const a of nav.querySelectorAll('a')) {
    if (!rendered(a)) continue;
    count += 1;
    titles.add(a.textContent.replace(/\s+/g, ' ').trim());
    a.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
    const r = a.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) { problems.push(`nav link "${a.textContent.trim()}" has no size`); continue; }
    if (r.left < -0.5 || r.right > window.innerWidth + 0.5) {
      problems.push(`nav link "${a.textContent.trim()}" sticks out of the screen (left ${Math.round(r.left)}, right ${Math.round(r.right)})`);
      continue;
    }
    const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!e || !a.contains(e)) {
      problems.push(`nav link "${a.textContent.trim()}": a tap at its centre hits ${e ? `${e.tagName.toLowerCase()}.${e.className}` : 'nothing'}`);
    }
  }
  window.scrollTo({ top: 0, left: 0, behavior: 'instant' });
  return { problems, titles: [...titles], count };
}

// ------------------------------------------------------------------ the test

for (const siteName of ['example', 'realOwner']) {
  test(`phone: every page of the ${siteName} site at 320/375/768/1280 px, light and dark`, async (t) => {
    const started = Date.now();
    const build = buildSite(siteName);
    const srv = await staticServer(build.out);
    shared.atEnd(srv.close);
    const page = await shared.newPage();
    const contactPath = '/contact/';
    const pages = htmlFiles(build.out).map(urlPathOf);
    assert.ok(pages.includes(contactPath), `${siteName}: no ${contactPath} page`);
    let navTitles = null;
    const problems = [];
    let layouts = 0;
    for (const p of pages) {
      await page.setViewportSize(SIZES[0]);
      await page.emulateMedia({ colorScheme: 'light' });
      const res = await page.goto(srv.url + p.slice(1), { waitUntil: 'load' });
      if (!res || res.status() !== 200) { problems.push(`${p}: HTTP ${res && res.status()}`); continue; }
      for (const size of SIZES) {
        await page.setViewportSize(size);
        for (const scheme of SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          const where = `${siteName} ${p} at ${size.width}px ${scheme}`;
          layouts += 1;
          for (const x of await page.evaluate(measurePhone, { contactPath })) problems.push(`${where}: ${x}`);
          // The navigation, as a visitor reaches it: through the menu when there is one.
          const menu = page.locator('header nav details.nav-menu > summary');
          const opened = await menu.count() && await menu.isVisible();
          if (opened) {
            await menu.click();
            if (!await page.locator('header nav details.nav-menu').evaluate((d) => d.open)) {
              problems.push(`${where}: a tap on the menu button does not open it`);
            }
          }
          const reach = await page.evaluate(navReach);
          for (const x of reach.problems) problems.push(`${where}: ${x}${opened ? ' (menu open)' : ''}`);
          const titles = JSON.stringify(reach.titles.filter(Boolean).sort());
          if (navTitles === null) navTitles = titles;
          else if (titles !== navTitles) problems.push(`${where}: the nav offers ${titles}, elsewhere ${navTitles}`);
          if (opened) await menu.click();
        }
      }
    }
    // The fixture is what it claims: the footer carries the contact block elsewhere.
    await page.goto(srv.url, { waitUntil: 'load' });
    const homeFooter = await page.locator('footer.site-footer').evaluate((f) => ({
      address: !!f.querySelector('address.postal'), hours: !!f.querySelector('.hours'), person: !!f.querySelector('.contact-block'),
    }));
    assert.deepEqual(homeFooter, { address: true, hours: true, person: true }, `${siteName}: the home page footer lost its contact block`);
    if (siteName === 'realOwner') {
      const navText = JSON.parse(navTitles);
      for (const [title] of REAL_OWNER.nav) assert.ok(navText.includes(title), `realOwner: nav item "${title}" never reachable (found ${navTitles})`);
      const html = await page.content();
      assert.ok(html.includes(REAL_OWNER.email.split('@')[1]), 'realOwner: the home page does not show the email');
    }
    t.diagnostic(`${siteName}: ${pages.length} pages, ${layouts} layouts, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(problems.length, 0, `${problems.length} problem(s):\n${problems.slice(0, 80).join('\n')}`);
  });
}

test('phone: the realOwner site passes the Nu HTML Checker and axe, its phone menu closed and open', async () => {
  const build = buildSite('realOwner');
  const files = htmlFiles(build.out).map((f) => path.join(build.out, f));
  const nu = await vnuErrors(files, build.out, { label: 'realOwner' });
  assert.equal(nu.errors.length, 0, `Nu HTML Checker: ${nu.errors.length} error(s)\n${nu.summary}\n${nu.errors.slice(0, 30).join('\n')}`);

  const srv = await staticServer(build.out);
  shared.atEnd(srv.close);
  const page = await shared.newPage();
  const problems = [];
  for (const k of pageKinds(build).filter((x) => ['home', 'post', 'contact', 'suggestions', 'page'].includes(x.kind))) {
    assert.ok(!k.missing, `realOwner: ${k.kind} missing: ${k.missing}`);
    for (const size of [{ width: 375, height: 667 }, { width: 1280, height: 800 }]) {
      await page.setViewportSize(size);
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(srv.url + k.path.slice(1), { waitUntil: 'load' });
        const menu = page.locator('header nav details.nav-menu > summary');
        for (const state of ['closed', 'open']) {
          if (state === 'open') {
            if (!await menu.isVisible()) continue;
            await menu.click();
          }
          for (const v of await axeViolations(page)) {
            problems.push(`${k.path} at ${size.width}px ${scheme}, menu ${state}:\n${describeAxeViolation(v)}`);
          }
        }
      }
    }
  }
  assert.equal(problems.length, 0, `axe violations:\n${problems.join('\n')}`);
});
