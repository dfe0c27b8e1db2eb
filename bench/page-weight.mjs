// What a phone downloads for one page: loads URL in headless Chromium (puppeteer-core,
// installed with Lighthouse) as a WIDTHxHEIGHT screen at DPR, scrolls to the bottom so
// every lazy image loads, and prints the bytes received (all, and images) as JSON; with a
// third argument, saves a full-page screenshot there.
//
//   node bench/page-weight.mjs URL [WIDTHxHEIGHTxDPR] [SCREENSHOT.png]
//
// NODE_PATH must hold puppeteer-core (bench/lighthouse.sh sets it); CHROME_PATH the browser.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.NODE_PATH || '.', 'x.js'));
const puppeteer = require('puppeteer-core');

const [url, screen = '375x812x3', shot] = process.argv.slice(2);
const [width, height, dpr] = screen.split('x').map(Number);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  await page.setCacheEnabled(false);
  await page.setViewport({ width, height, deviceScaleFactor: dpr, isMobile: true, hasTouch: true });
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  const types = new Map();
  const got = new Map();
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, [e.type, e.response.url]));
  cdp.on('Network.loadingFinished', (e) => got.set(e.requestId, e.encodedDataLength));
  await page.goto(url, { waitUntil: 'networkidle0' });
  // Scroll down a screen at a time, as a reader does, so lazy images load.
  for (let y = 0; ; y += height) {
    const total = await page.evaluate(() => document.documentElement.scrollHeight);
    if (y > total) break;
    await page.evaluate((y) => window.scrollTo(0, y), y);
    await new Promise((r) => setTimeout(r, 150));
  }
  await page.waitForNetworkIdle({ idleTime: 500 });
  let all = 0;
  let images = 0;
  const files = [];
  for (const [id, bytes] of got) {
    const [type, u] = types.get(id) || ['Other', '?'];
    all += bytes;
    if (type === 'Image') {
      images += bytes;
      files.push([u.replace(/^https?:\/\/[^/]+/, ''), bytes]);
    }
  }
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll('main img')].map((i) => ({
      src: i.currentSrc.replace(/^https?:\/\/[^/]+/, ''),
      natural: [i.naturalWidth, i.naturalHeight],
      box: [Math.round(i.getBoundingClientRect().width), Math.round(i.getBoundingClientRect().height)],
    })),
  );
  console.log(JSON.stringify({ url, screen, bytes: all, image_bytes: images, requests: got.size, images: files, shown }));
  if (shot) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot, fullPage: true });
  }
} finally {
  await browser.close();
}
