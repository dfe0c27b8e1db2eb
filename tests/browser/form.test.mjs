// 5. The suggestion form by keyboard alone, under `frontdesk serve` on a temp
// copy of the example site: Tab order reaches every visible field then the
// submit button (never the honeypot), the opt-in starts unticked, an empty
// required field blocks submission, and a keyboard-filled submission lands one
// JSON line in .frontdesk/inbox.jsonl and shows the thank-you page.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';

import { pollUntil, servePreview } from './helpers.mjs';

let env = null;
async function setup() {
  if (!env) {
    env = (async () => {
      const preview = await servePreview('example');
      return { ...preview, inbox: path.join(preview.dir, '.frontdesk', 'inbox.jsonl') };
    })();
  }
  return env;
}
after(async () => {
  if (!env) return;
  const e = await env.catch(() => null);
  if (!e) return;
  await e.browser.close();
  await e.server.stop();
});

const inboxLines = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()) : []);

/** Mark the form's controls and describe them: expected tab stops, honeypot, etc. */
async function inspectForm(page) {
  return page.evaluate(() => {
    const form = document.querySelector('main form');
    if (!form) return null;
    const desc = (el) => `${el.tagName.toLowerCase()}${el.type ? `[type=${el.type}]` : ''}${el.name ? `[name=${el.name}]` : ''}${el.id ? `#${el.id}` : ''}`;
    const all = [...form.elements].filter((el) => !['FIELDSET', 'OUTPUT', 'OBJECT'].includes(el.tagName) && el.type !== 'hidden');
    const controls = [];
    const seenRadio = new Set();
    // Seen by a person: rendered, not transparent, non-zero, and not pushed off the page.
    const docW = document.documentElement.scrollWidth;
    const seen = (node) => {
      const r = node.getBoundingClientRect();
      return node.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && r.width > 1 && r.height > 1
        && r.right + window.scrollX > 0 && r.left + window.scrollX < docW && r.bottom + window.scrollY > 0;
    };
    all.forEach((el, i) => {
      el.dataset.gate = String(i);
      // A custom-styled control (e.g. a transparent radio) counts as visible when its label is.
      const visible = seen(el) || [...(el.labels || [])].some(seen);
      const honeypot = !!el.closest('[aria-hidden="true"]') || el.tabIndex < 0 || !visible;
      let group = String(i);
      if (el.type === 'radio' && el.name) {
        group = `radio:${el.name}`;
        if (seenRadio.has(group)) { controls.find((c) => c.group === group).members.push(String(i)); return; }
        seenRadio.add(group);
      }
      controls.push({
        id: String(i), group, members: [String(i)], desc: desc(el), tag: el.tagName, type: el.type, name: el.name,
        required: el.required, checked: !!el.checked, honeypot, disabled: el.disabled,
        submit: (el.tagName === 'BUTTON' && el.type === 'submit') || (el.tagName === 'INPUT' && el.type === 'submit'),
      });
    });
    return {
      action: form.action, method: form.method, rawAction: form.getAttribute('action'), enctype: form.enctype,
      controls,
    };
  });
}

/** Press Tab from the top of the page until the form's submit button has focus; returns the in-form stops. */
async function tabToSubmit(page, info, onStop = async () => {}) {
  const byId = new Map(info.controls.flatMap((c) => c.members.map((m) => [m, c])));
  const stops = [];
  const honeypotHits = [];
  await page.evaluate(() => { if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur(); window.scrollTo(0, 0); });
  for (let i = 0; i < 200; i += 1) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.dataset?.gate ?? null);
    if (id === null) continue;
    const c = byId.get(id);
    if (c.honeypot) honeypotHits.push(c.desc);
    if (stops[stops.length - 1] !== c) stops.push(c);
    if (c.submit) return { stops, honeypotHits, reachedSubmit: true };
    await onStop(c);
  }
  return { stops, honeypotHits, reachedSubmit: false };
}

test('form: Tab from the top reaches every visible field, then submit, never the honeypot; opt-in unticked', async () => {
  const { server, page } = await setup();
  const resp = await page.goto(`${server.url}suggestions/`);
  assert.equal(resp.status(), 200, `GET /suggestions/ under serve answered ${resp.status()}`);
  const info = await inspectForm(page);
  assert.ok(info, '/suggestions/ under serve has no <form> inside <main>');
  const problems = [];
  const expected = info.controls.filter((c) => !c.honeypot && !c.disabled);
  const honeypots = info.controls.filter((c) => c.honeypot);
  if (honeypots.length === 0) problems.push('the form has no honeypot field (a hidden, unfocusable spam trap)');
  const submitIdx = expected.findIndex((c) => c.submit);
  if (submitIdx < 0) problems.push('the form has no visible submit button');
  else if (submitIdx !== expected.length - 1) problems.push(`the submit button is not the last visible control: ${expected.slice(submitIdx + 1).map((c) => c.desc).join(', ')} come after it`);
  const checkboxes = info.controls.filter((c) => c.type === 'checkbox' && !c.honeypot);
  if (checkboxes.length === 0) problems.push('the form has no (email opt-in) checkbox');
  for (const c of checkboxes.filter((x) => x.checked)) problems.push(`checkbox ${c.desc} starts ticked; the opt-in must start unticked`);

  const walk = await tabToSubmit(page, info);
  if (!walk.reachedSubmit) problems.push(`200 Tab presses never reached the submit button; form stops seen: ${walk.stops.map((c) => c.desc).join(' → ') || '(none)'}`);
  if (walk.honeypotHits.length) problems.push(`Tab reached the honeypot: ${walk.honeypotHits.join(', ')}`);
  const got = walk.stops.filter((c) => !c.honeypot).map((c) => c.desc);
  const want = expected.slice(0, submitIdx + 1).map((c) => c.desc);
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    problems.push(`Tab order in the form:\n    got      ${got.join(' → ')}\n    expected ${want.join(' → ')}`);
  }
  assert.equal(problems.length, 0, `/suggestions/ keyboard problems:\n  ${problems.join('\n  ')}`);
});

test('form: submitting with the required field empty is blocked (URL unchanged, field :invalid, inbox unchanged)', async () => {
  const { server, page, inbox } = await setup();
  await page.goto(`${server.url}suggestions/`);
  const info = await inspectForm(page);
  assert.ok(info, '/suggestions/ under serve has no <form> inside <main>');
  const required = info.controls.filter((c) => c.required && !c.honeypot);
  assert.ok(required.length > 0, 'the suggestion form has no required field');
  const before = inboxLines(inbox).length;
  const startUrl = page.url();
  const walk = await tabToSubmit(page, info);
  assert.ok(walk.reachedSubmit, 'Tab never reached the submit button');
  await page.keyboard.press('Enter');
  // A negative: give a navigation a bounded chance to start.
  const navigated = await page.waitForURL((u) => u.href !== startUrl, { timeout: 1500 }).then(() => true, () => false);
  const problems = [];
  if (navigated || page.url() !== startUrl) problems.push(`submitting an empty form navigated from ${startUrl} to ${page.url()}`);
  else {
    for (const c of required) {
      const invalid = await page.evaluate((id) => document.querySelector(`[data-gate="${id}"]`).matches(':invalid'), c.id);
      if (!invalid) problems.push(`required field ${c.desc} is empty but does not match :invalid`);
    }
  }
  const after = inboxLines(inbox).length;
  if (after !== before) problems.push(`the inbox grew from ${before} to ${after} lines on a blocked submission`);
  assert.equal(problems.length, 0, problems.join('\n'));
});

test('form: filled and submitted by keyboard, one JSON line lands in .frontdesk/inbox.jsonl and the thank-you page shows', async () => {
  const { server, page, inbox } = await setup();
  await page.goto(`${server.url}suggestions/`);
  const info = await inspectForm(page);
  assert.ok(info, '/suggestions/ under serve has no <form> inside <main>');
  const actionPath = new URL(info.action).pathname;
  assert.equal(actionPath, '/__frontdesk/suggestions',
    `under serve the form's action must be /__frontdesk/suggestions, it is "${info.rawAction}"`);
  assert.equal(info.method, 'post', `the form's method is ${info.method}, expected post`);

  const nonce = `${Date.now()}`;
  const typed = {};
  let textCount = 0;
  const page_ = page;
  const walk = await tabToSubmit(page, info, async (c) => {
    const k = page_.keyboard;
    if (c.tag === 'TEXTAREA' || (c.tag === 'INPUT' && ['text', 'search', ''].includes(c.type))) {
      textCount += 1;
      const v = c.required || c.tag === 'TEXTAREA'
        ? `Gate check ${nonce}: please add "oat milk" & café ☕ (#${textCount})`
        : `Gate answer ${nonce} #${textCount}`;
      await k.type(v); typed[c.name] = v;
    } else if (c.type === 'email') {
      const v = `gate-${nonce}@example.com`; await k.type(v); typed[c.name] = v;
    } else if (c.type === 'tel') {
      const v = '+1 555 0199'; await k.type(v); typed[c.name] = v;
    } else if (c.type === 'url') {
      const v = `https://example.org/${nonce}`; await k.type(v); typed[c.name] = v;
    } else if (c.type === 'number') {
      await k.type('3'); typed[c.name] = '3';
    } else if (c.tag === 'SELECT') {
      await k.press('ArrowDown');
      typed[c.name] = await page_.evaluate((id) => document.querySelector(`[data-gate="${id}"]`).value, c.id);
    } else if (c.type === 'checkbox') {
      // tick it (a box that starts ticked is reported by the first test)
      if (!(await page_.evaluate((id) => document.querySelector(`[data-gate="${id}"]`).checked, c.id))) await k.press('Space');
      typed[c.name] = await page_.evaluate((id) => document.querySelector(`[data-gate="${id}"]`).value, c.id);
    } else if (c.type === 'radio') {
      await k.press('Space');
      typed[c.name] = await page_.evaluate((name) => document.querySelector(`main form input[type=radio][name="${name}"]:checked`)?.value, c.name);
    }
  });
  assert.ok(walk.reachedSubmit, 'Tab never reached the submit button');
  const state = await page.evaluate(() => {
    const form = document.querySelector('main form');
    return { valid: form.checkValidity(), invalid: [...form.querySelectorAll(':invalid')].map((e) => e.name || e.id) };
  });
  assert.ok(state.valid, `after filling every field by keyboard the form is still invalid: ${state.invalid.join(', ')}`);
  for (const [name, v] of Object.entries(typed)) {
    assert.ok(v, `filling ${name} by keyboard left it empty (select/checkbox did not respond to the keyboard?)`);
  }
  assert.ok(Object.values(typed).some((v) => v.includes('Gate check')), 'no free-text suggestion field was found to type into');

  const before = inboxLines(inbox);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/suggestions/thanks/', { timeout: 10_000 }).catch(() => {});
  const problems = [];
  if (new URL(page.url()).pathname !== '/suggestions/thanks/') problems.push(`after submitting, the page is ${page.url()}, expected /suggestions/thanks/`);
  else {
    const h1 = await page.locator('h1').first().textContent().catch(() => null);
    if (!h1 || !h1.trim()) problems.push('the thank-you page has no visible <h1>');
  }
  const lines = await pollUntil(() => {
    const l = inboxLines(inbox);
    return l.length > before.length ? l : null;
  }, { timeoutMs: 5000 });
  if (!lines) problems.push(`no new line in ${inbox} within 5 s (it has ${before.length} line(s))`);
  else {
    const added = lines.slice(before.length);
    if (added.length !== 1) problems.push(`${added.length} lines were appended, expected exactly 1`);
    let entry = null;
    try { entry = JSON.parse(added[0]); } catch (e) { problems.push(`the new inbox line is not JSON (${e.message}): ${added[0].slice(0, 300)}`); }
    if (entry) {
      const pairs = [];
      (function rec(v, key) {
        if (v && typeof v === 'object') {
          // {name: value} maps, and [{name, value}] lists
          if (typeof v.name === 'string' && 'value' in v && typeof v.value !== 'object') pairs.push([v.name, String(v.value)]);
          for (const [k, x] of Object.entries(v)) rec(x, Array.isArray(v) ? key : k);
        } else pairs.push([key, String(v)]);
      })(entry, '');
      const values = pairs.map((p) => p[1]);
      const checkboxNames = new Set(info.controls.filter((c) => c.type === 'checkbox').map((c) => c.name));
      for (const [name, v] of Object.entries(typed)) {
        // a ticked checkbox may be stored as its value or as true under its name
        const ok = values.includes(v) || (checkboxNames.has(name) && pairs.some(([k, x]) => k === name && x === 'true'));
        if (!ok) problems.push(`the inbox line lacks the value typed into "${name}" (${JSON.stringify(v)}): ${added[0].slice(0, 400)}`);
      }
    }
  }
  assert.equal(problems.length, 0, problems.join('\n'));
});
