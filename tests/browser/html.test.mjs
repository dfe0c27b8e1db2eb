// 1. HTML: the Nu HTML Checker (vnu.jar, errors only) reports no error in any
// generated .html file. One JVM per site, every file in one call.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

import { buildSite, htmlFiles, requireJava, shortList, vnuJar } from './helpers.mjs';

function runVnu(files) {
  return new Promise((resolve, reject) => {
    const args = ['-Xss8m', '-jar', vnuJar(), '--errors-only', '--format', 'json', ...files];
    const p = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = ''; let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

for (const siteName of ['example', 'gen200']) {
  test(`Nu HTML Checker: ${siteName} site, every generated .html file has 0 errors`, { timeout: 240_000 }, async (t) => {
    requireJava();
    const build = buildSite(siteName);
    const rel = htmlFiles(build.out);
    assert.ok(rel.length > 0, `${siteName}: the build produced no .html file`);
    const files = rel.map((f) => path.join(build.out, f));
    const { code, out, err } = await runVnu(files);
    // vnu writes its JSON report to stderr (stdout stays empty).
    const text = err.trim() || out.trim();
    let report;
    try {
      report = JSON.parse(text);
    } catch {
      assert.fail(`vnu.jar (exit ${code}) did not print a JSON report:\n${text.slice(0, 4000)}`);
    }
    const messages = report.messages || [];
    t.diagnostic(`${siteName}: vnu checked ${files.length} files`);
    const errors = messages.filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error');
    const lines = errors.map((m) => {
      const file = m.url ? path.relative(build.out, decodeURIComponent(m.url.replace(/^file:/, ''))) : '?';
      const at = m.lastLine ? `:${m.firstLine || m.lastLine}:${m.firstColumn || ''}` : '';
      const extract = m.extract ? `\n    ${m.extract.replace(/\s+/g, ' ').slice(0, 160)}` : '';
      return `${siteName} ${file}${at}: ${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message}${extract}`;
    });
    // Count per message to make the summary readable when one template bug repeats on every page.
    const tally = {};
    for (const m of errors) tally[m.message] = (tally[m.message] || 0) + 1;
    const summary = Object.entries(tally).sort((a, b) => b[1] - a[1]).map(([m, n]) => `  ${n}× ${m}`).join('\n');
    assert.equal(errors.length, 0,
      `vnu reported ${errors.length} error(s) in ${new Set(errors.map((e) => e.url)).size} of ${files.length} files of the ${siteName} site.\n`
      + `By message:\n${summary}\nEach error:\n${shortList(lines, 150)}`);
    assert.equal(code, 0, `vnu.jar exited ${code} although it listed no error:\n${text.slice(0, 2000)}`);
  });
}
