//! Where a template recurses without end. Tera names an include (or extends) cycle but not
//! its line, and stops endless component recursion without saying where; both are found
//! here in the templates' text, so the problem is reported once, at the line that recurses.

use std::path::Path;

use crate::error::Diagnostic;
use crate::text::line_col;

/// The start of Tera's message when components nest too deep.
pub const TOO_DEEP: &str = "Maximum render recursion depth for components exceeded";

/// One template: its name for Tera, the file shown in errors, and its text.
pub struct Template<'a> {
    /// The name `{% include %}` and `{% extends %}` use.
    pub name: &'a str,
    /// The file shown in errors.
    pub shown: &'a Path,
    /// The text.
    pub text: &'a str,
}

/// The `{% include %}` (or `{% extends %}`, by `word`) that closes `chain`, the cycle Tera
/// found (`["base.html", "footer.html", "footer.html"]`): in the template before the last,
/// the tag naming the last.
pub fn tag_cycle(templates: &[Template], word: &str, chain: &[String]) -> Option<Diagnostic> {
    let [.., from, to] = chain else {
        return None;
    };
    let t = templates.iter().find(|t| t.name == from.as_str())?;
    let (at, _) = tags(t.text).find(|(_, tag)| {
        tag.strip_prefix(word)
            .map(str::trim_start)
            .and_then(|rest| quoted(rest))
            .is_some_and(|name| name == to.as_str())
    })?;
    let (line, col) = line_col(t.text, at);
    let start = chain.iter().position(|n| n == to).unwrap_or(0);
    let message = if from == to {
        format!(
            "`{{% {word} \"{to}\" %}}`: this template {word}s itself, so the page would never end: remove this {word}"
        )
    } else {
        format!(
            "`{{% {word} \"{to}\" %}}` goes round in a circle ({}), so the page would never end: remove one of them",
            chain[start..].join(" -> ")
        )
    };
    Some(Diagnostic::at(t.shown, line, col, message))
}

/// A component that calls itself, directly or through others, at the call that starts the
/// circle: the site's own templates first (where the author wrote it), then the theme's.
pub fn endless_component(templates: &[Template]) -> Option<Diagnostic> {
    let defs: Vec<Def> = templates.iter().flat_map(definitions).collect();
    let reaches = |from: &str, goal: &str| {
        let mut seen: Vec<&str> = Vec::new();
        let mut todo = vec![from];
        while let Some(name) = todo.pop() {
            if name == goal {
                return true;
            }
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            for d in defs.iter().filter(|d| d.name == name) {
                todo.extend(d.calls.iter().map(|(callee, _)| *callee));
            }
        }
        false
    };
    let mut ordered: Vec<&Def> = defs.iter().collect();
    ordered.sort_by_key(|d| d.template.shown.starts_with(crate::embedded::BUILTIN));
    ordered.into_iter().find_map(|d| {
        let (callee, at) = d.calls.iter().find(|(c, _)| reaches(c, d.name))?;
        let (line, col) = line_col(d.template.text, *at);
        let how = if *callee == d.name {
            "calls itself here".to_string()
        } else {
            format!("calls `{callee}` here, which calls `{}` again", d.name)
        };
        Some(Diagnostic::at(
            d.template.shown,
            line,
            col,
            format!(
                "the component `{}` {how}, an endless recursion (Tera stops after 20 nested calls): put this call under a condition that turns false (e.g. `{{% if n < 3 %}}`) or remove it",
                d.name
            ),
        ))
    })
}

/// A component definition and the components its body calls (with their byte offsets).
struct Def<'a> {
    template: &'a Template<'a>,
    name: &'a str,
    calls: Vec<(&'a str, usize)>,
}

/// The components `t` defines (`{% component NAME(ARGS) %}BODY{% endcomponent %}`).
fn definitions<'a>(t: &'a Template<'a>) -> Vec<Def<'a>> {
    let mut out = Vec::new();
    let mut open: Option<(&str, usize)> = None;
    for (at, tag) in tags(t.text) {
        if let Some(rest) = tag.strip_prefix("component ") {
            let name = rest.split(['(', ' ']).next().unwrap_or("").trim();
            let body = at + t.text[at..].find("%}").map_or(0, |e| e + 2);
            open = Some((name, body));
        } else if tag.starts_with("endcomponent")
            && let Some((name, body)) = open.take()
        {
            out.push(Def {
                template: t,
                name,
                calls: calls(&t.text[body..at])
                    .into_iter()
                    .map(|(callee, off)| (callee, body + off))
                    .collect(),
            });
        }
    }
    out
}

/// Component calls in `text`: `{{ <name ... /> }}` and `{% <name ...> %}`, with the byte
/// offset of each `<`.
fn calls(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('{') {
        let Some(open) = text[i + 1..]
            .chars()
            .next()
            .filter(|c| *c == '{' || *c == '%')
        else {
            continue;
        };
        let after = &text[i + 1 + open.len_utf8()..];
        let trimmed = after.trim_start_matches(['-', '+']).trim_start();
        let Some(name) = trimmed.strip_prefix('<') else {
            continue;
        };
        let len = name
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(name.len());
        if len > 0 {
            let at = text.len() - trimmed.len();
            out.push((&name[..len], at));
        }
    }
    out
}

/// Every `{% ... %}` tag of `text`: the byte offset of its `{%` and its words, trimmed.
fn tags(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.match_indices("{%").filter_map(move |(at, _)| {
        let inner = &text[at + 2..];
        let end = inner.find("%}")?;
        let tag = inner[..end]
            .trim_start_matches(['-', '+'])
            .trim_end_matches(['-', '+'])
            .trim();
        Some((at, tag))
    })
}

/// The text between the quotes `s` starts with.
fn quoted(s: &str) -> Option<&str> {
    let q = s.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let rest = &s[1..];
    Some(&rest[..rest.find(q)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t<'a>(name: &'a str, shown: &'a Path, text: &'a str) -> Template<'a> {
        Template { name, shown, text }
    }

    #[test]
    fn a_component_calling_itself_is_found_at_the_call() {
        let shown = Path::new("templates/partials/footer.html");
        let text = "<footer>\n{% component looping(n) %}{{ <looping n={n} /> }}{% endcomponent %}\n{{ <looping n={1} /> }}\n";
        let d = endless_component(&[t("partials/footer.html", shown, text)]).unwrap();
        assert_eq!((d.line, d.column), (Some(2), Some(30)), "{d}");
        assert!(d.message.contains("`looping` calls itself"), "{d}");
    }

    #[test]
    fn a_circle_of_two_components_is_found_and_a_plain_call_is_not() {
        let shown = Path::new("templates/x.html");
        let text = "{% component a() %}\n{{ <b /> }}{% endcomponent a %}\n{%- component b() -%}{% <a> %}x{% </a> %}{% endcomponent %}";
        let d = endless_component(&[t("x.html", shown, text)]).unwrap();
        assert_eq!((d.line, d.column), (Some(2), Some(4)), "{d}");
        assert!(
            d.message.contains("calls `b` here, which calls `a` again"),
            "{d}"
        );
        let plain = "{% component a() %}hi{% endcomponent %}{{ <a /> }}";
        assert!(endless_component(&[t("x.html", shown, plain)]).is_none());
    }

    #[test]
    fn an_include_cycle_is_found_at_its_include() {
        let shown = Path::new("templates/partials/footer.html");
        let text = "<footer>\n  {%- include 'partials/footer.html' %}\n";
        let chain = ["base.html", "partials/footer.html", "partials/footer.html"].map(String::from);
        let d = tag_cycle(&[t("partials/footer.html", shown, text)], "include", &chain).unwrap();
        assert_eq!((d.line, d.column), (Some(2), Some(3)), "{d}");
        assert!(d.message.contains("this template includes itself"), "{d}");
    }
}
