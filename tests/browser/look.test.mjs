// The theme at real content (issue 23): the realOwner site with a hero photo, post cards
// with pictures and a nine-photo gallery post, at 320, 375, 768 and 1280 px in both schemes.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SCHEMES, buildSite, sharedBrowser, staticServer } from './helpers.mjs';

const shared = sharedBrowser();
const WIDTHS = [320, 375, 768, 1280];
const GALLERY = 'blog/a-morning-in-photos/';

test('realOwner with photos: no overflow, hero is the LCP, cards sized, gallery stable and short', async () => {
  const build = buildSite('realOwner');
  const srv = await staticServer(build.out);
  const page = await shared.newPage();
  try {
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width >= 1024 ? 800 : 700 });
        for (const rel of ['', 'blog/', GALLERY]) {
          await page.goto(srv.url + rel, { waitUntil: 'load' });
          const sw = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(sw <= width, `${rel || 'home'} at ${width} (${scheme}): scrollWidth ${sw}`);
        }
        await page.goto(srv.url, { waitUntil: 'load' });
        const lcp = await page.evaluate(() => new Promise((resolve) => {
          let last = null;
          new PerformanceObserver((l) => { last = l.getEntries().at(-1) || last; })
            .observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(() => resolve(last && last.element ? last.element.closest('.hero-photo') !== null : false), 700);
        }));
        assert.ok(lcp, `the hero is the LCP at ${width} (${scheme})`);
        await page.goto(`${srv.url}blog/`, { waitUntil: 'load' });
        const unsized = await page.$$eval('.post-card-photo img', (imgs) => imgs
          .filter((i) => !i.getAttribute('width') || !i.getAttribute('height')).length);
        assert.equal(unsized, 0);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(srv.url + GALLERY, { waitUntil: 'load' });
    const m = await page.evaluate(async () => {
      let cls = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) cls += e.value; })
        .observe({ type: 'layout-shift', buffered: true });
      for (let y = 0; y < document.body.scrollHeight; y += 300) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 300));
      return { cls, h: document.documentElement.scrollHeight, ih: innerHeight, n: document.querySelectorAll('ul.gallery img').length };
    });
    assert.equal(m.n, 9);
    assert.equal(m.cls, 0, 'no layout shift');
    assert.ok(m.h <= 3 * m.ih, `the gallery post is ${m.h} px tall, 3 screens are ${3 * m.ih}`);
  } finally {
    await srv.close();
  }
});
