//! Where Pagefind's indexing time goes (docs/search.md): indexes the post pages of a built
//! site three ways and times the feeding and the building of the index apart.
//!
//! `search-probe OUT MODE`: MODE `custom` (frontdesk's way: the text of `<main>` as a
//! custom record), `html` (each page's whole HTML through `add_html_file`, which parses
//! it again), `html-main` (the same with `data-pagefind-body` on `<main>`).

use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (out, mode) = (std::path::PathBuf::from(&args[1]), args[2].as_str());
    let mut pages = Vec::new();
    for e in std::fs::read_dir(out.join("blog"))? {
        let p = e?.path().join("index.html");
        if p.is_file() && !p.to_string_lossy().contains("/blog/page/") {
            pages.push((
                p.strip_prefix(&out)?.to_string_lossy().into_owned(),
                std::fs::read(&p)?,
            ));
        }
    }
    pages.sort();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let mut index = pagefind::api::PagefindIndex::new(None)?;
        let start = Instant::now();
        for (path, html) in &pages {
            let url = format!("/{}", path.trim_end_matches("index.html"));
            match mode {
                "custom" => {
                    let text = String::from_utf8_lossy(html);
                    let main = &text[text.find("<main").unwrap()..text.find("</main>").unwrap()];
                    let body = frontdesk::search::text(main);
                    index
                        .add_custom_record(url, body, "en".into(), None, None, None)
                        .await?;
                }
                "html" => {
                    index
                        .add_html_file(None, Some(url), String::from_utf8_lossy(html).into())
                        .await?;
                }
                _ => {
                    let html = String::from_utf8_lossy(html).replace(
                        "<main id=\"main\">",
                        "<main id=\"main\" data-pagefind-body>",
                    );
                    index.add_html_file(None, Some(url), html).await?;
                }
            }
        }
        let fed = start.elapsed();
        let files = index.get_files().await?;
        let built = start.elapsed() - fed;
        let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
        println!(
            "{mode}: {} pages fed in {:.2} s, index built in {:.2} s, {} files, {} bytes",
            pages.len(),
            fed.as_secs_f64(),
            built.as_secs_f64(),
            files.len(),
            bytes
        );
        anyhow::Ok(())
    })
}
