// Host headers (issue 27): the example site built with `headers:` in site.yaml, served by
// a tiny server that applies the build's own `_headers` (Netlify / Cloudflare Pages rules:
// a path pattern with at most one `*` splat, then indented `Name: value` lines; every
// matching rule's headers apply). On every page of the output (redirect pages and the
// 404 page included) Chromium reports no Content-Security-Policy violation, neither as a
// `securitypolicyviolation` event nor on the console, and every page did get the policy.
// A self-check injects an inline style and an inline script into a page: both must be
// reported, so the test cannot pass by hearing nothing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  SITES, frontdeskBin, htmlFiles, sharedBrowser, staticServer, tempDir, urlPathOf,
} from './helpers.mjs';

const shared = sharedBrowser();

/** `_headers` as [{ pattern: RegExp, headers: [[name, value]] }], its syntax checked. */
export function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('  ')) {
      // `  ! Name`: Cloudflare Pages drops what earlier rules set (the search pages' own
      // policy, docs/search.md).
      const detach = line.match(/^ {2}! ([A-Za-z0-9-]+)$/);
      const m = line.match(/^ {2}([A-Za-z0-9-]+): (\S.*)$/);
      assert.ok(m || detach, `not "  Name: value" nor "  ! Name": ${JSON.stringify(line)}`);
      assert.ok(rules.length > 0, `a header before any path: ${line}`);
      rules.at(-1).headers.push(m ? [m[1], m[2]] : [detach[1], null]);
    } else {
      assert.ok(line.startsWith('/'), `a path line starts with "/": ${line}`);
      assert.ok((line.match(/\*/g) || []).length <= 1, `one splat at most: ${line}`);
      const re = line.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      rules.push({ path: line, pattern: new RegExp(`^${re}$`), headers: [] });
    }
  }
  return rules;
}

/** The headers `rules` give a URL path (a name set twice is joined with ", ", `! Name`
 * drops it). */
function headersFor(rules, urlPath) {
  const out = {};
  for (const r of rules) {
    if (!r.pattern.test(urlPath)) continue;
    for (const [name, value] of r.headers) {
      const key = name.toLowerCase();
      if (value === null) delete out[key];
      else out[key] = out[key] ? `${out[key]}, ${value}` : value;
    }
  }
  return out;
}

/** The example site, copied, with `headers:` in its site.yaml, built. */
function buildWithHeaders() {
  const src = path.join(tempDir('headers-site'), 'site');
  fs.cpSync(SITES.example.source(), src, {
    recursive: true,
    filter: (f) => !/[/\\](public|\.frontdesk)$/.test(f),
  });
  fs.appendFileSync(path.join(src, 'site.yaml'), '\nheaders:\n');
  const out = path.join(tempDir('headers-out'), 'public');
  const r = spawnSync(frontdeskBin(), ['build', src, '--out', out], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `frontdesk build exited ${r.status}:\n${r.stderr}`);
  return out;
}

test('the example site served with its _headers: no CSP violation on any page', async () => {
  const out = buildWithHeaders();
  const rules = parseHeaders(fs.readFileSync(path.join(out, '_headers'), 'utf8'));
  assert.ok(headersFor(rules, '/')['content-security-policy'], 'no policy for "/"');
  const server = await staticServer(out, { headersFor: (p) => headersFor(rules, p) });
  shared.atEnd(server.close);
  const page = await shared.newPage();
  const reports = [];
  await page.exposeFunction('__cspViolation', (v) => reports.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolation({
        page: location.pathname, directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample,
      });
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) reports.push({ page: page.url(), console: m.text() });
  });

  const paths = htmlFiles(out).map(urlPathOf).filter((p) => p !== '/404.html');
  paths.push('/no/such/page/');
  assert.ok(paths.length > 20, `only ${paths.length} pages`);
  for (const p of paths) {
    const res = await page.goto(server.url + p.slice(1), { waitUntil: 'load' });
    assert.ok(res.headers()['content-security-policy'], `${p} was served without the policy`);
    // Redirect pages move on at once: wait for where they lead to load too.
    await page.waitForLoadState('load');
    await page.evaluate(() => new Promise((r) => { requestAnimationFrame(() => setTimeout(r, 0)); }));
  }
  assert.deepEqual(reports, [], `CSP violations:\n${JSON.stringify(reports, null, 2)}`);

  // The theme's script ran under the policy: the home page's status line is filled in.
  await page.goto(server.url, { waitUntil: 'load' });
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname));
  assert.ok(loaded.includes('/hours.js') && loaded.includes('/style.css'), loaded.join(' '));

  // Self-check: what the policy does not allow is reported.
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { outline: 1px solid red }';
    document.head.append(style);
    const script = document.createElement('script');
    script.textContent = 'window.__ran = true';
    document.head.append(script);
  });
  const heard = (kind) => reports.some((r) => (r.directive || '').startsWith(kind));
  for (const deadline = Date.now() + 5000; !(heard('style-src') && heard('script-src'));) {
    assert.ok(Date.now() < deadline, `the injected style and script were not both reported: ${JSON.stringify(reports)}`);
    await new Promise((r) => { setTimeout(r, 20); });
  }
  assert.equal(await page.evaluate(() => window.__ran), undefined);
});
