// Usage: node bench/search-probe/bytes.mjs BUILT_OUTPUT WORD (docs/search.md).
// Bytes a phone downloads for one search on /search/?q=WORD: every request the page makes,
// each counted as a host sends it (text gzipped at level 6; Pagefind's own files are
// stored gzipped and sent as they are).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser, staticServer } from '../../tests/browser/helpers.mjs';
const [out, word] = process.argv.slice(2);
const server = await staticServer(out);
const browser = await launchBrowser();
const page = await browser.newPage();
const seen = [];
page.on('request', (r) => seen.push(new URL(r.url()).pathname));
await page.goto(`${server.url}search/?q=${word}`, { waitUntil: 'networkidle' });
await page.waitForSelector('.search-results li', { timeout: 20000 });
await page.waitForLoadState('networkidle');
let total = 0; const rows = {};
for (const p of seen) {
  let f = path.join(out, decodeURIComponent(p)); if (p.endsWith('/')) f = path.join(f, 'index.html');
  const raw = fs.readFileSync(f);
  const gz = /\.(html|js|css|json|svg|webmanifest)$/.test(f) ? zlib.gzipSync(raw, { level: 6 }).length : raw.length;
  const kind = /pf_fragment$/.test(f) ? 'fragments' : /pf_index$/.test(f) ? 'index chunks' : /pf_meta$/.test(f) ? 'metadata' : /pf_filter$/.test(f) ? 'filters' : /pagefind\/(pagefind|wasm)/.test(f) ? 'pagefind code' : 'page (html, css, js, icons)';
  rows[kind] = (rows[kind] || [0, 0]); rows[kind][0] += gz; rows[kind][1] += 1; total += gz;
}
const results = await page.$$eval('.search-results li', (l) => l.length);
console.log(JSON.stringify({ word, results, total, rows }));
await browser.close(); await server.close();
