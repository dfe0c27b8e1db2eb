// The preview's inbox page (`frontdesk serve`, /__frontdesk/inbox/) in the browser, on a
// temp copy of the example site whose preview inbox holds two messages: the page is
// Nu-valid and axe-clean, and the owner works it by keyboard alone: Tab to "Write a reply
// draft" for #1 and press Enter (the draft is written), write their own sentence in the
// draft, Tab to "Mark answered" for #1 and press Enter: the SQLite store says so, read
// back with `frontdesk inbox --format json` (#1 no longer waits, #2 still does).
// On the same preview, a survey of the site and /update/: Nu-valid and axe-clean, the survey
// page follows its file when it changes, a closed survey shows its notice, and an answer
// sent from the survey's page is counted by `frontdesk inbox survey NAME`.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  axeViolations, copySite, describeAxeViolation, frontdeskBin, pollUntil, sharedBrowser,
  startServe, tempDir, vnuErrors,
} from './helpers.mjs';

const MESSAGES = [
  { received: '2025-09-01T07:30:00+00:00', fields: { suggestion: 'Thursday evenings would suit me better.', email: 'pia.keller@mail.example', name: 'Pia Keller' } },
  { received: '2025-09-02T08:00:00+00:00', fields: { suggestion: 'More oat milk, please.', email: 'quinn.ortiz@mail.example', name: 'Quinn Ortiz' } },
];
// The line a reply draft holds until the owner writes their own (src/feedback/drafts.rs).
const PLACEHOLDER = '[WRITE YOUR OWN ANSWER HERE, in your own words, then delete this line]';

const survey = (title) => `title: ${title}
group: Everyone who came to a tasting
opens: 2026-01-05
closes: 2999-01-31
questions:
  - {name: roast, label: Which roast did you like best?, type: radio, options: [Light, Medium, Dark]}
  - {name: again, label: Would you come again?, type: checkbox}
  - {name: more, label: Anything else?, type: textarea}
`;
const CLOSED = 'title: Summer terrace\ngroup: Everyone\nopens: 2020-06-01\ncloses: 2020-06-30\nquestions:\n  - {name: terrace, label: Did you sit outside?, type: radio, options: [Yes, No]}\n';

const browser = sharedBrowser();
let env = null;
async function setup() {
  if (!env) {
    env = (async () => {
      const dir = copySite('example');
      fs.mkdirSync(path.join(dir, '.frontdesk'), { recursive: true });
      fs.writeFileSync(path.join(dir, '.frontdesk', 'inbox.jsonl'), MESSAGES.map((m) => `${JSON.stringify(m)}\n`).join(''));
      fs.mkdirSync(path.join(dir, 'surveys'));
      fs.writeFileSync(path.join(dir, 'surveys', 'tasting.yaml'), survey('Our tasting evening'));
      fs.writeFileSync(path.join(dir, 'surveys', 'summer.yaml'), CLOSED);
      const server = await startServe(dir);
      browser.atEnd(server.stop);
      return { dir, server, url: `${server.url}__frontdesk/inbox/` };
    })();
  }
  return env;
}

/** `frontdesk inbox --format json` on the site: the messages waiting, as the store says. */
function waiting(dir) {
  const r = spawnSync(frontdeskBin(), ['inbox', '--site', dir, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `frontdesk inbox failed:\n${r.stderr}`);
  return JSON.parse(r.stdout).map((row) => row.id);
}

/** Presses Tab until the focused element's text is `name`; returns the stops on the way. */
async function tabTo(page, name) {
  const stops = [];
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const r = el.getBoundingClientRect();
      return { text: el.textContent.trim().replace(/\s+/g, ' '), visible: r.width > 0 && r.height > 0 };
    });
    if (!focused) continue;
    stops.push(focused.text);
    assert.ok(focused.visible, `the focused element "${focused.text}" is not visible`);
    if (focused.text === name) return stops;
  }
  assert.fail(`Tab never reached "${name}"; stops: ${stops.join(' | ')}`);
}

test('inbox page: Nu-valid HTML and no axe violations', async () => {
  const { url } = await setup();
  const res = await fetch(url);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /#1 Pia Keller/);
  const dir = tempDir('inbox-page');
  const file = path.join(dir, 'inbox.html');
  fs.writeFileSync(file, html);
  const nu = await vnuErrors([file], dir);
  assert.deepEqual(nu.errors, [], nu.summary);
  const page = await browser.newPage();
  await page.goto(url);
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], violations.map(describeAxeViolation).join('\n'));
});

test('inbox page: by keyboard alone, a reply is drafted and "Mark answered" changes the store', async () => {
  const { dir, url } = await setup();
  assert.deepEqual(waiting(dir), [1, 2], 'both wait before any button is pressed');
  const page = await browser.newPage();
  await page.goto(url);
  await tabTo(page, 'Write a reply draft (#1)');
  await Promise.all([page.waitForURL(/note=/), page.keyboard.press('Enter')]);
  const draft = path.join(dir, '.frontdesk', 'drafts', '1-reply.eml');
  assert.ok(fs.existsSync(draft), 'the reply button wrote the draft');
  assert.match(await page.locator('.note').textContent(), /1-reply\.eml/);

  // Still the placeholder: the page refuses, and the store is unchanged. (From the page
  // without a note, so waiting for `note=` waits for this press's answer.)
  await page.goto(url);
  await tabTo(page, 'Mark answered (#1)');
  await Promise.all([page.waitForURL(/note=/), page.keyboard.press('Enter')]);
  assert.match(await page.locator('.note').textContent(), /still holds the place for your own answer/);
  assert.deepEqual(waiting(dir), [1, 2]);

  const text = fs.readFileSync(draft, 'utf8');
  assert.ok(text.includes(PLACEHOLDER), 'the draft holds the placeholder');
  fs.writeFileSync(draft, text.replace(PLACEHOLDER, 'Thursdays it is, from next week.'));
  await page.goto(url);
  await tabTo(page, 'Mark answered (#1)');
  await Promise.all([page.waitForURL(/note=/), page.keyboard.press('Enter')]);
  assert.deepEqual(waiting(dir), [2], '#1 is answered in the store; #2 still waits');
  assert.doesNotMatch(await page.content(), /#1 Pia Keller/);
});

test('inbox page: "Add to You said, we did" appends the change to suggestions.yaml and writes the thank-you', async () => {
  const { dir, url } = await setup();
  const file = path.join(dir, 'suggestions.yaml');
  const before = fs.readFileSync(file, 'utf8');
  const page = await browser.newPage();
  await page.goto(url);
  // #2 did not let us quote them: without "What they asked" the page says why it refuses.
  await page.fill('#we-did-2', 'Oat milk is now on the counter every day');
  await Promise.all([page.waitForURL(/note=/), page.click('form.act button:has-text("(#2)")')]);
  assert.match(await page.locator('.note').textContent(), /did not tick/);
  assert.equal(fs.readFileSync(file, 'utf8'), before, 'nothing written when refused');
  await page.goto(url);
  await page.fill('#we-did-2', 'Oat milk is now on the counter every day');
  await page.fill('#you-said-2', 'More oat milk');
  await Promise.all([page.waitForURL(/note=/), page.click('form.act button:has-text("(#2)")')]);
  assert.match(await page.locator('.note').textContent(), /entry added for #2/);
  const after = fs.readFileSync(file, 'utf8');
  assert.ok(after.startsWith(before.trimEnd()), 'the owner\'s text is kept as written');
  assert.match(after, /Oat milk is now on the counter every day/);
  assert.match(after, /More oat milk/);
  assert.ok(fs.existsSync(path.join(dir, '.frontdesk', 'drafts', '2-thank-you.eml')), 'the thank-you draft');
});

test('survey and /update/ pages: Nu-valid, axe-clean; the survey follows its file; an answer is counted', async () => {
  const { dir, server } = await setup();
  const pages = ['surveys/tasting/', 'surveys/summer/', 'update/'];
  const out = tempDir('survey-pages');
  const files = [];
  for (const p of pages) {
    const res = await fetch(server.url + p);
    assert.equal(res.status, 200, p);
    const file = path.join(out, `${p.replace(/\//g, '_')}.html`);
    fs.writeFileSync(file, await res.text());
    files.push(file);
  }
  const nu = await vnuErrors(files, out);
  assert.deepEqual(nu.errors, [], nu.summary);
  const page = await browser.newPage();
  for (const p of pages) {
    await page.goto(server.url + p);
    const violations = await axeViolations(page);
    assert.deepEqual(violations.map((v) => v.id), [], `${p}\n${violations.map(describeAxeViolation).join('\n')}`);
  }
  await page.goto(`${server.url}surveys/summer/`);
  assert.equal(await page.locator('main form').count(), 0, 'a closed survey has no form');
  assert.match(await page.locator('.survey-closed').textContent(), /closed on/);

  // The preview follows the survey's file.
  fs.writeFileSync(path.join(dir, 'surveys', 'tasting.yaml'), survey('Our winter tasting'));
  const changed = await pollUntil(async () => {
    const html = await (await fetch(`${server.url}surveys/tasting/`)).text();
    return html.includes('<h1>Our winter tasting</h1>');
  }, { timeoutMs: 10_000, intervalMs: 100 });
  assert.ok(changed, `the survey page did not follow its file:\n${server.output()}`);

  // An answer sent from the page is counted.
  await page.goto(`${server.url}surveys/tasting/`);
  await page.locator('label[for="q-roast-2"]').click();
  await page.locator('#q-more').fill('A decaf, please.');
  await Promise.all([page.waitForURL(/surveys\/tasting\/thanks\//), page.locator('main form button[type=submit]').press('Enter')]);
  const r = spawnSync(frontdeskBin(), ['inbox', '--site', dir, 'survey', 'tasting', '--format', 'json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const tally = JSON.parse(r.stdout);
  assert.equal(tally.answers, 1);
  assert.deepEqual(tally.questions[0].counts, [{ choice: 'Light', count: 0 }, { choice: 'Medium', count: 1 }, { choice: 'Dark', count: 0 }]);
  assert.deepEqual(tally.questions[2].texts.map((t) => t.value), ['A decaf, please.']);
});
