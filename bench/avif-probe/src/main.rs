//! WebP against AVIF encode time and size for one 1600x1200 image (see Cargo.toml).
use std::time::Instant;
fn main() {
    let (w, h) = (1600usize, 1200usize);
    let mut state = 12345u64;
    let mut px = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            let n = (state % 17) as i32 - 8;
            let c = |v: i32| (v + n).clamp(0, 255) as u8;
            px.push(rgb::RGB8::new(c((x * 255 / w) as i32), c((y * 255 / h) as i32), c(128)));
        }
    }
    let flat: Vec<u8> = px.iter().flat_map(|p| [p.r, p.g, p.b]).collect();
    let t = Instant::now();
    let out = webp::Encoder::from_rgb(&flat, w as u32, h as u32).encode(80.0);
    println!("webp q80: {:.0} ms, {} bytes", t.elapsed().as_secs_f64() * 1000.0, out.len());
    for speed in [10u8, 8, 6] {
        let t = Instant::now();
        let img = ravif::Img::new(px.as_slice(), w, h);
        let res = ravif::Encoder::new().with_quality(70.0).with_speed(speed).with_num_threads(Some(1)).encode_rgb(img).unwrap();
        println!("avif speed {speed} q70: {:.0} ms, {} bytes", t.elapsed().as_secs_f64() * 1000.0, res.avif_file.len());
    }
}
