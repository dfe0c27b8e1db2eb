//! The project's corpus generator: a deterministic blog of N posts, for the benchmarks
//! and the browser quality gate, written for frontdesk or for Hugo from the same posts.
//!
//! ```sh
//! cargo run --release --example gen-site -- --posts 10000 /tmp/site            # frontdesk
//! cargo run --release --example gen-site -- --posts 10000 --flavor hugo /tmp/h # Hugo
//! ```
//!
//! Every post has about 6 KB of Markdown (headings, paragraphs with emphasis and links to
//! other posts, lists), 1-4 tags out of 40, a fenced code block in about 30% of posts and a
//! table in about 10% (`--code-every N`: a code block in every Nth post instead, so
//! `--code-every 1` puts one in each post). The same seed (`--seed`, default 1) always writes the same bytes, so
//! two runs, and the two flavors, hold the same posts. Both sites paginate 10 posts a page
//! and carry the 20 newest posts in the feed.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const TAGS: [&str; 40] = [
    "Brewing",
    "Espresso",
    "Roasting",
    "Origins",
    "Equipment",
    "Milk",
    "Tea",
    "Cold brew",
    "Filter",
    "Grinders",
    "Water",
    "Recipes",
    "Events",
    "Shop news",
    "Sustainability",
    "Farmers",
    "Ethiopia",
    "Colombia",
    "Kenya",
    "Brazil",
    "Guatemala",
    "Sumatra",
    "Decaf",
    "Latte art",
    "Baking",
    "Breakfast",
    "Community",
    "Workshops",
    "Wholesale",
    "Subscriptions",
    "Gifts",
    "Storage",
    "Cupping",
    "Tasting notes",
    "Seasonal",
    "Staff",
    "Travel",
    "History",
    "Science",
    "Tips",
];

const WORDS: [&str; 94] = [
    "coffee",
    "roast",
    "bean",
    "cup",
    "morning",
    "water",
    "grind",
    "brew",
    "flavour",
    "body",
    "acidity",
    "sweet",
    "bright",
    "chocolate",
    "caramel",
    "citrus",
    "berry",
    "floral",
    "nutty",
    "smooth",
    "batch",
    "farm",
    "harvest",
    "season",
    "drying",
    "washed",
    "natural",
    "altitude",
    "variety",
    "customer",
    "shop",
    "counter",
    "kettle",
    "filter",
    "paper",
    "press",
    "espresso",
    "shot",
    "milk",
    "foam",
    "temperature",
    "minute",
    "second",
    "gram",
    "ratio",
    "scale",
    "timer",
    "burr",
    "blade",
    "fresh",
    "stale",
    "bag",
    "jar",
    "shelf",
    "light",
    "dark",
    "medium",
    "crack",
    "cooling",
    "tray",
    "drum",
    "airflow",
    "profile",
    "note",
    "taste",
    "aroma",
    "finish",
    "balance",
    "clean",
    "sample",
    "week",
    "weekend",
    "friend",
    "neighbour",
    "street",
    "harbour",
    "boat",
    "rain",
    "sun",
    "winter",
    "spring",
    "summer",
    "autumn",
    "recipe",
    "cake",
    "bread",
    "butter",
    "honey",
    "orange",
    "lemon",
    "apple",
    "pear",
    "question",
    "answer",
];

/// A small, fast, deterministic generator (splitmix64): the corpus must not change with a
/// dependency's version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Flavor {
    Ours,
    Hugo,
}

struct Args {
    posts: usize,
    flavor: Flavor,
    seed: u64,
    /// `Some(n)`: post `i` has a code block when `n` divides `i`; `None`: about 30% do.
    code_every: Option<usize>,
    dir: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut posts = 1000;
    let mut flavor = Flavor::Ours;
    let mut seed = 1;
    let mut code_every = None;
    let mut dir = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--posts" => {
                posts = value("--posts")?
                    .parse()
                    .map_err(|e| format!("--posts: {e}"))?
            }
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--code-every" => {
                let n: usize = value("--code-every")?
                    .parse()
                    .map_err(|e| format!("--code-every: {e}"))?;
                if n == 0 {
                    return Err("--code-every: must be at least 1".into());
                }
                code_every = Some(n);
            }
            "--flavor" => {
                flavor = match value("--flavor")?.as_str() {
                    "ours" | "frontdesk" => Flavor::Ours,
                    "hugo" => Flavor::Hugo,
                    other => return Err(format!("--flavor: `{other}` is not ours or hugo")),
                }
            }
            "-h" | "--help" => {
                return Err(
                    "usage: gen-site [--posts N] [--flavor ours|hugo] [--seed S] [--code-every N] DIR".into(),
                );
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s if dir.is_none() => dir = Some(PathBuf::from(s)),
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    let dir = dir.ok_or(
        "usage: gen-site [--posts N] [--flavor ours|hugo] [--seed S] [--code-every N] DIR",
    )?;
    Ok(Args {
        posts,
        flavor,
        seed,
        code_every,
        dir,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen-site: {e}");
            return ExitCode::from(2);
        }
    };
    match generate(&args) {
        Ok(()) => {
            println!(
                "gen-site: wrote {} posts to {}",
                args.posts,
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-site: {}: {e}", args.dir.display());
            ExitCode::FAILURE
        }
    }
}

fn generate(args: &Args) -> std::io::Result<()> {
    if args.dir.exists() && fs::read_dir(&args.dir)?.next().is_some() {
        return Err(std::io::Error::other("the folder exists and is not empty"));
    }
    let posts_dir = match args.flavor {
        Flavor::Ours => args.dir.join("posts"),
        Flavor::Hugo => args.dir.join("content").join("posts"),
    };
    fs::create_dir_all(&posts_dir)?;
    match args.flavor {
        Flavor::Ours => write_ours_site(&args.dir)?,
        Flavor::Hugo => write_hugo_site(&args.dir)?,
    }
    let mut rng = Rng(args.seed);
    for i in 0..args.posts {
        let post = post(&mut rng, i, args.posts, args.flavor, args.code_every);
        fs::write(posts_dir.join(format!("post-{i:05}.md")), post)?;
    }
    Ok(())
}

/// Post `i`'s date: one post every 7 hours, going back from 2026-01-01 (never in the future).
fn date(i: usize, total: usize) -> String {
    let hours_before = (total - i) as i64 * 7;
    let base = 20_454; // days from 1970-01-01 to 2026-01-01
    let minutes = base * 24 * 60 - hours_before * 60;
    let (days, rest) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:00Z", rest / 60, rest % 60)
}

/// Days since 1970-01-01 to (year, month, day), after Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = 8 + rng.below(12);
    for w in 0..n {
        let word = rng.word();
        if w == 0 {
            let mut c = word.chars();
            let first = c.next().unwrap().to_ascii_uppercase();
            out.push(first);
            out.push_str(c.as_str());
        } else {
            out.push(' ');
            match rng.below(40) {
                0 => write!(out, "**{word}**").unwrap(),
                1 => write!(out, "*{word}*").unwrap(),
                2 => write!(out, "`{word}`").unwrap(),
                _ => out.push_str(word),
            }
        }
    }
    out.push_str(". ");
}

fn paragraph(rng: &mut Rng, out: &mut String, link: Option<&str>) {
    for _ in 0..4 + rng.below(3) {
        sentence(rng, out);
    }
    if let Some(link) = link {
        write!(out, "More in [an earlier post]({link}).").unwrap();
    }
    out.push_str("\n\n");
}

fn post(
    rng: &mut Rng,
    i: usize,
    total: usize,
    flavor: Flavor,
    code_every: Option<usize>,
) -> String {
    let mut title = String::new();
    for w in 0..3 + rng.below(4) {
        if w > 0 {
            title.push(' ');
        }
        title.push_str(rng.word());
    }
    let title = format!("{}{} {i}", title[..1].to_ascii_uppercase(), &title[1..]);
    let mut tags: Vec<&str> = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let t = TAGS[rng.below(TAGS.len())];
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let mut out = String::with_capacity(7000);
    out.push_str("---\n");
    writeln!(out, "title: \"{title}\"").unwrap();
    writeln!(out, "date: {}", date(i, total)).unwrap();
    out.push_str("tags:\n");
    for t in &tags {
        writeln!(out, "  - {t}").unwrap();
    }
    if rng.chance(50) {
        let mut d = String::new();
        sentence(rng, &mut d);
        writeln!(out, "description: \"{}\"", d.trim()).unwrap();
    }
    out.push_str("---\n\n");
    let other = |n: usize| match flavor {
        Flavor::Ours => format!("post-{n:05}.md"),
        Flavor::Hugo => format!("/blog/post-{n:05}/"),
    };
    paragraph(rng, &mut out, None);
    let sections = 3;
    let has_code = match code_every {
        Some(n) => i.is_multiple_of(n),
        None => rng.chance(30),
    };
    let code_at = has_code.then(|| rng.below(sections));
    let table_at = rng.chance(10).then(|| rng.below(sections));
    for s in 0..sections {
        write!(out, "## {} {}\n\n", capitalised(rng.word()), rng.word()).unwrap();
        let link = (i > 0 && rng.chance(50)).then(|| other(rng.below(i)));
        paragraph(rng, &mut out, link.as_deref());
        paragraph(rng, &mut out, None);
        if code_at == Some(s) {
            code_block(rng, &mut out);
        }
        if table_at == Some(s) {
            table(rng, &mut out);
        }
        for _ in 0..3 {
            out.push_str("- ");
            sentence(rng, &mut out);
            out.push('\n');
        }
        out.push('\n');
        paragraph(rng, &mut out, None);
    }
    out
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

fn code_block(rng: &mut Rng, out: &mut String) {
    match rng.below(3) {
        0 => {
            out.push_str("```rust\nfn water_for(coffee: f64) -> f64 {\n");
            for _ in 0..6 {
                let w = rng.word();
                writeln!(
                    out,
                    "    let {w} = coffee * {}.0; // {}",
                    rng.below(20),
                    rng.word()
                )
                .unwrap();
            }
            out.push_str("    coffee * 16.0\n}\n```\n\n");
        }
        1 => {
            out.push_str("```python\ndef water_for(coffee, ratio=16):\n");
            for _ in 0..6 {
                writeln!(
                    out,
                    "    {} = coffee * {}  # {}",
                    rng.word(),
                    rng.below(20),
                    rng.word()
                )
                .unwrap();
            }
            out.push_str("    return round(coffee * ratio)\n```\n\n");
        }
        _ => {
            out.push_str("```js\nfunction waterFor(coffee) {\n");
            for _ in 0..6 {
                writeln!(
                    out,
                    "  const {} = coffee * {}; // {}",
                    rng.word(),
                    rng.below(20),
                    rng.word()
                )
                .unwrap();
            }
            out.push_str("  return Math.round(coffee * 16);\n}\n```\n\n");
        }
    }
}

fn table(rng: &mut Rng, out: &mut String) {
    out.push_str("| Method | Coffee | Water | Time |\n|---|---:|---:|---|\n");
    for _ in 0..5 {
        writeln!(
            out,
            "| {} | {} g | {} g | {} min |",
            capitalised(rng.word()),
            10 + rng.below(30),
            150 + rng.below(400),
            1 + rng.below(6)
        )
        .unwrap();
    }
    out.push('\n');
}

fn write_ours_site(dir: &Path) -> std::io::Result<()> {
    fs::write(
        dir.join("site.yaml"),
        "title: Generated Roasters\n\
         base_url: https://generated.example/\n\
         description: A generated site for benchmarks and the quality gate.\n\
         author: Maria Lopez\n\
         posts_per_page: 10\n\
         feed:\n  limit: 20\n",
    )?;
    fs::write(
        dir.join("contact.yaml"),
        "business: Generated Roasters\n\
         person:\n  name: Maria Lopez\n  role: Customer care\n\
         phone: \"+1 207 555 0100\"\n\
         email: hello@generated.example\n\
         address:\n  street: 1 Example Street\n  city: Portland\n  region: ME\n  postal_code: \"04101\"\n  country: United States\n\
         hours:\n  - \"Monday to Friday: 7am to 6pm\"\n\
         response_time: within one business day\n",
    )?;
    fs::write(
        dir.join("suggestions.yaml"),
        "title: Help us do better\n\
         endpoint: https://formspree.io/f/generated\n\
         questions:\n  - {name: suggestion, label: What could we do better?, type: textarea, required: true}\n\
         thank_you: Thank you.\n\
         acted_on:\n  - {date: 2025-03-10, you_said: Open earlier, we_did: We open at 7:00 now.}\n",
    )?;
    fs::create_dir_all(dir.join("testimonials"))?;
    fs::write(
        dir.join("testimonials/dana.yaml"),
        "author: Dana Whitfield\nquote: Great coffee, and Maria answers every email.\nrating: 5\ndate: 2025-02-14\nfeatured: true\n",
    )?;
    fs::create_dir_all(dir.join("pages"))?;
    fs::write(
        dir.join("pages/about.md"),
        "---\ntitle: About us\n---\n\nWe roast coffee.\n",
    )
}

fn write_hugo_site(dir: &Path) -> std::io::Result<()> {
    fs::write(
        dir.join("hugo.toml"),
        "baseURL = 'https://generated.example/'\n\
         languageCode = 'en'\n\
         title = 'Generated Roasters'\n\
         disableKinds = []\n\
         [pagination]\n  pagerSize = 10\n\
         [services.rss]\n  limit = 20\n\
         [taxonomies]\n  tag = 'tags'\n\
         [markup.highlight]\n  noClasses = false\n\
         [permalinks]\n  posts = '/blog/:filename/'\n",
    )?;
    let layouts = dir.join("layouts/_default");
    fs::create_dir_all(&layouts)?;
    fs::write(
        layouts.join("baseof.html"),
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{{ .Title }} | {{ .Site.Title }}</title>\
         <link rel=\"alternate\" type=\"application/rss+xml\" href=\"{{ \"index.xml\" | absURL }}\">\
         </head><body><header><a href=\"{{ .Site.Home.RelPermalink }}\">{{ .Site.Title }}</a></header>\
         <main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    )?;
    fs::write(
        layouts.join("single.html"),
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format \"2006-01-02\" }}</time>\
         <ul>{{ range .Params.tags }}<li><a href=\"{{ (printf \"/tags/%s/\" (urlize .)) | relURL }}\">{{ . }}</a></li>{{ end }}</ul>\
         {{ .Content }}</article>{{ end }}\n",
    )?;
    fs::write(
        layouts.join("list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}\
         {{ range $p.Pages }}<article><h2><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></h2>{{ .Summary }}</article>{{ end }}\
         {{ if $p.HasPrev }}<a href=\"{{ $p.Prev.URL }}\">Newer</a>{{ end }}{{ if $p.HasNext }}<a href=\"{{ $p.Next.URL }}\">Older</a>{{ end }}{{ end }}\n",
    )?;
    fs::write(
        layouts.join("terms.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}\
         <li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n",
    )?;
    fs::write(
        dir.join("layouts/index.html"),
        "{{ define \"main\" }}{{ $p := .Paginate (where .Site.RegularPages \"Section\" \"posts\") }}\
         {{ range $p.Pages }}<article><h2><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></h2>{{ .Summary }}</article>{{ end }}{{ end }}\n",
    )?;
    fs::create_dir_all(dir.join("content"))?;
    fs::write(
        dir.join("content/about.md"),
        "---\ntitle: About us\n---\n\nWe roast coffee.\n",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_valid_and_in_order() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert!(date(0, 10) < date(9, 10));
    }

    #[test]
    fn the_same_seed_writes_the_same_post() {
        let a = post(&mut Rng(1), 5, 10, Flavor::Ours, None);
        let b = post(&mut Rng(1), 5, 10, Flavor::Ours, None);
        assert_eq!(a, b);
        assert!((4000..9000).contains(&a.len()), "{}", a.len());
    }

    #[test]
    fn code_every_one_puts_a_code_block_in_each_post() {
        let mut rng = Rng(1);
        for i in 0..20 {
            let p = post(&mut rng, i, 20, Flavor::Ours, Some(1));
            assert_eq!(p.matches("```").count(), 2, "post {i}");
        }
    }
}
