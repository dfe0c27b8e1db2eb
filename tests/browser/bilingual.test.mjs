// A site in English and French (issue 24): the language switcher takes a reader to the
// same page in the other language (or that language's home), each language's pages are
// axe-clean with the switcher in the header, and nothing sticks out sideways on a phone.
// Nu checks every page of this site in html.test.mjs, its feeds are in feeds.test.mjs.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  axeViolations, buildSite, describeAxeViolation, sharedBrowser, staticServer,
} from './helpers.mjs';

const shared = sharedBrowser();

const PAGES = ['/', '/about/', '/fr/', '/fr/about/', '/fr/blog/seulement-en-francais/', '/fr/contact/'];

test('bilingual: the switcher goes to the same page in the other language, or its home', async () => {
  const build = buildSite('bilingual');
  const srv = await staticServer(build.out);
  shared.atEnd(srv.close);
  const page = await shared.newPage();
  await page.setViewportSize({ width: 375, height: 667 });
  const follow = async (from, lang) => {
    await page.goto(srv.url + from.slice(1), { waitUntil: 'load' });
    await page.click(`.languages a[hreflang="${lang}"]`);
    await page.waitForLoadState('load');
    return new URL(page.url()).pathname;
  };
  assert.equal(await follow('/fr/about/', 'en'), '/about/');
  assert.equal(await follow('/about/', 'fr'), '/fr/about/');
  assert.equal(await follow('/blog/brew-guide/', 'fr'), '/fr/blog/brew-guide/');
  // A page in French alone: its switcher goes to the English home page.
  assert.equal(await follow('/fr/blog/seulement-en-francais/', 'en'), '/');
  // The current language is named, not linked, and the pages say their language.
  await page.goto(`${srv.url}fr/about/`, { waitUntil: 'load' });
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.textContent('.languages [aria-current]'), 'Français');
  assert.match(await page.textContent('body'), /sous un jour ouvré/);
});

test('bilingual: axe-clean and nothing overflows at 320 and 1280 px, in both languages', async () => {
  const build = buildSite('bilingual');
  const srv = await staticServer(build.out);
  shared.atEnd(srv.close);
  const page = await shared.newPage();
  const problems = [];
  for (const vp of [{ width: 320, height: 640 }, { width: 1280, height: 800 }]) {
    await page.setViewportSize(vp);
    for (const p of PAGES) {
      const resp = await page.goto(srv.url + p.slice(1), { waitUntil: 'load' });
      if (!resp || resp.status() !== 200) problems.push(`${p}: HTTP ${resp && resp.status()}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > vp.width) problems.push(`${p} at ${vp.width} px: the page is ${wide} px wide`);
      const violations = await axeViolations(page);
      if (violations.length) {
        problems.push(`${p} at ${vp.width} px: ${violations.map(describeAxeViolation).join('\n')}`);
      }
    }
  }
  assert.equal(problems.length, 0, problems.join('\n'));
});
