// 1. HTML: the Nu HTML Checker (vnu.jar, errors only) reports no error in any
// generated .html file. One JVM per site, every file in one call.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  buildSite, frontdeskBin, htmlFiles, requireJava, shortList, SITES, tempDir, vnuErrors,
} from './helpers.mjs';

for (const siteName of ['example', 'gen200', 'bilingual', 'locations']) {
  test(`Nu HTML Checker: ${siteName} site, every generated .html file has 0 errors`, { timeout: 240_000 }, async (t) => {
    requireJava();
    const build = buildSite(siteName);
    const rel = htmlFiles(build.out);
    assert.ok(rel.length > 0, `${siteName}: the build produced no .html file`);
    const files = rel.map((f) => path.join(build.out, f));
    const { code, errors, summary, filesWithErrors, text } = await vnuErrors(files, build.out, { label: siteName });
    t.diagnostic(`${siteName}: vnu checked ${files.length} files`);
    assert.equal(errors.length, 0,
      `vnu reported ${errors.length} error(s) in ${filesWithErrors} of ${files.length} files of the ${siteName} site.\n`
      + `By message:\n${summary}\nEach error:\n${shortList(errors, 150)}`);
    assert.equal(code, 0, `vnu.jar exited ${code} although it listed no error:\n${text.slice(0, 2000)}`);
  });
}

// The pages at old paths (aliases and redirects.yaml, issue 27): the example site with an
// alias on a post and a page, and a redirect to another site.
test('Nu HTML Checker: the redirect pages at old paths have 0 errors', { timeout: 240_000 }, async (t) => {
  requireJava();
  const src = path.join(tempDir('redirects'), 'site');
  fs.cpSync(SITES.example.source(), src, { recursive: true });
  const post = path.join(src, 'posts', 'brew-guide.md');
  fs.writeFileSync(post, fs.readFileSync(post, 'utf8').replace('---\n', '---\naliases: [/old/brew/, /2019/01/brew.html]\n'));
  fs.writeFileSync(path.join(src, 'redirects.yaml'),
    '- from: /old-menu/\n  to: /blog/\n- from: /shop/\n  to: https://shop.example/a?b=1&c=2\n  permanent: false\n');
  const out = path.join(tempDir('redirects-out'), 'public');
  const r = spawnSync(frontdeskBin(), ['build', src, '--out', out], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `build failed:\n${r.stderr}${r.stdout}`);
  const rel = ['old/brew/index.html', '2019/01/brew.html', 'old-menu/index.html', 'shop/index.html'];
  const files = rel.map((f) => path.join(out, f));
  for (const f of files) assert.ok(fs.existsSync(f), `no ${f}`);
  const { code, errors, summary, text } = await vnuErrors(files, out, { label: 'redirects' });
  t.diagnostic(`redirects: vnu checked ${files.length} files`);
  assert.equal(errors.length, 0, `vnu reported ${errors.length} error(s):\n${summary}\n${shortList(errors, 50)}`);
  assert.equal(code, 0, `vnu.jar exited ${code} although it listed no error:\n${text.slice(0, 2000)}`);
});
