//! Themes: the built-in `default` (embedded in the binary), `SITE/themes/NAME/`, and
//! per-template overrides in `SITE/templates/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::embedded::BUILTIN;
use crate::error::{Diagnostic, Diagnostics};
use crate::i18n::{Language, strings};
use crate::walk;

/// Where a theme file comes from.
#[derive(Debug, Clone)]
pub enum ThemeFile {
    /// Embedded in the binary.
    Builtin(&'static [u8]),
    /// On disk.
    Disk(PathBuf),
}

/// A loaded theme: parsed templates and the static files to publish.
pub struct Theme {
    /// The template engine with every template parsed.
    pub tera: tera::Tera,
    /// Static files: site path -> file.
    pub statics: Vec<(String, ThemeFile)>,
    /// Template name -> file path shown in errors.
    sources: HashMap<String, PathBuf>,
    /// Each template's text by the path shown in errors (to say where a theme link is).
    pub texts: Vec<(PathBuf, String)>,
    /// Hash of every template's name and text, every static file's path and the
    /// strings: a page's output depends on the theme through this value.
    pub fingerprint: u64,
    /// The site's language: its strings (the theme's, the site's `i18n/` over them) and
    /// how it writes dates and times.
    pub lang: Arc<Language>,
    /// Problems that do not stop the build (texts with no translation).
    pub warnings: Vec<Diagnostic>,
}

impl Theme {
    /// Turns a Tera error into a located diagnostic.
    pub fn diagnose(&self, err: &tera::Error, fallback: &Path) -> Diagnostic {
        diagnose(&self.sources, &self.texts, err, fallback)
    }

    /// A render error of `template`: at the place Tera names, else at the template itself
    /// (never at the content being rendered, so a broken template is reported once, not
    /// once for every page it renders).
    pub fn diagnose_in(&self, err: &tera::Error, template: &str) -> Diagnostic {
        let file = self
            .sources
            .get(template)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(template));
        diagnose(&self.sources, &self.texts, err, &file)
    }
}

/// Folders that hold a theme's files, for the watcher.
pub fn theme_dirs(site_dir: &Path, name: &str) -> Vec<PathBuf> {
    let mut dirs = vec![
        site_dir.join(crate::layout::TEMPLATES),
        site_dir.join(strings::DIR),
    ];
    if name != "default" || site_dir.join("themes/default").is_dir() {
        dirs.push(site_dir.join(crate::layout::THEMES).join(name));
    }
    dirs
}

/// Loads theme `name` for the site in `site_dir`, written in the language `language`.
pub fn load(site_dir: &Path, name: &str, language: &str) -> Result<Theme, Diagnostics> {
    let mut templates: Vec<(String, String, PathBuf)> = Vec::new();
    let mut statics: Vec<(String, ThemeFile)> = Vec::new();
    let mut errors = Vec::new();
    let theme_dir = site_dir.join(crate::layout::THEMES).join(name);
    if theme_dir.is_dir() {
        let rel_root = PathBuf::from(crate::layout::THEMES).join(name);
        let listing = walk::list(site_dir, &rel_root.to_string_lossy());
        // A template linked from outside is an error; a static file so linked is skipped,
        // as in the site's static/.
        errors.extend(listing.outside.into_iter().filter(|d| {
            d.path == rel_root || d.path.starts_with(rel_root.join(crate::layout::TEMPLATES))
        }));
        for rel in listing.files {
            let inner = rel
                .strip_prefix(&rel_root)
                .expect("below theme")
                .to_path_buf();
            classify_disk(
                site_dir,
                &rel,
                &inner,
                &mut templates,
                &mut statics,
                &mut errors,
            );
        }
    } else if name == "default" {
        for (rel, bytes) in crate::embedded::DEFAULT_THEME {
            let shown = Path::new(BUILTIN).join(rel);
            if let Some(tpl) = rel.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(bytes).into_owned();
                templates.push((tpl.to_string(), text, shown));
            } else if let Some(st) = rel.strip_prefix("static/") {
                statics.push((st.to_string(), ThemeFile::Builtin(bytes)));
            }
        }
    } else {
        return Err(Diagnostic::file(crate::layout::SITE_FILE, format!("theme {name:?} not found: expected a folder themes/{name}/ (or use the built-in `default`)")).into());
    }
    let listing = walk::list(site_dir, crate::layout::TEMPLATES);
    errors.extend(listing.outside);
    for rel in listing.files {
        let inner = rel
            .strip_prefix(crate::layout::TEMPLATES)
            .expect("below templates");
        let name = crate::walk::slash_path(inner);
        match walk::read_text(site_dir, &rel) {
            Ok(text) => {
                templates.retain(|(n, _, _)| *n != name);
                templates.push((name, text, rel.clone()));
            }
            Err(e) => errors.push(e),
        }
    }
    foreign_resources(site_dir, &templates, &statics, &mut errors);
    let lang = language_of(site_dir, name, language, &mut errors);
    let (Some((lang, warnings)), true) = (lang, errors.is_empty()) else {
        return Err(errors.into());
    };
    let sources: HashMap<String, PathBuf> = templates
        .iter()
        .map(|(n, _, p)| (n.clone(), p.clone()))
        .collect();
    let fingerprint = crate::hash::of(&(
        templates.iter().map(|(n, t, _)| (n, t)).collect::<Vec<_>>(),
        statics.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        &*lang,
    ));
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    crate::render::filters::register(&mut tera, &lang);
    let added = tera.add_raw_templates(templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())));
    let texts: Vec<(PathBuf, String)> = templates.into_iter().map(|(_, t, p)| (p, t)).collect();
    added.map_err(|e| {
        Diagnostics::from(diagnose(
            &sources,
            &texts,
            &e,
            Path::new(crate::layout::TEMPLATES),
        ))
    })?;
    Ok(Theme {
        tera,
        statics,
        sources,
        texts,
        fingerprint,
        lang,
        warnings,
    })
}

/// The language `tag` with the strings of the built-in theme, of the theme `name` when
/// it is the site's own, and of the site's `i18n/`, or None with the errors in `errors`.
fn language_of(
    site_dir: &Path,
    name: &str,
    tag: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<(Arc<Language>, Vec<Diagnostic>)> {
    let mut layers = strings::Layers::default();
    layers.layers.push(strings::builtin());
    let theme_dir = Path::new(crate::layout::THEMES)
        .join(name)
        .join(strings::DIR);
    let mut unused = Vec::new();
    for (rel, own) in [
        (theme_dir.as_path(), false),
        (Path::new(strings::DIR), true),
    ] {
        if site_dir.join(rel).is_dir() {
            let (files, found) = strings::read_dir(site_dir, rel, own);
            errors.extend(found);
            let chain = strings::chain(tag);
            unused.extend((files.iter())
                .filter(|f| own && f.lang != strings::REFERENCE && !chain.contains(&f.lang))
                .map(|f| Diagnostic::file(&f.shown, format!("not used: the site's language is {tag} (`language` in site.yaml); this file changes the words of {} pages", f.lang))));
            layers.layers.push(files);
        }
    }
    let loaded = match strings::load(tag, &layers) {
        Ok(l) => l,
        Err(e) => {
            errors.extend(e);
            return None;
        }
    };
    match Language::new(tag, loaded.strings) {
        Ok(lang) => Some((Arc::new(lang), [loaded.warnings, unused].concat())),
        Err(why) => {
            errors.push(Diagnostic::file(crate::layout::SITE_FILE, why));
            None
        }
    }
}

/// Templates and stylesheets (the theme's and the site's) that load from other hosts.
fn foreign_resources(
    site_dir: &Path,
    templates: &[(String, String, PathBuf)],
    statics: &[(String, ThemeFile)],
    errors: &mut Vec<Diagnostic>,
) {
    use crate::render::foreign;
    let mut report = |shown: &Path, text: &str, found: Vec<(usize, String)>| {
        for (at, url) in found {
            let (line, col) = crate::text::line_col(text, at);
            errors.push(Diagnostic::at(shown, line, col, foreign::message(&url)));
        }
    };
    for (_, text, shown) in templates {
        report(shown, text, foreign::in_html(text));
    }
    for (path, file) in statics {
        if !path.ends_with(".css") {
            continue;
        }
        let (text, shown) = match file {
            ThemeFile::Builtin(b) => (
                String::from_utf8_lossy(b).into_owned(),
                Path::new(BUILTIN).join(crate::layout::STATIC).join(path),
            ),
            ThemeFile::Disk(p) => (
                std::fs::read_to_string(p).unwrap_or_default(),
                p.strip_prefix(site_dir).unwrap_or(p).to_path_buf(),
            ),
        };
        report(&shown, &text, foreign::in_css(&text));
    }
    for rel in walk::files(site_dir, crate::layout::STATIC) {
        if rel.extension().is_some_and(|e| e == "css")
            && let Ok(text) = std::fs::read_to_string(site_dir.join(&rel))
        {
            report(&rel, &text, foreign::in_css(&text));
        }
    }
}

fn classify_disk(
    site_dir: &Path,
    rel: &Path,
    inner: &Path,
    templates: &mut Vec<(String, String, PathBuf)>,
    statics: &mut Vec<(String, ThemeFile)>,
    errors: &mut Vec<Diagnostic>,
) {
    if let Ok(tpl) = inner.strip_prefix(crate::layout::TEMPLATES) {
        match walk::read_text(site_dir, rel) {
            Ok(text) => templates.push((crate::walk::slash_path(tpl), text, rel.to_path_buf())),
            Err(e) => errors.push(e),
        }
    } else if let Ok(st) = inner.strip_prefix(crate::layout::STATIC) {
        statics.push((
            crate::walk::slash_path(st),
            ThemeFile::Disk(site_dir.join(rel)),
        ));
    }
}

/// A Tera error at its place: the file and line Tera names; for endless recursion, which
/// Tera names without a line (or not at all), the tag that recurses; else `fallback`.
fn diagnose(
    sources: &HashMap<String, PathBuf>,
    texts: &[(PathBuf, String)],
    err: &tera::Error,
    fallback: &Path,
) -> Diagnostic {
    use std::error::Error as _;
    if let Some(d) = recursion(sources, texts, err) {
        return d;
    }
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    match report {
        Some(r) => {
            let path = sources
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let span = r.span();
            Diagnostic::at(
                path,
                span.start_line as u32,
                span.start_col as u32 + 1,
                r.message().to_string(),
            )
        }
        None => {
            let mut msg = err.to_string();
            let mut cause = err.source();
            while let Some(c) = cause {
                msg.push_str(": ");
                msg.push_str(&c.to_string());
                cause = c.source();
            }
            Diagnostic::file(fallback, msg)
        }
    }
}

/// An include or extends cycle, or endless component recursion, at the tag that recurses.
fn recursion(
    sources: &HashMap<String, PathBuf>,
    texts: &[(PathBuf, String)],
    err: &tera::Error,
) -> Option<Diagnostic> {
    use super::recursion::{TOO_DEEP, Template, endless_component, tag_cycle};
    let mut templates: Vec<Template> = sources
        .iter()
        .filter_map(|(name, shown)| {
            let (_, text) = texts.iter().find(|(p, _)| p == shown)?;
            Some(Template { name, shown, text })
        })
        .collect();
    templates.sort_by_key(|t| t.shown);
    match err.kind() {
        tera::ErrorKind::CircularInclude { include_chain, .. } => {
            tag_cycle(&templates, "include", include_chain)
        }
        tera::ErrorKind::CircularExtend {
            inheritance_chain, ..
        } => tag_cycle(&templates, "extends", inheritance_chain),
        _ if err.to_string().starts_with(TOO_DEEP) => endless_component(&templates),
        _ => None,
    }
}
