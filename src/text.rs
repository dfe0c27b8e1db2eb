//! Small text helpers shared by the stages.

/// 1-based line and column (in characters) of a byte offset into `text`.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    (line, col)
}

/// The first character of `s` that must not reach an email header or any other one-line
/// value: a control character (C0 such as NUL, tab or a vertical tab, DEL, C1 such as
/// U+0085 "next line") or a line or paragraph separator.
pub fn line_breaker(s: &str) -> Option<char> {
    s.chars()
        .find(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// `U+000B (vertical tab)`: a character's code point and, when it has one, its name.
pub fn char_name(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\t' => "tab",
        '\n' => "line feed",
        '\r' => "carriage return",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\u{1b}' => "escape",
        '\u{7f}' => "delete",
        '\u{85}' => "next line",
        '\u{a0}' => "no-break space",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        _ => "",
    };
    let code = format!("U+{:04X}", u32::from(c));
    if name.is_empty() {
        code
    } else {
        format!("{code} ({name})")
    }
}

/// Edits (insert, delete, replace a character, or swap two neighbours) that turn `a` into
/// `b`, letter case aside: how far a typo is from the word meant.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    // Three rows of the table: two back (for a swap), the last, and this one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut last, row);
    }
    last[b.len()]
}

/// The word of `known` closest to `typo`, if one is close enough to be what was meant:
/// at most 2 edits away, or a third of its length for a long word (the first of equals).
pub fn closest<'a>(typo: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let most = 2.max(typo.chars().count() / 3);
    known
        .into_iter()
        .map(|k| (distance(typo, k), k))
        .filter(|&(d, k)| d <= most && d < k.chars().count().min(typo.chars().count()))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// `s` without letter case and accents (`Café` and `cafe\u{301}` both give `cafe`): how
/// a name is compared with one written on a phone or another system.
pub fn fold(s: &str) -> String {
    s.chars()
        // Combining accents, as a decomposed (NFD) name writes them.
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'ď' | 'đ' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'ğ' => 'g',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
            'ł' | 'ľ' => 'l',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ř' => 'r',
            'ś' | 'š' | 'ş' => 's',
            'ť' | 'ţ' => 't',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            other => other,
        })
        .collect()
}

/// A plausible email address: one `@`, no spaces, a dot in the domain.
pub fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
                && !s.contains(['<', '>', '"', '?', '&'])
        }
        None => false,
    }
}

/// JSON that cannot close its `<script>` element.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The text of rendered Markdown, for JSON-LD and calendar files: tags dropped (a block's
/// end is a space), the entities Markdown writes decoded, white space made single.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim_start_matches('/');
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if !matches!(
            name.as_str(),
            "a" | "em" | "strong" | "code" | "del" | "sup" | "span"
        ) {
            out.push(' ');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let out = (out.replace("&lt;", "<").replace("&gt;", ">"))
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_text_of_a_description() {
        assert_eq!(
            super::plain_text("<p>Fish &amp; <em>chips</em>.\n&lt;3</p><p>Next</p>"),
            "Fish & chips. <3 Next"
        );
    }

    #[test]
    fn typos_and_their_closest_words() {
        assert_eq!(super::distance("tittle", "title"), 1);
        assert_eq!(super::distance("titel", "title"), 1);
        assert_eq!(super::distance("Title", "title"), 0);
        let keys = ["title", "date", "response_time", "phone"];
        assert_eq!(super::closest("tittle", keys), Some("title"));
        assert_eq!(super::closest("responce_time", keys), Some("response_time"));
        assert_eq!(super::closest("colour", keys), None);
        assert_eq!(super::closest("dt", keys), None);
    }

    #[test]
    fn folding_drops_case_and_accents() {
        assert_eq!(super::fold("Café.JPG"), "cafe.jpg");
        assert_eq!(super::fold("cafe\u{301}.jpg"), "cafe.jpg");
    }

    #[test]
    fn lines_and_columns_count_characters() {
        assert_eq!(super::line_col("ab\ncé d", 6), (2, 3));
        assert_eq!(
            super::line_col("ab\ncé d", 5),
            (2, 2),
            "inside é: its start"
        );
        assert_eq!(super::line_col("x", 0), (1, 1));
    }
}
