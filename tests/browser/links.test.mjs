// 7. Links: every internal href/src/srcset in every generated HTML file
// resolves to a generated file. Root-relative and relative URLs count, and so
// do absolute URLs under the site's base_url (canonical, og:url, …);
// external http(s), mailto:, tel:, data: and "#fragment"-only URLs are ignored.
// 404.html is also checked as a host serves it: at any missing, nested URL.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { buildSite, htmlFiles, shortList, srcsetCandidates, urlPathOf } from './helpers.mjs';

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };
const decode = (s) => s.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_, e) => ENTITIES[e])
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)));

/** [{ attr, value, line }] for href/src/srcset (and meta URL content) in an HTML document. */
export function extractUrls(html) {
  // Blank out comments, scripts, styles, <template>s and <pre>/<code> text keeps its
  // escaped "<", so no false tag is seen in it.
  const cleaned = html.replace(/<!--[\s\S]*?-->|<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi,
    (m) => m.replace(/[^\n]/g, ' '));
  const found = [];
  let lineAt = 0; let line = 1;
  for (const tag of cleaned.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)(\s(?:[^>"']|"[^"]*"|'[^']*')*)?\/?>/g)) {
    const attrsText = tag[2] || '';
    for (; lineAt < tag.index; lineAt += 1) if (cleaned.charCodeAt(lineAt) === 10) line += 1;
    const name = tag[1].toLowerCase();
    const attrs = {};
    for (const a of attrsText.matchAll(/([^\s=/"'>]+)(?:\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
      attrs[a[1].toLowerCase()] = decode(a[3] ?? a[4] ?? a[5] ?? '');
    }
    for (const attr of ['href', 'src', 'srcset', 'poster']) {
      if (!(attr in attrs)) continue;
      const v = attrs[attr].trim();
      const values = attr === 'srcset' ? srcsetCandidates(v).map((c) => c.url) : [v];
      for (const value of values) found.push({ tag: name, attr, value, line });
    }
    // og:image / og:url / twitter:image carry absolute URLs of the site itself
    if (name === 'meta' && /^(og:(url|image)|twitter:image)$/.test(attrs.property || attrs.name || '')) {
      found.push({ tag: name, attr: `content (${attrs.property || attrs.name})`, value: (attrs.content || '').trim(), line });
    }
  }
  return found;
}

/** Map a URL (resolved against the page) to the generated file it needs, or null when external. */
function targetFile(out, baseUrl, pageUrl, value) {
  if (value === '' || value.startsWith('#')) return null;
  if (/^(mailto|tel|sms|data|javascript|geo|webcal):/i.test(value)) return null;
  let u;
  try { u = new URL(value, pageUrl); } catch { return { error: 'is not a valid URL' }; }
  const base = new URL(baseUrl);
  const local = new URL(pageUrl);
  let p;
  if (u.origin === local.origin) p = u.pathname;
  else if (u.origin === base.origin && u.pathname.startsWith(base.pathname)) p = `/${u.pathname.slice(base.pathname.length)}`;
  else if (/^https?:$/.test(u.protocol)) return null; // external
  else return { error: `has an unexpected scheme ${u.protocol}` };
  let decoded;
  try { decoded = decodeURIComponent(p); } catch { return { error: 'has a malformed %-escape' }; }
  const rel = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = path.join(out, rel);
  if (!file.startsWith(out)) return { error: 'points outside the site' };
  let st = null;
  try { st = fs.statSync(file); } catch { /* missing */ }
  if (st && st.isFile()) return { ok: true };
  if (st && st.isDirectory() && fs.existsSync(path.join(file, 'index.html'))) return { ok: true }; // host redirects /x to /x/
  return { error: `needs ${rel.replace(/^\//, '')}, which was not generated` };
}

for (const siteName of ['example', 'gen200']) {
  test(`links: ${siteName} site, every internal href/src/srcset resolves to a generated file`, () => {
    const build = buildSite(siteName);
    const files = htmlFiles(build.out);
    assert.ok(files.length > 0, `${siteName}: no .html generated`);
    const origin = 'http://127.0.0.1:1';
    const broken = [];
    let checked = 0;
    for (const rel of files) {
      const html = fs.readFileSync(path.join(build.out, rel), 'utf8');
      // 404.html is served for any missing URL, so also resolve its links from a nested one.
      const pageUrls = rel === '404.html'
        ? [`${origin}/404.html`, `${origin}/no/such/page/`]
        : [`${origin}${urlPathOf(rel)}`];
      for (const link of extractUrls(html)) {
        for (const pageUrl of pageUrls) {
          const r = targetFile(build.out, build.baseUrl, pageUrl, link.value);
          if (!r) continue;
          checked += 1;
          if (r.error) {
            const as = pageUrls.length > 1 ? ` (page served at ${new URL(pageUrl).pathname})` : '';
            broken.push(`${siteName} ${rel}:${link.line}${as}: <${link.tag} ${link.attr}="${link.value}"> ${r.error}`);
          }
        }
      }
    }
    assert.ok(checked > 0, `${siteName}: no internal link found at all`);
    assert.equal(broken.length, 0, `${broken.length} broken internal link(s) of ${checked} checked:\n${shortList(broken, 120)}`);
  });
}
