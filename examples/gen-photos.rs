//! The image benchmark's corpus: a site of N posts, each a bundle with one phone-size
//! photo (4032x3024, about 12 megapixels, with a phone's EXIF block), written for
//! frontdesk or for Hugo from the same photos. The Hugo flavour's template asks for the
//! same files frontdesk makes by default: WebP at 368, 552, 736, 1104 and 1472 pixels wide
//! (quality 80), a 1600 px JPEG fallback (quality 80) and a 1200x630 JPEG card.
//!
//! ```sh
//! cargo run --release --example gen-photos -- --count 200 /tmp/photos            # frontdesk
//! cargo run --release --example gen-photos -- --count 200 --flavor hugo /tmp/hp  # Hugo
//! ```
//! The same `--seed` writes the same bytes; `--width`/`--height` change the size.

#[path = "../tests/common/photos.rs"]
mod photos;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

struct Args {
    count: usize,
    width: u32,
    height: u32,
    seed: u64,
    hugo: bool,
    out: PathBuf,
}

fn parse() -> Result<Args, String> {
    let mut a = Args {
        count: 200,
        width: 4032,
        height: 3024,
        seed: 1,
        hugo: false,
        out: PathBuf::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--count" => {
                a.count = value("--count")?
                    .parse()
                    .map_err(|e| format!("--count: {e}"))?
            }
            "--width" => {
                a.width = value("--width")?
                    .parse()
                    .map_err(|e| format!("--width: {e}"))?
            }
            "--height" => {
                a.height = value("--height")?
                    .parse()
                    .map_err(|e| format!("--height: {e}"))?
            }
            "--seed" => {
                a.seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--flavor" => a.hugo = value("--flavor")? == "hugo",
            other if !other.starts_with('-') => a.out = PathBuf::from(other),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if a.out.as_os_str().is_empty() {
        return Err("usage: gen-photos [--count N] [--width W --height H] [--seed S] [--flavor frontdesk|hugo] OUT_DIR".into());
    }
    Ok(a)
}

fn main() -> ExitCode {
    let a = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = write(&a) {
        eprintln!("{}: {e}", a.out.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn write(a: &Args) -> std::io::Result<()> {
    let posts = if a.hugo {
        a.out.join("content/posts")
    } else {
        a.out.join("posts")
    };
    fs::create_dir_all(&posts)?;
    if a.hugo {
        hugo_skeleton(&a.out)?;
    } else {
        fs::write(
            a.out.join("site.yaml"),
            "title: Photo bench\nbase_url: https://photos.example/\n",
        )?;
    }
    (0..a.count).into_par_iter().try_for_each(|i| {
        let dir = posts.join(format!("photo-{i:04}"));
        fs::create_dir_all(&dir)?;
        let img = photos::pixels(a.width, a.height, a.seed * 100_003 + i as u64);
        let exif = photos::Exif {
            orientation: 1,
            gps: true,
        };
        fs::write(dir.join("photo.jpg"), photos::jpeg(&img, 88, exif))?;
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let text = format!(
            "---\ntitle: \"Photo {i}\"\ndate: 2024-{month:02}-{day:02}\nimage: photo.jpg\n---\n\nToday in the shop.\n\n![The shop, photo {i}](photo.jpg)\n"
        );
        fs::write(dir.join("index.md"), text)
    })
}

fn hugo_skeleton(out: &Path) -> std::io::Result<()> {
    fs::write(
        out.join("config.toml"),
        "baseURL = \"https://photos.example/\"\ntitle = \"Photo bench\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n[imaging]\nquality = 80\nresampleFilter = \"Lanczos\"\n",
    )?;
    let layouts = out.join("layouts/_default");
    fs::create_dir_all(&layouts)?;
    fs::write(
        layouts.join("single.html"),
        r#"<!doctype html><title>{{ .Title }}</title>
{{ with .Resources.GetMatch "photo.jpg" }}
{{ $a := .Resize "368x webp q80" }}{{ $b := .Resize "552x webp q80" }}{{ $c := .Resize "736x webp q80" }}{{ $d := .Resize "1104x webp q80" }}{{ $e := .Resize "1472x webp q80" }}{{ $f := .Resize "1600x jpg q80" }}{{ $card := .Fill "1200x630 Center jpg q85" }}
<meta property="og:image" content="{{ $card.Permalink }}">
<picture><source type="image/webp" srcset="{{ $a.RelPermalink }} 368w, {{ $b.RelPermalink }} 552w, {{ $c.RelPermalink }} 736w, {{ $d.RelPermalink }} 1104w, {{ $e.RelPermalink }} 1472w"><img src="{{ $f.RelPermalink }}" width="{{ $f.Width }}" height="{{ $f.Height }}" alt=""></picture>
{{ end }}
{{ .Content }}
"#,
    )?;
    fs::write(
        layouts.join("list.html"),
        "<!doctype html><title>{{ .Title }}</title>{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n",
    )?;
    fs::write(
        out.join("layouts/index.html"),
        "<!doctype html><title>{{ .Site.Title }}</title>{{ range .Site.RegularPages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n",
    )
}
