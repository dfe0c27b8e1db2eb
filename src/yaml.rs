//! YAML via serde-saphyr, with errors mapped to file, line and column.

use std::path::Path;

use serde::de::DeserializeOwned;

use serde_saphyr::Spanned;

use crate::error::Diagnostic;

/// Parses `text` (which starts at line `line_offset + 1` of `path`) into `T`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    line_offset: u32,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|e| to_diagnostic(&e, text, path, line_offset))
}

fn to_diagnostic(e: &serde_saphyr::Error, text: &str, path: &Path, line_offset: u32) -> Diagnostic {
    let opts = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
    let rendered = e.render_with_options(opts);
    let message = strip_location(&rendered).to_string();
    let (line, col) = match e.location() {
        Some(loc) if loc.line() > 0 => (loc.line() as u32, loc.column() as u32),
        _ => return Diagnostic::file(path, message),
    };
    let (line, col, message) = plain_words(text, line, col, message);
    Diagnostic::at(path, line + line_offset, col, message)
}

/// The YAML mistakes people make most, said in plain words at the right place: a tab
/// (reported by the parser on the line before), a value with `: ` or quotes that needs
/// quoting as a whole, and a list written as `a, b`.
fn plain_words(text: &str, line: u32, col: u32, message: String) -> (u32, u32, String) {
    let lines: Vec<&str> = text.lines().collect();
    if message.contains("tab") {
        // The first tab from the reported line on.
        let from = line.saturating_sub(1) as usize;
        for (i, l) in lines.iter().enumerate().skip(from) {
            if let Some(c) = l.find('\t') {
                return (
                    i as u32 + 1,
                    l[..c].chars().count() as u32 + 1,
                    "YAML indents with spaces, not tabs: replace this tab with spaces".into(),
                );
            }
        }
    }
    let here = lines
        .get(line.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("");
    if message.contains("unexpected character")
        && let Some((at, c)) = here
            .char_indices()
            .find(|(_, c)| c.is_control() && *c != '\t')
    {
        return (
            line,
            here[..at].chars().count() as u32 + 1,
            format!(
                "{} is a control character, which YAML does not allow in a file: delete it",
                crate::text::char_name(c)
            ),
        );
    }
    if (message.contains("mapping values are not allowed")
        || message.contains("trailing content after"))
        && let Some((key, value)) = here.split_once(':')
    {
        let key = key.trim();
        let value = value.trim();
        return (
            line,
            col,
            format!(
                "the value of `{key}` holds `: ` or quotes, so YAML reads it as something else: put the whole {key} in single quotes: {key}: '{}'",
                value.replace('\'', "''")
            ),
        );
    }
    if let Some(better) = unknown_key(&message) {
        return (line, col, better);
    }
    if message.contains("expected sequence")
        && let Some((key, value)) = here.split_once(':')
        && value.contains(',')
    {
        let key = key.trim();
        let items: Vec<&str> = value.split(',').map(str::trim).collect();
        return (
            line,
            col,
            format!("`{key}` is a list: write {key}: [{}]", items.join(", ")),
        );
    }
    (line, col, message)
}

/// serde's "unknown field `tittle`, expected one of title, date, ..." with the closest
/// known key as the fix: "unknown field `tittle`: did you mean `title`?" (None for another
/// message, or an unknown key that is close to no known one: then the list stays).
fn unknown_key(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    let known = rest.trim_start_matches(',').trim();
    let known = known.strip_prefix("expected").unwrap_or(known).trim();
    let known = known.strip_prefix("one of").unwrap_or(known);
    let keys: Vec<&str> = known
        .split(',')
        .flat_map(|k| k.split(" or "))
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect();
    if let Some(ours) = other_tools_name(unknown, &keys) {
        return Some(format!(
            "unknown field `{unknown}`: here it is called `{ours}` (did you mean `{ours}`?)"
        ));
    }
    let best = crate::text::closest(unknown, keys)?;
    Some(format!("unknown field `{unknown}`: did you mean `{best}`?"))
}

/// Front matter copied from a Jekyll or Hugo site names some fields otherwise (a real
/// rescue's events say `date: "2022-05-28"`, `time: "1pm - 4pm"`, `location:`): our name
/// for `unknown` among `known`, when it is one of those.
fn other_tools_name<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    const SAME_THING: &[(&[&str], &str)] = &[
        (
            &[
                "date",
                "time",
                "starts",
                "start_date",
                "startdate",
                "start_time",
                "begin",
                "begins",
            ],
            "start",
        ),
        (
            &["ends", "end_date", "enddate", "end_time", "finish"],
            "end",
        ),
        (&["location", "venue", "where", "place_name"], "place"),
        (&["cost", "fee", "fees"], "price"),
        (&["tz", "time_zone", "zone"], "timezone"),
        (
            &[
                "rsvp",
                "registration",
                "register",
                "tickets",
                "ticket_url",
                "booking",
                "book",
            ],
            "booking_url",
        ),
        (
            &["summary", "excerpt", "subtitle", "meta_desc"],
            "description",
        ),
        (&["name", "headline"], "title"),
        (&["job", "position", "job_title"], "role"),
        (&["image", "picture", "avatar", "headshot"], "photo"),
    ];
    let unknown = unknown.to_ascii_lowercase();
    SAME_THING
        .iter()
        .find(|(others, _)| others.contains(&unknown.as_str()))
        .and_then(|(_, ours)| known.iter().find(|k| *k == ours).copied())
}

/// saphyr appends " at line N, column M"; we print the location ourselves.
fn strip_location(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(", column ") => &msg[..i],
        _ => msg,
    }
}

/// An error at the first character of the YAML string `value` that must not go into a
/// one-line value such as an email header (see [`crate::text::line_breaker`]), or None.
/// `text` is the YAML document (starting at line `line_offset + 1` of `path`); `key` and
/// `what` name the value and where it goes in the message.
pub fn single_line(
    text: &str,
    path: &Path,
    line_offset: u32,
    key: &str,
    what: &str,
    value: &Spanned<String>,
) -> Option<Diagnostic> {
    let c = crate::text::line_breaker(&value.value)?;
    let (line, col) = match value.referenced.span().byte_offset() {
        Some(start) => {
            let start = (start as usize).min(text.len());
            let len = value.referenced.span().byte_len().unwrap_or(0) as usize;
            let end = (start + len).min(text.len()).max(start);
            let end = if end == start { text.len() } else { end };
            crate::text::line_col(text, start + written_at(&text[start..end], c).unwrap_or(0))
        }
        None => position(value),
    };
    Some(Diagnostic::at(
        path,
        line + line_offset,
        col,
        format!(
            "`{key}` holds {}, a control character that cannot go into {what}: delete it (write the value on one line, with plain spaces)",
            crate::text::char_name(c)
        ),
    ))
}

/// Where the scalar `source` writes `c`: as itself, or as a double-quoted escape (`\0`,
/// `\v`, `\N`, `\x85`, `\u2028`...), the byte offset of the character or the backslash.
fn written_at(source: &str, c: char) -> Option<usize> {
    if !source.starts_with('"') {
        return source.find(c);
    }
    let mut chars = source.char_indices().skip(1);
    while let Some((at, ch)) = chars.next() {
        match ch {
            '"' => return None,
            '\\' => {
                let (_, e) = chars.next()?;
                let hex = |chars: &mut std::iter::Skip<std::str::CharIndices>, n: usize| {
                    let digits: String = chars.by_ref().take(n).map(|(_, d)| d).collect();
                    u32::from_str_radix(&digits, 16)
                        .ok()
                        .and_then(char::from_u32)
                };
                let decoded = match e {
                    '0' => Some('\0'),
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    't' | '\t' => Some('\t'),
                    'n' => Some('\n'),
                    'v' => Some('\u{b}'),
                    'f' => Some('\u{c}'),
                    'r' => Some('\r'),
                    'e' => Some('\u{1b}'),
                    'N' => Some('\u{85}'),
                    '_' => Some('\u{a0}'),
                    'L' => Some('\u{2028}'),
                    'P' => Some('\u{2029}'),
                    'x' => hex(&mut chars, 2),
                    'u' => hex(&mut chars, 4),
                    'U' => hex(&mut chars, 8),
                    _ => None,
                };
                if decoded == Some(c) {
                    return Some(at);
                }
            }
            _ if ch == c => return Some(at),
            _ => {}
        }
    }
    None
}

/// Where every value of a YAML document is written, to put a validation error on the
/// value itself (block or flow style, the n-th item of a list) rather than near its key.
pub struct Positions(Option<Spanned<Node>>);

impl Positions {
    /// The positions in `text` (a document that has already parsed; if it does not,
    /// every position is the top of the file).
    pub fn of(text: &str) -> Self {
        Positions(serde_saphyr::from_str::<Spanned<Node>>(text).ok())
    }

    /// Line and column of the value at `path` (map keys, or list indices as numbers),
    /// else of its nearest ancestor that exists, else 1:1.
    pub fn at(&self, path: &[&str]) -> (u32, u32) {
        match self.walk(path) {
            Some((node, _)) => position(node),
            None => (1, 1),
        }
    }

    /// Line and column of the key `key` of the map at `path` (for an error about the key
    /// itself, e.g. an unknown day), else of the value at `path` as [`Positions::at`] finds it.
    pub fn key_at(&self, path: &[&str], key: &str) -> (u32, u32) {
        match self.walk(path) {
            Some((node, true)) => match &node.value {
                Node::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| k.value.0 == key)
                    .map_or_else(|| position(node), |(k, _)| position(k)),
                _ => position(node),
            },
            Some((node, false)) => position(node),
            None => (1, 1),
        }
    }

    /// The node at `path`, or its nearest ancestor that exists (then false).
    fn walk(&self, path: &[&str]) -> Option<(&Spanned<Node>, bool)> {
        let mut node = self.0.as_ref()?;
        for seg in path {
            let next = match &node.value {
                Node::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| k.value.0 == *seg)
                    .map(|(_, v)| v),
                Node::Seq(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
                Node::Scalar => None,
            };
            match next {
                Some(n) => node = n,
                None => return Some((node, false)),
            }
        }
        Some((node, true))
    }
}

/// Line and column where a spanned value starts.
fn position<T>(s: &Spanned<T>) -> (u32, u32) {
    (s.referenced.line() as u32, s.referenced.column() as u32)
}

/// A YAML node with the positions of its children.
enum Node {
    Map(Vec<(Spanned<Key>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Scalar,
}

/// A map key as text (YAML keys may be numbers or booleans too).
struct Key(String);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Key, E> {
                Ok(Key(String::new()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(k) = m.next_key::<Spanned<Key>>()? {
                    entries.push((k, m.next_value::<Spanned<Node>>()?));
                }
                Ok(Node::Map(entries))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = s.next_element::<Spanned<Node>>()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_str<E>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        rating: Option<u8>,
    }

    #[test]
    fn error_has_line_column_offset_and_clean_message() {
        let err = parse::<Doc>("title: x\nrating: five\n", Path::new("t.yaml"), 1).unwrap_err();
        assert_eq!(err.to_string(), "t.yaml:3:9: invalid u8");
    }

    #[test]
    fn a_control_character_is_named_at_its_place() {
        let err = parse::<Doc>("title: a\u{b}b\n", Path::new("t.yaml"), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.yaml:2:9: U+000B (vertical tab) is a control character, which YAML does not allow in a file: delete it"
        );
        let title = |text: &str| {
            #[derive(serde::Deserialize)]
            struct T {
                title: Spanned<String>,
            }
            let t: T = parse(text, Path::new("t.yaml"), 1).unwrap();
            single_line(
                text,
                Path::new("t.yaml"),
                1,
                "title",
                "the Subject header",
                &t.title,
            )
            .map(|d| d.to_string())
        };
        assert_eq!(title("title: plain\n"), None);
        let d = title("title: \"x\\ty \\u0085\"\n").unwrap();
        assert!(
            d.starts_with("t.yaml:2:10: `title` holds U+0009 (tab)"),
            "{d}"
        );
        let d = title("title: 'x\u{85}'\n").unwrap();
        assert!(
            d.starts_with("t.yaml:2:10: `title` holds U+0085 (next line)"),
            "{d}"
        );
        let d = title("title: \"a\\x00\"\n").unwrap();
        assert!(
            d.starts_with("t.yaml:2:10: `title` holds U+0000 (NUL)"),
            "{d}"
        );
    }

    #[test]
    fn positions_of_values_in_block_and_flow_style() {
        let text = "title: x\nnav:\n  - {title: A, url: /a/}\n  - title: B\n    url: javascript:x\nsocial: [{name: A, url: a}, {name: B, url: b}]\n";
        let p = Positions::of(text);
        assert_eq!(p.at(&["title"]), (1, 8));
        assert_eq!(p.at(&["nav", "0", "url"]), (3, 21));
        assert_eq!(p.at(&["nav", "1", "url"]), (5, 10));
        assert_eq!(p.at(&["social", "1", "url"]), (6, 44));
        assert_eq!(p.at(&["missing"]).0, 1);
        assert_eq!(p.key_at(&["nav", "1"], "url"), (5, 5));
        assert_eq!(p.key_at(&["social", "1"], "url"), (6, 39));
    }

    #[test]
    fn an_unknown_key_names_the_closest_known_one() {
        let err = parse::<Doc>("title: x\nratting: 3\n", Path::new("s.yaml"), 0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "s.yaml:2:1: unknown field `ratting`: did you mean `rating`?"
        );
        let err = parse::<Doc>("titel: x\n", Path::new("s.yaml"), 0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "s.yaml:1:1: unknown field `titel`: did you mean `title`?"
        );
        // Nothing close: the known keys are listed.
        let err = parse::<Doc>("title: x\ncolour: red\n", Path::new("s.yaml"), 0).unwrap_err();
        assert!(
            err.to_string().contains("expected") && !err.to_string().contains("did you mean"),
            "{err}"
        );
    }

    /// An event copied from a Jekyll site (a real animal rescue's `_events/`).
    #[test]
    fn another_tools_name_for_a_field_gives_ours() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Event {
            title: String,
            start: String,
            place: Option<String>,
        }
        let err = parse::<Event>(
            "title: Adoption day\ndate: \"2022-05-28\"\n",
            Path::new("e.md"),
            0,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "e.md:2:1: unknown field `date`: here it is called `start` (did you mean `start`?)"
        );
        let err = parse::<Event>(
            "title: x\nstart: y\nlocation: Suwanee\n",
            Path::new("e.md"),
            0,
        )
        .unwrap_err();
        assert!(err.to_string().contains("called `place`"), "{err}");
        // A name whose counterpart the file does not have stays as it was.
        let err =
            parse::<Event>("title: x\nstart: y\ncost: 3\n", Path::new("e.md"), 0).unwrap_err();
        assert!(!err.to_string().contains("called"), "{err}");
    }

    #[test]
    fn unknown_key_is_an_error() {
        let err = parse::<Doc>("title: x\ntitel: y\n", Path::new("s.yaml"), 0).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("s.yaml:2:1: unknown field `titel`"),
            "{err}"
        );
    }
}
