// 5. The default theme with real content: the example site and the "long" site
// (helpers.mjs: a 60-character name and title, a 120-character description, a long
// email and response time, eight nav items, one testimonial, one post with a long code
// line) at 320, 375, 768 and 1280 px wide, light and dark. On every page kind: no
// horizontal overflow, one type system (serif headings, sans body, mono code; no web
// fonts, nothing from other hosts), the site description only on the home page; the top
// bar on one row and the tagline on one line; a mobile nav that never scrolls sideways
// (rows of whole labels, or a menu; phone.test.mjs taps every link); no empty grid columns and equal cards in a row; code blocks that scroll instead of wrapping;
// heading anchors that show only on hover or focus; a post showing the phone and email
// at most twice. Saves tests/artifacts/screenshots/theme-<site>-<kind>-<w>-<scheme>.png.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import {
  LONG, SCHEMES, SCREENSHOTS, buildSite, launchBrowser, pageKinds, pollUntil, staticServer,
} from './helpers.mjs';

const SIZES = [
  { width: 320, height: 568 },
  { width: 375, height: 667 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
];

let browser = null;
const closers = [];
after(async () => {
  for (const c of closers) await c();
  if (browser) await browser.close();
});

/** A top-level `key: value` of a site's YAML file (quotes removed), or null. */
function yamlValue(file, key) {
  if (!fs.existsSync(file)) return null;
  const m = fs.readFileSync(file, 'utf8').match(new RegExp(`^${key}:[ \\t]*(.+)$`, 'm'));
  if (!m) return null;
  const v = m[1].trim();
  if (v.startsWith('"')) return JSON.parse(v);
  return v.replace(/^'(.*)'$/, '$1').replace(/\s+#.*$/, '');
}

/**
 * The page kinds worth looking at for the theme: every non-post kind, the newest post,
 * and the first post holding a code block, a table, a block quote, an image or a heading
 * anchor (not every post of the example site: the layout test already does that).
 */
function themeKinds(build) {
  const all = pageKinds(build);
  const posts = all.filter((k) => k.kind === 'post' || k.kind.startsWith('post-'));
  const keep = new Set(all.filter((k) => !posts.includes(k)).map((k) => k.kind));
  if (posts.length) keep.add(posts[0].kind);
  const mainOf = (k) => {
    if (k.missing) return '';
    const html = fs.readFileSync(path.join(build.out, k.path.slice(1), 'index.html'), 'utf8');
    return (html.split(/<main\b/)[1] || '').split('</main>')[0];
  };
  for (const re of [/<pre\b/, /<table\b/, /<blockquote\b/, /<img\b/, /class="anchor"/]) {
    const hit = posts.find((k) => re.test(mainOf(k)));
    if (hit) keep.add(hit.kind);
  }
  return all.filter((k) => keep.has(k.kind));
}

// ------------------------------------------------------------------ in the page

/** Runs in the page: everything the theme test asserts, as a list of problems. */
function measureTheme({ width, kind, description, phone, email, isPost, longCode }) {
  const problems = [];
  const W = window.innerWidth;
  const desc = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (typeof el.className === 'string' && el.className.trim()) s += `.${el.className.trim().split(/\s+/).join('.')}`;
    return s;
  };
  const rendered = (el) => el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })
    && el.getClientRects().length > 0;
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const px = (v) => parseFloat(v) || 0;
  // The lines of an element's text that can be seen: text rects grouped by their vertical
  // centre (when the element clips its overflow, only those inside its box).
  const lineCount = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const cs = getComputedStyle(el);
    const lh = px(cs.lineHeight) || px(cs.fontSize) * 1.2;
    const box = el.getBoundingClientRect();
    const clips = cs.overflowY !== 'visible';
    const centres = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5)
      .map((r) => r.top + r.height / 2)
      .filter((c) => !clips || (c >= box.top && c <= box.bottom))
      .sort((a, b) => a - b);
    let lines = 0; let last = -Infinity;
    for (const c of centres) {
      if (c - last > lh / 2) { lines += 1; last = c; }
    }
    return lines;
  };
  const main = document.querySelector('main');
  const siteFooter = [...document.querySelectorAll('footer')].find((f) => !f.closest('main'));
  const header = [...document.querySelectorAll('header')].find((h) => !h.closest('main'));

  // 1. No horizontal overflow; name the outermost elements that stick out.
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > W) {
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= W + 0.5) continue;
      const p = el.parentElement;
      if (p && p !== document.body && p.getBoundingClientRect().right > W + 0.5) continue;
      offenders.push(`${desc(el)} (right edge ${Math.round(r.right)}px) "${norm(el.textContent).slice(0, 40)}"`);
      if (offenders.length >= 5) break;
    }
    problems.push(`horizontal overflow: document scrollWidth ${scrollWidth}px > innerWidth ${W}px; sticking out: ${offenders.join('; ') || '?'}`);
  }

  // 2. One type system: headings (h1-h6 and the brand name) in one display family or the
  // body family, code in a monospace family, everything else in the body family; no web fonts.
  const bodyFamily = getComputedStyle(document.body).fontFamily;
  const headingFamilies = new Set();
  const families = new Set();
  const strays = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.nodeValue.trim()) continue;
    const el = n.parentElement;
    if (!el || el.closest('script, style, svg, template') || !rendered(el)) continue;
    const fam = getComputedStyle(el).fontFamily;
    families.add(fam);
    if (/\bmonospace\b/.test(fam)) continue;
    if (el.closest('h1, h2, h3, h4, h5, h6, .brand-name')) {
      if (fam !== bodyFamily) headingFamilies.add(fam);
      continue;
    }
    if (fam !== bodyFamily) {
      const key = `${desc(el)} in ${fam.split(',')[0]}`;
      if (!strays.has(key)) strays.set(key, norm(n.nodeValue).slice(0, 30));
    }
  }
  if (strays.size) {
    problems.push(`type: text outside headings not in the body face (${bodyFamily.split(',')[0]}): `
      + [...strays].slice(0, 6).map(([k, v]) => `${k} "${v}"`).join('; '));
  }
  if (headingFamilies.size > 1) problems.push(`type: headings use ${headingFamilies.size} faces: ${[...headingFamilies].join(' | ')}`);
  if (families.size > 3) problems.push(`type: ${families.size} font stacks on one page (want at most heading, body, code): ${[...families].join(' | ')}`);
  if (document.fonts && document.fonts.size > 0) {
    problems.push(`type: ${document.fonts.size} web font(s) declared: ${[...document.fonts].map((f) => f.family).join(', ')}`);
  }

  // 3. The site description is the home page's lead (and the meta description), not the
  // lead of every list page.
  if (kind !== 'home' && description && main && norm(main.innerText).includes(norm(description))) {
    const el = [...main.querySelectorAll('*')].find((e) => norm(e.innerText) === norm(description));
    problems.push(`the site description is repeated in <main>${el ? ` as ${desc(el)}` : ''}: "${description.slice(0, 50)}…"`);
  }

  // 4. Header: top bar on one row (>= 768 px), tagline on one line.
  if (width >= 768) {
    const bar = document.querySelector('.topbar-inner');
    if (bar) {
      const items = [...bar.querySelectorAll(':scope > *, :scope a')]
        .filter((e) => rendered(e) && !e.matches('ul') && !(e.matches('a') && e.closest('p')));
      const boxes = items.map((e) => ({ e, r: e.getBoundingClientRect() }));
      const centres = boxes.map(({ r }) => r.top + r.height / 2);
      if (centres.length > 1 && Math.max(...centres) - Math.min(...centres) > 4) {
        problems.push(`top bar: its items are not on one row: ${boxes.map(({ e, r }) => `${desc(e)} top ${Math.round(r.top)} height ${Math.round(r.height)}`).join(', ')}`);
      }
      for (const e of items) {
        const lines = lineCount(e);
        if (lines > 1) problems.push(`top bar: ${desc(e)} wraps onto ${lines} lines: "${norm(e.innerText).slice(0, 60)}"`);
      }
    }
  }
  for (const tag of document.querySelectorAll('.brand-tagline')) {
    if (!rendered(tag)) continue;
    const lines = lineCount(tag);
    if (lines > 1) problems.push(`header: the tagline takes ${lines} lines (want one): "${norm(tag.textContent).slice(0, 50)}…"`);
  }

  // 5. Mobile nav (< 768 px): nothing in it scrolls sideways; as a list, it wraps onto
  // rows of whole labels (a label breaks only when it is wider than a row); as a menu,
  // its button is shown.
  if (width < 768 && header) {
    const nav = header.querySelector('nav');
    if (nav) {
      for (const el of [nav, ...nav.querySelectorAll('*')]) {
        if (!rendered(el) || el.scrollWidth <= el.clientWidth + 1) continue;
        const cs = getComputedStyle(el);
        if (/auto|scroll/.test(cs.overflowX)) problems.push(`nav: ${desc(el)} scrolls sideways (${el.scrollWidth}px in ${el.clientWidth}px)`);
      }
      const list = nav.querySelector('ul');
      const menu = nav.querySelector('details > summary');
      if (list && rendered(list)) {
        const row = list.getBoundingClientRect().width;
        for (const a of list.querySelectorAll('a')) {
          if (!rendered(a)) continue;
          const lines = lineCount(a);
          const probe = document.createElement('span');
          probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
          probe.textContent = a.textContent;
          a.appendChild(probe);
          const natural = probe.getBoundingClientRect().width;
          probe.remove();
          if (lines > 1 && natural < row - 24) problems.push(`nav: "${norm(a.textContent)}" breaks onto ${lines} lines though it fits a row (${Math.round(natural)}px of ${Math.round(row)}px)`);
        }
      } else if (!(menu && rendered(menu))) {
        problems.push('nav: neither its list nor a menu button is shown');
      }
    }
  }

  // 6. Card grids: every column that exists holds a card; cards in a row are equally tall.
  if (main) {
    for (const grid of main.querySelectorAll('*')) {
      const cs = getComputedStyle(grid);
      if (!/grid/.test(cs.display) || !rendered(grid)) continue;
      const items = [...grid.children].filter(rendered);
      if (!items.some((e) => e.matches('.post-card, .testimonial'))) continue;
      const tracks = cs.gridTemplateColumns.split(/\s+/).filter((t) => px(t) > 0.5);
      if (items.length < tracks.length) {
        problems.push(`grid ${desc(grid)}: ${tracks.length} columns (${cs.gridTemplateColumns}) for ${items.length} card(s), ${tracks.length - items.length} column(s) left empty`);
      }
      const rows = new Map();
      for (const e of items) {
        const r = e.getBoundingClientRect();
        const key = Math.round(r.top);
        if (!rows.has(key)) rows.set(key, []);
        rows.get(key).push(Math.round(r.height));
      }
      for (const [top, hs] of rows) {
        if (Math.max(...hs) - Math.min(...hs) > 1) problems.push(`grid ${desc(grid)}: cards in the row at ${top}px differ in height: ${hs.join(', ')}px`);
      }
    }
  }

  // 7. Code blocks scroll sideways inside their box instead of wrapping.
  for (const pre of (main ? main.querySelectorAll('pre') : [])) {
    const cs = getComputedStyle(pre);
    const what = `code block "${norm(pre.textContent).slice(0, 30)}…"`;
    if (cs.whiteSpace !== 'pre') problems.push(`${what}: white-space is ${cs.whiteSpace} (want pre: wrapped lines look like new lines of code)`);
    if (!/auto|scroll/.test(cs.overflowX)) problems.push(`${what}: overflow-x is ${cs.overflowX} (want auto or scroll)`);
    const scrolls = pre.scrollWidth > pre.clientWidth;
    if (longCode && pre.textContent.includes(longCode.slice(0, 40)) && !scrolls) {
      problems.push(`${what}: its ${longCode.length}-character line does not scroll (scrollWidth ${pre.scrollWidth} <= clientWidth ${pre.clientWidth})`);
    }
    if (scrolls && pre.tabIndex < 0 && !pre.querySelector('a[href], button, input, [tabindex]')) {
      problems.push(`${what}: it scrolls but cannot be reached by keyboard (no tabindex)`);
    }
  }

  // 8. A post shows the phone number and the email at most twice: in <main> plus the
  // site footer (as asked), and on the whole page, top bar included.
  if (isPost) {
    const count = (text, needle) => (needle ? text.split(needle).length - 1 : 0);
    const mf = `${main ? main.innerText : ''}\n${siteFooter ? siteFooter.innerText : ''}`;
    const all = document.body.innerText;
    for (const [what, needle] of [['phone number', phone], ['email address', email]]) {
      const inMf = count(mf, needle); const inAll = count(all, needle);
      if (inMf > 2) problems.push(`post: the ${what} ${needle} appears ${inMf} times in <main> and the footer (want at most 2)`);
      if (inAll > 2) {
        const where = [['header', header], ['main', main], ['footer', siteFooter]]
          .map(([n, e]) => `${n} ${e ? count(e.innerText, needle) : 0}`).join(', ');
        problems.push(`post: the ${what} ${needle} appears ${inAll} times on the page (${where}; want at most 2: the top bar and the footer)`);
      }
    }
  }
  return problems;
}

/** Runs in the page: the first heading anchor's state, or null when there is none. */
function anchorState() {
  const a = document.querySelector('main :is(h2, h3) > a.anchor');
  if (!a) return null;
  const cs = getComputedStyle(a);
  const r = a.getBoundingClientRect();
  return {
    heading: a.parentElement.id,
    shown: cs.visibility === 'visible' && cs.display !== 'none' && Number(cs.opacity) >= 0.5
      && r.width > 0 && r.height > 0,
    hidden: cs.visibility !== 'visible' || cs.display === 'none' || Number(cs.opacity) < 0.05
      || r.width === 0 || r.height === 0,
    opacity: cs.opacity,
    visibility: cs.visibility,
    focused: document.activeElement === a,
    tabIndex: a.tabIndex,
  };
}

/** The heading anchor is hidden at rest and shown on hover of its heading and on focus. */
async function checkAnchor(page, where) {
  const problems = [];
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const rest = await pollUntil(async () => {
    const s = await page.evaluate(anchorState);
    return s && s.hidden ? s : null;
  }, { timeoutMs: 1000 }) || await page.evaluate(anchorState);
  if (!rest) return problems;
  if (!rest.hidden) problems.push(`${where}: the "#" anchor of #${rest.heading} is visible before hover or focus (opacity ${rest.opacity}, visibility ${rest.visibility})`);
  const heading = page.locator('main :is(h2, h3):has(> a.anchor)').first();
  // Its name is its heading's words (no theme word, which would be English on every page).
  const words = (await heading.evaluate((h) => [...h.childNodes].filter((n) => !(n.classList && n.classList.contains('anchor'))).map((n) => n.textContent).join(''))).trim();
  const named = await page.getByRole('link', { name: words, exact: true }).evaluateAll((links) => links.some((a) => a.classList.contains('anchor')));
  if (!named) problems.push(`${where}: the "#" anchor of #${rest.heading} is not named by its heading's words (${JSON.stringify(words)})`);
  await heading.hover();
  const hovered = await pollUntil(async () => {
    const s = await page.evaluate(anchorState);
    return s.shown ? s : null;
  }, { timeoutMs: 1000 }) || await page.evaluate(anchorState);
  if (!hovered.shown) problems.push(`${where}: the "#" anchor of #${hovered.heading} does not show on hover of its heading (opacity ${hovered.opacity}, visibility ${hovered.visibility})`);
  await page.mouse.move(0, 0);
  await page.locator('main :is(h2, h3) > a.anchor').first().focus();
  const focused = await pollUntil(async () => {
    const s = await page.evaluate(anchorState);
    return s.focused && s.shown ? s : null;
  }, { timeoutMs: 1000 }) || await page.evaluate(anchorState);
  if (!focused.focused || focused.tabIndex < 0) problems.push(`${where}: the "#" anchor of #${focused.heading} cannot take keyboard focus (tabIndex ${focused.tabIndex})`);
  else if (!focused.shown) problems.push(`${where}: the focused "#" anchor of #${focused.heading} is not visible (opacity ${focused.opacity}, visibility ${focused.visibility})`);
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  return problems;
}

// ------------------------------------------------------------------ the test

for (const siteName of ['example', 'long']) {
  test(`theme: ${siteName} site at 320/375/768/1280 px, light and dark`, async (t) => {
    const build = buildSite(siteName);
    const srv = await staticServer(build.out);
    closers.push(srv.close);
    if (!browser) browser = await launchBrowser();
    const page = await browser.newPage();
    closers.unshift(() => page.close());
    fs.mkdirSync(SCREENSHOTS, { recursive: true });

    const origin = new URL(srv.url).origin;
    let foreign = [];
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !u.startsWith('data:')) foreign.push(u);
    });

    const ctx = {
      description: siteName === 'long' ? LONG.description : yamlValue(path.join(build.src, 'site.yaml'), 'description'),
      phone: yamlValue(path.join(build.src, 'contact.yaml'), 'phone'),
      email: yamlValue(path.join(build.src, 'contact.yaml'), 'email'),
      longCode: siteName === 'long' ? LONG.codeLine : null,
    };
    if (siteName === 'long') {
      assert.equal(ctx.email, LONG.email, 'the long site was not made with its long email');
    }

    for (const k of themeKinds(build)) {
      await t.test(`${siteName} ${k.kind} ${k.path}`, async () => {
        assert.ok(!k.missing, `${siteName}: page kind "${k.kind}" missing: ${k.missing}`);
        const problems = [];
        const isPost = k.kind === 'post' || k.kind.startsWith('post-');
        foreign = [];
        await page.setViewportSize(SIZES[0]);
        const resp = await page.goto(srv.url + k.path.slice(1), { waitUntil: 'load' });
        if (!resp || resp.status() !== k.status) problems.push(`HTTP status ${resp && resp.status()}, expected ${k.status}`);
        // The pages have no script: resizing and switching the scheme re-lay the same document.
        for (const size of SIZES) {
          await page.setViewportSize(size);
          for (const scheme of SCHEMES) {
            await page.emulateMedia({ colorScheme: scheme });
            const where = `${siteName} ${k.path} (${k.kind}) at ${size.width}px ${scheme}`;
            const found = await page.evaluate(measureTheme, { ...ctx, width: size.width, kind: k.kind, isPost });
            for (const p of found) problems.push(`${where}: ${p}`);
            await page.screenshot({
              path: path.join(SCREENSHOTS, `theme-${siteName}-${k.kind}-${size.width}-${scheme}.png`),
              fullPage: true,
            });
            if (isPost && (size.width === 375 || size.width === 1280)) problems.push(...await checkAnchor(page, where));
          }
        }
        for (const u of new Set(foreign)) problems.push(`${siteName} ${k.path}: requested from another host: ${u}`);
        assert.equal(problems.length, 0, `theme problems:\n${problems.join('\n')}`);
      });
    }
  });
}
