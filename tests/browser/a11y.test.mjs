// 3. Accessibility: axe-core with the WCAG 2.0/2.1 A and AA rules finds no
// violation on any kind of page, in the light and the dark color scheme, at
// phone and desktop widths.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import {
  AXE_PATH, SCHEMES, VIEWPORTS, buildSite, launchBrowser, pageKinds, staticServer,
} from './helpers.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let browser = null;
const closers = [];
after(async () => {
  for (const c of closers) await c();
  if (browser) await browser.close();
});

async function getBrowser() {
  if (!browser) browser = await launchBrowser();
  return browser;
}

function describeViolation(v) {
  const nodes = v.nodes.slice(0, 8).map((n) => {
    const why = (n.failureSummary || '').split('\n').map((s) => s.trim()).filter(Boolean).slice(1, 3).join(' / ');
    return `      - ${n.target.join(' ')}: ${why}\n        ${(n.html || '').slice(0, 160)}`;
  });
  const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more nodes` : '';
  return `    ${v.id} (${v.impact}): ${v.help} [${v.nodes.length} node(s)] ${v.helpUrl}\n${nodes.join('\n')}${more}`;
}

for (const siteName of ['example', 'gen200']) {
  test(`axe WCAG 2.1 A/AA: ${siteName} site, every page kind, light+dark, 375x667+1280x800`, async (t) => {
    const build = buildSite(siteName);
    const srv = await staticServer(build.out);
    closers.push(srv.close);
    const ctx = await getBrowser();
    const page = await ctx.newPage();
    closers.unshift(() => page.close());

    for (const k of pageKinds(build)) {
      await t.test(`${siteName} ${k.kind} ${k.path}`, async () => {
        assert.ok(!k.missing, `${siteName}: page kind "${k.kind}" missing: ${k.missing}`);
        const problems = [];
        for (const vp of VIEWPORTS) {
          await page.setViewportSize(vp);
          for (const scheme of SCHEMES) {
            await page.emulateMedia({ colorScheme: scheme });
            const where = `${siteName} ${k.path} (${k.kind}) at ${vp.width}x${vp.height} ${scheme}`;
            const resp = await page.goto(srv.url + k.path.slice(1), { waitUntil: 'load' });
            if (!resp || resp.status() !== k.status) {
              problems.push(`${where}: HTTP status ${resp && resp.status()}, expected ${k.status}`);
            }
            await page.addScriptTag({ path: AXE_PATH });
            const res = await page.evaluate(
              (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
              TAGS,
            );
            if (res.violations.length) {
              problems.push(`${where}: ${res.violations.length} axe violation(s):\n${res.violations.map(describeViolation).join('\n')}`);
            }
          }
        }
        assert.equal(problems.length, 0, `axe found problems:\n${problems.join('\n')}`);
      });
    }
  });
}
