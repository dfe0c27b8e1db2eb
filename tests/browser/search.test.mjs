// Site search (issue 27, `search: true`): the example site built with search and
// `headers:`, served with its own `_headers` (Cloudflare Pages rules: every matching rule
// applies, a value set twice is joined, `! Name` detaches what earlier rules set).
// - On /search/, with the keyboard alone: Tab to the box, type a word only one post has,
//   the first result is that post, Tab to it and Enter opens it; axe finds nothing; the
//   page reports no CSP violation (its policy allows the WebAssembly and the index's
//   fetches) and Pagefind's worker runs (no fall back to the main thread).
// - The type filter drops the post when it asks for pages only.
// - Without JavaScript the page says so and links to the blog and the tags.
// - The home page and a post load nothing of the search (no request under /pagefind/,
//   no search.js): only the link in the header.
// - Under `frontdesk serve`, a word added to a post is found after the background
//   re-index.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  SITES, axeViolations, describeAxeViolation, frontdeskBin, launchBrowser, pollUntil,
  sharedBrowser, startServe, staticServer, tempDir,
} from './helpers.mjs';

const shared = sharedBrowser();

/** `_headers` as [{ pattern, headers: [[name, value | null]] }] (null: `! Name`). */
function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('  ')) {
      const detach = line.match(/^ {2}! ([A-Za-z0-9-]+)$/);
      const m = line.match(/^ {2}([A-Za-z0-9-]+): (\S.*)$/);
      assert.ok(m || detach, `not "  Name: value" nor "  ! Name": ${JSON.stringify(line)}`);
      rules.at(-1).headers.push(m ? [m[1], m[2]] : [detach[1], null]);
    } else {
      assert.ok(line.startsWith('/'), `a path line starts with "/": ${line}`);
      const re = line.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      rules.push({ path: line, pattern: new RegExp(`^${re}$`), headers: [] });
    }
  }
  return rules;
}

/** The headers `rules` give a URL path, as Cloudflare Pages applies them. */
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

/** A copy of the example site with `extra` appended to its site.yaml. */
function exampleWith(extra) {
  const src = path.join(tempDir('search-site'), 'site');
  fs.cpSync(SITES.example.source(), src, {
    recursive: true,
    filter: (f) => !/[/\\](public|\.frontdesk)$/.test(f),
  });
  fs.appendFileSync(path.join(src, 'site.yaml'), `\n${extra}`);
  return src;
}

function build(src) {
  const out = path.join(tempDir('search-out'), 'public');
  const r = spawnSync(frontdeskBin(), ['build', src, '--out', out], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `frontdesk build exited ${r.status}:\n${r.stderr}`);
  return out;
}

const textOf = (html) => html
  .replace(/<(script|style|svg)[\s\S]*?<\/\1>/g, ' ')
  .replace(/<[^>]+>/g, ' ')
  .replace(/&[a-z#0-9]+;/gi, ' ');
const mainOf = (html) => (html.match(/<main[\s\S]*<\/main>/) || [''])[0];

/** A word of a post that no other page's <main> holds (lists aside): [word, url]. */
function uniqueWord(out) {
  const pages = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) pages.push(path.relative(out, p));
    }
  };
  walk(out);
  const listing = /^(index\.html|blog\/index\.html|blog\/page\/|tags\/|newsletter\/index\.html|search\/)/;
  const texts = new Map(pages.filter((p) => !listing.test(p))
    .map((p) => [p, textOf(mainOf(fs.readFileSync(path.join(out, p), 'utf8'))).toLowerCase()]));
  const posts = [...texts.keys()].filter((p) => /^blog\/[^/]+\/index\.html$/.test(p));
  for (const post of posts) {
    for (const word of texts.get(post).split(/[^a-z]+/).filter((w) => w.length >= 7)) {
      const re = new RegExp(`\\b${word}\\b`);
      const holders = [...texts].filter(([, t]) => re.test(t)).map(([p]) => p);
      if (holders.length === 1) return [word, `/${post.replace(/index\.html$/, '')}`];
    }
  }
  throw new Error('no post has a word that no other page holds');
}

/** The page's CSP violations and console errors and warnings, as they come. */
async function watch(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.exposeFunction('__cspViolation', (v) => problems.push(`CSP: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return problems;
}

let built = null;
async function site() {
  if (!built) {
    const out = build(exampleWith('search: true\nheaders:\n'));
    const rules = parseHeaders(fs.readFileSync(path.join(out, '_headers'), 'utf8'));
    const server = await staticServer(out, { headersFor: (p) => headersFor(rules, p) });
    shared.atEnd(server.close);
    built = { out, rules, server };
  }
  return built;
}

const firstResult = (page) => page.evaluate(() => document.querySelector('.search-results li a')?.getAttribute('href') ?? null);

test('keyboard only: a word of one post finds it first, Enter opens it; no CSP problem', async () => {
  const { out, rules, server } = await site();
  const csp = headersFor(rules, '/search/')['content-security-policy'];
  assert.match(csp, /script-src [^;]*'wasm-unsafe-eval'/, csp);
  assert.match(csp, /connect-src 'self'/, csp);
  const other = headersFor(rules, '/about/')['content-security-policy'];
  assert.ok(other && !other.includes('wasm') && !other.includes('connect-src'), other);
  const [word, url] = uniqueWord(out);
  const page = await shared.newPage();
  const problems = await watch(page);
  await page.goto(`${server.url}search/`);
  let tabs = 0;
  while (await page.evaluate(() => document.activeElement?.id) !== 'search-q') {
    await page.keyboard.press('Tab');
    assert.ok(++tabs < 40, 'the search box is not reachable with Tab');
  }
  await page.keyboard.type(word, { delay: 20 });
  const first = await pollUntil(() => firstResult(page), { timeoutMs: 10_000 });
  assert.equal(first, url, `searching ${JSON.stringify(word)}: first result ${first}, expected ${url}`);
  const status = await page.textContent('.search-status');
  assert.ok(status.includes(word), `the status names the words searched: ${status}`);
  tabs = 0;
  while (await page.evaluate(() => document.activeElement?.closest('.search-results') ? document.activeElement.getAttribute('href') : null) !== url) {
    await page.keyboard.press('Tab');
    assert.ok(++tabs < 20, 'the first result is not reachable with Tab');
  }
  await Promise.all([page.waitForURL(`${server.url}${url.slice(1)}`), page.keyboard.press('Enter')]);
  assert.deepEqual(problems, [], 'no CSP violation, error or worker fallback');
});

test('axe finds nothing on /search/ with results shown', async () => {
  const { out, server } = await site();
  const [word, url] = uniqueWord(out);
  // axe is injected as an inline script, which the page's own policy rightly refuses.
  const browser = await launchBrowser({ bypassCSP: true });
  shared.atEnd(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${server.url}search/?q=${encodeURIComponent(word)}`);
  assert.equal(await pollUntil(() => firstResult(page), { timeoutMs: 10_000 }), url);
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map(describeAxeViolation), [], 'axe on /search/ with results');
});

test('the type filter keeps pages only', async () => {
  const { out, server } = await site();
  const [word, url] = uniqueWord(out);
  const page = await shared.newPage();
  await page.goto(`${server.url}search/?q=${encodeURIComponent(word)}`);
  assert.equal(await pollUntil(() => firstResult(page), { timeoutMs: 10_000 }), url);
  const options = await page.$$eval('#search-type option', (os) => os.map((o) => [o.value, o.textContent]));
  assert.ok(options.some(([v, t]) => v === 'post' && t === 'Blog posts'), JSON.stringify(options));
  assert.ok(options.some(([v]) => v === 'faq'), JSON.stringify(options));
  await page.selectOption('#search-type', 'page');
  await pollUntil(() => page.evaluate(() => !document.querySelector('.search-results li')), { timeoutMs: 10_000 });
  assert.match(await page.textContent('.search-status'), /Nothing found/);
  assert.match(page.url(), /type=page/);
});

test('without JavaScript the search page links to the blog and the tags', async () => {
  const { server } = await site();
  const browser = await launchBrowser({ javaScriptEnabled: false });
  shared.atEnd(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${server.url}search/`);
  assert.equal(await page.isVisible('.search-fallback'), true);
  assert.equal(await page.isVisible('form.search-form'), false);
  const links = await page.$$eval('.search-fallback a', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['/blog/', '/tags/']);
});

test('pages other than /search/ load no search bytes', async () => {
  const { out, server } = await site();
  const [, post] = uniqueWord(out);
  const page = await shared.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  for (const p of ['', post.slice(1), 'about/']) {
    await page.goto(`${server.url}${p}`, { waitUntil: 'networkidle' });
    assert.equal(await page.getAttribute('a.search-link', 'href'), '/search/', `the header links to the search on /${p}`);
  }
  const search = requests.filter((p) => p.startsWith('/pagefind/') || p.endsWith('/search.js'));
  assert.deepEqual(search, [], 'requests of the search');
  assert.ok(requests.includes('/style.css'), 'the requests were recorded');
});

test('serve: a word added to a post is found after the background re-index', async () => {
  const dir = exampleWith('search: true\n');
  const server = await startServe(dir);
  shared.atEnd(server.stop);
  const page = await shared.newPage();
  const word = 'quokkaberry';
  const search = async () => {
    // A live reload may replace the page meanwhile: that visit is retried.
    if (!await page.goto(`${server.url}search/?q=${word}`).catch(() => null)) return null;
    return pollUntil(() => page.evaluate(() => {
      const s = document.querySelector('.search-status')?.textContent || '';
      if (!s || /Searching/.test(s)) return null;
      return document.querySelector('.search-results li a')?.getAttribute('href') || 'none';
    }).catch(() => null), { timeoutMs: 10_000 });
  };
  // The first index is made in the background too.
  const ready = await pollUntil(() => server.output().includes('Indexed ') || null, { timeoutMs: 60_000 });
  assert.ok(ready, `serve never said it indexed:\n${server.output()}`);
  assert.equal(await search(), 'none', `${word} is found before it is written`);
  await page.goto('about:blank');
  const file = path.join(dir, 'posts', 'quiet-corner.md');
  fs.appendFileSync(file, `\n\nOur new ${word} blend is on the counter.\n`);
  assert.ok(await pollUntil(() => server.output().includes('Rebuilt'), { timeoutMs: 30_000 }), server.output());
  const found = await pollUntil(async () => {
    const first = await search();
    return first && first !== 'none' ? first : null;
  }, { timeoutMs: 60_000, intervalMs: 300 });
  assert.equal(found, '/blog/quiet-corner/', `after the edit:\n${server.output()}`);
});
