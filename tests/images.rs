//! Images, end to end with the real binary on photos made here: sizes in the HTML,
//! variants and their `srcset`, metadata gone (read back with an EXIF reader), EXIF
//! orientation applied, social cards, every kind of bad input, and warm builds that
//! decode nothing.

mod common;
#[path = "common/photos.rs"]
mod photos;
#[path = "preview/server.rs"]
mod server;

use common::*;
use photos::{Exif, SERIAL};

/// The basic fixture with one bundle post showing `files` (name, bytes) in that order.
fn site_with(post: &str, files: &[(&str, Vec<u8>)], front: &str) -> Site {
    let site = Site::basic();
    let mut body = String::from("Intro text.\n\n");
    for (name, bytes) in files {
        site.write(&format!("posts/{post}/{name}"), bytes);
        body.push_str(&format!("![Photo {name}]({name})\n\nMore text.\n\n"));
    }
    site.write(
        &format!("posts/{post}/index.md"),
        format!("---\ntitle: Photos of {post}\ndate: 2024-02-02\n{front}---\n\n{body}"),
    );
    site
}

fn decode(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).expect("a readable image")
}

fn has_exif(bytes: &[u8]) -> bool {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .is_ok()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn a_phone_photo_is_published_upright_without_metadata_with_variants_and_a_card() {
    // Stored sideways (2000x1500) with orientation 6: shown 1500 wide, 2000 high.
    let stored = photos::pixels(2000, 1500, 7);
    let jpeg = photos::jpeg(
        &stored,
        90,
        Exif {
            orientation: 6,
            gps: true,
        },
    );
    assert!(
        has_exif(&jpeg) && contains(&jpeg, SERIAL),
        "the fixture carries EXIF"
    );
    let site = site_with(
        "trip",
        &[
            ("photo.jpg", jpeg),
            (
                "second.jpg",
                photos::jpeg(&photos::pixels(800, 600, 3), 85, Exif::default()),
            ),
        ],
        "",
    );
    let config = site.read("site.yaml") + "images:\n  publish_originals: true\n";
    site.write("site.yaml", config);
    let out = site.build_ok(&[]);

    // The original: upright, no EXIF, no serial number, no GPS.
    let original = out.bytes("blog/trip/photo.jpg");
    assert!(
        !has_exif(&original),
        "EXIF is stripped from the published original"
    );
    assert!(!contains(&original, SERIAL));
    let img = decode(&original).to_rgb8();
    assert_eq!(img.dimensions(), (1500, 2000), "turned upright");
    // Stored left half warm, right half cool: turned 90 degrees clockwise, warm is on top.
    let (top, bottom) = (img.get_pixel(750, 400), img.get_pixel(750, 1600));
    assert!(
        top[0] > top[2] + 60 && bottom[2] > bottom[0] + 60,
        "{top:?} {bottom:?}"
    );

    // The HTML: a <picture> with WebP variants, sizes, width and height.
    let doc = out.html("blog/trip/index.html");
    let imgs = select(&doc, "main picture img");
    assert_eq!(imgs.len(), 2, "both photos are pictures");
    let first = imgs[0].value();
    assert_eq!(first.attr("src"), Some("/blog/trip/photo.jpg.1500w.jpg"));
    assert_eq!(
        (first.attr("width"), first.attr("height")),
        (Some("1500"), Some("2000"))
    );
    assert_eq!(first.attr("alt"), Some("Photo photo.jpg"));
    assert_eq!(first.attr("loading"), None, "the first image is not lazy");
    assert_eq!(
        imgs[1].value().attr("loading"),
        Some("lazy"),
        "later ones are"
    );
    assert_eq!(imgs[1].value().attr("width"), Some("800"));
    let source = select(&doc, "main picture source[type=\"image/webp\"]")[0];
    let srcset = source.value().attr("srcset").unwrap();
    assert!(
        source
            .value()
            .attr("sizes")
            .is_some_and(|s| s.contains("46rem"))
    );
    let mut widths = Vec::new();
    for candidate in srcset.split(", ") {
        let (url, w) = candidate.split_once(' ').unwrap();
        let w: u32 = w.trim_end_matches('w').parse().unwrap();
        let bytes = out.bytes(url.trim_start_matches('/'));
        assert_eq!(&bytes[8..12], b"WEBP", "{url} is WebP");
        assert!(!has_exif(&bytes));
        let v = decode(&bytes);
        assert_eq!(v.width(), w, "{url}: srcset says {w}w");
        assert_eq!(
            v.height(),
            (w * 2000 + 750) / 1500,
            "{url}: aspect ratio kept"
        );
        widths.push(w);
    }
    assert_eq!(
        widths,
        [368, 552, 736, 1104, 1472],
        "the sizes below its own"
    );
    let small = decode(&out.bytes("blog/trip/photo.jpg.368w.webp")).to_rgb8();
    let (t, b) = (small.get_pixel(184, 80), small.get_pixel(184, 400));
    assert!(
        t[0] > t[2] + 60 && b[2] > b[0] + 60,
        "variants are upright too"
    );

    // The social card: the post's first picture, 1200x630.
    let og = attr_of(&doc, "meta[property=\"og:image\"]", "content");
    assert_eq!(og, format!("{BASE}blog/trip/photo.jpg.card.jpg"));
    assert_eq!(
        attr_of(&doc, "meta[property=\"og:image:width\"]", "content"),
        "1200"
    );
    assert_eq!(
        attr_of(&doc, "meta[property=\"og:image:height\"]", "content"),
        "630"
    );
    assert_eq!(
        attr_of(&doc, "meta[name=\"twitter:card\"]", "content"),
        "summary_large_image"
    );
    let card = decode(&out.bytes("blog/trip/photo.jpg.card.jpg"));
    assert_eq!((card.width(), card.height()), (1200, 630));
}

#[test]
fn metadata_goes_from_png_and_stays_with_keep_metadata() {
    let png = photos::png(&photos::pixels(300, 200, 1));
    assert!(contains(&png, SERIAL));
    let site = site_with("p", &[("pic.png", png.clone())], "");
    let config = site.read("site.yaml") + "images:\n  publish_originals: true\n";
    site.write("site.yaml", config);
    let out = site.build_ok(&[]);
    let published = out.bytes("blog/p/pic.png");
    assert!(!contains(&published, SERIAL), "the text chunk is gone");
    assert_eq!(
        decode(&published).to_rgb8(),
        decode(&png).to_rgb8(),
        "pixels untouched"
    );
    assert_eq!(
        attr_of(&out.html("blog/p/index.html"), "main img", "width"),
        "300"
    );

    let config = site.read("site.yaml") + "  keep_metadata: true\n";
    site.write("site.yaml", config);
    let out = site.build_ok(&[]);
    assert_eq!(out.bytes("blog/p/pic.png"), png, "kept as it is");
}

#[test]
fn a_focus_point_and_image_alt_choose_the_card() {
    let jpeg = photos::jpeg(&photos::pixels(4000, 1000, 2), 85, Exif::default());
    let site = site_with(
        "f",
        &[("wide.jpg", jpeg)],
        "image: wide.jpg\nimage_focus: \"0% 50%\"\nimage_alt: The counter at dawn\n",
    );
    let out = site.build_ok(&[]);
    let doc = out.html("blog/f/index.html");
    let og = attr_of(&doc, "meta[property=\"og:image\"]", "content");
    assert_eq!(og, format!("{BASE}blog/f/wide.jpg.card-000-050.jpg"));
    assert_eq!(
        attr_of(&doc, "meta[property=\"og:image:alt\"]", "content"),
        "The counter at dawn"
    );
    // Cropped at the left edge: all of it comes from the warm left half.
    let card = decode(&out.bytes("blog/f/wide.jpg.card-000-050.jpg")).to_rgb8();
    let right = card.get_pixel(1150, 300);
    assert!(
        right[0] > right[2] + 60,
        "the right edge of a left crop is warm: {right:?}"
    );

    site.write(
        "posts/f/index.md",
        "---\ntitle: F\ndate: 2024-02-02\nimage_focus: middle\n---\n\nx\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("posts/f/index.md");
    assert_eq!((line, col), (4, 14), "{msg}");
    assert!(msg.contains("not a focus point"), "{msg}");
}

#[test]
fn a_warm_build_after_a_text_edit_decodes_and_encodes_nothing() {
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "a.jpg",
            photos::jpeg(&photos::pixels(1800, 1200, 1), 85, Exif::default()),
        ),
        (
            "b.jpg",
            photos::jpeg(
                &photos::pixels(1200, 900, 2),
                85,
                Exif {
                    orientation: 3,
                    gps: true,
                },
            ),
        ),
    ];
    let site = site_with("w", &files, "");
    let first = site.build(&[]);
    first.assert_success();
    assert!(!first.stdout.contains("(0 decoded"), "{}", first.stdout);
    let before = snapshot(&site.path("public"));
    let text = site
        .read("posts/w/index.md")
        .replace("Intro text.", "Intro text, edited.");
    site.write("posts/w/index.md", text);
    let warm = site.build(&[]);
    warm.assert_success();
    assert!(
        warm.stdout.contains("(0 decoded, 0 files encoded)"),
        "{}",
        warm.stdout
    );
    let is_image = |p: &String| [".jpg", ".png", ".webp"].iter().any(|e| p.ends_with(e));
    let images = |dir: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        snapshot(dir)
            .into_iter()
            .filter(|(p, _)| is_image(p))
            .collect()
    };
    let warm_images = images(&site.path("public"));
    let before: Vec<(String, Vec<u8>)> = before.into_iter().filter(|(p, _)| is_image(p)).collect();
    assert!(
        before.len() >= 10,
        "variants, cards and originals: {}",
        before.len()
    );
    assert!(
        before == warm_images,
        "the warm build's image files are the same"
    );
    let made = |site: &Site| {
        std::fs::read_dir(site.path(".frontdesk/cache/images"))
            .unwrap()
            .count()
    };
    let before_replace = made(&site);
    // A replaced photo is made again, and the page shows its new size.
    site.write(
        "posts/w/a.jpg",
        photos::jpeg(&photos::pixels(900, 900, 5), 85, Exif::default()),
    );
    let changed = site.build(&[]);
    assert!(
        changed.stdout.contains("(1 decoded, "),
        "{}",
        changed.stdout
    );
    let doc = site.out().html("blog/w/index.html");
    assert_eq!(
        attr_of(&doc, "main img[src=\"/blog/w/a.jpg.900w.jpg\"]", "height"),
        "900"
    );
    assert_eq!(
        made(&site),
        before_replace,
        "the old photo's files left the cache"
    );
    // --no-cache makes the same files.
    let cached = images(&site.path("public"));
    let fresh = site.build(&["--no-cache"]);
    fresh.assert_success();
    assert!(!fresh.stdout.contains("(0 decoded"), "{}", fresh.stdout);
    assert!(
        images(&site.path("public")) == cached,
        "the cache changes no byte"
    );
}

/// A PNG that claims `w` x `h` pixels in a few hundred bytes.
fn bomb_png(w: u32, h: u32) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend(data);
        c.extend(&body);
        c.extend(photos::crc32(&body).to_be_bytes());
        c
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
    f.extend(chunk(b"IHDR", &ihdr));
    // A zlib stream of zeros would inflate to gigabytes; its start is enough here.
    f.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0xed, 0xc1, 0x01, 0x0d, 0, 0, 0],
    ));
    f.extend(chunk(b"IEND", b""));
    f
}

#[test]
fn bad_images_are_errors_at_the_markdown_that_shows_them() {
    let good = photos::jpeg(&photos::pixels(640, 480, 1), 85, Exif::default());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "garbage.jpg",
            b"this is not a photo at all, just text".repeat(20),
            "not an image",
        ),
        ("cut.jpg", good[..good.len() / 2].to_vec(), "cut short"),
        ("bomb.png", bomb_png(30_000, 30_000), "megapixels"),
        (
            "iphone.jpg",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".repeat(30),
            "HEIC",
        ),
    ];
    for (name, bytes, why) in cases {
        let site = site_with("bad", &[(name, bytes)], "");
        let run = site.build(&[]);
        run.assert_failure();
        let (line, col, msg) = run.located_error("posts/bad/index.md");
        assert_eq!((line, col), (8, 1), "{name}: {msg}");
        assert!(msg.contains(name) && msg.contains(why), "{name}: {msg}");
        assert!(!site.path("public").exists(), "{name}: nothing published");
    }
}

#[test]
fn a_missing_image_is_an_error_at_its_markdown() {
    let site = site_with("gone", &[], "");
    let text = site.read("posts/gone/index.md") + "\n![A photo](missing.jpg)\n";
    site.write("posts/gone/index.md", text);
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("posts/gone/index.md");
    assert_eq!((line, col), (9, 1), "{msg}");
    assert!(msg.contains("missing.jpg"), "{msg}");
}

#[test]
fn odd_but_valid_images_are_published() {
    // CMYK JPEG (print shops send these), 16-bit PNG, PNG named .jpg, animated GIF.
    let mut cmyk = Vec::new();
    let pixels: Vec<u8> = (0..64 * 48)
        .flat_map(|i| [(i % 200) as u8, 40, 90, 10])
        .collect();
    jpeg_encoder::Encoder::new(&mut cmyk, 85)
        .encode(&pixels, 64, 48, jpeg_encoder::ColorType::Cmyk)
        .unwrap();
    let deep = {
        let img = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(50, 40, |x, y| {
            image::Rgb([x as u16 * 1000, y as u16 * 1000, 30000])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let misnamed = photos::png(&photos::pixels(60, 30, 4));
    let gif = {
        use image::codecs::gif::{GifEncoder, Repeat};
        let mut out = Vec::new();
        {
            let mut enc = GifEncoder::new(&mut out);
            enc.set_repeat(Repeat::Infinite).unwrap();
            for shade in [0u8, 255] {
                let frame = image::RgbaImage::from_pixel(20, 10, image::Rgba([shade, 0, 0, 255]));
                enc.encode_frame(image::Frame::new(frame)).unwrap();
            }
        }
        out
    };
    let site = site_with(
        "odd",
        &[
            ("cmyk.jpg", cmyk),
            ("deep.png", deep),
            ("misnamed.jpg", misnamed),
            ("moving.gif", gif.clone()),
        ],
        "",
    );
    let run = site.build(&[]);
    run.assert_success();
    let out = site.out();
    let doc = out.html("blog/odd/index.html");
    let size = |src: &str| {
        // The fallback's name starts with the original's.
        let sel = format!("main img[src^=\"/blog/odd/{src}\"]");
        (attr_of(&doc, &sel, "width"), attr_of(&doc, &sel, "height"))
    };
    assert_eq!(size("cmyk.jpg"), ("64".into(), "48".into()));
    assert_eq!(size("deep.png"), ("50".into(), "40".into()));
    assert_eq!(size("misnamed.jpg"), ("60".into(), "30".into()));
    assert_eq!(size("moving.gif"), ("20".into(), "10".into()));
    assert_eq!(decode(&out.bytes("blog/odd/cmyk.jpg.64w.webp")).width(), 64);
    assert_eq!(
        decode(&out.bytes("blog/odd/deep.png.50w.webp")).height(),
        40
    );
    // The animation is kept: no still variant replaces it.
    assert!(!out.has("blog/odd/moving.gif.20w.webp"));
    assert_eq!(out.bytes("blog/odd/moving.gif").len(), gif.len());
    assert!(
        run.stderr
            .contains("posts/odd/moving.gif: is an animated GIF"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("posts/odd/misnamed.jpg: is a PNG file with the name of another format"),
        "{}",
        run.stderr
    );
}

/// `contact.yaml` of `site` with the person's photo at `static/people/owner.jpg`.
fn set_contact_photo(site: &Site, photo: Vec<u8>) {
    site.write("static/people/owner.jpg", photo);
    let contact = site.read("contact.yaml");
    let contact = if contact.contains("photo:") {
        contact
            .lines()
            .map(|l| {
                if l.trim_start().starts_with("photo:") {
                    format!(
                        "{}photo: people/owner.jpg",
                        &l[..l.len() - l.trim_start().len()]
                    )
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    } else {
        contact.replacen("person:\n", "person:\n  photo: people/owner.jpg\n", 1)
    };
    site.write("contact.yaml", contact);
}

#[test]
fn contact_and_testimonial_photos_get_a_small_webp() {
    let site = Site::basic();
    let photo = photos::jpeg(
        &photos::pixels(1600, 1600, 9),
        85,
        Exif {
            orientation: 1,
            gps: true,
        },
    );
    set_contact_photo(&site, photo);
    let out = site.build_ok(&[]);
    let doc = out.html("contact/index.html");
    let source = select(&doc, "picture.avatar-picture source[type=\"image/webp\"]")[0];
    let webp = source.value().attr("srcset").unwrap();
    // Shown at most 7rem (112px) across: made at 2x.
    assert_eq!(webp, "/people/owner.jpg.224w.webp");
    assert_eq!(
        decode(&out.bytes("people/owner.jpg.224w.webp")).width(),
        224
    );
    let img = select(&doc, "picture.avatar-picture img")[0];
    assert_eq!(img.value().attr("src"), Some("/people/owner.jpg.224w.jpg"));
    let jpeg = out.bytes("people/owner.jpg.224w.jpg");
    assert_eq!(decode(&jpeg).width(), 224);
    assert!(!contains(&jpeg, SERIAL), "stripped");
}

/// The value of a vCard property (its folded lines joined).
fn vcard_value(vcard: &str, name: &str) -> Option<String> {
    let unfolded = vcard.replace("\r\n ", "");
    unfolded
        .split("\r\n")
        .find_map(|l| l.strip_prefix(name).map(str::to_string))
}

#[test]
fn the_vcard_and_json_ld_link_a_light_contact_photo_and_the_original_stays_home() {
    let site = Site::basic();
    // A phone's selfie, GPS and all.
    let original = photos::jpeg(
        &photos::pixels(2000, 1500, 21),
        92,
        Exif {
            orientation: 1,
            gps: true,
        },
    );
    set_contact_photo(&site, original.clone());
    let out = site.build_ok(&[]);
    let photo = vcard_value(&out.read("contact.vcf"), "PHOTO;VALUE=URI:").expect("PHOTO");
    assert_eq!(photo, format!("{BASE}people/owner.jpg.960w.jpg"));
    let doc = out.html("contact/index.html");
    let ld = json_ld(&doc);
    let image = ld
        .iter()
        .find_map(|v| v["employee"]["image"].as_str())
        .expect("employee.image");
    assert_eq!(image, photo, "the JSON-LD links the vCard's photo");
    let file = photo.strip_prefix(BASE).unwrap();
    let bytes = out.bytes(file);
    let shown = decode(&bytes);
    // Its shorter side is 720 px: Android keeps a contact photo at 720x720 at most.
    assert_eq!((shown.width(), shown.height()), (960, 720));
    assert!(!has_exif(&bytes) && !contains(&bytes, SERIAL), "stripped");
    assert!(bytes.len() < original.len());
    assert!(
        !out.has("people/owner.jpg"),
        "the original is not published"
    );
    for f in out.files() {
        assert_ne!(out.bytes(&f).len(), original.len(), "{f} is the original");
    }

    let config = site.read("site.yaml") + "images:\n  publish_originals: true\n";
    site.write("site.yaml", config);
    let out = site.build_ok(&[]);
    let published = out.bytes("people/owner.jpg");
    assert!(!contains(&published, SERIAL), "published, stripped");
    assert_eq!(
        vcard_value(&out.read("contact.vcf"), "PHOTO;VALUE=URI:"),
        Some(photo)
    );
}

#[test]
fn serve_shows_pages_at_once_and_the_variants_when_they_are_made() {
    let photo = photos::jpeg(
        &photos::pixels(3000, 2000, 4),
        88,
        Exif {
            orientation: 1,
            gps: true,
        },
    );
    let page = "---\ntitle: Shop\ndate: 2024-05-02\n---\n\n![The shop](shop.jpg)\n"
        .as_bytes()
        .to_vec();
    let s = server::start_site(
        &[],
        &[
            ("posts/shop/index.md", page),
            ("posts/shop/shop.jpg", photo),
        ],
    );
    let html = server::get(&s.addr, "/blog/shop/").body;
    assert!(html.contains("width=\"1600\" height=\"1067\""), "{html}");
    assert!(
        html.contains("/blog/shop/shop.jpg.1104w.webp 1104w"),
        "{html}"
    );
    // Each file named in the page answers at once: the made WebP, or the original
    // standing in until it is made; then the WebP.
    let first = server::get(&s.addr, "/blog/shop/shop.jpg.1104w.webp");
    assert_eq!(first.status, 200);
    let made = server::wait_for(
        &s.addr,
        "/blog/shop/shop.jpg.1104w.webp",
        "the WebP variant",
        |r| r.body.contains("WEBP"),
    );
    assert_eq!(made.status, 200);
    let card = server::get(&s.addr, "/blog/shop/shop.jpg.card.jpg");
    assert_eq!(card.status, 200);
    // A photo replaced by one of another size: the page shows the new size, in the bundle
    // and in static/.
    let smaller = photos::jpeg(&photos::pixels(800, 600, 5), 85, Exif::default());
    std::fs::write(s.dir.path().join("posts/shop/shop.jpg"), &smaller).unwrap();
    server::wait_for(
        &s.addr,
        "/blog/shop/",
        "the new size of a bundle photo",
        |r| r.body.contains("width=\"800\" height=\"600\""),
    );
    let page = "---\ntitle: Team\ndate: 2024-05-03\n---\n\n![The team](/team.jpg)\n";
    std::fs::write(s.dir.path().join("static/team.jpg"), &smaller).unwrap();
    server::write(s.dir.path(), "posts/team.md", page);
    server::wait_for(&s.addr, "/blog/team/", "a static photo's size", |r| {
        r.body.contains("width=\"800\" height=\"600\"")
    });
    let square = photos::jpeg(&photos::pixels(500, 500, 6), 85, Exif::default());
    let made_before = s.log.lock().unwrap().len();
    std::fs::write(s.dir.path().join("static/team.jpg"), &square).unwrap();
    server::wait_for(
        &s.addr,
        "/blog/team/",
        "the new size of a static photo",
        |r| r.body.contains("width=\"500\" height=\"500\""),
    );
    server::wait_for(
        &s.addr,
        "/team.jpg.500w.webp",
        "the new photo's variant",
        |r| r.body.contains("WEBP"),
    );
    // Made into the site's build cache (and listed in its index once serve says the files
    // are made): the next build decodes nothing. (An earlier batch's line may come late:
    // the line names the images it made.)
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !s.log.lock().unwrap()[made_before..]
        .iter()
        .any(|l| l.starts_with("Made the files of") && l.contains("team.jpg"))
    {
        assert!(std::time::Instant::now() < deadline, "serve made the files");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let run = frontdesk(s.dir.path(), &["build", "."]);
    run.assert_success();
    assert!(
        run.stdout.contains("(0 decoded, 0 files encoded)"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_svg_social_image_is_a_warning() {
    let site = Site::basic();
    site.write(
        "static/card.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let config = site.read("site.yaml") + "image: /card.svg\n";
    site.write("site.yaml", config);
    let run = site.build(&[]);
    run.assert_success();
    assert!(
        run.stderr
            .contains("site.yaml: `image` \"/card.svg\" is an SVG image, which link previews"),
        "{}",
        run.stderr
    );
    let doc = site.out().html("index.html");
    assert_eq!(
        attr_of(&doc, "meta[property=\"og:image\"]", "content"),
        format!("{BASE}card.svg"),
        "still used: a preview without an image is no better"
    );
}

#[test]
fn check_reads_image_sizes_but_makes_no_image_files() {
    let photo = photos::jpeg(&photos::pixels(1200, 900, 6), 85, Exif::default());
    let site = site_with("c", &[("p.jpg", photo)], "");
    let run = frontdesk(&site.dir, &["check", ".", "--offline"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        !site.path(".frontdesk/cache/images").exists(),
        "check processed images"
    );
    assert!(!site.path("public").exists());
    // A damaged image is reported by check too, at the Markdown.
    site.write("posts/c/p.jpg", b"not a jpeg, not at all".repeat(10));
    let run = frontdesk(&site.dir, &["check", ".", "--offline"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        format!("{}{}", run.stdout, run.stderr)
            .contains("posts/c/index.md:8:1: the image posts/c/p.jpg is not an image"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn a_picture_in_a_summary_loads_lazily_on_list_pages() {
    let site = Site::basic();
    let photo = photos::jpeg(&photos::pixels(900, 600, 8), 85, Exif::default());
    site.write("posts/lead/lead.jpg", photo);
    site.write(
        "posts/lead/index.md",
        "---\ntitle: Lead\ndate: 2030-01-01\n---\n\n![The new counter](lead.jpg) Our counter.\n\nMore.\n",
    );
    let out = site.build_ok(&["--drafts"]);
    let post = out.html("blog/lead/index.html");
    let img = one(&post, "main img[src=\"/blog/lead/lead.jpg.900w.jpg\"]");
    assert_eq!(
        img.value().attr("loading"),
        None,
        "the post's first picture loads at once"
    );
    let list = out.html("blog/index.html");
    let summary = one(
        &list,
        ".post-card-summary img[src=\"/blog/lead/lead.jpg.900w.jpg\"]",
    );
    assert_eq!(
        summary.value().attr("loading"),
        Some("lazy"),
        "one of many on a list"
    );
    assert_eq!(summary.value().attr("width"), Some("900"));
}

/// A PNG chunk with its CRC.
fn png_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend(data);
    c.extend(&body);
    c.extend(photos::crc32(&body).to_be_bytes());
    c
}

#[test]
fn bombs_inside_the_file_are_refused_before_any_memory_is_spent() {
    // A 10x10 GIF whose one frame claims 65535x65535 pixels.
    let mut gif = b"GIF89a\x0a\x00\x0a\x00\x00\x00\x00".to_vec();
    gif.extend(b"\x2C\x00\x00\x00\x00\xff\xff\xff\xff\x00\x02\x02\x44\x01\x00\x3B");
    // A small PNG carrying a 600 KB compressed colour profile (it could inflate to GB).
    let png = photos::png(&photos::pixels(64, 64, 1));
    let mut iccp = b"sRGB\0\0".to_vec();
    iccp.extend(std::iter::repeat_n(0x5Au8, 600 * 1024));
    let at = 8 + 25; // after the signature and IHDR
    let mut bomb_png = png[..at].to_vec();
    bomb_png.extend(png_chunk(b"iCCP", &iccp));
    bomb_png.extend(&png[at..]);
    for (name, bytes, why) in [
        ("frame.gif", gif, "does not fit its 10x10 canvas"),
        ("profile.png", bomb_png, "compressed colour profile"),
    ] {
        let site = site_with("bomb", &[(name, bytes)], "");
        let run = site.build(&[]);
        run.assert_failure();
        let (line, col, msg) = run.located_error("posts/bomb/index.md");
        assert_eq!((line, col), (8, 1), "{name}: {msg}");
        assert!(msg.contains(why), "{name}: {msg}");
    }
}

#[test]
fn a_small_png_whose_colour_profile_inflates_to_hundreds_of_mb_is_refused_in_little_memory() {
    // 300 MB of zeros deflate to about 300 KB: under the structural limit on compressed
    // chunks, and before this check the build peaked above 600 MB decoding it.
    let png = photos::png(&photos::pixels(64, 64, 1));
    let profile = vec![0u8; 300 * 1024 * 1024];
    let mut iccp = b"Bomb\0\0".to_vec();
    iccp.extend(miniz_oxide::deflate::compress_to_vec_zlib(&profile, 6));
    drop(profile);
    assert!(iccp.len() < 512 * 1024, "{} bytes", iccp.len());
    let at = 8 + 25; // after the signature and IHDR
    let mut bomb = png[..at].to_vec();
    bomb.extend(png_chunk(b"iCCP", &iccp));
    bomb.extend(&png[at..]);
    let site = site_with("bomb", &[("profile.png", bomb)], "");
    // The real binary's peak memory, as the kernel counts it for a waited-for child.
    let measure = "import resource, subprocess, sys\n\
        r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n\
        print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n\
        print(r.stderr)";
    let out = std::process::Command::new(python())
        .args(["-c", measure, BIN, "build", site.dir.to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    let mut first = out.lines().next().unwrap().split(' ');
    let code: i32 = first.next().unwrap().parse().unwrap();
    let peak_kb: u64 = first.next().unwrap().parse().unwrap();
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("posts/bomb/index.md:8:1:") && out.contains("inflates to more than 4 MB"),
        "{out}"
    );
    assert!(peak_kb < 120 * 1024, "peak {} MB\n{out}", peak_kb / 1024);
}

#[test]
fn a_cover_photo_no_page_shows_is_published_as_its_card_only() {
    let cover = photos::jpeg(&photos::pixels(2400, 1600, 4), 90, Exif::default());
    let site = Site::basic();
    site.write("posts/cover/cover.jpg", &cover);
    site.write(
        "posts/cover/index.md",
        "---\ntitle: Cover\ndate: 2024-02-02\nimage: cover.jpg\n---\n\nText only.\n",
    );
    let out = site.build_ok(&[]);
    assert!(out.has("blog/cover/cover.jpg.card.jpg"));
    assert!(
        !out.has("blog/cover/cover.jpg"),
        "the original is not published"
    );
    let out = {
        let yaml = site.read("site.yaml") + "images: {publish_originals: true}\n";
        site.write("site.yaml", yaml);
        site.build_ok(&[])
    };
    assert!(out.has("blog/cover/cover.jpg"), "published when asked for");
}

#[test]
fn a_tall_screenshot_gets_only_the_variants_webp_can_hold() {
    let tall = image::GrayImage::from_fn(600, 20_000, |_, y| image::Luma([(y % 251) as u8]));
    let mut png = std::io::Cursor::new(Vec::new());
    tall.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let site = site_with("tall", &[("shot.png", png.into_inner())], "");
    let out = site.build_ok(&[]);
    // 368 wide is 12267 high (WebP holds up to 16383); 552 wide would be 18400.
    assert_eq!(
        decode(&out.bytes("blog/tall/shot.png.368w.webp")).height(),
        12_267
    );
    assert!(!out.has("blog/tall/shot.png.552w.webp"));
}

#[test]
fn file_names_with_spaces_hashes_and_accents_work() {
    let jpeg = || photos::jpeg(&photos::pixels(700, 500, 2), 85, Exif::default());
    let site = Site::basic();
    for name in ["a#1.jpg", "a#2.jpg", "my photo.jpg", "café.jpg"] {
        site.write(&format!("posts/n/{name}"), jpeg());
    }
    site.write(
        "posts/n/index.md",
        "---\ntitle: Names\ndate: 2024-03-03\nimage: my photo.jpg\n---\n\n![one](a%231.jpg)\n\n![two](a%232.jpg)\n\n![space](<my photo.jpg>)\n\n![accent](café.jpg)\n",
    );
    let out = site.build_ok(&[]);
    assert_eq!(decode(&out.bytes("blog/n/a#1.jpg.368w.webp")).width(), 368);
    assert_eq!(decode(&out.bytes("blog/n/a#2.jpg.368w.webp")).width(), 368);
    let doc = out.html("blog/n/index.html");
    for source in select(&doc, "main picture source") {
        let srcset = source.value().attr("srcset").unwrap();
        for candidate in srcset.split(", ") {
            assert_eq!(
                candidate.split(' ').count(),
                2,
                "one URL and its width: {candidate}"
            );
        }
    }
    let og = attr_of(&doc, "meta[property=\"og:image\"]", "content");
    assert_eq!(og, format!("{BASE}blog/n/my%20photo.jpg.card.jpg"));
    assert!(out.has("blog/n/my photo.jpg.card.jpg"));
}

#[test]
fn damage_found_while_decoding_is_an_error_at_the_markdown_in_plain_words() {
    let png = photos::png(&photos::pixels(300, 200, 3));
    // Flip bytes in the middle of the pixel data: the header still reads.
    let mut damaged = png.clone();
    let mid = damaged.len() / 2;
    for b in &mut damaged[mid..mid + 16] {
        *b ^= 0xFF;
    }
    let site = site_with("dmg", &[("pic.png", damaged)], "");
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("posts/dmg/index.md");
    assert_eq!((line, col), (8, 1), "{msg}");
    assert!(msg.contains("is damaged and cannot be read"), "{msg}");
    assert!(!msg.contains("ChunkType"), "no debug dump: {msg}");
}

#[test]
fn a_heic_photo_is_an_error_where_it_is_shown() {
    let site = site_with("h", &[], "");
    site.write("posts/h/iphone.heic", b"\0\0\0\x18ftypheic".repeat(8));
    let text = site.read("posts/h/index.md") + "\n![From my phone](iphone.heic)\n";
    site.write("posts/h/index.md", text);
    let run = site.build(&[]);
    run.assert_failure();
    let (_, _, msg) = run.located_error("posts/h/index.md");
    assert!(
        msg.contains("HEIC") && msg.contains("export it as JPEG"),
        "{msg}"
    );
}

#[test]
fn an_empty_social_image_is_an_error_at_its_value() {
    let site = Site::basic();
    site.write(
        "posts/e.md",
        "---\ntitle: E\ndate: 2024-03-03\nimage: \"\"\n---\n\nx\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, col, msg) = run.located_error("posts/e.md");
    assert_eq!((line, col), (4, 8), "{msg}");
    assert!(msg.contains("must name an image file"), "{msg}");
}

#[test]
fn serve_shows_damage_found_in_the_background_as_build_reports_it() {
    let png = photos::png(&photos::pixels(300, 200, 3));
    let mut damaged = png.clone();
    let mid = damaged.len() / 2;
    for b in &mut damaged[mid..mid + 16] {
        *b ^= 0xFF;
    }
    let page = b"---\ntitle: Shop\ndate: 2024-05-02\n---\n\n![The shop](shop.png)\n".to_vec();
    let s = server::start_site(
        &[],
        &[
            ("posts/shop/index.md", page),
            ("posts/shop/shop.png", damaged),
        ],
    );
    // The page is served at once; the decoder finds the damage on another thread, and
    // the overlay then says what `build` says, at the same place.
    let r = server::wait_for(&s.addr, "/blog/shop/", "the overlay", |r| {
        r.body.contains("id=\"frontdesk-error\"")
    });
    assert!(
        r.body
            .contains("posts/shop/index.md:6:1: the image posts/shop/shop.png is damaged"),
        "{}",
        &r.body[r.body.find("frontdesk-error").unwrap_or(0)..][..600.min(r.body.len() / 2)]
    );
    let run = frontdesk(s.dir.path(), &["build", "."]);
    run.assert_failure();
    let (line, col, _) = run.located_error("posts/shop/index.md");
    assert_eq!((line, col), (6, 1));
    // Mended: the overlay goes.
    std::fs::write(s.dir.path().join("posts/shop/shop.png"), &png).unwrap();
    server::wait_for(&s.addr, "/blog/shop/", "the overlay to go", |r| {
        !r.body.contains("id=\"frontdesk-error\"") && r.body.contains("width=\"300\"")
    });
}

/// Every place `text` names the file `path`, followed by what comes next: the original's
/// name followed by `.` is a file made from it (`photo.jpg.1600w.jpg`), else the original.
fn names_original(text: &str, path: &str) -> bool {
    text.match_indices(path)
        .any(|(at, _)| !text[at + path.len()..].starts_with('.'))
}

/// A 12-megapixel phone photo (4032x3024) as a phone writes it: quality 92, with EXIF.
fn twelve_mp(orientation: u16) -> Vec<u8> {
    photos::jpeg(
        &photos::pixels(4032, 3024, 12),
        92,
        Exif {
            orientation,
            gps: true,
        },
    )
}

#[test]
fn two_sources_of_one_name_make_their_own_files() {
    let jpeg = photos::jpeg(&photos::pixels(1000, 750, 1), 85, Exif::default());
    let png = photos::png(&photos::pixels(900, 600, 2));
    let site = site_with("x", &[("menu1.jpg", jpeg), ("menu1.png", png)], "");
    let out = site.build_ok(&[]);
    let doc = out.html("blog/x/index.html");
    let sources = select(&doc, "main picture source[type=\"image/webp\"]");
    let imgs = select(&doc, "main picture img");
    assert_eq!((sources.len(), imgs.len()), (2, 2));
    for (i, (name, width)) in [("menu1.jpg", 1000), ("menu1.png", 900)]
        .into_iter()
        .enumerate()
    {
        let srcset = sources[i].value().attr("srcset").unwrap();
        for candidate in srcset.split(", ") {
            let (url, w) = candidate.split_once(' ').unwrap();
            assert!(url.starts_with(&format!("/blog/x/{name}.")), "{srcset}");
            let w: u32 = w.trim_end_matches('w').parse().unwrap();
            assert_eq!(decode(&out.bytes(url.trim_start_matches('/'))).width(), w);
        }
        let src = imgs[i].value().attr("src").unwrap();
        assert_eq!(src, format!("/blog/x/{name}.{width}w.jpg"));
        assert_eq!(
            decode(&out.bytes(src.trim_start_matches('/'))).width(),
            width
        );
    }
}

#[test]
fn the_img_src_of_pages_and_feeds_is_a_light_fallback_and_originals_stay_home() {
    let original = twelve_mp(1);
    let site = site_with(
        "big",
        &[
            ("photo.jpg", original.clone()),
            (
                "second.jpg",
                photos::jpeg(&photos::pixels(1200, 900, 3), 85, Exif::default()),
            ),
        ],
        "",
    );
    let out = site.build_ok(&[]);
    let doc = out.html("blog/big/index.html");
    let img = select(&doc, "main picture img")[0];
    assert_eq!(
        img.value().attr("src"),
        Some("/blog/big/photo.jpg.1600w.jpg")
    );
    assert_eq!(
        (img.value().attr("width"), img.value().attr("height")),
        (Some("1600"), Some("1200"))
    );
    let fallback = out.bytes("blog/big/photo.jpg.1600w.jpg");
    assert_eq!(decode(&fallback).width(), 1600);
    assert!(!has_exif(&fallback) && !contains(&fallback, SERIAL));
    eprintln!(
        "12 MP photo: {} bytes; its fallback: {} bytes",
        original.len(),
        fallback.len()
    );
    assert!(fallback.len() * 4 < original.len(), "much smaller");
    // A picture no wider than 1600 keeps its size.
    let second = out.bytes("blog/big/second.jpg.1200w.jpg");
    assert_eq!(decode(&second).width(), 1200);

    // Feeds name the fallback, never the original.
    for feed in ["rss.xml", "atom.xml", "feed.json"] {
        let text = out.read(feed);
        assert!(
            text.contains(&format!("{BASE}blog/big/photo.jpg.1600w.jpg")),
            "{feed}"
        );
        assert!(!names_original(&text, "blog/big/photo.jpg"), "{feed}");
        assert!(!names_original(&text, "blog/big/second.jpg"), "{feed}");
    }
    assert!(!names_original(&doc.html(), "blog/big/photo.jpg"));
    let og = attr_of(&doc, "meta[property=\"og:image\"]", "content");
    assert_eq!(og, format!("{BASE}blog/big/photo.jpg.card.jpg"));
    assert!(
        !out.has("blog/big/photo.jpg"),
        "the original is not published"
    );
    assert!(!out.has("blog/big/second.jpg"));

    let config = site.read("site.yaml") + "images:\n  publish_originals: true\n";
    site.write("site.yaml", config);
    let out = site.build_ok(&[]);
    let published = out.bytes("blog/big/photo.jpg");
    assert!(!has_exif(&published) && !contains(&published, SERIAL));
    assert!(published.len() <= original.len());
    let doc = out.html("blog/big/index.html");
    let img = select(&doc, "main picture img")[0];
    assert_eq!(
        img.value().attr("src"),
        Some("/blog/big/photo.jpg.1600w.jpg")
    );

    site.write(
        "site.yaml",
        site.read("site.yaml")
            .replace("publish_originals: true", "publish_originals: sometimes"),
    );
    let run = site.build(&[]);
    run.assert_failure();
    let (line, _, msg) = run.located_error("site.yaml");
    assert!(line > 1, "{msg}");
}

#[test]
fn a_turned_original_published_with_publish_originals_is_not_larger() {
    let original = twelve_mp(6);
    let site = site_with("turn", &[("photo.jpg", original.clone())], "");
    let config = site.read("site.yaml") + "images:\n  publish_originals: true\n";
    site.write("site.yaml", config);
    let out = site.build_ok(&[]);
    let published = out.bytes("blog/turn/photo.jpg");
    eprintln!(
        "turned original: {} bytes in, {} bytes out",
        original.len(),
        published.len()
    );
    assert!(published.len() <= original.len());
    assert!(!contains(&published, SERIAL));
    let fallback = decode(&out.bytes("blog/turn/photo.jpg.1600w.jpg"));
    assert_eq!(
        (fallback.width(), fallback.height()),
        (1600, 2133),
        "upright"
    );
}

#[test]
fn an_iphone_mpo_loses_its_trailing_frames() {
    let first = photos::jpeg(&photos::pixels(800, 600, 4), 85, Exif::default());
    let second = photos::jpeg(&photos::pixels(400, 300, 5), 85, Exif::default());
    // The first frame carries the MPF index (APP2) right after its start.
    let mpf = b"MPF\0MM\0*\0\0\0\x08";
    let mut mpo = first[..2].to_vec();
    mpo.extend([0xFF, 0xE2, 0, (mpf.len() + 2) as u8]);
    mpo.extend(mpf);
    mpo.extend(&first[2..]);
    let first_len = mpo.len();
    mpo.extend(&second);
    let soi = |b: &[u8]| b.windows(3).filter(|w| w == &[0xFF, 0xD8, 0xFF]).count();
    assert_eq!(soi(&mpo), 2);
    let site = site_with("mpo", &[("live.jpg", mpo)], "");
    let config = site.read("site.yaml") + "images:\n  publish_originals: true\n";
    site.write("site.yaml", config);
    let out = site.build_ok(&[]);
    for file in ["blog/mpo/live.jpg", "blog/mpo/live.jpg.800w.jpg"] {
        let b = out.bytes(file);
        assert_eq!(soi(&b), 1, "{file}: one image");
        assert!(!contains(&b, "MPF"), "{file}");
        assert!(b.len() <= first_len, "{file}: {} > {first_len}", b.len());
        assert_eq!(decode(&b).width(), 800);
    }
}

#[test]
fn widths_fit_the_column_and_the_first_picture_is_fetched_first() {
    let site = site_with(
        "w",
        &[
            ("a.jpg", twelve_mp(1)),
            (
                "b.jpg",
                photos::jpeg(&photos::pixels(600, 400, 6), 85, Exif::default()),
            ),
        ],
        "",
    );
    let out = site.build_ok(&[]);
    let doc = out.html("blog/w/index.html");
    let source = select(&doc, "main picture source[type=\"image/webp\"]")[0];
    let widths: Vec<&str> = source
        .value()
        .attr("srcset")
        .unwrap()
        .split(", ")
        .map(|c| c.split_once(' ').unwrap().1)
        .collect();
    assert_eq!(widths, ["368w", "552w", "736w", "1104w", "1472w"]);
    assert!(source.value().attr("sizes").unwrap().contains("46rem"));
    let imgs = select(&doc, "main picture img");
    assert_eq!(imgs[0].value().attr("fetchpriority"), Some("high"));
    assert_eq!(imgs[0].value().attr("loading"), None);
    assert_eq!(imgs[1].value().attr("fetchpriority"), None);
    assert_eq!(imgs[1].value().attr("loading"), Some("lazy"));
}

#[test]
fn a_link_to_a_picture_leads_to_its_light_copy_and_the_link_check_passes() {
    let shown = photos::jpeg(&photos::pixels(2400, 1800, 31), 90, Exif::default());
    let site = site_with("trip", &[("photo.jpg", shown)], "");
    // A photo no page shows, only a link: a scan of the menu, say.
    let menu = photos::png(&photos::pixels(1000, 1400, 32));
    site.write("posts/trip/menu scan.png", &menu);
    site.write(
        "static/people/owner.jpg",
        photos::jpeg(&photos::pixels(1800, 1200, 33), 90, Exif::default()),
    );
    let index = site.read("posts/trip/index.md")
        + "See it [full size](photo.jpg#top), the [menu](<menu scan.png>) and [Rosa](/people/owner.jpg).\n";
    site.write("posts/trip/index.md", &index);
    site.write(
        "pages/team.md",
        "---\ntitle: Team\n---\n\nMeet [Rosa](/people/owner.jpg).\n",
    );
    let check = |out: &Out| {
        let doc = out.html("blog/trip/index.html");
        let hrefs: Vec<String> = select(&doc, "main a[href]")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .filter(|h| !h.starts_with('#') && !h.starts_with("/tags/"))
            .map(str::to_string)
            .collect();
        for (href, width) in [
            ("/blog/trip/photo.jpg.1600w.jpg", 1600),
            ("/blog/trip/menu%20scan.png.1000w.jpg", 1000),
            ("/people/owner.jpg.1600w.jpg", 1600),
        ] {
            assert!(hrefs.iter().any(|h| h == href), "{href} in {hrefs:?}");
            let file = percent_decode(href.trim_start_matches('/'));
            assert_eq!(decode(&out.bytes(&file)).width(), width, "{file}");
        }
        let team = out.html("team/index.html");
        assert_eq!(
            attr_of(&team, "main a[href^=\"/people\"]", "href"),
            "/people/owner.jpg.1600w.jpg"
        );
        assert!(!out.has("blog/trip/photo.jpg"), "the original stays home");
    };
    // The build checks every link: none is broken.
    check(&site.build_ok(&[]));
    // A warm build takes the post from the cache, and still makes what its links lead to.
    std::fs::remove_dir_all(site.path("public")).unwrap();
    check(&site.build_ok(&[]));

    let config = site.read("site.yaml") + "images:\n  publish_originals: true\n";
    site.write("site.yaml", config);
    let out = site.build_ok(&[]);
    let doc = out.html("blog/trip/index.html");
    assert!(
        select(&doc, "main a[href=\"/blog/trip/photo.jpg#top\"]").len() == 1,
        "with publish_originals a link leads to the original"
    );
    assert!(out.has("blog/trip/photo.jpg"));
}

fn percent_decode(s: &str) -> String {
    s.replace("%20", " ")
}

/// The home page's photo, the posts' cards, a gallery and the brand, as a site shows them.
#[test]
fn hero_cards_galleries_and_brand_in_the_html() {
    let site = Site::basic();
    let photo = |seed| photos::jpeg(&photos::pixels(1200, 800, seed), 85, Exif::default());
    site.write("static/shop.jpg", photo(1));
    for i in 1..=4 {
        site.write(&format!("posts/album/p{i}.jpg"), photo(i + 1));
    }
    site.write(
        "posts/album/index.md",
        "---\ntitle: Album\ndate: 2030-01-02\nimage_focus: top\n---\n\nFour photos.\n\n![One](p1.jpg)\n![Two](p2.jpg) ![Three](p3.jpg)\n\n```gallery\n![Four](p4.jpg)\n![One again](p1.jpg)\n```\n\n![Alone](p4.jpg) with text.\n",
    );
    site.write(
        "static/wide.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 240 40\" width=\"240\" height=\"40\"><rect width=\"240\" height=\"40\"/></svg>",
    );
    let config = site.read("site.yaml")
        + "hero:\n  image: static/shop.jpg\n  alt: \"The shop\"\n  focus: \"30% 40%\"\nbrand:\n  logo: wide.svg\n  logo_only: true\n  highlight: \"#f6e7b0\"\n";
    site.write("site.yaml", config);
    let run = site.build(&["--drafts"]);
    run.assert_success();
    let all = format!("{}{}", run.stdout, run.stderr);
    let logo_line = site
        .read("site.yaml")
        .lines()
        .position(|l| l.contains("logo: wide.svg"))
        .unwrap()
        + 1;
    assert!(
        all.contains(&format!("site.yaml:{logo_line}:9: `brand.logo` is 240x40")),
        "a wide logo made into the favicons is a warning at its line: {all}"
    );
    let out = site.out();
    let home = out.html("index.html");
    let hero = one(&home, ".hero-photo img");
    let attr = |e: &scraper::ElementRef, a: &str| e.value().attr(a).map(str::to_string);
    assert_eq!(attr(&hero, "fetchpriority").as_deref(), Some("high"));
    assert_eq!(attr(&hero, "loading"), None);
    assert_eq!(attr(&hero, "width").as_deref(), Some("1200"));
    assert_eq!(
        attr(&hero, "height").as_deref(),
        Some("800"),
        "cropped to 3:2"
    );
    assert_eq!(attr(&hero, "alt").as_deref(), Some("The shop"));
    assert!(
        attr(&hero, "style")
            .unwrap()
            .contains("object-position: 30% 40%")
    );
    let source = one(&home, ".hero-photo source");
    assert!(
        attr(&source, "srcset")
            .unwrap()
            .contains("/shop.jpg.736w.webp 736w")
    );
    assert!(attr(&source, "sizes").is_some());
    assert!(
        out.has("shop.jpg.1104w.webp") && !out.has("shop.jpg"),
        "no original"
    );
    // The brand: the logo alone, the name for screen readers; the highlight's band.
    let name = one(&home, ".brand .brand-text");
    assert!(attr(&name, "class").unwrap().contains("visually-hidden"));
    assert!(
        out.read("index.html")
            .contains(".band-cta{--highlight:#f6e7b0;")
    );
    // Cards: the post's first picture, 3:2, the first card on the blog eager, the rest
    // and every card on the home page lazy.
    let blog = out.html("blog/index.html");
    let cards = select(&blog, ".post-card-photo img");
    assert!(
        !cards.is_empty(),
        "the post with pictures has a card picture"
    );
    assert_eq!(
        attr(&cards[0], "src").as_deref(),
        Some("/blog/album/p1.jpg.1200w.jpg")
    );
    // Lazy unless it is the first card of the page.
    let first_card = select(&blog, ".post-card")[0];
    for img in select(&blog, ".post-card-photo img") {
        let is_first = first_card
            .select(&scraper::Selector::parse("img").unwrap())
            .any(|i| i == img);
        assert_eq!(attr(&img, "loading").is_none(), is_first);
    }
    assert_eq!(attr(&cards[0], "height").as_deref(), Some("800"));
    assert!(
        attr(&cards[0], "style").unwrap().contains("50% 0%"),
        "image_focus"
    );
    for card in select(&home, ".post-card-photo img") {
        assert_eq!(attr(&card, "loading").as_deref(), Some("lazy"));
        assert!(attr(&card, "width").is_some() && attr(&card, "height").is_some());
    }
    // Galleries: a paragraph of pictures alone, and a ```gallery block; a picture with
    // text stays a picture.
    let post = out.html("blog/album/index.html");
    let galleries = select(&post, ".post-content ul.gallery");
    assert_eq!(galleries.len(), 2, "{}", out.read("blog/album/index.html"));
    let links = select(&post, "ul.gallery > li > a");
    assert_eq!(links.len(), 5);
    assert_eq!(
        attr(&links[0], "href").as_deref(),
        Some("/blog/album/p1.jpg.1200w.webp"),
        "the largest light copy"
    );
    let first = one(&post, "ul.gallery img[alt=\"One\"]");
    assert_eq!(attr(&first, "fetchpriority").as_deref(), Some("high"));
    assert_eq!(attr(&first, "width").as_deref(), Some("1200"));
    let second = one(&post, "ul.gallery img[alt=\"Two\"]");
    assert_eq!(attr(&second, "loading").as_deref(), Some("lazy"));
    assert!(
        select(&post, "ul.gallery source")
            .iter()
            .all(|s| attr(s, "sizes").unwrap().contains("15rem"))
    );
    assert_eq!(
        select(&post, ".post-content p picture").len(),
        1,
        "with text: no gallery"
    );
}

#[test]
fn hero_errors_point_at_their_lines() {
    let site = Site::basic();
    let base = site.read("site.yaml");
    site.write(
        "site.yaml",
        base.clone() + "hero:\n  image: static/missing.jpg\n",
    );
    let run = site.build(&[]);
    let all = format!("{}{}", run.stdout, run.stderr);
    let hero_line = base.lines().count() + 1;
    assert!(
        all.contains(&format!(
            "site.yaml:{}:3: `hero` needs `alt`",
            hero_line + 1
        )),
        "{all}"
    );
    site.write(
        "site.yaml",
        base.clone() + "hero:\n  image: static/missing.jpg\n  alt: Shop\n",
    );
    let all = format!("{}{}", site.build(&[]).stdout, site.build(&[]).stderr);
    assert!(
        all.contains(&format!(
            "site.yaml:{}:10: `hero.image` \"missing.jpg\" not found in static/",
            hero_line + 1
        )),
        "{all}"
    );
    site.write(
        "site.yaml",
        base.clone() + "hero:\n  image: static/x.jpg\n  alt: Shop\n  fokus: top\n",
    );
    let all = format!("{}{}", site.build(&[]).stdout, site.build(&[]).stderr);
    assert!(
        all.contains("unknown field `fokus`: did you mean `focus`?"),
        "{all}"
    );
}
