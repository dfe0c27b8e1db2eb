// 3. Accessibility: axe-core with the WCAG 2.0/2.1 A and AA rules finds no
// violation on any kind of page, in the light and the dark color scheme, at
// phone and desktop widths.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  SCHEMES, VIEWPORTS, axeViolations, buildSite, describeAxeViolation, pageKinds, sharedBrowser, staticServer,
} from './helpers.mjs';

const shared = sharedBrowser();

for (const siteName of ['example', 'gen200']) {
  test(`axe WCAG 2.1 A/AA: ${siteName} site, every page kind, light+dark, 375x667+1280x800`, async (t) => {
    const build = buildSite(siteName);
    const srv = await staticServer(build.out);
    shared.atEnd(srv.close);
    const page = await shared.newPage();

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
            const violations = await axeViolations(page);
            if (violations.length) {
              problems.push(`${where}: ${violations.length} axe violation(s):\n${violations.map(describeAxeViolation).join('\n')}`);
            }
          }
        }
        assert.equal(problems.length, 0, `axe found problems:\n${problems.join('\n')}`);
      });
    }
  });
}
