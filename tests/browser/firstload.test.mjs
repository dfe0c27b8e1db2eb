// 8. The first page load right after `frontdesk serve` starts completes: the tiny_http
// server of 8e2d9d2 left an image of the home page pending forever in 2 of 6 fresh
// starts (the `load` event never fired). Here serve is started fresh several times, and
// each time the home page, a post and the contact page load completely in Chromium
// (every image decoded, `load` fired) with the live-reload stream open.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { copySite, launchBrowser, pollUntil, startServe } from './helpers.mjs';

const STARTS = 6;
const LOAD_MS = 10_000;

test(`serve: the first loads after ${STARTS} fresh starts all complete`, { timeout: 240_000 }, async () => {
  const dir = copySite('example');
  const browser = await launchBrowser();
  try {
    for (let i = 0; i < STARTS; i += 1) {
      const server = await startServe(dir);
      const page = await browser.newPage();
      const streams = [];
      page.on('response', (r) => { if (r.url().includes('/__frontdesk/events')) streams.push(r.status()); });
      try {
        for (const path of ['', 'contact/', 'testimonials/', 'blog/']) {
          const url = `${server.url}${path}`;
          const response = await page.goto(url, { waitUntil: 'load', timeout: LOAD_MS })
            .catch((e) => assert.fail(`start ${i + 1}: ${url} did not finish loading within ${LOAD_MS} ms: ${e.message}\n${server.output()}`));
          assert.equal(response.status(), 200, `start ${i + 1}: ${url}`);
          const pending = await page.evaluate(() => [...document.images]
            .filter((img) => !img.complete || img.naturalWidth === 0)
            .map((img) => img.currentSrc || img.src));
          assert.deepEqual(pending, [], `start ${i + 1}: ${url}: images not loaded`);
          const live = await pollUntil(() => streams.includes(200), { timeoutMs: LOAD_MS });
          assert.ok(live, `start ${i + 1}: ${url}: the live-reload stream was not opened (${streams})`);
          streams.length = 0;
        }
      } finally {
        await page.close();
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }
});
