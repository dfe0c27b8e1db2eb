// 1. HTML: the Nu HTML Checker (vnu.jar, errors only) reports no error in any
// generated .html file. One JVM per site, every file in one call.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { buildSite, htmlFiles, requireJava, shortList, vnuErrors } from './helpers.mjs';

for (const siteName of ['example', 'gen200']) {
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
