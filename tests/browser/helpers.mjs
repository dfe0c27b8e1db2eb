// Shared helpers for the frontdesk quality gate (tests/browser/*.test.mjs).
//
// Nothing here skips: a missing tool (chromium, java, the frontdesk binary,
// the gen-site example) throws an Error with a message saying what is missing and how to
// get it, so the test that needed it FAILS.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const NODE_MODULES = path.join(HERE, 'node_modules');
export const ARTIFACTS = path.join(REPO, 'tests', 'artifacts');
export const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
export const EXAMPLE_SITE = process.env.FRONTDESK_EXAMPLE_SITE || path.join(REPO, 'site');
// The repository's own corpus generator (examples/gen-site.rs), built by tests/run.sh.
export const GEN_SITE = process.env.FRONTDESK_GEN_SITE
  || path.join(REPO, 'target', 'release', 'examples', 'gen-site');
// The image benchmark's photo generator (examples/gen-photos.rs), built by tests/run.sh too.
export const GEN_PHOTOS = process.env.FRONTDESK_GEN_PHOTOS
  || path.join(REPO, 'target', 'release', 'examples', 'gen-photos');
export const CHROMIUM = process.env.FRONTDESK_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic',
];

export const VIEWPORTS = [
  { width: 375, height: 667 },
  { width: 1280, height: 800 },
];
export const SCHEMES = ['light', 'dark'];

// ---------------------------------------------------------------- tools

/** Absolute path of the frontdesk binary; throws (test fails) when missing. */
export function frontdeskBin() {
  const bin = process.env.FRONTDESK_BIN || path.join(REPO, 'target', 'release', 'frontdesk');
  if (!fs.existsSync(bin)) {
    throw new Error(`frontdesk binary not found at ${bin}: run \`cargo build --release\` in ${REPO} `
      + 'or point FRONTDESK_BIN at a built binary');
  }
  return bin;
}

/** Throws unless `java -version` runs. */
export function requireJava() {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error('java not found or not runnable (needed for the Nu HTML Checker): '
      + `install a JRE 11+ (e.g. apt-get install openjdk-17-jre-headless); ${r.error ? r.error.message : r.stderr}`);
  }
}

export function vnuJar() {
  const jar = path.join(NODE_MODULES, 'vnu-jar', 'build', 'dist', 'vnu.jar');
  if (!fs.existsSync(jar)) throw new Error(`vnu.jar not found at ${jar}: run \`npm ci\` in ${HERE}`);
  return jar;
}

// ---------------------------------------------------------------- temp dirs

const tempDirs = [];
export function tempDir(prefix) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `frontdesk-gate-${prefix}-`));
  tempDirs.push(d);
  return d;
}
process.on('exit', () => {
  if (process.env.FRONTDESK_KEEP_TEMP) return;
  for (const d of tempDirs) {
    try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ }
  }
});

// ---------------------------------------------------------------- sites

/**
 * The sites the gate runs on. `source()` returns a site folder (never inside the repo for gen).
 * `example` and `gen200` are checked by every test; `photos` by images.test.mjs.
 */
export const SITES = {
  example: {
    name: 'example',
    source() {
      if (!fs.existsSync(path.join(EXAMPLE_SITE, 'site.yaml'))) {
        throw new Error(`the example site ${EXAMPLE_SITE} has no site.yaml (not written yet?)`);
      }
      return EXAMPLE_SITE;
    },
  },
  gen200: {
    name: 'gen200',
    source: memo(() => {
      if (!fs.existsSync(GEN_SITE)) {
        throw new Error(`site generator not found at ${GEN_SITE}: run \`cargo build --release --examples\` in ${REPO}`);
      }
      const dir = path.join(tempDir('gen200'), 'site');
      const r = spawnSync(GEN_SITE, ['--posts', '200', dir], { encoding: 'utf8' });
      if (r.error) throw new Error(`${GEN_SITE} not runnable: ${r.error.message}`);
      if (r.status !== 0) throw new Error(`gen-site failed (exit ${r.status}):\n${r.stderr}`);
      return dir;
    }),
  },
  // Photo posts from examples/gen-photos (2000x1500 JPEGs, each post shows its photo and
  // uses it as og:image), plus one post showing two photos, a landscape one at the top and
  // a portrait one below a long text, so the page has an eager and a lazy image.
  photos: {
    name: 'photos',
    source: memo(() => {
      const dir = path.join(tempDir('photos'), 'site');
      genPhotos(['--count', '3', '--width', '2000', '--height', '1500', dir]);
      const portrait = path.join(tempDir('photos-portrait'), 'site');
      genPhotos(['--count', '1', '--width', '1000', '--height', '1500', '--seed', '7', portrait]);
      const two = path.join(dir, 'posts', 'two-photos');
      fs.mkdirSync(two, { recursive: true });
      fs.copyFileSync(path.join(dir, 'posts', 'photo-0000', 'photo.jpg'), path.join(two, 'counter.jpg'));
      fs.copyFileSync(path.join(portrait, 'posts', 'photo-0000', 'photo.jpg'), path.join(two, 'roaster.jpg'));
      const para = 'The roaster runs from seven in the morning until the last batch has cooled, '
        + 'and the beans rest for a day before they go into bags. ';
      fs.writeFileSync(path.join(two, 'index.md'), [
        '---', 'title: "Two photos"', 'date: 2024-02-01', 'image: counter.jpg', '---', '',
        'The counter in the morning.', '',
        '![The counter in the morning, cups stacked by the grinder](counter.jpg)', '',
        ...Array.from({ length: 10 }, () => [para.repeat(6).trim(), '']).flat(),
        '![The roaster, seen from the door](roaster.jpg)', '',
        'That is all for today.', '',
      ].join('\n'));
      return dir;
    }),
  },
  // The example site with the long values a real business brings (theme.test.mjs): a
  // 60-character name and title, a 120-character description, a long email and response
  // time, eight nav items, exactly one testimonial and exactly one post (two h2 headings,
  // an h3 and a code block with one very long line).
  long: {
    name: 'long',
    source: memo(() => makeLongSite()),
  },
  // A small business as its owner writes it (phone.test.mjs): a long business name, eight
  // long navigation items, a long street and a city line that wraps, a 40-character email,
  // a long role, three special days in the coming weeks, testimonials with and without
  // photos, no logo. See REAL_OWNER.
  realOwner: {
    name: 'realOwner',
    source: memo(() => makeRealOwnerSite()),
  },
  // A business of two places in two time zones (tests/fixtures/locations, locations.test.mjs):
  // Portland in America/New_York (the main one) and San Diego in America/Los_Angeles, closed
  // on 2030-07-04 (a special day), each with its page, vCard and "open now" line.
  locations: {
    name: 'locations',
    // A copy: a build writes its cache into the site folder.
    source: memo(() => {
      const dir = path.join(tempDir('locations'), 'site');
      fs.cpSync(path.join(REPO, 'tests', 'fixtures', 'locations'), dir, { recursive: true });
      return dir;
    }),
  },
  // The example site in English and French (languages: [en, fr]): a translated post and
  // about page in fr/, a post in French alone, the response time in both languages.
  bilingual: {
    name: 'bilingual',
    source: memo(() => makeBilingualSite()),
  },
};

function makeBilingualSite() {
  const src = SITES.example.source();
  const dir = path.join(tempDir('bilingual'), 'site');
  fs.cpSync(src, dir, { recursive: true, filter: (s) => !/[/\\](public|\.frontdesk)$/.test(s) });
  const edit = (rel, from, to) => {
    const p = path.join(dir, rel);
    const text = fs.readFileSync(p, 'utf8');
    if (!text.includes(from)) throw new Error(`${rel} has no ${JSON.stringify(from)}`);
    fs.writeFileSync(p, text.replace(from, to));
  };
  edit('site.yaml', 'language: en\n', 'languages: [en, fr]\n');
  edit('contact.yaml', 'response_time: within one business day\n',
    'response_time: {en: within one business day, fr: sous un jour ouvré}\n');
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('fr/posts/brew-guide.md', [
    '---', 'title: Un guide de préparation pour chaque cuisine', 'date: 2024-10-02',
    'tags: [Préparation]', '---', '',
    'Imprimez-le et collez-le sur le frigo. Lisez aussi [qui nous sommes](../pages/about.md).', '',
  ].join('\n'));
  write('fr/posts/seulement-en-francais.md', [
    '---', 'title: Un billet en français seulement', 'date: 2024-11-05', '---', '',
    'Ce billet n’existe qu’en français.', '',
  ].join('\n'));
  write('fr/pages/about.md', [
    '---', 'title: Qui sommes-nous', 'description: Qui nous sommes et comment nous joindre.', '---', '',
    'Une petite maison de torréfaction, une équipe qui répond au téléphone.', '',
  ].join('\n'));
  return dir;
}

/** The long values of SITES.long, for the tests that look for them. */
export const LONG = {
  title: 'Harbor Coffee Roasters and Bakery of Commercial St, Portland',
  business: 'Harbor Coffee Roasters and Neighbourhood Bakery, Portland ME',
  description: 'Small-batch coffee roasted twice a week on the Portland waterfront, fresh bread every morning '
    + 'and a quiet room upstairs.',
  email: 'wholesale.and.questions@harbor-coffee.example',
  responseTime: 'within one business day, usually the same morning',
  nav: [
    ['Home', '/'], ['Blog', '/blog/'], ['About us', '/about/'], ['Testimonials', '/testimonials/'],
    ['Suggestions', '/suggestions/'], ['You said, we did', '/you-said-we-did/'], ['Topics', '/tags/'],
    ['Contact', '/contact/'],
  ],
  codeLine: 'curl --silent --show-error --fail --header "Accept: application/json" '
    + '"https://harbor-coffee.example/api/v1/orders?status=open&include=customer,items,delivery&sort=-created_at&per_page=100"'
    + ' | jq \'.orders[] | {id, customer: .customer.name, total}\'',
};

function makeLongSite() {
  const src = SITES.example.source();
  const dir = path.join(tempDir('long'), 'site');
  fs.cpSync(src, dir, { recursive: true, filter: (s) => !/[/\\](public|\.frontdesk)$/.test(s) });
  const q = (s) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar
  fs.writeFileSync(path.join(dir, 'site.yaml'), [
    `title: ${q(LONG.title)}`,
    'base_url: https://harbor-coffee.example/',
    `description: ${q(LONG.description)}`,
    'language: en',
    'author: Maria Lopez',
    'posts_per_page: 5',
    'nav:',
    ...LONG.nav.flatMap(([title, url]) => [`  - title: ${q(title)}`, `    url: ${url}`]),
    '',
  ].join('\n'));
  // contact.yaml: only the lines that get longer values change, so whatever else the
  // example carries (hours, address, ...) stays as it is.
  const contactFile = path.join(dir, 'contact.yaml');
  let contact = fs.readFileSync(contactFile, 'utf8');
  for (const [key, value] of [['business', LONG.business], ['email', LONG.email], ['response_time', LONG.responseTime]]) {
    const re = new RegExp(`^${key}:.*$`, 'm');
    if (!re.test(contact)) throw new Error(`the example site's contact.yaml has no ${key}: line to make longer`);
    contact = contact.replace(re, `${key}: ${q(value)}`);
  }
  fs.writeFileSync(contactFile, contact);
  // Exactly one testimonial (a featured one, so the home page shows it too).
  const tdir = path.join(dir, 'testimonials');
  const keep = fs.readdirSync(tdir).sort()
    .find((f) => /\.ya?ml$/.test(f) && /^featured:\s*true\b/m.test(fs.readFileSync(path.join(tdir, f), 'utf8')));
  if (!keep) throw new Error(`no featured testimonial in ${tdir}`);
  for (const f of fs.readdirSync(tdir)) if (f !== keep) fs.rmSync(path.join(tdir, f), { recursive: true });
  // Exactly one post. The example's newsletter issues link to its posts, so they go too
  // (the newsletter page stays, with its signup form and no issues yet).
  fs.rmSync(path.join(dir, 'newsletter'), { recursive: true, force: true });
  const pdir = path.join(dir, 'posts');
  fs.rmSync(pdir, { recursive: true, force: true });
  fs.mkdirSync(pdir);
  fs.writeFileSync(path.join(pdir, 'open-orders.md'), [
    '---',
    'title: "How we keep track of open wholesale orders between the roastery and the bakery"',
    'date: 2025-03-01',
    'tags:',
    '  - Behind the counter',
    'author: Maria Lopez',
    '---',
    '',
    'Every morning before the doors open we check which wholesale orders are still open, so '
      + 'that the cafés and offices we deliver to get their beans and bread on time.',
    '',
    '## The one command we run every morning',
    '',
    'It asks our order system for every open order and prints one short line for each:',
    '',
    '```sh',
    LONG.codeLine,
    '```',
    '',
    '### What the fields mean',
    '',
    'The id is the order number on the delivery note; the total includes delivery.',
    '',
    '## What happens next',
    '',
    'Maria calls anyone whose order is late, before they have to call us.',
    '',
  ].join('\n'));
  return dir;
}

/** The values of SITES.realOwner, for the tests that look for them. */
export const REAL_OWNER = {
  business: 'Millbrook Family Bakery & Coffee Roasters',
  person: 'Margaret O\'Donnell-Whitaker',
  role: 'Owner, head baker and the person who answers the phone and the email',
  email: 'orders.and.questions@millbrook-bakery.us', // 40 characters
  phone: '+1 (845) 555-0123',
  address: {
    street: 'The Old Mill Yard, Unit 4, 1187 Mill Lane (entrance on Church Street)',
    city: 'Millbrook Village, Town of Washington',
    region: 'NY',
    postal_code: '12545-0217',
    country: 'United States',
  },
  heroAlt: 'The bakery counter at opening time, with the morning\'s loaves on the shelves',
  gallery: [
    'The oven door open at four in the morning', 'Dough resting in linen-lined baskets',
    'Scoring the loaves before they go in', 'Margaret checking the crust',
    'Rye loaves on the cooling rack', 'Cinnamon buns, glazed', 'The first customers at the door',
    'Coffee beans in the roaster', 'The counter at seven',
  ],
  nav: [
    ['Home', '/'], ['Our bread, cakes & coffee', '/about/'], ['Birthday cakes & catering orders', '/catering/'],
    ['Wholesale for cafés', '/wholesale/'], ['From the bakery blog', '/blog/'],
    ['What our customers say', '/testimonials/'], ['Suggestions & ideas', '/suggestions/'],
    ['Contact & opening hours', '/contact/'],
  ],
};

/** YYYY-MM-DD of today + n days (UTC). */
function daysFromNow(n) {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

function makeRealOwnerSite() {
  const src = SITES.example.source();
  const dir = path.join(tempDir('real-owner'), 'site');
  // The example's suggestion form, its static files (the photos) and newsletter settings;
  // everything the owner writes is new.
  fs.cpSync(src, dir, {
    recursive: true,
    filter: (s) => !/[/\\](public|\.frontdesk|posts|pages|testimonials|newsletter)$/.test(s),
  });
  const q = (s) => JSON.stringify(s);
  const R = REAL_OWNER;
  const write = (rel, lines) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), lines.join('\n'));
  };
  write('site.yaml', [
    `title: ${q(R.business)}`,
    'base_url: https://millbrook-bakery.example/',
    'description: Sourdough, birthday cakes and our own coffee, baked every morning in the old mill.',
    'language: en',
    `author: ${q(R.person)}`,
    'posts_per_page: 5',
    'hero:',
    '  image: static/shop.jpg',
    `  alt: ${q(R.heroAlt)}`,
    '  focus: center',
    'nav:',
    ...R.nav.flatMap(([title, url]) => [`  - title: ${q(title)}`, `    url: ${url}`]),
    '',
  ]);
  // Photos: the hero (a wide 2400x1600 shot of the shop), a photo for each post's card,
  // and the nine photos of the gallery post, landscape and portrait.
  const photos = path.join(tempDir('real-owner-photos'), 'p');
  genPhotos(['--count', '7', '--width', '1600', '--height', '1200', path.join(photos, 'wide')]);
  genPhotos(['--count', '2', '--width', '1000', '--height', '1500', '--seed', '11', path.join(photos, 'tall')]);
  genPhotos(['--count', '1', '--width', '2400', '--height', '1600', '--seed', '3', path.join(photos, 'hero')]);
  const photo = (set, i) => path.join(photos, set, 'posts', `photo-${String(i).padStart(4, '0')}`, 'photo.jpg');
  fs.mkdirSync(path.join(dir, 'static'), { recursive: true });
  fs.copyFileSync(photo('hero', 0), path.join(dir, 'static', 'shop.jpg'));
  fs.copyFileSync(photo('wide', 0), path.join(dir, 'static', 'starter.jpg'));
  fs.copyFileSync(photo('wide', 1), path.join(dir, 'static', 'stollen.jpg'));
  fs.mkdirSync(path.join(dir, 'posts', 'a-morning-in-photos'), { recursive: true });
  const gallery = [];
  for (let i = 0; i < 9; i += 1) {
    const name = `morning-${i + 1}.jpg`;
    fs.copyFileSync(i % 4 === 3 ? photo('tall', (i - 3) / 4) : photo('wide', i % 7),
      path.join(dir, 'posts', 'a-morning-in-photos', name));
    gallery.push(`![${R.gallery[i]}](${name})`);
  }
  write('contact.yaml', [
    `business: ${q(R.business)}`,
    'person:',
    `  name: ${q(R.person)}`,
    `  role: ${q(R.role)}`,
    '  photo: maria.svg',
    `phone: ${q(R.phone)}`,
    `email: ${q(R.email)}`,
    'address:',
    ...Object.entries(R.address).map(([k, v]) => `  ${k}: ${q(v)}`),
    'hours:',
    '  timezone: America/New_York',
    '  weekly:',
    '    mon: closed',
    '    tue-fri: "06:30-13:00, 14:00-18:00"',
    '    sat: "07:00-16:00"',
    '    sun: "08:00-12:00"',
    '  special:',
    `    - {date: ${daysFromNow(3)}, closed: true, note: "Staff training day"}`,
    `    - {date: ${daysFromNow(10)}, hours: "07:00-11:30", note: "Millbrook village parade"}`,
    `    - {from: ${daysFromNow(16)}, to: ${daysFromNow(18)}, closed: true, note: "The big oven is being repaired"}`,
    'response_time: within one working day (we bake from 4am, so we answer in the afternoon)',
    'social:',
    '  - name: Instagram',
    '    url: https://www.instagram.com/millbrookbakery.example/',
    '',
  ]);
  const page = (rel, title, body) => write(rel, ['---', `title: ${q(title)}`, '---', '', ...body, '']);
  page('pages/about.md', 'Our bread, cakes & coffee', [
    'We are a family bakery in the old mill in Millbrook. We bake sourdough, rye and',
    'sandwich loaves every morning, and we roast our own coffee on Thursdays.',
    '',
    'Write to us at <orders.and.questions@millbrook-bakery.us> or call +1 (845) 555-0123.',
  ]);
  page('pages/catering.md', 'Birthday cakes & catering orders', [
    'Birthday cakes need three days\' notice; trays of sandwiches and pastries for an office',
    'or a party need two. Tell us the date, how many people and what they cannot eat.',
  ]);
  page('pages/wholesale.md', 'Wholesale for cafés', [
    'We deliver bread and beans to cafés and shops within 20 miles, six days a week.',
  ]);
  const post = (slug, title, date, tag, body, image) => write(`posts/${slug}.md`, [
    '---', `title: ${q(title)}`, `date: ${date}`, 'tags:', `  - ${tag}`, `author: ${q(R.person)}`,
    ...(image ? [`image: ${image}`, 'image_focus: top'] : []), '---', '',
    ...body, '',
  ]);
  write('posts/a-morning-in-photos/index.md', [
    '---', 'title: "A morning at the bakery, in nine photos"', 'date: 2026-11-20', 'tags:', '  - Bread',
    `author: ${q(R.person)}`, 'image_alt: "Loaves cooling on the rack by the window"', '---', '',
    'We open at half past six, but the day starts at four. This is what happens in between.', '',
    ...gallery, '',
    'Come and see for yourself: the first loaves are out at seven.', '',
  ]);
  post('sourdough-starter', 'Our sourdough starter is thirty-one years old this month', '2026-10-02', 'Bread', [
    'The starter came from Margaret\'s grandmother. We feed it twice a day, and you can have',
    'some for free: bring a clean jar.',
    '',
    '## How to keep it alive',
    '',
    'Feed it flour and water once a day, keep it somewhere warm, and call us on',
    '+1 (845) 555-0123 if it stops rising.',
  ], '/starter.jpg');
  post('holiday-orders', 'Holiday orders: stollen, panettone and the yule log', '2026-11-15', 'Orders', [
    'Holiday orders open today. Write to orders.and.questions@millbrook-bakery.us with the',
    'day you would like to collect, and we will confirm within a working day.',
  ], '/stollen.jpg');
  const testimonial = (slug, fields) => write(`testimonials/${slug}.yaml`, [...fields, '']);
  testimonial('rosa', [
    'author: Rosa Delgado-Fairweather', 'role: Owner', 'company: The Millbrook Village Book & Coffee Shop',
    'quote: |', '  Their rye is the only bread our customers ask for by name. When the delivery van broke',
    '  down, Margaret brought the loaves over in her own car before we opened.',
    'rating: 5', 'date: 2026-09-14', 'photo: dana.svg', 'featured: true',
  ]);
  testimonial('ben', [
    'author: Ben Adeyemi', 'role: Regular since 2019',
    'quote: |', '  Best cinnamon buns in Dutchess County, and they remember how I take my coffee.',
    'rating: 5', 'date: 2026-08-02', 'featured: true',
  ]);
  testimonial('claire', [
    'author: Claire Whitaker-Johansson', 'role: Wedding planner', 'company: Hudson Valley Weddings',
    'quote: |', '  Four wedding cakes this year, every one on time and exactly as drawn.',
    'rating: 5', 'date: 2026-07-20', 'photo: maria.svg', 'featured: true',
  ]);
  testimonial('sam', [
    'author: Sam Lee',
    'quote: |', '  Good bread, friendly people. Come early on Saturdays.',
    'rating: 4', 'date: 2026-06-11', 'featured: false',
  ]);
  return dir;
}

function genPhotos(args) {
  if (!fs.existsSync(GEN_PHOTOS)) {
    throw new Error(`photo generator not found at ${GEN_PHOTOS}: run \`cargo build --release --examples\` in ${REPO}`);
  }
  const r = spawnSync(GEN_PHOTOS, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new Error(`${GEN_PHOTOS} not runnable: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`gen-photos ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
}

function memo(fn) {
  let done = false; let value; let error;
  return () => {
    if (!done) {
      try { value = fn(); } catch (e) { error = e; }
      done = true;
    }
    if (error) throw error;
    return value;
  };
}

const builds = new Map();
/**
 * Build a site (once per process) into a temp dir. Returns { name, src, out, baseUrl }.
 * Throws with frontdesk's stderr when the build fails.
 */
export function buildSite(siteName) {
  if (!builds.has(siteName)) {
    builds.set(siteName, memo(() => {
      const site = SITES[siteName];
      const src = site.source();
      const bin = frontdeskBin();
      const out = path.join(tempDir(`${siteName}-out`), 'public');
      const r = spawnSync(bin, ['build', src, '--out', out], { encoding: 'utf8', timeout: 120_000 });
      if (r.error) throw new Error(`running ${bin} build failed: ${r.error.message}`);
      if (r.status !== 0) {
        throw new Error(`\`frontdesk build ${src} --out ${out}\` exited ${r.status}:\n${r.stderr}${r.stdout}`);
      }
      if (!fs.existsSync(path.join(out, 'index.html'))) throw new Error(`build of ${siteName} wrote no index.html`);
      return { name: siteName, src, out, baseUrl: readBaseUrl(src) };
    }));
  }
  return builds.get(siteName)();
}

/** base_url from SITE/site.yaml, normalised to end with exactly one "/". */
export function readBaseUrl(siteDir) {
  const text = fs.readFileSync(path.join(siteDir, 'site.yaml'), 'utf8');
  const m = text.match(/^base_url:\s*["']?([^"'\s#]+)["']?\s*(?:#.*)?$/m);
  if (!m) throw new Error(`no base_url in ${siteDir}/site.yaml`);
  return m[1].replace(/\/+$/, '') + '/';
}

/** Every file under dir (relative paths with "/"), sorted. */
export function walkFiles(dir) {
  const out = [];
  (function rec(d, rel) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) rec(path.join(d, e.name), r);
      else out.push(r);
    }
  })(dir, '');
  return out.sort();
}

export function htmlFiles(out) {
  return walkFiles(out).filter((f) => f.endsWith('.html'));
}

/** The URL path a generated file answers at: "blog/x/index.html" -> "/blog/x/". */
export function urlPathOf(rel) {
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return `/${rel.slice(0, -'index.html'.length)}`;
  return `/${rel}`;
}

// ---------------------------------------------------------------- page kinds

function firstDir(dir, exclude = []) {
  if (!fs.existsSync(dir)) return null;
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !exclude.includes(e.name)
      && fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name).sort();
}

/** The pages made from a data file: kind, path, and the file of the site folder. */
export const DATA_PAGES = [
  ['menu', '/menu/', 'menu.yaml'],
  ['services', '/services/', 'services.yaml'],
  ['faq', '/faq/', 'faq.yaml'],
  ['team', '/team/', 'team'],
  ['events', '/events/', 'events'],
];

/**
 * The page kinds the browser tests visit for a built site, as
 * [{ kind, path, status }]. A kind the site should have but lacks is
 * returned with `missing` set, so the test reports it instead of skipping.
 */
export function pageKinds(build) {
  const { out } = build;
  const kinds = [];
  const add = (kind, p, extra = {}) => kinds.push({ kind, path: p, status: 200, ...extra });
  const has = (p) => fs.existsSync(path.join(out, p));

  add('home', '/');
  add('blog', '/blog/');
  if (has('blog/page/2/index.html')) add('blog-page-2', '/blog/page/2/');

  // Posts: every post of a small site (to cover each kind of content), else
  // the newest one plus the first holding a code block, a table and an image.
  const posts = firstDir(path.join(out, 'blog'), ['page']) || [];
  if (posts.length === 0) {
    kinds.push({ kind: 'post', path: '/blog/<post>/', missing: 'no post pages under /blog/' });
  } else if (posts.length <= 12) {
    posts.forEach((p, i) => add(i === 0 ? 'post' : `post-${p}`, `/blog/${p}/`));
  } else {
    const newest = newestPost(out, posts);
    add('post', `/blog/${newest}/`);
    for (const [what, re] of [['code', /<pre\b/], ['table', /<table\b/], ['image', /<img\b[^>]*\bsrc="(?!\/favicon)/]]) {
      // only the <main> part counts: the header holds an <img> too
      const hit = posts.find((p) => {
        const html = fs.readFileSync(path.join(out, 'blog', p, 'index.html'), 'utf8');
        const main = html.split(/<main\b/)[1] || '';
        return p !== newest && re.test(main.split('</main>')[0]);
      });
      if (hit) add(`post-with-${what}`, `/blog/${hit}/`);
    }
  }

  const tags = firstDir(path.join(out, 'tags')) || [];
  if (tags.length === 0) kinds.push({ kind: 'tag', path: '/tags/<tag>/', missing: 'no tag pages under /tags/' });
  else add('tag', `/tags/${tags.find((t) => has(`tags/${t}/page/2/index.html`)) || tags[0]}/`);
  add('tags', '/tags/');
  add('page', '/about/');
  add('contact', '/contact/');
  add('testimonials', '/testimonials/');
  add('suggestions', '/suggestions/');
  add('thanks', '/suggestions/thanks/');
  add('you-said-we-did', '/you-said-we-did/');
  // The pages made from a business's data files (issue 26): wherever the site has the
  // file; the example site has every one of them, so none goes unchecked.
  for (const [kind, p, file] of DATA_PAGES) {
    if (build.name === 'example' || fs.existsSync(path.join(build.src, file))) add(kind, p);
  }
  // An event's page: the example site's weekly one (its dates, booking, calendar links).
  if (build.name === 'example' || fs.existsSync(path.join(build.src, 'events'))) {
    const first = (firstDir(path.join(out, 'events')) ?? [])[0];
    add('event', build.name === 'example' ? '/events/saturday-cupping/' : `/events/${first}/`);
  }
  // The 404 page as a host serves it: for a missing URL, nested, status 404.
  add('404', '/no/such/page/', { status: 404 });
  for (const k of kinds) {
    if (k.missing || k.kind === '404') continue;
    const rel = k.path === '/' ? 'index.html' : `${k.path.slice(1)}index.html`;
    if (!has(rel)) k.missing = `${rel} was not generated`;
  }
  if (!has('404.html')) kinds.find((k) => k.kind === '404').missing = '404.html was not generated';
  return kinds;
}

function newestPost(out, posts) {
  const html = fs.readFileSync(path.join(out, 'blog', 'index.html'), 'utf8');
  for (const m of html.matchAll(/href="([^"]*)"/g)) {
    const seg = m[1].match(/\/blog\/([^/]+)\/$/);
    if (seg && posts.includes(seg[1])) return seg[1];
  }
  return posts[0];
}

// ---------------------------------------------------------------- static server

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.xml': 'application/xml',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8', '.vcf': 'text/vcard', '.ics': 'text/calendar', '.pdf': 'application/pdf',
};

/**
 * A tiny static HTTP server over a built folder, on 127.0.0.1 and a free port:
 * "/x/" -> x/index.html, "/x" (a folder) -> 301 "/x/", missing -> 404.html with status 404.
 * `headersFor(urlPath)`, when given, returns more response headers for a path (an object).
 * Returns { url, close() } where url ends with "/".
 */
export async function staticServer(root, { headersFor = () => ({}) } = {}) {
  const server = http.createServer((req, res) => {
    let p;
    try { p = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { p = '/'; }
    const file = path.join(root, p);
    const send = (status, f) => {
      res.writeHead(status, {
        ...headersFor(p),
        'content-type': TYPES[path.extname(f).toLowerCase()] || 'application/octet-stream',
      });
      fs.createReadStream(f).pipe(res);
    };
    if (!file.startsWith(root)) { res.writeHead(400); res.end(); return; }
    let st = null;
    try { st = fs.statSync(file); } catch { /* missing */ }
    if (st && st.isDirectory()) {
      if (!p.endsWith('/')) { res.writeHead(301, { location: `${p}/` }); res.end(); return; }
      const idx = path.join(file, 'index.html');
      if (fs.existsSync(idx)) { send(200, idx); return; }
    } else if (st && st.isFile()) { send(200, file); return; }
    const nf = path.join(root, '404.html');
    if (fs.existsSync(nf)) send(404, nf);
    else { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

// ---------------------------------------------------------------- browser

/**
 * The browser a test file shares, launched when first needed, with what its tests open:
 * when the file's tests end, its pages are closed (newest first), then what `atEnd` was
 * given (servers), then the browser.
 */
export function sharedBrowser(contextOptions = {}) {
  let browser = null;
  const pages = [];
  const rest = [];
  after(async () => {
    for (const page of pages.reverse()) await page.close();
    for (const close of rest) await close();
    if (browser) await browser.close();
  });
  const get = async () => {
    if (!browser) browser = await launchBrowser(contextOptions);
    return browser;
  };
  return {
    /** The shared BrowserContext. */
    get,
    /** A new page of the shared browser. */
    async newPage() {
      const page = await (await get()).newPage();
      pages.push(page);
      return page;
    },
    /** Calls `close` when the file's tests end, after its pages are closed. */
    atEnd(close) {
      rest.push(close);
    },
  };
}

/** Launch Debian's Chromium through playwright-core with a fresh profile. Returns a BrowserContext. */
export async function launchBrowser(contextOptions = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set FRONTDESK_CHROMIUM)`);
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new Error(`playwright-core is not installed: run \`npm ci\` in ${HERE} (${e.message})`);
  }
  const profile = tempDir('profile');
  try {
    return await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      timeout: 60_000,
      ...contextOptions,
    });
  } catch (e) {
    throw new Error(`could not launch ${CHROMIUM}: ${e.message}`);
  }
}

export const AXE_PATH = path.join(NODE_MODULES, 'axe-core', 'axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now (a11y.test.mjs, images.test.mjs). */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const res = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return res.violations;
}

/** One axe violation as readable lines: rule, impact, help, the first nodes and why. */
export function describeAxeViolation(v) {
  const nodes = v.nodes.slice(0, 8).map((n) => {
    const why = (n.failureSummary || '').split('\n').map((s) => s.trim()).filter(Boolean).slice(1, 3).join(' / ');
    return `      - ${n.target.join(' ')}: ${why}\n        ${(n.html || '').slice(0, 160)}`;
  });
  const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more nodes` : '';
  return `    ${v.id} (${v.impact}): ${v.help} [${v.nodes.length} node(s)] ${v.helpUrl}\n${nodes.join('\n')}${more}`;
}

// ---------------------------------------------------------------- Nu HTML Checker

/**
 * Run the Nu HTML Checker (`vnu.jar --errors-only --format json`, one JVM) over files
 * (html.test.mjs, images.test.mjs). Returns
 * { code, errors: [line], tally, summary, filesWithErrors, text } where each error line
 * names the file (relative to `root`, after `label` and a space when given), line, column,
 * message and the offending markup; `tally` counts the errors per message and `summary`
 * lists those counts, most frequent first, one "  N× message" a line; `filesWithErrors`
 * is how many files have an error; `text` is vnu's raw report.
 * Throws when vnu prints no JSON report.
 */
export async function vnuErrors(files, root, { label = '' } = {}) {
  requireJava();
  const args = ['-Xss8m', '-jar', vnuJar(), '--errors-only', '--format', 'json', ...files];
  const { code, out, err } = await new Promise((resolve, reject) => {
    const p = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let o = ''; let e = '';
    p.stdout.on('data', (d) => { o += d; });
    p.stderr.on('data', (d) => { e += d; });
    p.on('error', reject);
    p.on('close', (c) => resolve({ code: c, out: o, err: e }));
  });
  // vnu writes its JSON report to stderr (stdout stays empty).
  const text = err.trim() || out.trim();
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    throw new Error(`vnu.jar (exit ${code}) did not print a JSON report:\n${text.slice(0, 4000)}`);
  }
  const errors = (report.messages || [])
    .filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error');
  const lines = errors.map((m) => {
    const file = m.url ? path.relative(root, decodeURIComponent(m.url.replace(/^file:/, ''))) : '?';
    const at = m.lastLine ? `:${m.firstLine || m.lastLine}:${m.firstColumn || ''}` : '';
    const extract = m.extract ? `\n    ${m.extract.replace(/\s+/g, ' ').slice(0, 160)}` : '';
    return `${label ? `${label} ` : ''}${file}${at}: ${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message}${extract}`;
  });
  // Count per message to make the summary readable when one template bug repeats on every page.
  const tally = {};
  for (const m of errors) tally[m.message] = (tally[m.message] || 0) + 1;
  const summary = Object.entries(tally).sort((a, b) => b[1] - a[1]).map(([m, n]) => `  ${n}× ${m}`).join('\n');
  const filesWithErrors = new Set(errors.map((m) => m.url)).size;
  return { code, errors: lines, tally, summary, filesWithErrors, text };
}

// ---------------------------------------------------------------- polling

/** Poll fn() until it returns a truthy value or the deadline passes; returns the value or null. */
export async function pollUntil(fn, { timeoutMs, intervalMs = 25 }) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() >= end) return null;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// ---------------------------------------------------------------- frontdesk serve

/**
 * Start `frontdesk serve SITE --port 0`; resolves once it prints its URL.
 * Returns { url, proc, output(), stop() }. Fails with the process output
 * when it exits early or says nothing within the deadline.
 */
export async function startServe(siteDir, { timeoutMs = 60_000 } = {}) {
  const bin = frontdeskBin();
  const proc = spawn(bin, ['serve', siteDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = ''; let stderr = '';
  proc.stdout.setEncoding('utf8'); proc.stderr.setEncoding('utf8');
  proc.stdout.on('data', (d) => { stdout += d; });
  proc.stderr.on('data', (d) => { stderr += d; });
  const output = () => `--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`;
  let exited = null;
  const killOnExit = () => { if (!exited) proc.kill('SIGKILL'); };
  process.on('exit', killOnExit);
  proc.on('exit', (code, signal) => { exited = { code, signal }; process.off('exit', killOnExit); });
  const stop = async () => {
    if (exited) return;
    proc.kill('SIGINT');
    const gone = await pollUntil(() => exited, { timeoutMs: 5000 });
    if (!gone) { proc.kill('SIGKILL'); await pollUntil(() => exited, { timeoutMs: 5000 }); }
  };
  const url = await pollUntil(() => {
    if (exited) return 'exited';
    const m = stdout.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
    return m ? m[0] : null;
  }, { timeoutMs, intervalMs: 20 });
  if (!url || url === 'exited') {
    await stop();
    throw new Error(url === 'exited'
      ? `\`frontdesk serve ${siteDir} --port 0\` exited (${JSON.stringify(exited)}) before printing its URL:\n${output()}`
      : `\`frontdesk serve ${siteDir} --port 0\` printed no http://127.0.0.1:PORT/ line within ${timeoutMs} ms:\n${output()}`);
  }
  return { url, proc, output, stop };
}

/** A temp copy of a site under `frontdesk serve`, with a browser page open on nothing yet. */
export async function servePreview(siteName) {
  const dir = copySite(siteName);
  const server = await startServe(dir);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  return { dir, server, browser, page };
}

/** Copy a site folder to a fresh temp dir (serve tests edit files). */
export function copySite(siteName) {
  const src = SITES[siteName].source();
  const dst = path.join(tempDir(`${siteName}-copy`), 'site');
  fs.cpSync(src, dst, {
    recursive: true,
    filter: (s) => !/[/\\](public|\.frontdesk)$/.test(s),
  });
  return dst;
}

export function shortList(items, max = 60) {
  if (items.length <= max) return items.join('\n');
  return `${items.slice(0, max).join('\n')}\n… and ${items.length - max} more`;
}

// ---------------------------------------------------------------- srcset

/** The candidates of a srcset: [{ url, descriptor }] (HTML's parsing rules, simplified). */
export function srcsetCandidates(v) {
  const out = [];
  let i = 0;
  while (i < v.length) {
    while (i < v.length && /[\s,]/.test(v[i])) i += 1;
    let j = i;
    while (j < v.length && !/\s/.test(v[j])) j += 1;
    let url = v.slice(i, j);
    const trailing = /,+$/.exec(url);
    if (trailing) url = url.slice(0, -trailing[0].length);
    i = j;
    let descriptor = '';
    if (!trailing) {
      let k = i;
      while (k < v.length && v[k] !== ',') k += 1;
      descriptor = v.slice(i, k).trim();
      i = k;
    }
    if (url) out.push({ url, descriptor });
  }
  return out;
}
