//! "You said, we did": an entry appended to `suggestions.yaml` by editing its text, so
//! the owner's comments and formatting stay as they are; the file changes only by the
//! lines of the new entry.

use anyhow::{Result, bail};

/// `text` with a new `acted_on` entry appended: at the end of the `acted_on` list when
/// there is one, else a new `acted_on:` at the end of the file. Values are written as
/// double-quoted YAML strings.
pub fn append(text: &str, date: &str, you_said: &str, we_did: &str) -> Result<String> {
    let quote = |s: &str| serde_json::to_string(s.trim()).expect("a string serialises");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let top_level =
        |l: &str| !l.starts_with([' ', '\t', '#', '-', '\n', '\r']) && !l.trim().is_empty();
    let key = lines.iter().position(|l| {
        l.strip_prefix("acted_on:")
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'))
    });
    if key.is_none() && lines.iter().any(|l| l.starts_with("acted_on:")) {
        bail!(
            "suggestions.yaml: `acted_on` is not written as a list of entries on the lines \
             below it (`acted_on:` then `  - date: ...`); write it so, then run this again"
        );
    }
    let Some(key) = key else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!(
            "acted_on:\n  - date: {date}\n    you_said: {}\n    we_did: {}\n",
            quote(you_said),
            quote(we_did)
        ));
        return Ok(out);
    };
    // The list runs to the next top-level key; trailing comments and blank lines before
    // that key belong to what follows.
    let end = lines[key + 1..]
        .iter()
        .position(|l| top_level(l))
        .map_or(lines.len(), |i| key + 1 + i);
    let last = (key + 1..end)
        .rev()
        .find(|&i| {
            let t = lines[i].trim_start();
            !t.is_empty() && !t.starts_with('#')
        })
        .unwrap_or(key);
    let indent = lines[key + 1..end]
        .iter()
        .find(|l| l.trim_start().starts_with("- "))
        .map_or("  ".to_string(), |l| {
            l[..l.len() - l.trim_start().len()].to_string()
        });
    let mut out = String::with_capacity(text.len() + 200);
    for l in &lines[..=last] {
        out.push_str(l);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!(
        "{indent}- date: {date}\n{indent}  you_said: {}\n{indent}  we_did: {}\n",
        quote(you_said),
        quote(we_did)
    ));
    for l in &lines[last + 1..] {
        out.push_str(l);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_after_the_last_entry_keeping_everything_else() {
        let text = "title: T # mine\nacted_on:\n  # newest first\n  - date: 2024-01-01\n    you_said: A\n    we_did: B\n\n# the end\nthank_you: Thanks\n";
        let out = append(text, "2025-02-03", "Say \"hi\"", "We did").unwrap();
        assert_eq!(
            out,
            "title: T # mine\nacted_on:\n  # newest first\n  - date: 2024-01-01\n    you_said: A\n    we_did: B\n  - date: 2025-02-03\n    you_said: \"Say \\\"hi\\\"\"\n    we_did: \"We did\"\n\n# the end\nthank_you: Thanks\n"
        );
        let (s, _) = crate::content::suggestions::parse(&out).unwrap();
        assert_eq!(s.acted_on[0].you_said, "Say \"hi\"");
    }

    #[test]
    fn a_file_without_the_list_gets_one_at_its_end() {
        let out = append(
            "title: T\n# acted_on:\n#   - date: x",
            "2025-02-03",
            "A",
            "B",
        )
        .unwrap();
        assert_eq!(
            out,
            "title: T\n# acted_on:\n#   - date: x\nacted_on:\n  - date: 2025-02-03\n    you_said: \"A\"\n    we_did: \"B\"\n"
        );
        assert!(append("acted_on: []\n", "2025-02-03", "A", "B").is_err());
    }
}
