//! Progress on a terminal for builds that take a while: nothing for the first second (a
//! small site builds faster than a bar could be read), then the stage, the files and
//! images done of their total and the time left. Without a terminal (CI logs) it draws
//! nothing: the build ends with its one summary line.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress is drawn.
const QUIET: Duration = Duration::from_secs(1);

/// The progress of one build (cheap to share between threads).
#[derive(Clone, Debug)]
pub struct Progress {
    bar: ProgressBar,
    images: Arc<(AtomicU64, AtomicU64)>,
}

impl Progress {
    /// Progress drawn on standard error after a second when `draw`, else never.
    pub fn new(draw: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {prefix:.bold} [{bar:30}] {pos}/{len} files {msg} ({eta} left)",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
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
            images: Arc::new((AtomicU64::new(0), AtomicU64::new(0))),
        }
    }

    /// A progress that is never drawn.
    pub fn hidden() -> Progress {
        Progress::new(false)
    }

    /// A new stage of `total` steps (None: not known).
    pub fn stage(&self, name: &'static str, total: Option<u64>, images: u64) {
        self.bar.set_prefix(name);
        self.bar.set_length(total.unwrap_or(0));
        self.bar.set_position(0);
        self.images.0.store(0, Ordering::Relaxed);
        self.images.1.store(images, Ordering::Relaxed);
        self.bar.reset_eta();
        self.image_message();
    }

    /// One step done; `image`: it was an image's file.
    pub fn step(&self, image: bool) {
        if image {
            self.images.0.fetch_add(1, Ordering::Relaxed);
            self.image_message();
        }
        self.bar.inc(1);
    }

    fn image_message(&self) {
        let total = self.images.1.load(Ordering::Relaxed);
        if total > 0 {
            let done = self.images.0.load(Ordering::Relaxed);
            self.bar.set_message(format!("(images {done}/{total})"));
        } else {
            self.bar.set_message("");
        }
    }

    /// The build is over: the bar goes away.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
