fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(&dir) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            files.push((
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            ));
        }
    }
    let urls = frontdesk::linkcheck::SiteUrls {
        root: "/".into(),
        base: "https://generated.example/".into(),
    };
    let paths: std::collections::HashSet<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let exists = |p: &str| paths.contains(p);
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let checker = frontdesk::linkcheck::Checker::new(&exists);
        let mut n = 0;
        for (p, b) in &files {
            n += checker.html(p, b, &urls).len();
        }
        n += checker.finish().len();
        println!("html {:?} ({n} broken)", t.elapsed());
    }
}
