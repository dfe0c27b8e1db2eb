//! The theme's words: `i18n/LANG.yaml` files of the built-in theme, of a theme of the
//! site's own and of the site itself, merged into one table per language.
//!
//! A file maps keys to a text, or to a text per plural form (`one`, `other`, and `zero`,
//! `two`, `few`, `many` where the language has them); `{name}` in a text is filled in by
//! the template or the code that shows it. The keys are those of the theme's `en.yaml`;
//! a key or a `{name}` that the English file does not have is an error at its place,
//! with the key meant when it is a typo.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use icu_plurals::PluralCategory;
use indexmap::IndexMap;
use serde::Deserialize;

use crate::error::Diagnostic;

/// The folder of translation files, in a theme and in a site.
pub const DIR: &str = crate::layout::I18N;

/// The plural forms a text may have, as CLDR names them.
pub const FORMS: [(&str, PluralCategory); 6] = [
    ("zero", PluralCategory::Zero),
    ("one", PluralCategory::One),
    ("two", PluralCategory::Two),
    ("few", PluralCategory::Few),
    ("many", PluralCategory::Many),
    ("other", PluralCategory::Other),
];

/// One string: a text, or a text per plural form (`other` always among them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Message {
    /// The same for every count.
    Text(String),
    /// By plural form.
    Plural(Vec<(PluralCategory, String)>),
}

impl Message {
    /// The text for the plural form `form` (the `other` text when the message has no
    /// such form or is not plural), with every `{name}` replaced by `arg(name)`; a name
    /// without a value stays as written.
    pub fn fill<'v>(
        &self,
        form: Option<PluralCategory>,
        arg: impl Fn(&str) -> Option<&'v str>,
    ) -> String {
        let text = match self {
            Message::Text(t) => t.as_str(),
            Message::Plural(forms) => {
                let pick = |c: PluralCategory| forms.iter().find(|(f, _)| *f == c);
                form.and_then(pick)
                    .or_else(|| pick(PluralCategory::Other))
                    .map_or("", |(_, t)| t.as_str())
            }
        };
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) if is_name(&after[..close]) => {
                    let name = &after[..close];
                    match arg(name) {
                        Some(v) => out.push_str(v),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Every text of the message.
    fn texts(&self) -> impl Iterator<Item = &str> {
        let (one, many): (Option<&str>, &[(PluralCategory, String)]) = match self {
            Message::Text(t) => (Some(t), &[]),
            Message::Plural(f) => (None, f),
        };
        one.into_iter().chain(many.iter().map(|(_, t)| t.as_str()))
    }

    /// The `{name}`s the message uses.
    pub fn names(&self) -> BTreeSet<&str> {
        self.texts().flat_map(names_in).collect()
    }

    /// The plural forms the message has (none for a text).
    pub fn forms(&self) -> Vec<PluralCategory> {
        match self {
            Message::Text(_) => Vec::new(),
            Message::Plural(f) => f.iter().map(|(c, _)| *c).collect(),
        }
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The `{name}`s of `text`.
fn names_in(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|s| {
        let name = &s[..s.find('}')?];
        is_name(name).then_some(name)
    })
}

/// The strings of one language, every layer merged.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    map: HashMap<String, Message>,
    /// Hash of every file read, in order: what the pages depend on.
    fingerprint: u64,
}

impl std::hash::Hash for Strings {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.fingerprint.hash(h);
    }
}

impl Strings {
    /// The string `key`.
    pub fn get(&self, key: &str) -> Option<&Message> {
        self.map.get(key)
    }

    /// Every key.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

/// A translation file as read: its language (the file's name), where it is shown in
/// errors, and its text.
#[derive(Debug, Clone)]
pub struct File {
    /// `fr`, `en-GB`: the name of the file without `.yaml`.
    pub lang: String,
    /// The path shown in errors (`themes/default/i18n/fr.yaml`, `i18n/fr.yaml`).
    pub shown: PathBuf,
    /// The file's text.
    pub text: String,
    /// The site's own file (`SITE/i18n/`): it may change the theme's texts, never add one.
    pub own: bool,
}

/// Where the files come from, lowest priority first: the built-in theme, a theme of the
/// site's own, the site's `i18n/`.
#[derive(Debug, Clone, Default)]
pub struct Layers {
    /// Each layer's files.
    pub layers: Vec<Vec<File>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Raw {
    Text(String),
    Plural(IndexMap<String, String>),
}

/// A parsed file: key -> message, in the file's order.
type Parsed = IndexMap<String, Message>;

/// Parses one file (no checks of its keys against the English ones yet).
fn parse(file: &File) -> Result<Parsed, Vec<Diagnostic>> {
    if file.text.trim().is_empty() {
        return Ok(Parsed::new());
    }
    let raw: IndexMap<String, Raw> =
        crate::yaml::parse(&file.text, &file.shown, 0).map_err(|d| vec![d])?;
    let positions = crate::yaml::Positions::of(&file.text);
    let mut errors = Vec::new();
    let mut out = Parsed::new();
    for (key, raw) in raw {
        let message = match raw {
            Raw::Text(t) => Message::Text(t),
            Raw::Plural(forms) => {
                let mut list = Vec::new();
                for (form, text) in forms {
                    match FORMS.iter().find(|(n, _)| *n == form) {
                        Some((_, c)) => list.push((*c, text)),
                        None => {
                            let (line, col) = positions.key_at(&[&key], &form);
                            let names = FORMS.iter().map(|(n, _)| *n);
                            let hint = crate::text::closest(&form, names)
                                .map(|c| format!("did you mean `{c}`? "))
                                .unwrap_or_default();
                            errors.push(Diagnostic::at(&file.shown, line, col, format!("`{form}` is not a plural form: {hint}a text by count has the forms zero, one, two, few, many and other (the ones the language uses)")));
                        }
                    }
                }
                if !list.iter().any(|(c, _)| *c == PluralCategory::Other) {
                    let (line, col) = positions.key_at(&[], &key);
                    errors.push(Diagnostic::at(&file.shown, line, col, format!("`{key}` has no `other` form: every text by count needs one, the form for any count the other forms do not take")));
                }
                Message::Plural(list)
            }
        };
        out.insert(key, message);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The language tags a file for `tag` may come from, most specific first: `pt-BR`, `pt`.
pub fn chain(tag: &str) -> Vec<String> {
    let mut out = vec![tag.to_string()];
    let mut rest = tag;
    while let Some((head, _)) = rest.rsplit_once('-') {
        out.push(head.to_string());
        rest = head;
    }
    out
}

/// The English of every layer (`en.yaml`), merged: the keys a file may have, and the
/// fallback of a language no file covers.
pub const REFERENCE: &str = "en";

/// What loading the strings of a language gives: the strings, and a warning when some
/// have no translation and show in English.
pub struct Loaded {
    /// The merged strings.
    pub strings: Strings,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// Checks every file of `layers` (all of them, used or not) and merges the strings of
/// `tag`: English first, then each tag of [`chain`] from least to most specific, each
/// layer over the one below it.
pub fn load(tag: &str, layers: &Layers) -> Result<Loaded, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut parsed: Vec<Vec<(&File, Parsed)>> = Vec::new();
    for layer in &layers.layers {
        let mut files = Vec::new();
        for file in layer {
            match parse(file) {
                Ok(p) => files.push((file, p)),
                Err(e) => errors.extend(e),
            }
        }
        parsed.push(files);
    }
    // The keys: the English of every theme layer (a site's own en.yaml is checked
    // against them like any other translation).
    let mut english: HashMap<&str, &Message> = HashMap::new();
    for layer in &parsed {
        for (file, p) in layer {
            if file.lang == REFERENCE && !file.own {
                for (k, m) in p {
                    english.insert(k, m);
                }
            }
        }
    }
    for layer in &parsed {
        for (file, p) in layer {
            if file.lang == REFERENCE && !file.own {
                continue;
            }
            check(file, p, &english, &mut errors);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut map: HashMap<String, Message> = HashMap::new();
    let mut fingerprint = xxhash_rust::xxh3::Xxh3::new();
    let mut merge = |lang: &str, map: &mut HashMap<String, Message>| {
        for layer in &parsed {
            for (file, p) in layer.iter().filter(|(f, _)| f.lang == lang) {
                fingerprint.update(file.lang.as_bytes());
                fingerprint.update(file.text.as_bytes());
                for (k, m) in p {
                    map.insert(k.clone(), m.clone());
                }
            }
        }
    };
    merge(REFERENCE, &mut map);
    let english_only: BTreeSet<String> = map.keys().cloned().collect();
    let mut translated: BTreeSet<String> = BTreeSet::new();
    let tags = chain(tag);
    for t in tags.iter().rev() {
        let mut mine = HashMap::new();
        merge(t, &mut mine);
        translated.extend(mine.keys().cloned());
        map.extend(mine);
    }
    let mut warnings = Vec::new();
    let base = tags.last().map_or(tag, String::as_str);
    if base != REFERENCE {
        let missing: Vec<&String> = english_only.difference(&translated).collect();
        if !missing.is_empty() {
            let some: Vec<&str> = missing.iter().take(5).map(|s| s.as_str()).collect();
            warnings.push(Diagnostic::file(
                crate::layout::SITE_FILE,
                format!(
                    "language {tag:?}: {} of the theme's {} texts have no translation and show in English ({}{}); write them in {DIR}/{base}.yaml, with the keys of the theme's {DIR}/en.yaml",
                    missing.len(),
                    english_only.len(),
                    some.join(", "),
                    if missing.len() > some.len() { ", ..." } else { "" },
                ),
            ));
        }
    }
    Ok(Loaded {
        strings: Strings {
            map,
            fingerprint: fingerprint.digest(),
        },
        warnings,
    })
}

/// A translation's keys and `{name}`s against the English.
fn check(
    file: &File,
    parsed: &Parsed,
    english: &HashMap<&str, &Message>,
    errors: &mut Vec<Diagnostic>,
) {
    let positions = crate::yaml::Positions::of(&file.text);
    let needed = plural_forms(&file.lang);
    for (key, message) in parsed {
        let at = |message: String| {
            let (line, col) = positions.key_at(&[], key);
            Diagnostic::at(&file.shown, line, col, message)
        };
        let Some(reference) = english.get(key.as_str()) else {
            let hint = crate::text::closest(key, english.keys().copied())
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            errors.push(at(format!(
                "`{key}` is not a text of the theme: {hint}the keys are those of the theme's {DIR}/en.yaml"
            )));
            continue;
        };
        check_forms(file, key, message, &needed, &positions, errors);
        let mut allowed = reference.names();
        if matches!(reference, Message::Plural(_)) {
            allowed.insert("n");
        }
        for name in message.names() {
            if !allowed.contains(name) {
                let list: Vec<String> = allowed.iter().map(|n| format!("{{{n}}}")).collect();
                let can = if list.is_empty() {
                    "it takes no values".to_string()
                } else {
                    format!("it can use {}", list.join(", "))
                };
                errors.push(at(format!(
                    "`{key}` uses {{{name}}}, which this text does not have: {can}"
                )));
            }
        }
    }
}

/// The plural forms (CLDR's cardinal categories) language `lang` uses, in the order of
/// [`FORMS`]: `one`, `other` for English; `one`, `few`, `many`, `other` for Polish.
pub fn plural_forms(lang: &str) -> Vec<PluralCategory> {
    let rules = lang
        .parse::<icu_locale_core::Locale>()
        .ok()
        .and_then(|l| icu_plurals::PluralRules::try_new_cardinal((&l).into()).ok());
    let used: Vec<PluralCategory> = rules.map_or_else(Vec::new, |r| r.categories().collect());
    FORMS
        .iter()
        .map(|(_, c)| *c)
        .filter(|c| used.contains(c) || *c == PluralCategory::Other)
        .collect()
}

/// The name of a plural form.
fn form_name(c: PluralCategory) -> &'static str {
    FORMS
        .iter()
        .find(|(_, f)| *f == c)
        .map_or("other", |(n, _)| n)
}

/// A text by count gives exactly the plural forms its language uses (`needed`): a form
/// missing is an error at the key naming every one to add; a form the language does not
/// use is an error at that form.
fn check_forms(
    file: &File,
    key: &str,
    message: &Message,
    needed: &[PluralCategory],
    positions: &crate::yaml::Positions,
    errors: &mut Vec<Diagnostic>,
) {
    let Message::Plural(forms) = message else {
        return;
    };
    let names = |cs: &mut dyn Iterator<Item = PluralCategory>| -> Vec<&'static str> {
        cs.map(form_name).collect()
    };
    let uses = names(&mut needed.iter().copied()).join(", ");
    let lang = &file.lang;
    let missing = names(
        &mut needed
            .iter()
            .copied()
            .filter(|c| forms.iter().all(|(f, _)| f != c)),
    );
    if !missing.is_empty() {
        let (line, col) = positions.key_at(&[], key);
        let add: Vec<String> = missing.iter().map(|m| format!("`{m}: ...`")).collect();
        errors.push(Diagnostic::at(
            &file.shown,
            line,
            col,
            format!(
                "`{key}` lacks the plural form{} {} that {lang} uses (its forms are {uses}, by CLDR's rules): add {}",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                add.join(" and ")
            ),
        ));
    }
    for (form, _) in forms.iter().filter(|(f, _)| !needed.contains(f)) {
        let name = form_name(*form);
        let (line, col) = positions.key_at(&[key], name);
        errors.push(Diagnostic::at(
            &file.shown,
            line,
            col,
            format!(
                "`{name}` is not a plural form of {lang}: its texts by count have the forms {uses} (CLDR's rules); remove `{name}`, or move its text to the form meant"
            ),
        ));
    }
}

/// The files of a folder `i18n/` below `root` (`SITE/`, `SITE/themes/NAME/`), shown
/// relative to `site_dir`; anything but `LANG.yaml` there is an error.
pub fn read_dir(site_dir: &Path, rel: &Path, own: bool) -> (Vec<File>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let listing = crate::walk::list(site_dir, &rel.to_string_lossy());
    errors.extend(listing.outside);
    for path in listing.files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let lang = name.as_deref().and_then(|n| n.strip_suffix(".yaml"));
        let canonical = lang.and_then(|l| l.parse::<icu_locale_core::Locale>().ok());
        match (lang, canonical) {
            (Some(lang), Some(c)) if path.parent() == Some(rel) && c.to_string() != lang => {
                errors.push(Diagnostic::file(
                    &path,
                    format!("a language's file is named by its tag as written: rename it {c}.yaml"),
                ));
            }
            (Some(lang), Some(_)) if path.parent() == Some(rel) => {
                match crate::walk::read_text(site_dir, &path) {
                    Ok(text) => files.push(File {
                        lang: lang.to_string(),
                        shown: path.clone(),
                        text,
                        own,
                    }),
                    Err(e) => errors.push(e),
                }
            }
            _ => errors.push(Diagnostic::file(
                &path,
                format!("{DIR}/ holds one file per language, named by its tag: fr.yaml, en-GB.yaml, pt-BR.yaml; rename or move this file"),
            )),
        }
    }
    (files, errors)
}

/// The built-in theme's files.
pub fn builtin() -> Vec<File> {
    let prefix = format!("{DIR}/");
    crate::embedded::DEFAULT_THEME
        .iter()
        .filter_map(|(rel, bytes)| {
            let lang = rel.strip_prefix(&prefix)?.strip_suffix(".yaml")?;
            Some(File {
                lang: lang.to_string(),
                shown: Path::new(crate::embedded::BUILTIN).join(rel),
                text: String::from_utf8_lossy(bytes).into_owned(),
                own: false,
            })
        })
        .collect()
}
