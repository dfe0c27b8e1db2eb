//! Resources from other hosts in the theme: a script, font, stylesheet, frame or picture a
//! template or a stylesheet loads from another website. The privacy page promises there are
//! none (no cookies or tracking from third parties), so the build refuses them.

/// Tags whose `src`, `href`, `srcset` or `data` is fetched by the browser.
const LOADING_TAGS: [&str; 10] = [
    "script", "link", "iframe", "img", "source", "embed", "object", "video", "audio", "track",
];

/// Whether a literal URL points at another host.
fn is_foreign(url: &str) -> bool {
    let u = url.trim_start().to_ascii_lowercase();
    u.starts_with("http://") || u.starts_with("https://") || u.starts_with("//")
}

/// Foreign URLs in an HTML template: (byte offset, URL).
pub fn in_html(text: &str) -> Vec<(usize, String)> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find('<') {
        let start = at + i + 1;
        let name: String = lower[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        if LOADING_TAGS.contains(&name.as_str()) {
            let tag = &text[start..end];
            let tag_lower = &lower[start..end];
            for attr in ["src=", "href=", "srcset=", "data="] {
                let mut from = 0;
                while let Some(j) = tag_lower[from..].find(attr) {
                    let k = from + j;
                    from = k + attr.len();
                    // The attribute's name must start here (not `data-src=`).
                    if k > 0 && !tag_lower.as_bytes()[k - 1].is_ascii_whitespace() {
                        continue;
                    }
                    let value = tag[from..].trim_start_matches(['"', '\'']);
                    let quote_end = value.find(['"', '\'', ' ', '>']).unwrap_or(value.len());
                    let value = &value[..quote_end];
                    if value.split(',').any(is_foreign) {
                        found.push((start + from, value.to_string()));
                    }
                }
            }
        }
        at = end.max(start);
    }
    found.extend(in_css(text));
    found.sort();
    found.dedup();
    found
}

/// Foreign URLs in CSS (`url(...)`, `@import "..."`): (byte offset, URL).
pub fn in_css(text: &str) -> Vec<(usize, String)> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for key in ["url(", "@import"] {
        let mut from = 0;
        while let Some(j) = lower[from..].find(key) {
            let k = from + j + key.len();
            from = k;
            let value = text[k..].trim_start().trim_start_matches(['"', '\'']);
            let value = value.strip_prefix("url(").unwrap_or(value);
            let value = value.trim_start_matches(['"', '\'']);
            let end = value
                .find(['"', '\'', ')', ';', ' ', '\n'])
                .unwrap_or(value.len());
            if is_foreign(&value[..end]) {
                found.push((k, value[..end].to_string()));
            }
        }
    }
    found
}

/// The error for a foreign resource.
pub fn message(url: &str) -> String {
    format!(
        "loads {url} from another website: the privacy page promises that the site loads nothing from other hosts (no third-party scripts, fonts or trackers); put the file in static/ and link it from there"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_scripts_fonts_and_frames_from_other_hosts() {
        let t = "<a href=\"https://x.example/\">ok</a>\n<script src=\"https://cdn.example/a.js\"></script>\n<link rel=\"stylesheet\" href=\"//fonts.example/css\">\n<img data-src=\"https://x/\" src=\"/local.png\">";
        let f: Vec<String> = in_html(t).into_iter().map(|(_, u)| u).collect();
        assert_eq!(f, ["https://cdn.example/a.js", "//fonts.example/css"]);
        let css = "@font-face{src:url('https://fonts.example/a.woff2')}\n@import \"https://x.example/b.css\";\n.a{background:url(/img.png)}";
        let f: Vec<String> = in_css(css).into_iter().map(|(_, u)| u).collect();
        assert_eq!(
            f,
            ["https://fonts.example/a.woff2", "https://x.example/b.css"]
        );
        assert!(in_html("<script src=\"{{ site.root }}hours.js\"></script>").is_empty());
    }
}
