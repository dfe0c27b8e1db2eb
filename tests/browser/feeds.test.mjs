// 2. Feeds: rss.xml and atom.xml are well-formed, namespace-correct XML (saxes,
// a conformant XML 1.0 + Namespaces parser) and follow the RSS 2.0 / Atom
// rules a feed reader relies on; feed.json is a JSON Feed 1.1.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { SaxesParser } from 'saxes';

import { buildSite, shortList } from './helpers.mjs';

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
};
const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MON = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const RFC822 = new RegExp(`^${DAY}, (\\d{2}) ${MON} (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) ([+-]\\d{4})$`);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// XML 1.0 Char excludes C0 controls but TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isXmlChar = (cp) => cp === 0x9 || cp === 0xA || cp === 0xD || (cp >= 0x20 && cp <= 0xD7FF)
  || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);

/**
 * Parse XML strictly into a namespace-aware tree:
 * { uri, local, attrs: { "{uri}local" | local: value }, children: [...], text }.
 * Returns { root, errors: ["line:col: message"] }.
 */
export function parseXml(text) {
  const errors = [];
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack = [];
  let root = null;
  parser.on('error', (e) => errors.push(e.message));
  parser.on('opentag', (t) => {
    const attrs = {};
    for (const a of Object.values(t.attributes)) attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    const el = { uri: t.uri, local: t.local, name: t.name, attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else root = el;
    stack.push(el);
  });
  const addText = (s) => { if (stack.length) stack[stack.length - 1].text += s; };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => { stack.pop(); });
  try {
    parser.write(text).close();
  } catch (e) {
    errors.push(e.message);
  }
  return { root, errors };
}

const kids = (el, uri, local) => el.children.filter((c) => c.uri === uri && c.local === local);
const kid = (el, uri, local) => kids(el, uri, local)[0];

/** Every URL in href/src/srcset attributes of an HTML fragment that is not absolute. */
function relativeUrls(html) {
  const bad = [];
  for (const m of html.matchAll(/\s(href|src|srcset|poster)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
    const attr = m[1].toLowerCase();
    const value = (m[3] ?? m[4] ?? m[5] ?? '').replace(/&amp;/g, '&').trim();
    const urls = attr === 'srcset' ? value.split(',').map((s) => s.trim().split(/\s+/)[0]).filter(Boolean) : [value];
    for (const u of urls) {
      // absolute: http(s)/mailto/tel URIs, or an in-document fragment
      if (!/^(https?:\/\/[^/]|mailto:|tel:|#)/i.test(u)) bad.push(`${attr}="${u}"`);
    }
  }
  return bad;
}

function checkRfc822(value, what, problems) {
  const m = RFC822.exec(value || '');
  if (!m) { problems.push(`${what}: "${value}" is not an RFC 822 date like "Mon, 02 Jan 2006 15:04:05 +0000"`); return; }
  const [, day, dd, mon, yyyy, hh, mi, ss, zone] = m;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const sign = zone[0] === '-' ? -1 : 1;
  const offsetMin = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  const local = Date.UTC(Number(yyyy), months.indexOf(mon), Number(dd), Number(hh), Number(mi), Number(ss));
  const d = new Date(local);
  if (d.getUTCDate() !== Number(dd) || d.getUTCHours() !== Number(hh) || Number(mi) > 59 || Number(ss) > 60) {
    problems.push(`${what}: "${value}" is not a real date/time`);
  } else if (['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()] !== day) {
    problems.push(`${what}: "${value}" names the wrong day of the week`);
  }
  if (Math.abs(offsetMin) > 14 * 60) problems.push(`${what}: "${value}" has an impossible zone offset`);
}

function readFeed(build, file) {
  const p = path.join(build.out, file);
  assert.ok(fs.existsSync(p), `${build.name}: ${file} was not generated`);
  return fs.readFileSync(p, 'utf8');
}

function checkXmlText(text, file, problems) {
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const c = FORBIDDEN.exec(line);
    if (c) problems.push(`${file}:${i + 1}: XML-forbidden character U+${c[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    for (const r of line.matchAll(/&#(?:x([0-9a-fA-F]+)|(\d+));/g)) {
      const cp = r[1] ? parseInt(r[1], 16) : parseInt(r[2], 10);
      if (!isXmlChar(cp)) problems.push(`${file}:${i + 1}: character reference ${r[0]} to a character XML forbids`);
    }
  });
}

// A site's feeds, or those of one of its further languages (under `fr/`, at its own
// base URL).
function feedsOf(siteName) {
  if (siteName === 'bilingual/fr') {
    const build = buildSite('bilingual');
    return { ...build, name: siteName, out: path.join(build.out, 'fr'), baseUrl: `${build.baseUrl}fr/` };
  }
  return buildSite(siteName);
}

for (const siteName of ['example', 'gen200', 'bilingual', 'bilingual/fr']) {
  test(`feeds: ${siteName} site, rss.xml is valid RSS 2.0`, () => {
    const build = feedsOf(siteName);
    const text = readFeed(build, 'rss.xml');
    const problems = [];
    checkXmlText(text, 'rss.xml', problems);
    const { root, errors } = parseXml(text);
    for (const e of errors) problems.push(`rss.xml is not well-formed XML: ${e}`);
    assert.ok(root, `${siteName} rss.xml has no root element:\n${problems.join('\n')}`);
    assert.ok(root && root.local === 'rss' && root.uri === '' && root.attrs.version === '2.0',
      `${siteName} rss.xml: root element must be <rss version="2.0">, got <${root && root.name}>`);
    if (root.attrs['{http://www.w3.org/2000/xmlns/}content'] !== NS.content) {
      problems.push(`rss.xml: the content: namespace is not declared on <rss> as xmlns:content="${NS.content}"`);
    }
    const channel = kid(root, '', 'channel');
    assert.ok(channel, `${siteName} rss.xml: no <channel>`);
    for (const req of ['title', 'link', 'description']) {
      if (!kid(channel, '', req) || !kid(channel, '', req).text.trim()) problems.push(`rss.xml: <channel> has no <${req}>`);
    }
    const self = kids(channel, NS.atom, 'link').find((l) => l.attrs.rel === 'self');
    const feedUrl = `${build.baseUrl}rss.xml`;
    if (!self) problems.push('rss.xml: <channel> has no <atom:link rel="self"> (with xmlns:atom declared)');
    else {
      if (self.attrs.href !== feedUrl) problems.push(`rss.xml: atom:link rel="self" href="${self.attrs.href}", expected "${feedUrl}"`);
      if (self.attrs.type !== 'application/rss+xml') problems.push(`rss.xml: atom:link rel="self" type="${self.attrs.type}", expected application/rss+xml`);
    }
    const lbd = kid(channel, '', 'lastBuildDate');
    if (!lbd) problems.push('rss.xml: <channel> has no <lastBuildDate>');
    else checkRfc822(lbd.text.trim(), 'rss.xml <lastBuildDate>', problems);
    const pub = kid(channel, '', 'pubDate');
    if (pub) checkRfc822(pub.text.trim(), 'rss.xml channel <pubDate>', problems);

    const items = kids(channel, '', 'item');
    if (items.length === 0) problems.push('rss.xml: no <item>');
    const guids = new Set();
    items.forEach((item, i) => {
      const title = kid(item, '', 'title')?.text.trim();
      const where = `rss.xml item ${i + 1} ("${(title || '').slice(0, 50)}")`;
      if (!title && !kid(item, '', 'description')) problems.push(`${where}: neither <title> nor <description>`);
      const link = kid(item, '', 'link')?.text.trim();
      if (!link || !link.startsWith(build.baseUrl)) problems.push(`${where}: <link> "${link}" is not an absolute URL under ${build.baseUrl}`);
      const guid = kid(item, '', 'guid');
      if (!guid || !guid.text.trim()) problems.push(`${where}: no <guid>`);
      else {
        const g = guid.text.trim();
        if (guids.has(g)) problems.push(`${where}: duplicate <guid> ${g}`);
        guids.add(g);
        if (guid.attrs.isPermaLink !== 'false' && !/^https?:\/\//.test(g)) {
          problems.push(`${where}: <guid> "${g}" is a permalink (isPermaLink not "false") but not an absolute URL`);
        }
      }
      const pd = kid(item, '', 'pubDate');
      if (!pd) problems.push(`${where}: no <pubDate>`);
      else checkRfc822(pd.text.trim(), `${where} <pubDate>`, problems);
      const enc = kid(item, NS.content, 'encoded');
      if (!enc || !enc.text.trim()) problems.push(`${where}: no <content:encoded>`);
      else for (const b of relativeUrls(enc.text)) problems.push(`${where}: <content:encoded> has a non-absolute ${b}`);
      const desc = kid(item, '', 'description');
      if (desc) for (const b of relativeUrls(desc.text)) problems.push(`${where}: <description> has a non-absolute ${b}`);
    });
    assert.equal(problems.length, 0, `${siteName} rss.xml problems:\n${shortList(problems, 80)}`);
  });

  test(`feeds: ${siteName} site, atom.xml is valid Atom`, () => {
    const build = feedsOf(siteName);
    const text = readFeed(build, 'atom.xml');
    const problems = [];
    checkXmlText(text, 'atom.xml', problems);
    const { root, errors } = parseXml(text);
    for (const e of errors) problems.push(`atom.xml is not well-formed XML: ${e}`);
    assert.ok(root, `${siteName} atom.xml has no root element:\n${problems.join('\n')}`);
    assert.ok(root && root.local === 'feed' && root.uri === NS.atom,
      `${siteName} atom.xml: root must be <feed xmlns="${NS.atom}">, got <${root && root.name}> in namespace "${root && root.uri}"`);
    const feedUrl = `${build.baseUrl}atom.xml`;
    const id = kid(root, NS.atom, 'id')?.text.trim();
    if (!id) problems.push('atom.xml: <feed> has no <id>');
    if (!kid(root, NS.atom, 'title')?.text.trim()) problems.push('atom.xml: <feed> has no <title>');
    const upd = kid(root, NS.atom, 'updated')?.text.trim();
    if (!upd) problems.push('atom.xml: <feed> has no <updated>');
    else if (!RFC3339.test(upd) || Number.isNaN(Date.parse(upd))) problems.push(`atom.xml: <updated> "${upd}" is not an RFC 3339 date-time`);
    const self = kids(root, NS.atom, 'link').find((l) => l.attrs.rel === 'self');
    if (!self) problems.push('atom.xml: no <link rel="self">');
    else if (self.attrs.href !== feedUrl) problems.push(`atom.xml: link rel="self" href="${self.attrs.href}", expected "${feedUrl}"`);
    const feedAuthor = kids(root, NS.atom, 'author').length > 0;
    const entries = kids(root, NS.atom, 'entry');
    if (entries.length === 0) problems.push('atom.xml: no <entry>');
    const ids = new Set();
    entries.forEach((e, i) => {
      const title = kid(e, NS.atom, 'title')?.text.trim();
      const where = `atom.xml entry ${i + 1} ("${(title || '').slice(0, 50)}")`;
      const eid = kid(e, NS.atom, 'id')?.text.trim();
      if (!eid) problems.push(`${where}: no <id>`);
      else { if (ids.has(eid)) problems.push(`${where}: duplicate <id> ${eid}`); ids.add(eid); }
      if (!title) problems.push(`${where}: no <title>`);
      const eu = kid(e, NS.atom, 'updated')?.text.trim();
      if (!eu) problems.push(`${where}: no <updated>`);
      else if (!RFC3339.test(eu)) problems.push(`${where}: <updated> "${eu}" is not RFC 3339`);
      const pubd = kid(e, NS.atom, 'published')?.text.trim();
      if (pubd && !RFC3339.test(pubd)) problems.push(`${where}: <published> "${pubd}" is not RFC 3339`);
      const alt = kids(e, NS.atom, 'link').find((l) => !l.attrs.rel || l.attrs.rel === 'alternate');
      if (!alt || !(alt.attrs.href || '').startsWith(build.baseUrl)) problems.push(`${where}: no <link rel="alternate"> with an absolute href under ${build.baseUrl}`);
      if (!feedAuthor && kids(e, NS.atom, 'author').length === 0) problems.push(`${where}: no <author> and the feed has none either`);
      for (const part of ['content', 'summary']) {
        const c = kid(e, NS.atom, part);
        if (c && (c.attrs.type === 'html' || c.attrs.type === 'xhtml')) {
          for (const b of relativeUrls(c.text)) problems.push(`${where}: <${part}> has a non-absolute ${b}`);
        }
      }
    });
    assert.equal(problems.length, 0, `${siteName} atom.xml problems:\n${shortList(problems, 80)}`);
  });

  test(`feeds: ${siteName} site, feed.json is a JSON Feed 1.1`, () => {
    const build = feedsOf(siteName);
    const text = readFeed(build, 'feed.json');
    let feed;
    try { feed = JSON.parse(text); } catch (e) { assert.fail(`${siteName} feed.json is not valid JSON: ${e.message}`); }
    const problems = [];
    if (feed.version !== 'https://jsonfeed.org/version/1.1') problems.push(`feed.json: version is ${JSON.stringify(feed.version)}, expected "https://jsonfeed.org/version/1.1"`);
    if (typeof feed.title !== 'string' || !feed.title) problems.push('feed.json: no title');
    if ('feed_url' in feed && feed.feed_url !== `${build.baseUrl}feed.json`) problems.push(`feed.json: feed_url ${feed.feed_url}, expected ${build.baseUrl}feed.json`);
    if (!Array.isArray(feed.items) || feed.items.length === 0) problems.push('feed.json: items is missing or empty');
    const ids = new Set();
    (feed.items || []).forEach((it, i) => {
      const where = `feed.json item ${i + 1} ("${String(it.title || '').slice(0, 50)}")`;
      if (typeof it.id !== 'string' || !it.id) problems.push(`${where}: no string id`);
      else { if (ids.has(it.id)) problems.push(`${where}: duplicate id ${it.id}`); ids.add(it.id); }
      if (typeof it.url !== 'string' || !it.url.startsWith(build.baseUrl)) problems.push(`${where}: url ${JSON.stringify(it.url)} is not an absolute URL under ${build.baseUrl}`);
      if (typeof it.content_html !== 'string' || !it.content_html) problems.push(`${where}: no content_html`);
      else for (const b of relativeUrls(it.content_html)) problems.push(`${where}: content_html has a non-absolute ${b}`);
      for (const f of ['date_published', 'date_modified']) {
        if (f in it && !RFC3339.test(it[f])) problems.push(`${where}: ${f} "${it[f]}" is not RFC 3339`);
      }
    });
    assert.equal(problems.length, 0, `${siteName} feed.json problems:\n${shortList(problems, 80)}`);
  });
}
