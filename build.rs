// The default theme and the starter site are embedded with include_dir; rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-changed=site");
}
