// 9. Images, on a site of photo posts (examples/gen-photos plus a post showing two photos):
// no layout shift while the photos arrive (CLS measured with a PerformanceObserver at
// 375x667 and 1280x800; each photo is held back until the text has painted and its <img>
// is on screen, while the page is scrolled through); every <img> in <main> has width and height, only the first is eager; every
// srcset candidate is served as the image its <source type> and w descriptor say, and
// Chromium shows a WebP; og:image is the 1200x630 card; the Nu HTML Checker and axe-core
// find nothing on these pages.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  SCHEMES, VIEWPORTS, axeViolations, buildSite, describeAxeViolation, pollUntil,
  sharedBrowser, shortList, srcsetCandidates, staticServer, vnuErrors,
} from './helpers.mjs';

const SITE = 'photos';
const LOAD_MS = 20_000;
const RASTER = /\.(jpe?g|png|gif|webp|avif)$/i;

const shared = sharedBrowser();
let server = null;

async function setup() {
  const build = buildSite(SITE);
  if (!server) {
    server = await staticServer(build.out);
    shared.atEnd(server.close);
  }
  return { build, srv: server, ctx: await shared.get() };
}

/** The <main> part of an HTML document. */
function mainOf(html) {
  return ((html.split(/<main\b/)[1] || '').split('</main>')[0]);
}

/** The built posts whose <main> shows at least one <img>, as [{ slug, path, file, images }]. */
function imagePosts(build) {
  const blog = path.join(build.out, 'blog');
  assert.ok(fs.existsSync(blog), `${SITE}: the build has no blog/ folder`);
  const posts = fs.readdirSync(blog, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'page' && fs.existsSync(path.join(blog, e.name, 'index.html')))
    .map((e) => {
      const file = path.join(blog, e.name, 'index.html');
      const images = (mainOf(fs.readFileSync(file, 'utf8')).match(/<img\b/g) || []).length;
      return { slug: e.name, path: `/blog/${e.name}/`, file, images };
    })
    .filter((p) => p.images > 0)
    .sort((a, b) => a.slug.localeCompare(b.slug));
  assert.ok(posts.length > 0, `${SITE}: no post page shows an <img> in <main> (gen-photos writes one photo per post)`);
  assert.ok(posts.some((p) => p.images >= 2),
    `${SITE}: no post page shows two images, so lazy loading of the second cannot be checked: ${posts.map((p) => `${p.slug} (${p.images})`).join(', ')}`);
  return posts;
}

/** What the first bytes of a file say it is. */
function sniff(b) {
  const s = (from, to) => b.subarray(from, to).toString('latin1');
  if (b.length >= 12 && s(0, 4) === 'RIFF' && s(8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && s(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (b.length >= 6 && /^GIF8[79]a$/.test(s(0, 6))) return 'image/gif';
  if (b.length >= 12 && s(4, 12) === 'ftypavif') return 'image/avif';
  return `unknown (${b.subarray(0, 12).toString('hex')})`;
}

/** GET a URL of the served site: { status, type, sniffed, bytes }. */
async function fetchImage(url) {
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: (res.headers.get('content-type') || '').split(';')[0].trim(), sniffed: sniff(body), bytes: body.length };
}

/** The served URL for a URL written in a page: absolute under base_url, root-relative or relative. */
function servedUrl(url, pageUrl, build, srv) {
  if (url.startsWith(build.baseUrl)) return srv.url + url.slice(build.baseUrl.length);
  return new URL(url, pageUrl).href;
}

/** Decode an image in the page: { ok, width, height, error }. */
async function decodeInPage(page, url) {
  return page.evaluate(async (u) => {
    const im = new Image();
    im.src = u;
    try {
      await im.decode();
      return { ok: true, width: im.naturalWidth, height: im.naturalHeight };
    } catch (e) {
      return { ok: false, error: String(e) };
    }
  }, url);
}

// ---------------------------------------------------------------- layout shift

/** Runs in every document of the CLS page before its own scripts: records layout-shift entries. */
function recordLayoutShifts() {
  window.__layoutShifts = [];
  const desc = (n) => {
    if (!n) return '(gone)';
    const el = n.nodeType === 1 ? n : n.parentElement;
    if (!el) return n.nodeName;
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (typeof el.className === 'string' && el.className.trim()) s += `.${el.className.trim().split(/\s+/).join('.')}`;
    return n.nodeType === 1 ? s : `text in ${s}`;
  };
  const rect = (r) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
  const keep = (list) => {
    for (const e of list) {
      window.__layoutShifts.push({
        value: e.value,
        hadRecentInput: e.hadRecentInput,
        at: Math.round(e.startTime),
        sources: (e.sources || []).map((s) => `${desc(s.node)} ${rect(s.previousRect)} -> ${rect(s.currentRect)}`),
      });
    }
  };
  try {
    window.__layoutShiftObserver = new PerformanceObserver((l) => keep(l.getEntries()));
    window.__layoutShiftObserver.observe({ type: 'layout-shift', buffered: true });
    window.__layoutShiftFlush = () => keep(window.__layoutShiftObserver.takeRecords());
  } catch (e) {
    window.__layoutShiftError = String(e);
  }
}

/**
 * Load url in page the way a slow connection shows it: every raster image is held back
 * until the text has painted and its <img> is well on screen (top in the upper half of the
 * viewport, or in view at the bottom of the page), so each photo arrives while it and what
 * follows it are in view; the page is scrolled through in half-viewport steps, at each step
 * the photos due are let through and finish loading, until every <img> is complete.
 * Returns { cls, shifts, images, problems }.
 * `rewrite` (optional) changes the HTML document before the browser sees it.
 */
async function loadAndMeasure(page, url, { rewrite } = {}) {
  const problems = [];
  const waiting = new Map(); // image URL -> [resolve] of its held requests
  let releaseAll = false;
  const release = (u) => { for (const r of waiting.get(u) || []) r(); waiting.delete(u); };
  const held = (u) => RASTER.test(u.pathname);
  await page.route(held, async (route) => {
    const u = route.request().url();
    if (!releaseAll) await new Promise((resolve) => { waiting.set(u, [...(waiting.get(u) || []), resolve]); });
    await route.continue().catch(() => {});
  });
  const doc = (u) => u.href === url;
  if (rewrite) {
    await page.route(doc, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: rewrite(await res.text()) });
    });
  }
  const frames = () => page.evaluate(() => new Promise((r) => { requestAnimationFrame(() => requestAnimationFrame(r)); }));
  // The images to show now: those in view whose top is in the upper half of the viewport
  // (so what follows them is on screen too and would visibly move if they grew), or every
  // one in view at the bottom of the page. Returns the URLs they may ask for and whether
  // all of them are complete.
  const onScreen = (atBottom) => page.evaluate((all) => {
    const shown = [...document.images].filter((i) => {
      const r = i.getBoundingClientRect();
      return r.bottom > 0 && r.top < (all ? window.innerHeight : window.innerHeight / 2)
        && r.right > 0 && r.left < window.innerWidth;
    });
    // currentSrc stays empty until the chosen candidate arrives: every candidate counts.
    const urls = (i) => {
      const sets = [i.getAttribute('srcset') || '', ...(i.parentElement && i.parentElement.tagName === 'PICTURE'
        ? [...i.parentElement.querySelectorAll('source')].map((s) => s.getAttribute('srcset') || '') : [])];
      return [i.getAttribute('src') || '', ...sets.flatMap((v) => v.split(',').map((c) => c.trim().split(/\s+/)[0]))]
        .filter(Boolean).map((u) => new URL(u, document.baseURI).href);
    };
    return { urls: shown.flatMap(urls), complete: shown.every((i) => i.complete) };
  }, atBottom);
  try {
    const resp = await page.goto(url, { waitUntil: 'commit', timeout: LOAD_MS });
    if (!resp || resp.status() !== 200) problems.push(`HTTP status ${resp && resp.status()}, expected 200`);
    const support = await page.evaluate(() => ({
      supported: PerformanceObserver.supportedEntryTypes.includes('layout-shift'),
      error: window.__layoutShiftError || null,
    }));
    assert.ok(support.supported && !support.error,
      `${url}: this Chromium cannot observe layout-shift entries (${support.error || 'not in PerformanceObserver.supportedEntryTypes'})`);
    const fcp = await pollUntil(() => page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint').length > 0,
    ).catch(() => false), { timeoutMs: LOAD_MS });
    assert.ok(fcp, `${url}: no first-contentful-paint within ${LOAD_MS} ms while its images were held back`);

    const step = await page.evaluate(() => Math.max(100, Math.floor(window.innerHeight / 2)));
    for (let y = 0; ; y += step) {
      await page.evaluate((top) => window.scrollTo({ top, left: 0, behavior: 'instant' }), y);
      await frames();
      const atBottom = await page.evaluate((top) => top + window.innerHeight >= document.documentElement.scrollHeight, y);
      const shown = await pollUntil(async () => {
        const s = await onScreen(atBottom);
        for (const u of s.urls) release(u);
        return s.complete;
      }, { timeoutMs: LOAD_MS });
      if (!shown) {
        const s = await onScreen(atBottom);
        problems.push(`at scroll position ${y}px the images in view did not finish loading within ${LOAD_MS} ms: ${s.urls.join(', ')}`);
      }
      // (the page may have grown while its images arrived)
      const bottom = await page.evaluate((top) => top + window.innerHeight >= document.documentElement.scrollHeight, y);
      if (bottom) break;
    }
    releaseAll = true;
    for (const u of [...waiting.keys()]) release(u);
    const done = await pollUntil(() => page.evaluate(() => [...document.images].every((i) => i.complete)),
      { timeoutMs: LOAD_MS, intervalMs: 50 });
    if (!done) {
      const pending = await page.evaluate(() => [...document.images].filter((i) => !i.complete).map((i) => i.currentSrc || i.src));
      assert.fail(`${url}: images still loading ${LOAD_MS} ms after the page was scrolled through: ${pending.join(', ')}`);
    }
    await page.waitForLoadState('load', { timeout: LOAD_MS });

    const result = await page.evaluate(async () => {
      window.scrollTo({ top: 0, left: 0, behavior: 'instant' });
      await new Promise((r) => { requestAnimationFrame(() => requestAnimationFrame(r)); });
      await new Promise((r) => { setTimeout(r, 0); });
      window.__layoutShiftFlush();
      const shifts = window.__layoutShifts;
      const images = [...document.querySelectorAll('main img')].map((img) => {
        const r = img.getBoundingClientRect();
        const picture = img.parentElement && img.parentElement.tagName === 'PICTURE' ? img.parentElement : null;
        return {
          src: img.getAttribute('src'),
          alt: img.getAttribute('alt'),
          width: img.getAttribute('width'),
          height: img.getAttribute('height'),
          loading: img.getAttribute('loading'),
          srcset: img.getAttribute('srcset'),
          currentSrc: img.currentSrc,
          complete: img.complete,
          naturalWidth: img.naturalWidth,
          naturalHeight: img.naturalHeight,
          box: { width: r.width, height: r.height },
          sources: picture ? [...picture.querySelectorAll('source')].map((s) => ({
            type: s.getAttribute('type'), srcset: s.getAttribute('srcset'), sizes: s.getAttribute('sizes'),
          })) : [],
        };
      });
      return { shifts, images };
    });
    const cls = result.shifts.filter((s) => !s.hadRecentInput).reduce((sum, s) => sum + s.value, 0);
    return { cls, shifts: result.shifts, images: result.images, problems };
  } finally {
    releaseAll = true;
    for (const u of [...waiting.keys()]) release(u);
    await page.unroute(held);
    if (rewrite) await page.unroute(doc);
  }
}

function describeShifts(shifts) {
  return shifts.map((s) => `    ${s.value.toFixed(5)} at ${s.at} ms${s.hadRecentInput ? ' (after input, not counted)' : ''}: ${s.sources.join('; ') || '(no source)'}`).join('\n');
}

/** The HTML with width and height taken off every <img> in <main> (the control: that must shift). */
function withoutImageSizes(html) {
  return html.replace(/<main\b[\s\S]*<\/main>/, (m) => m.replace(/<img\b[^>]*>/g, (t) => t.replace(/\s(width|height)="[^"]*"/g, '')));
}

const measured = new Map(); // `${slug} ${w}x${h}` -> loadAndMeasure result, for the markup test

test(`images: CLS is 0 on every ${SITE} post with images at 375x667 and 1280x800 (each photo arriving while on screen, page scrolled through)`, { timeout: 300_000 }, async (t) => {
  const { build, srv, ctx } = await setup();
  const posts = imagePosts(build);
  const page = await ctx.newPage();
  await page.addInitScript(recordLayoutShifts);
  try {
    // Control: without width/height, the same page at the same sizes must shift, or this
    // measurement cannot see what it is looking for.
    const control = posts[0];
    await t.test(`control: ${control.path} with width/height removed from its <img>s shifts`, async () => {
      for (const vp of VIEWPORTS) {
        await page.setViewportSize(vp);
        const m = await loadAndMeasure(page, srv.url + control.path.slice(1), { rewrite: withoutImageSizes });
        t.diagnostic(`control ${control.path} without width/height at ${vp.width}x${vp.height}: CLS ${m.cls.toFixed(5)}`);
        assert.ok(m.cls > 0, `${control.path} at ${vp.width}x${vp.height}: CLS measured ${m.cls} with the <img> width/height `
          + 'removed; the measurement sees no shift even where one must happen, so a CLS of 0 would prove nothing');
      }
    });

    for (const p of posts) {
      await t.test(`${p.path} (${p.images} image(s))`, async () => {
        const problems = [];
        for (const vp of VIEWPORTS) {
          await page.setViewportSize(vp);
          const where = `${p.path} at ${vp.width}x${vp.height}`;
          const m = await loadAndMeasure(page, srv.url + p.path.slice(1));
          measured.set(`${p.slug} ${vp.width}x${vp.height}`, m);
          t.diagnostic(`${where}: CLS ${m.cls} (${m.shifts.length} layout-shift entr${m.shifts.length === 1 ? 'y' : 'ies'})`);
          for (const x of m.problems) problems.push(`${where}: ${x}`);
          if (m.cls !== 0) problems.push(`${where}: CLS ${m.cls}, expected 0; layout shifts:\n${describeShifts(m.shifts)}`);
        }
        assert.equal(problems.length, 0, problems.join('\n'));
      });
    }
  } finally {
    await page.close();
  }
});

test(`images: every <img> in <main> of the ${SITE} posts has width/height, only the first is eager, every srcset URL is a served image, WebP is chosen`, { timeout: 300_000 }, async (t) => {
  const { build, srv, ctx } = await setup();
  const posts = imagePosts(build);
  const page = await ctx.newPage();
  await page.addInitScript(recordLayoutShifts);
  const probe = await ctx.newPage();
  const fetched = new Map();
  const fetchOnce = (u) => { if (!fetched.has(u)) fetched.set(u, fetchImage(u)); return fetched.get(u); };
  try {
    for (const p of posts) {
      await t.test(`${p.path}`, async () => {
        const problems = [];
        const pageUrl = srv.url + p.path.slice(1);
        await probe.goto(pageUrl, { waitUntil: 'load', timeout: LOAD_MS });
        for (const vp of VIEWPORTS) {
          await page.setViewportSize(vp);
          const where = `${p.path} at ${vp.width}x${vp.height}`;
          // The page as the CLS test left it (loaded, scrolled through), else loaded the same way now.
          const m = measured.get(`${p.slug} ${vp.width}x${vp.height}`) || await loadAndMeasure(page, pageUrl);
          for (const x of m.problems) problems.push(`${where}: ${x}`);
          if (m.images.length !== p.images) problems.push(`${where}: ${m.images.length} <img> in <main> in the browser, ${p.images} in the built HTML`);
          for (const [i, img] of m.images.entries()) {
            const what = `${where}: <img> #${i + 1} src=${img.src}`;
            const w = Number(img.width); const h = Number(img.height);
            if (!/^[1-9]\d*$/.test(img.width || '') || !/^[1-9]\d*$/.test(img.height || '')) {
              problems.push(`${what}: width="${img.width}" height="${img.height}", expected both as positive integers`);
            }
            if (i === 0 && img.loading === 'lazy') problems.push(`${what}: the first image is loading="lazy"`);
            if (i > 0 && img.loading !== 'lazy') problems.push(`${what}: loading=${JSON.stringify(img.loading)}, expected "lazy" below the first image`);
            if (!img.complete || img.naturalWidth === 0) problems.push(`${what}: not loaded (complete=${img.complete}, naturalWidth=${img.naturalWidth})`);
            const current = img.currentSrc ? new URL(img.currentSrc).pathname : '';
            if (!current.endsWith('.webp')) problems.push(`${what}: Chromium shows ${img.currentSrc || '(nothing)'}, not a WebP`);
            if (w > 0 && h > 0 && img.box.width > 0 && Math.abs(img.box.height - (img.box.width * h) / w) > 1) {
              problems.push(`${what}: drawn ${img.box.width.toFixed(1)}x${img.box.height.toFixed(1)}, not the ${w}:${h} of its width/height`);
            }
            if (img.sources.length === 0 && !img.srcset) problems.push(`${what}: neither a <picture><source srcset> nor a srcset`);

            if (vp !== VIEWPORTS[0]) continue; // the URLs are the same at every size: check them once
            // The src: served, an image, as large as width/height say.
            const srcUrl = servedUrl(img.src, pageUrl, build, srv);
            const got = await fetchOnce(srcUrl);
            if (got.status !== 200 || !got.type.startsWith('image/') || got.sniffed !== got.type) {
              problems.push(`${what}: src ${srcUrl} answered ${got.status} ${got.type || '(no content-type)'}, bytes are ${got.sniffed}`);
            }
            const d = await decodeInPage(probe, srcUrl);
            if (!d.ok) problems.push(`${what}: src ${srcUrl} does not decode: ${d.error}`);
            else if (d.width !== w || d.height !== h) problems.push(`${what}: src is ${d.width}x${d.height}, width/height say ${w}x${h}`);
            // Every srcset candidate: served, an image of the <source>'s type, as wide as its w descriptor.
            const sets = [...img.sources.map((s) => ({ from: `<source type=${s.type}>`, type: s.type, srcset: s.srcset || '' })),
              ...(img.srcset ? [{ from: '<img srcset>', type: null, srcset: img.srcset }] : [])];
            for (const set of sets) {
              const cands = srcsetCandidates(set.srcset);
              if (cands.length === 0) problems.push(`${what}: ${set.from} has an empty srcset`);
              for (const c of cands) {
                const u = servedUrl(c.url, pageUrl, build, srv);
                const r = await fetchOnce(u);
                if (r.status !== 200) { problems.push(`${what}: ${set.from} candidate ${c.url} answered ${r.status}`); continue; }
                if (!r.type.startsWith('image/')) problems.push(`${what}: ${set.from} candidate ${c.url} served as ${r.type || '(no content-type)'}`);
                if (r.sniffed !== r.type) problems.push(`${what}: ${set.from} candidate ${c.url} served as ${r.type} but its bytes are ${r.sniffed}`);
                if (set.type && r.sniffed !== set.type) problems.push(`${what}: ${set.from} candidate ${c.url} is ${r.sniffed}`);
                const dc = await decodeInPage(probe, u);
                if (!dc.ok) { problems.push(`${what}: ${set.from} candidate ${c.url} does not decode: ${dc.error}`); continue; }
                const wd = /^(\d+)w$/.exec(c.descriptor);
                if (wd && Number(wd[1]) !== dc.width) problems.push(`${what}: ${set.from} candidate ${c.url} says ${c.descriptor} but is ${dc.width}px wide`);
                if (w > 0 && h > 0 && Math.abs(dc.height - (dc.width * h) / w) > 1) {
                  problems.push(`${what}: ${set.from} candidate ${c.url} is ${dc.width}x${dc.height}, not the ${w}:${h} of the image`);
                }
              }
            }
          }
        }
        assert.equal(problems.length, 0, `image markup problems:\n${shortList(problems)}`);
      });
    }
  } finally {
    await page.close();
    await probe.close();
  }
});

test(`images: og:image of every ${SITE} post with images is its 1200x630 .card.jpg`, { timeout: 120_000 }, async (t) => {
  const { build, srv, ctx } = await setup();
  const posts = imagePosts(build);
  const page = await ctx.newPage();
  try {
    for (const p of posts) {
      await t.test(p.path, async () => {
        const pageUrl = srv.url + p.path.slice(1);
        const resp = await page.goto(pageUrl, { waitUntil: 'load', timeout: LOAD_MS });
        assert.equal(resp && resp.status(), 200, `${p.path}: HTTP status`);
        const og = await page.evaluate(() => {
          const all = (prop) => [...document.querySelectorAll(`meta[property="${prop}"]`)].map((m) => m.getAttribute('content'));
          return { image: all('og:image'), width: all('og:image:width'), height: all('og:image:height') };
        });
        assert.equal(og.image.length, 1, `${p.path}: ${og.image.length} og:image meta tags: ${og.image.join(', ')}`);
        const card = og.image[0];
        assert.ok(card.startsWith(`${build.baseUrl}blog/${p.slug}/`) && card.endsWith('.card.jpg'),
          `${p.path}: og:image is ${card}, expected ${build.baseUrl}blog/${p.slug}/….card.jpg`);
        assert.deepEqual(og.width, ['1200'], `${p.path}: og:image:width`);
        assert.deepEqual(og.height, ['630'], `${p.path}: og:image:height`);
        const served = servedUrl(card, pageUrl, build, srv);
        const r = await fetchImage(served);
        assert.equal(r.status, 200, `${p.path}: the card ${served} (og:image ${card}) answered ${r.status}`);
        assert.equal(r.sniffed, 'image/jpeg', `${p.path}: the card ${served} is ${r.sniffed}`);
        const d = await decodeInPage(page, served);
        assert.ok(d.ok, `${p.path}: the card ${served} does not load as an image in Chromium: ${d.error}`);
        assert.deepEqual([d.width, d.height], [1200, 630], `${p.path}: the card ${served} is ${d.width}x${d.height}`);
      });
    }
  } finally {
    await page.close();
  }
});

test(`images: Nu HTML Checker finds 0 errors on the ${SITE} posts with images`, { timeout: 240_000 }, async (t) => {
  const build = buildSite(SITE);
  const posts = imagePosts(build);
  const { code, errors, summary } = await vnuErrors(posts.map((p) => p.file), build.out);
  t.diagnostic(`vnu checked ${posts.length} post pages: ${posts.map((p) => p.path).join(' ')}`);
  assert.equal(errors.length, 0, `vnu reported ${errors.length} error(s).\nBy message:\n${summary}\nEach error:\n${shortList(errors, 150)}`);
  assert.equal(code, 0, `vnu.jar exited ${code} although it listed no error`);
});

test(`images: axe WCAG 2.1 A/AA finds 0 violations on the ${SITE} posts with images, light+dark, 375x667+1280x800`, { timeout: 240_000 }, async (t) => {
  const { build, srv, ctx } = await setup();
  const posts = imagePosts(build);
  const page = await ctx.newPage();
  try {
    for (const p of posts) {
      await t.test(p.path, async () => {
        const problems = [];
        for (const vp of VIEWPORTS) {
          await page.setViewportSize(vp);
          for (const scheme of SCHEMES) {
            await page.emulateMedia({ colorScheme: scheme });
            const where = `${p.path} at ${vp.width}x${vp.height} ${scheme}`;
            const resp = await page.goto(srv.url + p.path.slice(1), { waitUntil: 'load', timeout: LOAD_MS });
            if (!resp || resp.status() !== 200) problems.push(`${where}: HTTP status ${resp && resp.status()}, expected 200`);
            const violations = await axeViolations(page);
            if (violations.length) problems.push(`${where}: ${violations.length} axe violation(s):\n${violations.map(describeAxeViolation).join('\n')}`);
          }
        }
        assert.equal(problems.length, 0, `axe found problems:\n${problems.join('\n')}`);
      });
    }
  } finally {
    await page.close();
  }
});
