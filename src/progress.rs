//! Progress on a terminal for builds that take a while: nothing for the first second (a
//! small site builds faster than a bar could be read), then the stage, the files and
//! images done of their total and the time left. Without a terminal (CI logs) it draws
//! nothing: the build ends with its one summary line.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress is drawn.
const QUIET: Duration = Duration::from_secs(1);

/// The progress of one build (cheap to share between threads).
#[derive(Clone, Debug)]
pub struct Progress {
    bar: ProgressBar,
    /// Files done and their total.
    files: Arc<(AtomicU64, AtomicU64)>,
    /// The bar counts images (the files are counted beside it).
    by_images: Arc<AtomicBool>,
}

impl Progress {
    /// Progress drawn on standard error after a second when `draw`, else never.
    pub fn new(draw: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if draw {
            let shown = bar.downgrade();
            std::thread::spawn(move || {
                std::thread::sleep(QUIET);
                if let Some(bar) = shown.upgrade()
                    && !bar.is_finished()
                {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(120));
                }
            });
        }
        Progress {
            bar,
            files: Arc::new((AtomicU64::new(0), AtomicU64::new(0))),
            by_images: Arc::new(AtomicBool::new(false)),
        }
    }

    /// A progress that is never drawn.
    pub fn hidden() -> Progress {
        Progress::new(false)
    }

    /// A new stage of `files` steps (None: not known), `images` of them images. With
    /// images, the bar and its time left follow the images (the slow part), and the files
    /// are counted beside it.
    pub fn stage(&self, name: &'static str, files: Option<u64>, images: u64) {
        let template = if images > 0 {
            "{spinner} {prefix:.bold} [{bar:30}] {pos}/{len} images, {msg} files ({eta} left)"
        } else if files.is_some() {
            "{spinner} {prefix:.bold} [{bar:30}] {pos}/{len} files ({eta} left)"
        } else {
            "{spinner} {prefix:.bold} {elapsed}"
        };
        self.bar.set_style(
            ProgressStyle::with_template(template)
                .expect("valid template")
                .progress_chars("=> "),
        );
        self.bar.set_prefix(name);
        self.bar.set_length(if images > 0 {
            images
        } else {
            files.unwrap_or(0)
        });
        self.bar.set_position(0);
        self.files.0.store(0, Ordering::Relaxed);
        self.files.1.store(files.unwrap_or(0), Ordering::Relaxed);
        self.by_images.store(images > 0, Ordering::Relaxed);
        self.bar.reset_eta();
        self.message();
    }

    /// One file done; `image`: the first file of an image (the one that made them all).
    pub fn step(&self, image: bool) {
        self.files.0.fetch_add(1, Ordering::Relaxed);
        if image || !self.by_images.load(Ordering::Relaxed) {
            self.bar.inc(1);
        }
        self.message();
    }

    fn message(&self) {
        let (done, total) = (
            self.files.0.load(Ordering::Relaxed),
            self.files.1.load(Ordering::Relaxed),
        );
        self.bar.set_message(format!("{done}/{total}"));
    }

    /// The build is over: the bar goes away.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
