// 4. Layout at 375x667 and 1280x800, light and dark: the header's phone and
// email links are visible without scrolling, nothing overflows horizontally,
// dark mode really changes the body's colors, and every page loads without a
// failed sub-resource or a script error. Saves a full-page screenshot of each
// page kind, size and scheme to tests/artifacts/screenshots/.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  SCHEMES, SCREENSHOTS, VIEWPORTS, buildSite, pageKinds, sharedBrowser, staticServer,
} from './helpers.mjs';

const shared = sharedBrowser();

// Runs in the page: measures everything the layout test asserts.
function measure() {
  const W = window.innerWidth; const H = window.innerHeight;
  const desc = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    if (typeof el.className === 'string' && el.className.trim()) s += `.${el.className.trim().split(/\s+/).join('.')}`;
    return s;
  };
  const headerLinks = (prefix) => [...document.querySelectorAll(`a[href^="${prefix}"]`)]
    .filter((a) => a.closest('header') && !a.closest('main') && !a.closest('footer'))
    .map((a) => {
      const r = a.getBoundingClientRect();
      const visible = a.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
      const cx = r.left + r.width / 2; const cy = r.top + r.height / 2;
      const hit = (cx >= 0 && cy >= 0 && cx < W && cy < H) ? document.elementFromPoint(cx, cy) : null;
      const inView = r.width > 0 && r.height > 0 && r.left >= -0.5 && r.top >= -0.5
        && r.right <= W + 0.5 && r.bottom <= H + 0.5;
      return {
        href: a.getAttribute('href'),
        desc: desc(a),
        box: [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)],
        visible,
        inView,
        onTop: !!hit && (hit === a || a.contains(hit)),
        coveredBy: visible && r.width > 0 && hit && !(hit === a || a.contains(hit)) ? desc(hit) : null,
      };
    });

  // Horizontal overflow: the outermost elements sticking out on the right.
  const scrollWidth = document.documentElement.scrollWidth;
  const offenders = [];
  if (scrollWidth > W) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= W + 0.5) continue;
      const p = el.parentElement;
      const pr = p && p.getBoundingClientRect();
      if (p && p !== document.body && pr.right > W + 0.5) continue;
      offenders.push(`${desc(el)} (right edge ${Math.round(r.right)}px, width ${Math.round(r.width)}px) "${(el.textContent || '').trim().slice(0, 50)}"`);
      if (offenders.length >= 6) break;
    }
  }

  // Effective page colors: body text color, first opaque background from body up, else the canvas.
  const cs = getComputedStyle(document.body);
  let bg = null;
  for (let el = document.body; el; el = el.parentElement) {
    const b = getComputedStyle(el).backgroundColor;
    if (b && b !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(b)) { bg = b; break; }
  }
  if (!bg) {
    const probe = document.createElement('div');
    probe.style.background = 'Canvas';
    document.body.appendChild(probe);
    bg = `${getComputedStyle(probe).backgroundColor} (canvas)`;
    probe.remove();
  }
  return {
    W, H, scrollWidth, offenders,
    tel: headerLinks('tel:'), mail: headerLinks('mailto:'),
    color: cs.color, bg,
  };
}

for (const siteName of ['example', 'gen200']) {
  test(`layout: ${siteName} site, header contact links, no horizontal overflow, dark mode, screenshots`, async (t) => {
    const build = buildSite(siteName);
    const srv = await staticServer(build.out);
    shared.atEnd(srv.close);
    const page = await shared.newPage();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });

    // Sub-resource failures and script errors, per navigation.
    let loadProblems = [];
    page.on('pageerror', (e) => loadProblems.push(`script error: ${e.message}`));
    page.on('console', (m) => {
      // "Failed to load resource" repeats what the response handler reports (and the 404 page's own status).
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) loadProblems.push(`console error: ${m.text()}`);
    });
    page.on('requestfailed', (r) => loadProblems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => {
      if (r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()) return;
      if (r.status() >= 400) loadProblems.push(`sub-resource ${r.url()} answered ${r.status()}`);
    });

    for (const k of pageKinds(build)) {
      await t.test(`${siteName} ${k.kind} ${k.path}`, async () => {
        assert.ok(!k.missing, `${siteName}: page kind "${k.kind}" missing: ${k.missing}`);
        const problems = [];
        for (const vp of VIEWPORTS) {
          await page.setViewportSize(vp);
          const colors = {};
          for (const scheme of SCHEMES) {
            await page.emulateMedia({ colorScheme: scheme });
            const where = `${siteName} ${k.path} (${k.kind}) at ${vp.width}x${vp.height} ${scheme}`;
            loadProblems = [];
            const resp = await page.goto(srv.url + k.path.slice(1), { waitUntil: 'load' });
            if (!resp || resp.status() !== k.status) {
              problems.push(`${where}: HTTP status ${resp && resp.status()}, expected ${k.status}`);
            }
            await page.evaluate(() => (document.fonts ? document.fonts.ready.then(() => true) : true));
            const m = await page.evaluate(measure);
            for (const [what, links] of [['phone (tel:)', m.tel], ['email (mailto:)', m.mail]]) {
              if (links.length === 0) {
                problems.push(`${where}: no ${what} link in the site header`);
              } else if (!links.some((l) => l.visible && l.inView && l.onTop)) {
                problems.push(`${where}: the header's ${what} link is not visible without scrolling: ${links.map((l) => `${l.desc} href=${l.href} box[x,y,w,h]=${l.box} visible=${l.visible} inViewport=${l.inView}${l.coveredBy ? ` covered by ${l.coveredBy}` : ''}`).join('; ')}`);
              }
            }
            if (m.scrollWidth > m.W) {
              problems.push(`${where}: horizontal overflow, document scrollWidth ${m.scrollWidth}px > innerWidth ${m.W}px; sticking out: ${m.offenders.join('; ') || '(no single element found)'}`);
            }
            colors[scheme] = { color: m.color, bg: m.bg };
            const file = path.join(SCREENSHOTS, `${siteName}-${k.kind}-${vp.width}x${vp.height}-${scheme}.png`);
            await page.screenshot({ path: file, fullPage: true });
            for (const p of loadProblems) problems.push(`${where}: ${p}`);
          }
          const where = `${siteName} ${k.path} (${k.kind}) at ${vp.width}x${vp.height}`;
          if (colors.light.color === colors.dark.color) {
            problems.push(`${where}: body text color is ${colors.light.color} in both light and dark schemes (dark mode not implemented?)`);
          }
          if (colors.light.bg === colors.dark.bg) {
            problems.push(`${where}: page background is ${colors.light.bg} in both light and dark schemes (dark mode not implemented?)`);
          }
        }
        assert.equal(problems.length, 0, `layout problems:\n${problems.join('\n')}`);
      });
    }
  });
}
