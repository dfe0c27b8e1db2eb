// 20. The example site in every bundled language but English (themes/default/i18n/):
// at 320 and 375 px nothing sticks out on the right (German and Dutch words are long,
// Polish and French sentences longer), axe finds nothing and the Nu checker has no error
// on the pages with the most theme words, and Arabic pages run right to left: the brand
// at the right of the header, the navigation after it to the left. Screenshots of the
// Arabic home page at 375 and 1280 px are kept in tests/artifacts/screenshots/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  SCREENSHOTS, SITES, axeViolations, describeAxeViolation, frontdeskBin, sharedBrowser,
  staticServer, tempDir, vnuErrors,
} from './helpers.mjs';

const LANGUAGES = ['fr', 'de', 'es', 'it', 'nl', 'pt', 'pt-PT', 'pl', 'ar'];
// The pages with the most theme words, and a post.
const PAGES = ['', 'contact/', 'suggestions/', 'suggestions/thanks/', 'newsletter/', 'privacy/',
  'blog/', 'testimonials/', 'you-said-we-did/', 'tags/', '404.html'];

const shared = sharedBrowser();

/** The example site built in `lang`, served: { out, url }. */
const built = new Map();
async function siteIn(lang) {
  if (!built.has(lang)) {
    const src = path.join(tempDir(`lang-${lang}`), 'site');
    fs.cpSync(SITES.example.source(), src, { recursive: true, filter: (s) => !/[/\\](public|\.frontdesk)$/.test(s) });
    const yaml = path.join(src, 'site.yaml');
    const text = fs.readFileSync(yaml, 'utf8');
    assert.match(text, /^language: en$/m);
    fs.writeFileSync(yaml, text.replace(/^language: en$/m, `language: ${lang}`));
    const out = path.join(tempDir(`lang-${lang}-out`), 'public');
    const r = spawnSync(frontdeskBin(), ['build', src, '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, `build in ${lang}: ${r.stderr}`);
    const srv = await staticServer(out);
    shared.atEnd(srv.close);
    built.set(lang, { out, url: srv.url });
  }
  return built.get(lang);
}

/** The post pages of a build (one is enough for the words of a post). */
function aPost(out) {
  const blog = path.join(out, 'blog');
  const dir = fs.readdirSync(blog).find((d) => fs.existsSync(path.join(blog, d, 'index.html')) && d !== 'page');
  return `blog/${dir}/`;
}

/** Elements sticking out on the right (or, right to left, on the left) at the page's width. */
function overflow() {
  const W = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth <= W) return out;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || (r.right <= W + 0.5 && r.left >= -0.5)) continue;
    const p = el.parentElement;
    const pr = p && p.getBoundingClientRect();
    if (p && p !== document.body && (pr.right > W + 0.5 || pr.left < -0.5)) continue;
    out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(r.left)}..${Math.round(r.right)} of ${W}: "${(el.textContent || '').trim().slice(0, 40)}"`);
    if (out.length >= 5) break;
  }
  return out;
}

for (const lang of LANGUAGES) {
  test(`languages: the example site in ${lang} fits 320 and 375 px on every page with theme words`, async () => {
    const { out, url } = await siteIn(lang);
    const page = await shared.newPage();
    const problems = [];
    for (const width of [320, 375]) {
      await page.setViewportSize({ width, height: 740 });
      for (const rel of [...PAGES, aPost(out)]) {
        await page.goto(url + rel);
        const lang2 = await page.evaluate(() => document.documentElement.lang);
        assert.equal(lang2, lang, `${rel}: <html lang>`);
        const o = await page.evaluate(overflow);
        if (o.length) problems.push(`${width}px /${rel}:\n    ${o.join('\n    ')}`);
      }
    }
    await page.close();
    assert.deepEqual(problems, [], `${lang}: content sticks out:\n${problems.join('\n')}`);
  });
}

for (const lang of ['de', 'pl', 'ar']) {
  test(`languages: ${lang} pages have no axe violation and no Nu error`, async () => {
    const { out, url } = await siteIn(lang);
    const page = await shared.newPage();
    const found = [];
    for (const rel of ['', 'contact/', 'suggestions/', 'newsletter/', 'privacy/', aPost(out)]) {
      await page.goto(url + rel);
      for (const v of await axeViolations(page)) found.push(`/${rel}:\n${describeAxeViolation(v)}`);
    }
    await page.close();
    assert.deepEqual(found, [], found.join('\n'));
    const files = ['index.html', 'contact/index.html', 'suggestions/index.html', 'newsletter/index.html',
      'privacy/index.html', '404.html'].map((f) => path.join(out, f));
    const nu = await vnuErrors(files, out, { label: lang });
    assert.deepEqual(nu.errors, [], nu.summary);
  });
}

test('languages: Arabic runs right to left: dir="rtl", the brand on the right, the navigation to its left', async () => {
  const { url } = await siteIn('ar');
  const page = await shared.newPage();
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(url);
    const m = await page.evaluate(() => {
      const box = (s) => document.querySelector(s).getBoundingClientRect();
      return {
        dir: document.documentElement.dir,
        computed: getComputedStyle(document.body).direction,
        brand: box('.brand'),
        nav: box('.site-nav'),
        W: document.documentElement.clientWidth,
      };
    });
    assert.equal(m.dir, 'rtl');
    assert.equal(m.computed, 'rtl');
    // The brand starts at the right edge of the layout.
    assert.ok(m.brand.right > m.W / 2, `${width}px: the brand is on the left (${m.brand.left}..${m.brand.right} of ${m.W})`);
    if (width >= 1280) {
      assert.ok(m.nav.left < m.brand.left, `${width}px: the navigation is not left of the brand`);
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `ar-home-${width}.png`), fullPage: false });
  }
  await page.close();
});

// A Markdown task list (`- [x] ...`) is a list of disabled checkboxes: each one's name is
// its item's own words, in whatever language they are written (never a word of English
// on a French page), as Chromium's accessibility tree computes it; axe finds nothing and
// the Nu checker no error on the post, and the box is still drawn at the item's start.
for (const lang of ['fr', 'ar']) {
  test(`languages: task list checkboxes in ${lang} are named by their items' words`, async () => {
    const { out, url } = await siteIn(lang);
    const rel = 'blog/winter-checklist/';
    const page = await shared.newPage();
    await page.goto(url + rel);
    const items = await page.$$eval('.prose li:has(input[type=checkbox])', (lis) => lis.map((li) => ({
      words: li.textContent.replace(/\s+/g, ' ').trim(),
      checked: li.querySelector('input').checked,
      boxLeft: li.querySelector('input').getBoundingClientRect().left,
      textLeft: li.getBoundingClientRect().left,
      drawn: getComputedStyle(li.querySelector('input')).appearance,
    })));
    assert.ok(items.length >= 4, `only ${items.length} task items`);
    assert.ok(items.some((i) => i.checked) && items.some((i) => !i.checked));
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const boxes = nodes.filter((n) => n.role && n.role.value === 'checkbox' && !n.ignored);
    const names = boxes.map((n) => (n.name ? n.name.value : '').replace(/\s+/g, ' ').trim());
    assert.deepEqual(names, items.map((i) => i.words));
    for (const i of items) assert.equal(i.drawn, 'none', 'the theme draws the box');
    const found = (await axeViolations(page)).map(describeAxeViolation);
    assert.deepEqual(found, [], found.join('\n'));
    await page.close();
    const nu = await vnuErrors([path.join(out, rel, 'index.html')], out, { label: `${lang} tasks` });
    assert.deepEqual(nu.errors, [], nu.summary);
  });
}
