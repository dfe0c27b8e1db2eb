// The newsletter, as a subscriber and a mail client see it. The example site is built
// once into a temp dir with `--email-out` pointing at another temp dir (the email files are
// not part of the published site). Checked:
//   - the files: web pages in the build, email.html / email.txt / issue.eml per issue only
//     in --email-out (default SITE/.frontdesk/newsletter/, tried on a temp copy), and
//     `frontdesk newsletter` writes the same files and counts what each issue carries;
//   - the signup form on /newsletter/ (served statically): labels, a required email field,
//     one unticked box per topic of newsletter.yaml, the suggestion form's "How did you hear
//     about us?" options, action = form_url and method post, consent text with the
//     frequency and a link to /privacy/, Tab order email → name → topics → select → submit
//     without the honeypot; axe-core clean on the newsletter pages and /privacy/;
//   - /privacy/ lists every form of the site with exactly the fields the built form has;
//   - email.html: no script or stylesheet link, absolute URLs (or the provider's unsubscribe
//     merge tag), images with width/height/alt, under Gmail's 102 KB clip, the hidden
//     preheader first, no styling that lives only in classes, no horizontal overflow at 375
//     and 600 px, a main table at most 600 px wide (at 600 and 1024 px), readable text and
//     links in light and dark (axe color-contrast);
//   - every http(s) link of the HTML part is in the text part (the files and the .eml);
//   - the web version: subject as h1, links to the posts the issue carries (posts since the
//     previous issue), in sitemap.xml; the archive lists the issues newest first;
//   - an issue's "N questions" about the suggestion form matches suggestions.yaml.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  AXE_PATH, SCHEMES, SITES, VIEWPORTS, axeViolations, copySite, describeAxeViolation, frontdeskBin,
  readBaseUrl, sharedBrowser, staticServer, tempDir, walkFiles,
} from './helpers.mjs';

const EMAIL_FILES = ['email.html', 'email.txt', 'issue.eml'];
// Gmail clips a message whose HTML is larger than this.
const GMAIL_CLIP = 102 * 1024;
// The merge tag each provider replaces with the subscriber's own unsubscribe address
// (Buttondown, Mailchimp, listmonk); other providers have none, so no tag is allowed.
const UNSUBSCRIBE_TAGS = {
  buttondown: '{{ unsubscribe_url }}',
  mailchimp: '*|UNSUB|*',
  listmonk: '{{ UnsubscribeURL }}',
};
// When there is no previous issue, the first one carries the posts of this many days
// (src/render/newsletter.rs, FIRST_ISSUE_DAYS).
const FIRST_ISSUE_DAYS = 31;
const EMAIL_WIDTHS = [375, 600];

const shared = sharedBrowser();
/** A page of the shared browser that loads nothing from the network (emails are shown offline). */
async function offlinePage() {
  const page = await shared.newPage();
  await page.route('**/*', (route) => route.abort());
  return page;
}
/** Shows an email's HTML in `page` at `width` px in the `scheme` colour scheme. */
async function showEmail(page, html, width, scheme) {
  await page.setViewportSize({ width, height: 800 });
  await page.emulateMedia({ colorScheme: scheme });
  await page.setContent(html, { waitUntil: 'load' });
}

// ------------------------------------------------------------------ the site's sources

function unquote(v) {
  const s = v.trim().replace(/\s+#.*$/, '');
  if (s.startsWith('"')) return JSON.parse(s);
  if (s.startsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  return s;
}

/** A top-level `key: value` of a YAML text, or null. */
function yamlScalar(text, key) {
  const m = text.match(new RegExp(`^${key}:[ \\t]*(\\S.*)$`, 'm'));
  return m ? unquote(m[1]) : null;
}

/** The `- item` scalars of the block list under the `key:` line at index i. */
function yamlListAt(lines, i) {
  const keyIndent = lines[i].search(/\S/);
  const items = [];
  for (let j = i + 1; j < lines.length; j += 1) {
    const l = lines[j];
    if (!l.trim() || /^\s*#/.test(l)) continue;
    const ind = l.search(/\S/);
    const m = l.match(/^\s*-\s+(.*)$/);
    if (!m || ind < keyIndent) break;
    items.push(unquote(m[1]));
  }
  return items;
}

function yamlTopList(text, key) {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => new RegExp(`^${key}:\\s*$`).test(l));
  return i < 0 ? [] : yamlListAt(lines, i);
}

/** newsletter.yaml, minimally: provider, form_url, manage_url, frequency, topics. */
function readNewsletterYaml(site) {
  const text = fs.readFileSync(path.join(site, 'newsletter.yaml'), 'utf8');
  return {
    provider: yamlScalar(text, 'provider'),
    formUrl: yamlScalar(text, 'form_url'),
    manageUrl: yamlScalar(text, 'manage_url'),
    frequency: yamlScalar(text, 'frequency'),
    topics: yamlTopList(text, 'topics'),
  };
}

/**
 * suggestions.yaml, minimally: the questions ({ name, label, type, options }) in order
 * and email_opt_in.
 */
function readSuggestionsYaml(site) {
  const text = fs.readFileSync(path.join(site, 'suggestions.yaml'), 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^questions:\s*$/.test(l));
  const questions = [];
  if (start >= 0) {
    let q = null;
    let itemIndent = null;
    for (let j = start + 1; j < lines.length; j += 1) {
      const l = lines[j];
      if (!l.trim() || /^\s*#/.test(l)) continue;
      const ind = l.search(/\S/);
      if (ind === 0) break; // the next top-level key
      const item = l.match(/^(\s*)-\s+(\w+):\s*(.*)$/);
      if (item && (itemIndent === null || item[1].length === itemIndent)) {
        itemIndent = item[1].length;
        q = { options: [] };
        questions.push(q);
        q[item[2]] = unquote(item[3]);
        continue;
      }
      const prop = l.match(/^\s*(\w+):\s*(.*)$/);
      if (q && prop && ind === itemIndent + 2) {
        if (prop[1] === 'options' && !prop[2].trim()) q.options = yamlListAt(lines, j);
        else q[prop[1]] = prop[2].trim() ? unquote(prop[2]) : '';
      }
    }
  }
  return { questions, emailOptIn: yamlScalar(text, 'email_opt_in'), quoteOptIn: yamlScalar(text, 'quote_opt_in') };
}

/** The front matter of a Markdown file as { key: scalar }. */
function frontMatter(file) {
  const text = fs.readFileSync(file, 'utf8');
  const m = text.match(/^---\r?\n([\s\S]*?)\r?\n---/);
  const fm = {};
  if (!m) return fm;
  for (const l of m[1].split('\n')) {
    const kv = l.match(/^(\w+):[ \t]*(\S.*)$/);
    if (kv) fm[kv[1]] = unquote(kv[2]);
  }
  return fm;
}

/** The site's newsletter issues (not drafts), oldest first: { slug, subject, date, preheader, source }. */
function readIssues(site) {
  const dir = path.join(site, 'newsletter');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => {
    const fm = frontMatter(path.join(dir, f));
    return {
      slug: f.slice(0, -3), subject: fm.subject, date: fm.date, preheader: fm.preheader || null,
      draft: fm.draft === 'true', source: fs.readFileSync(path.join(dir, f), 'utf8'),
    };
  }).filter((i) => !i.draft).sort((a, b) => a.date.localeCompare(b.date));
}

/** The site's posts: { slug, date, draft }, from posts/NAME.md and posts/NAME/index.md. */
function readPosts(site) {
  const dir = path.join(site, 'posts');
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    let file = null; let slug = null;
    if (e.isFile() && e.name.endsWith('.md')) { file = path.join(dir, e.name); slug = e.name.slice(0, -3); }
    if (e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.md'))) { file = path.join(dir, e.name, 'index.md'); slug = e.name; }
    if (!file) continue;
    const fm = frontMatter(file);
    out.push({ slug, date: String(fm.date || '').slice(0, 10), draft: fm.draft === 'true' });
  }
  return out;
}

const dayBefore = (iso, days) => new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * What each issue should carry: the published posts (those the build wrote under /blog/)
 * dated after the previous issue, up to and including this one's date.
 */
function expectedPostsByIssue(site, out, issues) {
  const published = readPosts(site).filter((p) => !p.draft && fs.existsSync(path.join(out, 'blog', p.slug, 'index.html')));
  const m = new Map();
  issues.forEach((iss, i) => {
    const since = i > 0 ? issues[i - 1].date : dayBefore(iss.date, FIRST_ISSUE_DAYS);
    m.set(iss.slug, published.filter((p) => p.date > since && p.date <= iss.date)
      .sort((a, b) => b.date.localeCompare(a.date)).map((p) => p.slug));
  });
  return m;
}

// ------------------------------------------------------------------ the build

let built = null;
/** Build the example site once: { site, out, emailDir, baseUrl, stdout }. */
function build() {
  if (!built) {
    try {
      const site = SITES.example.source();
      const bin = frontdeskBin();
      const out = path.join(tempDir('newsletter-out'), 'public');
      const emailDir = path.join(tempDir('newsletter-email'), 'email');
      const r = spawnSync(bin, ['build', site, '--out', out, '--email-out', emailDir], { encoding: 'utf8', timeout: 120_000 });
      if (r.error) throw new Error(`running ${bin} build failed: ${r.error.message}`);
      if (r.status !== 0) throw new Error(`\`frontdesk build ${site} --out ${out} --email-out ${emailDir}\` exited ${r.status}:\n${r.stderr}${r.stdout}`);
      built = { value: { site, out, emailDir, baseUrl: readBaseUrl(site), stdout: r.stdout } };
    } catch (e) {
      built = { error: e };
    }
  }
  if (built.error) throw built.error;
  return built.value;
}

let served = null;
async function serveBuild() {
  if (!served) {
    served = (async () => {
      const srv = await staticServer(build().out);
      shared.atEnd(srv.close);
      return srv;
    })();
  }
  return served;
}

function readEmail(b, slug) {
  const dir = path.join(b.emailDir, slug);
  for (const f of EMAIL_FILES) {
    if (!fs.existsSync(path.join(dir, f))) throw new Error(`${dir}/${f} was not written by \`frontdesk build --email-out\``);
  }
  return {
    dir,
    htmlBytes: fs.readFileSync(path.join(dir, 'email.html')),
    html: fs.readFileSync(path.join(dir, 'email.html'), 'utf8'),
    text: fs.readFileSync(path.join(dir, 'email.txt'), 'utf8'),
    eml: fs.readFileSync(path.join(dir, 'issue.eml'), 'utf8'),
  };
}

// ------------------------------------------------------------------ MIME

function decodeQP(s) {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i += 1) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16)); i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The parts of a multipart .eml: [{ type, body }] with the body decoded and LF line ends. */
function emlParts(eml) {
  const text = eml.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const head = text.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const boundary = (head.match(/boundary="?([^";\s]+)"?/i) || [])[1];
  if (!boundary) throw new Error('issue.eml has no multipart boundary in its headers');
  const body = text.slice(split + 2);
  const chunks = body.split(`--${boundary}`).slice(1);
  const parts = [];
  for (const chunk of chunks) {
    if (chunk.startsWith('--')) break;
    const c = chunk.replace(/^\n/, '');
    const sep = c.indexOf('\n\n');
    const ph = c.slice(0, sep).replace(/\n[ \t]+/g, ' ');
    let pb = c.slice(sep + 2).replace(/\n$/, '');
    const type = ((ph.match(/^content-type:\s*([^;\s]+)/im) || [])[1] || '').toLowerCase();
    const cte = ((ph.match(/^content-transfer-encoding:\s*(\S+)/im) || [])[1] || '7bit').toLowerCase();
    if (cte === 'quoted-printable') pb = decodeQP(pb);
    else if (cte === 'base64') pb = Buffer.from(pb.replace(/\s+/g, ''), 'base64').toString('utf8');
    parts.push({ type, body: pb.replace(/\r\n/g, '\n') });
  }
  return { head, parts };
}

// ------------------------------------------------------------------ in the page

/**
 * Runs in the page: the fields a person fills in on `form` (hidden inputs, buttons and the
 * honeypot left out), in DOM order. A fieldset of several checkboxes/radios is one field
 * named by its legend, with the boxes' labels as options.
 */
function formFieldsInPage(selector) {
  const form = document.querySelector(selector);
  if (!form) return null;
  const text = (n) => (n ? n.textContent.replace(/\s+/g, ' ').trim() : '');
  const docW = document.documentElement.scrollWidth;
  const seen = (n) => {
    const r = n.getBoundingClientRect();
    return n.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && r.width > 1 && r.height > 1
      && r.right + window.scrollX > 0 && r.left + window.scrollX < docW && r.bottom + window.scrollY > 0;
  };
  const honeypot = (el) => !!el.closest('[aria-hidden="true"]') || el.tabIndex < 0
    || !(seen(el) || [...(el.labels || [])].some(seen));
  const controls = [...form.elements].filter((el) => !['FIELDSET', 'OBJECT', 'OUTPUT', 'BUTTON'].includes(el.tagName)
    && !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type));
  const fields = [];
  const groups = new Map();
  for (const el of controls) {
    if (honeypot(el)) continue;
    const fs_ = el.closest('fieldset');
    const boxes = fs_ ? fs_.querySelectorAll('input[type=checkbox], input[type=radio]').length : 0;
    if ((el.type === 'checkbox' || el.type === 'radio') && fs_ && fs_.querySelector('legend') && boxes > 1) {
      if (!groups.has(fs_)) {
        const g = { label: text(fs_.querySelector('legend')), options: [], required: false, kind: el.type };
        groups.set(fs_, g); fields.push(g);
      }
      const g = groups.get(fs_);
      g.options.push([...el.labels].map(text).join(' '));
      g.required = g.required || el.required;
      continue;
    }
    fields.push({ label: [...(el.labels || [])].map(text).join(' '), options: null, required: el.required, kind: el.type || el.tagName.toLowerCase() });
  }
  return fields;
}

const norm = (s) => String(s)
  .replace(/\((required|optional)\)/gi, '')
  .replace(/[“”"‘’']/g, '')
  .toLowerCase()
  .replace(/\s+/g, ' ')
  .trim()
  .replace(/^your /, '')
  .replace(/[\s:?.!]+$/, '');

/** Does a privacy-page item name this form field? (its label, or for a group every option) */
function itemNamesField(item, field) {
  if (norm(item) === norm(field.label)) return true;
  if (field.options && field.options.length) {
    const n = norm(item);
    return field.options.every((o) => n.includes(norm(o)));
  }
  return false;
}

// ------------------------------------------------------------------ tests: files

test('newsletter files: web pages in the build, email files only in --email-out (default SITE/.frontdesk/newsletter/), `frontdesk newsletter` writes the same', async () => {
  const b = build();
  const issues = readIssues(b.site);
  assert.ok(issues.length >= 2, `the example site has ${issues.length} published issue(s) in site/newsletter/, expected at least 2`);
  const problems = [];
  for (const p of ['newsletter/index.html', 'newsletter/thanks/index.html', 'privacy/index.html', ...issues.map((i) => `newsletter/${i.slug}/index.html`)]) {
    if (!fs.existsSync(path.join(b.out, p))) problems.push(`the build has no ${p}`);
  }
  for (const iss of issues) {
    for (const f of EMAIL_FILES) {
      if (!fs.existsSync(path.join(b.emailDir, iss.slug, f))) problems.push(`--email-out ${b.emailDir} has no ${iss.slug}/${f}`);
    }
  }
  const leaked = walkFiles(b.out).filter((f) => /(^|\/)(email\.html|email\.txt|issue\.eml)$|\.eml$/.test(f));
  if (leaked.length) problems.push(`email files ended up in the published site: ${leaked.join(', ')}`);

  // Without --email-out: SITE/.frontdesk/newsletter/ (on a temp copy, never the repo).
  const copy = copySite('example');
  const out2 = path.join(tempDir('newsletter-out2'), 'public');
  const r = spawnSync(frontdeskBin(), ['build', copy, '--out', out2], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) problems.push(`\`frontdesk build COPY --out DIR\` exited ${r.status}: ${r.stderr}`);
  else {
    for (const iss of issues) {
      if (!fs.existsSync(path.join(copy, '.frontdesk', 'newsletter', iss.slug, 'email.html'))) {
        problems.push(`without --email-out, the build wrote no SITE/.frontdesk/newsletter/${iss.slug}/email.html`);
      }
    }
  }

  // `frontdesk newsletter SITE --email-out DIR`: the same files, and what each issue carries.
  const dir3 = path.join(tempDir('newsletter-cmd'), 'email');
  const n = spawnSync(frontdeskBin(), ['newsletter', b.site, '--email-out', dir3], { encoding: 'utf8', timeout: 120_000 });
  if (n.status !== 0) problems.push(`\`frontdesk newsletter ${b.site} --email-out ${dir3}\` exited ${n.status}: ${n.stderr}`);
  else {
    const expected = expectedPostsByIssue(b.site, b.out, issues);
    for (const iss of issues) {
      for (const f of EMAIL_FILES) {
        const a = path.join(b.emailDir, iss.slug, f);
        const c = path.join(dir3, iss.slug, f);
        if (!fs.existsSync(c)) { problems.push(`\`frontdesk newsletter\` wrote no ${iss.slug}/${f}`); continue; }
        if (!fs.existsSync(a)) continue;
        // The MIME boundary is random per run; everything else must be the same.
        const strip = (s) => (f === 'issue.eml' ? s.replace(/boundary="[^"]+"/, 'boundary=""').split(/\r?\n/).filter((l) => !/^--[0-9a-f_]{20,}(--)?$/.test(l)).join('\n') : s);
        if (strip(fs.readFileSync(a, 'utf8')) !== strip(fs.readFileSync(c, 'utf8'))) {
          problems.push(`${iss.slug}/${f} from \`frontdesk newsletter\` differs from the one \`frontdesk build --email-out\` wrote`);
        }
      }
      const line = n.stdout.split('\n').find((l) => l.startsWith(`${iss.slug}:`));
      if (!line) { problems.push(`\`frontdesk newsletter\` printed no line for ${iss.slug}:\n${n.stdout}`); continue; }
      const m = line.match(/(\d+) posts?\b/);
      const want = expected.get(iss.slug).length;
      if (!m || Number(m[1]) !== want) {
        problems.push(`\`frontdesk newsletter\` says ${iss.slug} carries "${m ? m[0] : '?'}", but ${want} published post(s) are dated after the previous issue up to ${iss.date}: ${expected.get(iss.slug).join(', ') || '(none)'}`);
      }
    }
  }
  assert.equal(problems.length, 0, problems.join('\n'));
});

// ------------------------------------------------------------------ tests: signup form

test('signup form on /newsletter/: labels, required email, unticked topic boxes, heard_from options, action/method, consent', async () => {
  const b = build();
  const nl = readNewsletterYaml(b.site);
  const sug = readSuggestionsYaml(b.site);
  const heard = sug.questions.find((q) => q.name === 'heard_from');
  assert.ok(heard && heard.options.length, 'site/suggestions.yaml has no heard_from question with options (the test reads it)');
  assert.ok(nl.topics.length, 'site/newsletter.yaml lists no topics (the test reads them)');
  const srv = await serveBuild();
  const page = await shared.newPage();
  const resp = await page.goto(`${srv.url}newsletter/`);
  assert.equal(resp.status(), 200, `GET /newsletter/ answered ${resp.status()}`);

  const info = await page.evaluate(() => {
    const forms = [...document.querySelectorAll('main form')];
    const form = forms.find((f) => f.querySelector('input[type=email]')) || forms[0];
    if (!form) return null;
    const text = (n) => (n ? n.textContent.replace(/\s+/g, ' ').trim() : '');
    const desc = (el) => `${el.tagName.toLowerCase()}${el.type ? `[type=${el.type}]` : ''}${el.name ? `[name=${el.name}]` : ''}${el.id ? `#${el.id}` : ''}`;
    const docW = document.documentElement.scrollWidth;
    const seen = (n) => {
      const r = n.getBoundingClientRect();
      return n.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && r.width > 1 && r.height > 1
        && r.right + window.scrollX > 0 && r.left + window.scrollX < docW && r.bottom + window.scrollY > 0;
    };
    const controls = [...form.querySelectorAll('input, select, textarea')].filter((el) => el.type !== 'hidden').map((el) => {
      const honeypot = !!el.closest('[aria-hidden="true"]') || el.tabIndex < 0 || !(seen(el) || [...el.labels].some(seen));
      const fieldset = el.closest('fieldset');
      return {
        desc: desc(el), tag: el.tagName, type: el.type, honeypot, required: el.required, checked: el.checked,
        labels: [...el.labels].map(text).filter(Boolean),
        legend: fieldset ? text(fieldset.querySelector('legend')) : '',
        options: el.tagName === 'SELECT' ? [...el.options].map((o) => ({ value: o.value, text: text(o) })) : null,
      };
    });
    const submit = form.querySelector('button[type=submit], button:not([type]), input[type=submit]');
    const privacy = [...form.querySelectorAll('a[href]')].find((a) => new URL(a.href).pathname === '/privacy/');
    const consent = privacy ? privacy.closest('p, div, small, fieldset') : null;
    return {
      count: forms.length,
      action: form.getAttribute('action'), method: (form.getAttribute('method') || 'get').toLowerCase(),
      controls,
      consent: consent ? text(consent) : null,
      consentBeforeSubmit: !!(consent && submit && (consent.compareDocumentPosition(submit) & Node.DOCUMENT_POSITION_FOLLOWING)),
      privacyHref: privacy ? privacy.getAttribute('href') : null,
    };
  });
  assert.ok(info, '/newsletter/ has no <form> inside <main>');
  const problems = [];
  const visible = info.controls.filter((c) => !c.honeypot);
  for (const c of visible) {
    const legendOk = (c.type === 'checkbox' || c.type === 'radio') && c.legend;
    if (!c.labels.length && !legendOk) problems.push(`${c.desc} has no label (no label[for] and no fieldset legend)`);
  }
  const emails = visible.filter((c) => c.type === 'email');
  if (emails.length !== 1) problems.push(`expected exactly one visible input[type=email], found ${emails.length}`);
  else if (!emails[0].required) problems.push(`${emails[0].desc} is not required`);
  const boxes = visible.filter((c) => c.type === 'checkbox');
  const boxLabels = boxes.map((c) => c.labels.join(' '));
  if (JSON.stringify(boxLabels) !== JSON.stringify(nl.topics)) {
    problems.push(`the topic checkboxes do not match newsletter.yaml's topics:\n    form: ${JSON.stringify(boxLabels)}\n    yaml: ${JSON.stringify(nl.topics)}`);
  }
  for (const c of boxes.filter((x) => x.checked)) problems.push(`${c.desc} (${c.labels.join(' ')}) is ticked on load`);
  if (boxes.length && !boxes.every((c) => c.legend)) problems.push('the topic checkboxes are not inside a fieldset with a legend');
  const selects = visible.filter((c) => c.tag === 'SELECT');
  const heardSel = selects.find((c) => c.labels.some((l) => norm(l) === norm(heard.label)));
  if (!heardSel) problems.push(`no select labelled "${heard.label}" (the suggestion form's heard_from label); selects: ${selects.map((c) => `${c.desc} "${c.labels.join(' ')}"`).join(', ') || 'none'}`);
  else {
    const real = heardSel.options.filter((o) => o.value !== '').map((o) => o.text);
    if (JSON.stringify(real) !== JSON.stringify(heard.options)) {
      problems.push(`"${heard.label}" options differ from suggestions.yaml heard_from:\n    form: ${JSON.stringify(real)}\n    yaml: ${JSON.stringify(heard.options)}`);
    }
  }
  if (info.action !== nl.formUrl) problems.push(`form action is ${JSON.stringify(info.action)}, newsletter.yaml form_url is ${JSON.stringify(nl.formUrl)}`);
  if (info.method !== 'post') problems.push(`form method is ${info.method}, expected post`);
  if (!info.consent) problems.push('no text in the form links to /privacy/');
  else {
    if (!info.consent.toLowerCase().includes(nl.frequency.toLowerCase())) {
      problems.push(`the consent text does not say how often the newsletter comes ("${nl.frequency}"): "${info.consent}"`);
    }
    if (!info.consentBeforeSubmit) problems.push('the consent text comes after the submit button');
  }
  if (info.privacyHref && !fs.existsSync(path.join(b.out, 'privacy', 'index.html'))) problems.push(`the consent links to ${info.privacyHref}, but the build has no privacy/index.html`);
  if (!info.controls.some((c) => c.honeypot)) problems.push('the form has no honeypot (a hidden, unfocusable spam trap)');
  assert.equal(problems.length, 0, `/newsletter/ signup form:\n  ${problems.join('\n  ')}`);
});

test('signup form on /newsletter/: Tab reaches email, name, every topic box, the select, then submit; never the honeypot', async () => {
  const b = build();
  const nl = readNewsletterYaml(b.site);
  const srv = await serveBuild();
  const page = await shared.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${srv.url}newsletter/`);
  const controls = await page.evaluate(() => {
    const form = [...document.querySelectorAll('main form')].find((f) => f.querySelector('input[type=email]'));
    if (!form) return null;
    const text = (n) => (n ? n.textContent.replace(/\s+/g, ' ').trim() : '');
    const docW = document.documentElement.scrollWidth;
    const seen = (n) => {
      const r = n.getBoundingClientRect();
      return n.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && r.width > 1 && r.height > 1
        && r.right + window.scrollX > 0 && r.left + window.scrollX < docW && r.bottom + window.scrollY > 0;
    };
    return [...form.elements].filter((el) => el.tagName !== 'FIELDSET' && el.type !== 'hidden').map((el, i) => {
      el.dataset.gate = String(i);
      return {
        id: String(i), tag: el.tagName.toLowerCase(), type: el.type, name: el.name, autocomplete: el.autocomplete,
        label: [...(el.labels || [])].map(text).join(' '),
        honeypot: !!el.closest('[aria-hidden="true"]') || el.tabIndex < 0 || !(seen(el) || [...(el.labels || [])].some(seen)),
        submit: el.type === 'submit',
      };
    });
  });
  assert.ok(controls, '/newsletter/ has no form with an email field inside <main>');
  const what = (c) => {
    if (c.submit) return 'submit';
    if (c.tag === 'select') return 'select';
    if (c.type === 'email') return 'email';
    if (c.type === 'checkbox') return `checkbox "${c.label}"`;
    if (c.type === 'text' && (c.autocomplete === 'name' || /name/i.test(c.label))) return 'name';
    return `${c.tag}[type=${c.type}][name=${c.name}]`;
  };
  const want = ['email', 'name', ...nl.topics.map((t) => `checkbox "${t}"`), 'select', 'submit'];
  const problems = [];
  const visibleOrder = controls.filter((c) => !c.honeypot).map(what);
  if (JSON.stringify(visibleOrder) !== JSON.stringify(want)) {
    problems.push(`the visible controls in DOM order:\n    got      ${visibleOrder.join(' → ')}\n    expected ${want.join(' → ')}`);
  }
  const byId = new Map(controls.map((c) => [c.id, c]));
  const stops = [];
  const honeypotHits = [];
  let reached = false;
  await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
  for (let i = 0; i < 200 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.dataset?.gate ?? null);
    if (id === null) continue;
    const c = byId.get(id);
    if (c.honeypot) honeypotHits.push(what(c));
    if (stops[stops.length - 1] !== c) stops.push(c);
    if (c.submit) reached = true;
  }
  if (!reached) problems.push(`200 Tab presses never reached the submit button; stops: ${stops.map(what).join(' → ') || '(none)'}`);
  if (honeypotHits.length) problems.push(`Tab reached the honeypot: ${honeypotHits.join(', ')}`);
  const got = stops.filter((c) => !c.honeypot).map(what);
  if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`Tab order:\n    got      ${got.join(' → ')}\n    expected ${want.join(' → ')}`);
  assert.equal(problems.length, 0, `/newsletter/ keyboard problems:\n  ${problems.join('\n  ')}`);
});

test('axe WCAG 2.1 A/AA: /newsletter/, the newest issue, /newsletter/thanks/, /privacy/, light+dark, 375x667+1280x800', async (t) => {
  const b = build();
  const issues = readIssues(b.site);
  const newest = issues[issues.length - 1];
  const srv = await serveBuild();
  const page = await shared.newPage();
  for (const p of ['/newsletter/', `/newsletter/${newest.slug}/`, '/newsletter/thanks/', '/privacy/']) {
    await t.test(p, async () => {
      const problems = [];
      for (const vp of VIEWPORTS) {
        await page.setViewportSize(vp);
        for (const scheme of SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          const where = `${p} at ${vp.width}x${vp.height} ${scheme}`;
          const resp = await page.goto(srv.url + p.slice(1), { waitUntil: 'load' });
          if (!resp || resp.status() !== 200) problems.push(`${where}: HTTP status ${resp && resp.status()}`);
          const violations = await axeViolations(page);
          if (violations.length) problems.push(`${where}: ${violations.length} axe violation(s):\n${violations.map(describeAxeViolation).join('\n')}`);
        }
      }
      assert.equal(problems.length, 0, `axe found problems:\n${problems.join('\n')}`);
    });
  }
});

// ------------------------------------------------------------------ tests: privacy

test('/privacy/ lists every form of the site with exactly the fields the built form has', async () => {
  const b = build();
  const sug = readSuggestionsYaml(b.site);
  const srv = await serveBuild();
  const page = await shared.newPage();
  // Every built page with a form in <main> (/suggestions/ and /newsletter/ on the example site).
  const formPages = walkFiles(b.out).filter((f) => f.endsWith('index.html'))
    .filter((f) => /<form\b/.test((fs.readFileSync(path.join(b.out, f), 'utf8').split(/<main\b/)[1] || '').split('</main>')[0]))
    .map((f) => `/${f.slice(0, -'index.html'.length)}`);
  for (const need of ['/suggestions/', '/newsletter/']) {
    assert.ok(formPages.includes(need), `the build has no form on ${need} (form pages: ${formPages.join(', ')})`);
  }
  const forms = {};
  for (const p of formPages) {
    await page.goto(srv.url + p.slice(1));
    forms[p] = await page.evaluate(formFieldsInPage, 'main form');
  }
  await page.goto(`${srv.url}privacy/`);
  const lists = await page.evaluate((paths) => {
    const main = document.querySelector('main');
    const res = {};
    for (const p of paths) {
      const link = [...main.querySelectorAll('a[href]')].find((a) => new URL(a.href).pathname === p && a.closest('h2, h3, h4'));
      if (!link) { res[p] = null; continue; }
      const h = link.closest('h2, h3, h4');
      let items = null;
      for (let n = h.nextElementSibling; n && !/^H[1-4]$/.test(n.tagName); n = n.nextElementSibling) {
        const ul = n.matches('ul, ol') ? n : n.querySelector('ul, ol');
        if (ul) { items = [...ul.querySelectorAll(':scope > li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()); break; }
      }
      res[p] = { heading: h.textContent.trim(), items };
    }
    return res;
  }, formPages);

  const problems = [];
  for (const p of formPages) {
    const fields = forms[p];
    const listed = lists[p];
    if (!fields) { problems.push(`${p}: no form found in the browser`); continue; }
    if (!listed) { problems.push(`/privacy/ has no heading linking to the form on ${p}`); continue; }
    if (!listed.items) { problems.push(`/privacy/ section "${listed.heading}" (${p}) has no list of fields`); continue; }
    const show = (f) => (f.options ? `${f.label} [${f.options.join(', ')}]` : f.label);
    const n = Math.max(fields.length, listed.items.length);
    const rows = [];
    let bad = fields.length !== listed.items.length;
    for (let i = 0; i < n; i += 1) {
      const f = fields[i]; const it = listed.items[i];
      const ok = f && it !== undefined && itemNamesField(it, f);
      if (!ok) bad = true;
      if (ok && /\(required\)/i.test(it) && !f.required) { bad = true; rows.push(`    ${i + 1}. "${it}" says required, but the form's field "${f.label}" is not`); }
      if (ok && /\(optional\)/i.test(it) && f.required) { bad = true; rows.push(`    ${i + 1}. "${it}" says optional, but the form's field "${f.label}" is required`); }
      rows.push(`    ${ok ? ' ' : '✗'} ${i + 1}. form: ${f ? JSON.stringify(show(f)) : '(none)'}  privacy: ${it !== undefined ? JSON.stringify(it) : '(none)'}`);
    }
    if (bad) problems.push(`/privacy/ "${listed.heading}" does not list exactly the fields of the form on ${p}:\n${rows.join('\n')}`);
  }
  // The suggestion form itself is the one suggestions.yaml describes: its questions' labels, then the opt-in,
  // then the optional "you may quote me" box (its label from quote_opt_in, else the theme's English words).
  const sugFields = forms['/suggestions/'] || [];
  const quote = sug.quoteOptIn || 'You may quote my words (without my name) on your “You said, we did” page';
  const yamlLabels = [...sug.questions.map((q) => q.label), ...(sug.emailOptIn ? [sug.emailOptIn] : []), quote];
  const formLabels = sugFields.map((f) => f.label);
  if (JSON.stringify(formLabels.map(norm)) !== JSON.stringify(yamlLabels.map(norm))) {
    problems.push(`the built /suggestions/ form's fields are not suggestions.yaml's questions and opt-in:\n    form: ${JSON.stringify(formLabels)}\n    yaml: ${JSON.stringify(yamlLabels)}`);
  }
  const sugPrivacy = (lists['/suggestions/'] && lists['/suggestions/'].items) || [];
  for (const l of yamlLabels) {
    if (!sugPrivacy.some((it) => norm(it) === norm(l))) problems.push(`/privacy/ does not list the suggestion form's "${l}" (from suggestions.yaml)`);
  }
  assert.equal(problems.length, 0, problems.join('\n'));
});

// ------------------------------------------------------------------ tests: email.html

test('email.html of every issue: no script or stylesheet, absolute URLs, sized images with alt, < 102 KB, hidden preheader first, no class-only styling', async (t) => {
  const b = build();
  const nl = readNewsletterYaml(b.site);
  const issues = readIssues(b.site);
  const expected = expectedPostsByIssue(b.site, b.out, issues);
  const tag = UNSUBSCRIBE_TAGS[nl.provider] || null;
  const page = await offlinePage();
  for (const iss of issues) {
    await t.test(iss.slug, async () => {
      const e = readEmail(b, iss.slug);
      const problems = [];
      if (e.htmlBytes.length >= GMAIL_CLIP) problems.push(`email.html is ${e.htmlBytes.length} bytes; Gmail clips at ${GMAIL_CLIP}`);
      if (/<script\b/i.test(e.html)) problems.push('email.html has a <script>');
      if (/<link\b[^>]*\brel\s*=\s*["']?stylesheet/i.test(e.html)) problems.push('email.html has a <link rel=stylesheet>');
      if (/@import\b/i.test(e.html)) problems.push('email.html has a CSS @import');
      await showEmail(page, e.html, 1024, 'light');
      const r = await page.evaluate(({ preheader }) => {
        const out = { urls: [], imgs: [], classOnly: [], strayRules: [], otherMedia: [], preheader: null };
        const desc = (el) => {
          let s = el.tagName.toLowerCase();
          if (el.getAttribute('class')) s += `.${el.getAttribute('class').trim().split(/\s+/).join('.')}`;
          return s;
        };
        for (const el of document.querySelectorAll('*')) {
          for (const a of ['href', 'src', 'background', 'action', 'poster', 'cite']) {
            if (el.hasAttribute(a)) out.urls.push({ el: desc(el), attr: a, value: el.getAttribute(a), text: el.textContent.replace(/\s+/g, ' ').trim() });
          }
          if (el.hasAttribute('srcset')) out.urls.push({ el: desc(el), attr: 'srcset', value: el.getAttribute('srcset'), text: '' });
          const st = el.getAttribute('style') || '';
          for (const m of st.matchAll(/url\(\s*["']?([^"')]+)/g)) out.urls.push({ el: desc(el), attr: 'style url()', value: m[1], text: '' });
        }
        for (const img of document.images) {
          out.imgs.push({ src: img.getAttribute('src'), width: img.getAttribute('width'), height: img.getAttribute('height'), alt: img.getAttribute('alt') });
        }
        // Where each style rule lives: inside @media (prefers-color-scheme: dark) or a
        // max-width media query (mobile), or elsewhere.
        const allowed = (media) => /prefers-color-scheme:\s*dark/.test(media) || /max-width/.test(media);
        const rules = [];
        const walk = (list, media) => {
          for (const rule of list) {
            if (rule instanceof CSSMediaRule) {
              if (!allowed(rule.conditionText)) out.otherMedia.push(rule.conditionText);
              walk(rule.cssRules, rule.conditionText);
            } else if (rule instanceof CSSStyleRule) rules.push({ selector: rule.selectorText, media, ok: media !== null && allowed(media) });
            else out.strayRules.push(rule.cssText.slice(0, 120));
          }
        };
        for (const sheet of document.styleSheets) walk(sheet.cssRules, null);
        for (const rule of rules.filter((x) => !x.ok)) {
          let n = 0;
          try { n = document.querySelectorAll(rule.selector).length; } catch { n = -1; }
          out.strayRules.push(`${rule.selector} (outside the dark/mobile @media, matches ${n} element(s))`);
        }
        for (const el of document.querySelectorAll('[class]')) {
          if (el.hasAttribute('style')) continue;
          const hits = rules.filter((x) => { try { return el.matches(x.selector); } catch { return false; } });
          const stray = hits.filter((x) => !x.ok);
          if (stray.length) out.classOnly.push(`${desc(el)} has no inline style and is styled by ${stray.map((x) => x.selector).join(', ')}`);
        }
        // The preheader: hidden, holding the front matter's text, before anything visible.
        const body = document.body;
        const tw = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT) });
        const first = tw.nextNode();
        const holder = first ? first.parentElement : null;
        if (preheader) {
          const all = [...body.querySelectorAll('*')].filter((el) => el.textContent.replace(/\s+/g, ' ').includes(preheader)
            && ![...el.children].some((c) => c.textContent.replace(/\s+/g, ' ').includes(preheader)));
          const el = all[0] || null;
          out.preheader = el ? {
            hidden: !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) || el.getBoundingClientRect().height === 0,
            first: holder === el || (holder && el.contains(holder)),
            firstText: first ? first.data.trim().slice(0, 80) : null,
            tag: desc(el),
          } : null;
        }
        return out;
      }, { preheader: iss.preheader });

      for (const u of r.urls) {
        const v = u.value.trim();
        if (u.attr === 'srcset') {
          for (const c of v.split(',').map((s) => s.trim().split(/\s+/)[0]).filter(Boolean)) {
            if (!/^https:\/\//i.test(c)) problems.push(`${u.el} srcset candidate ${JSON.stringify(c)} is not an absolute https URL`);
          }
          continue;
        }
        if (/^https:\/\/[^/\s]+/i.test(v)) continue;
        if (u.attr === 'href' && /^(mailto|tel):\S/i.test(v)) continue;
        if (tag && u.attr === 'href' && v === tag && /unsubscribe/i.test(u.text)) continue;
        problems.push(`${u.el} ${u.attr}=${JSON.stringify(u.value)}${u.text ? ` ("${u.text.slice(0, 40)}")` : ''} is not an absolute https URL`
          + `${u.attr === 'href' ? `, mailto:/tel:${tag ? ` or ${nl.provider}'s unsubscribe tag ${tag} on the unsubscribe link` : ''}` : ''}`);
      }
      const unsub = r.urls.filter((u) => u.attr === 'href' && /unsubscribe/i.test(u.text));
      if (!unsub.length) problems.push('email.html has no unsubscribe link');
      else if (tag && !unsub.some((u) => u.value === tag)) problems.push(`the unsubscribe link is ${unsub.map((u) => JSON.stringify(u.value)).join(', ')}, not ${nl.provider}'s merge tag ${tag}`);
      for (const img of r.imgs) {
        const bad = [];
        if (!/^[1-9]\d*$/.test(img.width || '')) bad.push(`width=${JSON.stringify(img.width)}`);
        if (!/^[1-9]\d*$/.test(img.height || '')) bad.push(`height=${JSON.stringify(img.height)}`);
        if (img.alt === null) bad.push('no alt');
        if (bad.length) problems.push(`<img src="${img.src}"> ${bad.join(', ')}`);
      }
      if (!iss.preheader) problems.push(`newsletter/${iss.slug}.md has no preheader (the test needs one)`);
      else if (!r.preheader) problems.push(`email.html does not contain the preheader "${iss.preheader}"`);
      else {
        if (!r.preheader.hidden) problems.push(`the preheader (${r.preheader.tag}) is visible`);
        if (!r.preheader.first) problems.push(`the preheader is not the first text of the body; first is "${r.preheader.firstText}"`);
      }
      for (const s of r.strayRules) problems.push(`style rule ${s}: styling that lives only in a class (clients that drop <style> lose it)`);
      for (const m of r.otherMedia) problems.push(`@media (${m}) is neither the dark-mode nor a max-width (mobile) query`);
      for (const c of r.classOnly) problems.push(c);

      // Styling must not depend on <style>: light, desktop width, the page looks the same without it.
      const snap = () => page.evaluate(() => {
        const props = ['color', 'background-color', 'font-size', 'font-family', 'font-weight', 'font-style', 'line-height', 'text-decoration-line',
          'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
          'border-top-width', 'border-left-width', 'border-top-color', 'border-left-color', 'display', 'width', 'max-width'];
        return [...document.body.querySelectorAll('*')].map((el) => {
          const cs = getComputedStyle(el);
          return `${el.tagName.toLowerCase()}${el.getAttribute('class') ? `.${el.getAttribute('class').trim().split(/\s+/).join('.')}` : ''} ${props.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';')}`;
        });
      });
      const withStyle = await snap();
      await page.evaluate(() => document.querySelectorAll('style').forEach((s) => s.remove()));
      const without = await snap();
      const diffs = withStyle.map((s, i) => (s !== without[i] ? `    ${s.split(' ')[0]}: with <style> ${s.split(' ').slice(1).join(' ').split(';').filter((x, k) => x !== without[i].split(' ').slice(1).join(' ').split(';')[k]).join(';')}` : null)).filter(Boolean);
      if (diffs.length) problems.push(`at 1024 px in light mode, removing <style> changes ${diffs.length} element(s):\n${diffs.slice(0, 10).join('\n')}`);

      // The posts the issue carries are in it.
      for (const slug of expected.get(iss.slug)) {
        const url = `${b.baseUrl}blog/${slug}/`;
        if (!r.urls.some((u) => u.attr === 'href' && u.value === url)) problems.push(`email.html does not link to ${url}, a post dated since the previous issue`);
      }
      assert.equal(problems.length, 0, `${iss.slug}/email.html:\n  ${problems.join('\n  ')}`);
    });
  }
});

test('email.html in Chromium: no horizontal overflow at 375 and 600 px, the main table at most 600 px wide at 600 and 1024 px', async (t) => {
  const b = build();
  const issues = readIssues(b.site);
  const page = await offlinePage();
  for (const iss of issues) {
    await t.test(iss.slug, async () => {
      const e = readEmail(b, iss.slug);
      const problems = [];
      for (const width of [...EMAIL_WIDTHS, 1024]) {
        for (const scheme of SCHEMES) {
          await showEmail(page, e.html, width, scheme);
          const m = await page.evaluate(() => {
            const W = window.innerWidth;
            const desc = (el) => {
              let s = el.tagName.toLowerCase();
              if (el.getAttribute('class')) s += `.${el.getAttribute('class').trim().split(/\s+/).join('.')}`;
              return s;
            };
            const sticking = [...document.body.querySelectorAll('*')].filter((el) => {
              const r = el.getBoundingClientRect();
              return r.width > 0 && (r.right > W + 0.5 || r.left < -0.5);
            });
            // Name the innermost offenders: those with no offending descendant.
            const leaves = sticking.filter((el) => !sticking.some((o) => o !== el && el.contains(o)));
            const h1 = document.querySelector('h1');
            const main = h1 ? h1.closest('table') : null;
            return {
              W, scrollWidth: document.documentElement.scrollWidth,
              offenders: leaves.slice(0, 8).map((el) => {
                const r = el.getBoundingClientRect();
                return `${desc(el)} [${Math.round(r.left)}..${Math.round(r.right)}] "${el.textContent.replace(/\s+/g, ' ').trim().slice(0, 50)}"`;
              }),
              mainWidth: main ? main.getBoundingClientRect().width : null,
              mainDesc: main ? desc(main) : null,
            };
          });
          const where = `${iss.slug} at ${width} px ${scheme}`;
          if (width !== 1024 && m.scrollWidth > m.W) {
            problems.push(`${where}: scrollWidth ${m.scrollWidth} > innerWidth ${m.W}; sticking out:\n      ${m.offenders.join('\n      ') || '(none found)'}`);
          }
          if (m.mainWidth === null) problems.push(`${where}: no table around the h1 (the main content table)`);
          else if (width >= 600 && m.mainWidth > 600.5) problems.push(`${where}: the main table ${m.mainDesc} is ${m.mainWidth} px wide (at most 600)`);
        }
      }
      assert.equal(problems.length, 0, problems.join('\n'));
    });
  }
});

test('email.html in Chromium: text and links readable (axe color-contrast) in light and dark', async (t) => {
  const b = build();
  const issues = readIssues(b.site);
  const page = await offlinePage();
  for (const iss of issues) {
    await t.test(iss.slug, async () => {
      const e = readEmail(b, iss.slug);
      const problems = [];
      for (const scheme of SCHEMES) {
        await showEmail(page, e.html, 600, scheme);
        await page.addScriptTag({ path: AXE_PATH });
        const res = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast', 'link-in-text-block'] }, resultTypes: ['violations'] }));
        if (res.violations.length) problems.push(`${iss.slug} ${scheme}:\n${res.violations.map(describeAxeViolation).join('\n')}`);
      }
      assert.equal(problems.length, 0, `email.html contrast problems:\n${problems.join('\n')}`);
    });
  }
});

// ------------------------------------------------------------------ tests: text part

test('every http(s) link of the HTML part is in the text part (email.html/email.txt and issue.eml)', async () => {
  const b = build();
  const issues = readIssues(b.site);
  const page = await offlinePage();
  const hrefsOf = async (html) => {
    await page.setContent(html, { waitUntil: 'domcontentloaded' });
    return page.evaluate(() => [...new Set([...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href').trim()))]);
  };
  const problems = [];
  for (const iss of issues) {
    const e = readEmail(b, iss.slug);
    const links = (await hrefsOf(e.html)).filter((h) => /^https?:\/\//i.test(h));
    if (!links.length) problems.push(`${iss.slug}: email.html has no http(s) link at all`);
    const missing = links.filter((h) => !e.text.includes(h));
    if (missing.length) problems.push(`${iss.slug}: email.txt lacks ${missing.length} link(s) of email.html:\n    ${missing.join('\n    ')}`);

    let mime;
    try { mime = emlParts(e.eml); } catch (err) { problems.push(`${iss.slug}/issue.eml: ${err.message}`); continue; }
    if (!/^content-type:\s*multipart\/alternative/im.test(mime.head)) problems.push(`${iss.slug}/issue.eml is not multipart/alternative`);
    const textPart = mime.parts.find((p) => p.type === 'text/plain');
    const htmlPart = mime.parts.find((p) => p.type === 'text/html');
    if (!textPart || !htmlPart) { problems.push(`${iss.slug}/issue.eml lacks a ${textPart ? 'text/html' : 'text/plain'} part (parts: ${mime.parts.map((p) => p.type).join(', ')})`); continue; }
    const lf = (s) => s.replace(/\r\n/g, '\n').replace(/\n+$/, '');
    if (lf(htmlPart.body) !== lf(e.html)) problems.push(`${iss.slug}/issue.eml's text/html part (decoded) is not email.html`);
    if (lf(textPart.body) !== lf(e.text)) problems.push(`${iss.slug}/issue.eml's text/plain part (decoded) is not email.txt`);
    const emlLinks = (await hrefsOf(htmlPart.body)).filter((h) => /^https?:\/\//i.test(h));
    const emlMissing = emlLinks.filter((h) => !textPart.body.includes(h));
    if (emlMissing.length) problems.push(`${iss.slug}/issue.eml: the text part lacks ${emlMissing.length} link(s) of the HTML part:\n    ${emlMissing.join('\n    ')}`);
  }
  assert.equal(problems.length, 0, problems.join('\n'));
});

// ------------------------------------------------------------------ tests: web version

test('web version: subject as h1, links to the posts it carries, in sitemap.xml; /newsletter/ lists the issues newest first', async () => {
  const b = build();
  const issues = readIssues(b.site);
  const expected = expectedPostsByIssue(b.site, b.out, issues);
  const srv = await serveBuild();
  const page = await shared.newPage();
  const problems = [];
  const sitemap = fs.existsSync(path.join(b.out, 'sitemap.xml')) ? fs.readFileSync(path.join(b.out, 'sitemap.xml'), 'utf8') : '';
  if (!sitemap) problems.push('the build has no sitemap.xml');
  const locs = [...sitemap.matchAll(/<loc>\s*([^<]+?)\s*<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  for (const iss of issues) {
    const p = `/newsletter/${iss.slug}/`;
    const resp = await page.goto(srv.url + p.slice(1));
    if (!resp || resp.status() !== 200) { problems.push(`GET ${p} answered ${resp && resp.status()}`); continue; }
    const got = await page.evaluate((base) => {
      const main = document.querySelector('main');
      const h1s = [...(main || document).querySelectorAll('h1')].map((h) => h.textContent.replace(/\s+/g, ' ').trim());
      // Links into the site, root-relative or absolute under base_url.
      const posts = [...(main || document).querySelectorAll('a[href]')].map((a) => {
        const abs = new URL(a.getAttribute('href'), location.href).href;
        let rel = null;
        if (abs.startsWith(`${location.origin}/`)) rel = abs.slice(location.origin.length);
        else if (abs.startsWith(base)) rel = `/${abs.slice(base.length)}`;
        const m = rel && rel.match(/^\/blog\/([^/?#]+)\/(?:[?#].*)?$/);
        return m && m[1] !== 'page' ? m[1] : null;
      }).filter(Boolean);
      return { h1s, posts: [...new Set(posts)] };
    }, b.baseUrl);
    if (got.h1s.length !== 1 || got.h1s[0] !== iss.subject) problems.push(`${p}: h1 is ${JSON.stringify(got.h1s)}, expected the subject ${JSON.stringify(iss.subject)}`);
    const want = expected.get(iss.slug);
    for (const slug of want) if (!got.posts.includes(slug)) problems.push(`${p} does not link to /blog/${slug}/, a post the issue carries (dated after the previous issue, up to ${iss.date})`);
    // Other post links are only fine where the owner's note links to that post.
    for (const slug of got.posts) {
      if (!want.includes(slug) && !iss.source.includes(`posts/${slug}`)) problems.push(`${p} links to /blog/${slug}/, which the issue does not carry (not dated since the previous issue) and its note does not mention`);
    }
    if (!locs.includes(`${b.baseUrl}newsletter/${iss.slug}/`)) problems.push(`sitemap.xml has no <loc>${b.baseUrl}newsletter/${iss.slug}/</loc>`);
  }
  if (!locs.includes(`${b.baseUrl}newsletter/`)) problems.push(`sitemap.xml has no <loc>${b.baseUrl}newsletter/</loc>`);

  await page.goto(`${srv.url}newsletter/`);
  const listed = await page.evaluate(() => {
    const seen = [];
    for (const a of document.querySelectorAll('main a[href]')) {
      const m = new URL(a.href).pathname.match(/^\/newsletter\/([^/]+)\/$/);
      if (m && m[1] !== 'thanks' && !seen.includes(m[1])) seen.push(m[1]);
    }
    return seen;
  });
  const newestFirst = [...issues].reverse().map((i) => i.slug);
  if (JSON.stringify(listed) !== JSON.stringify(newestFirst)) problems.push(`/newsletter/ lists the issues ${JSON.stringify(listed)}, expected newest first ${JSON.stringify(newestFirst)}`);
  assert.equal(problems.length, 0, problems.join('\n'));
});

test('what an issue promises about the suggestion form (its number of questions) matches the form', async () => {
  const b = build();
  const sug = readSuggestionsYaml(b.site);
  const issues = readIssues(b.site);
  const words = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
  const problems = [];
  const count = sug.questions.length;
  assert.ok(count > 0, 'suggestions.yaml has no questions (the test reads them)');
  for (const iss of issues) {
    const e = readEmail(b, iss.slug);
    const web = fs.readFileSync(path.join(b.out, 'newsletter', iss.slug, 'index.html'), 'utf8');
    for (const [name, text] of [['email.html', e.html], ['email.txt', e.text], [`/newsletter/${iss.slug}/`, web]]) {
      for (const m of text.matchAll(/\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:short\s+)?questions?\b/gi)) {
        const n = /^\d+$/.test(m[1]) ? Number(m[1]) : words[m[1].toLowerCase()];
        if (n !== count) problems.push(`${iss.slug} ${name} says "${m[0]}", but the suggestion form (suggestions.yaml) has ${count} questions`);
      }
    }
  }
  assert.equal(problems.length, 0, problems.join('\n'));
});
