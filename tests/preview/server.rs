//! The real `frontdesk serve` on a free port, and raw HTTP/1.1 requests to it.
#![allow(dead_code)] // Each test crate uses a different subset.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    pub addr: String,
    pub dir: tempfile::TempDir,
    /// What serve printed on stdout after its address, line by line.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Waits (at most 10 s) for a line of the log containing `needle`.
    pub fn log_line(&self, needle: &str) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self
                .log
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains(needle))
                .cloned();
            if found.is_some() || Instant::now() > deadline {
                return found;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

pub fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, text).unwrap();
    p
}

pub fn post(title: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2024-05-01\ntags: [news]\n---\nBody of the post.\n")
}

pub fn start() -> Server {
    start_with(&[])
}

pub fn start_with(extra: &[&str]) -> Server {
    start_site::<&str>(extra, &[])
}

/// Starts serve on the test site, with `files` written over it first.
pub fn start_site<T: AsRef<[u8]>>(extra: &[&str], files: &[(&str, T)]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "site.yaml",
        "title: Serve test\nbase_url: https://serve.example/\n",
    );
    write(
        d,
        "contact.yaml",
        "business: Serve test\nperson: {name: Ann}\nemail: ann@serve.example\nphone: \"+1 555 0100\"\n",
    );
    write(
        d,
        "suggestions.yaml",
        "endpoint: https://formspree.io/f/x\nquestions:\n  - {name: suggestion, label: What could we do better?, type: textarea, required: true}\n",
    );
    write(d, "posts/hello.md", &post("First title"));
    write(d, "static/ok.txt", "fine");
    for (rel, bytes) in files {
        let p = d.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, bytes).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["serve", d.to_str().unwrap(), "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(i) = line.find("http://127.0.0.1:") {
            break line[i + 7..]
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .to_string();
        }
    };
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    Server {
        child,
        addr,
        dir,
        log,
    }
}

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

pub fn request(addr: &str, raw_head: &str, body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(raw_head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

pub fn get(addr: &str, path: &str) -> Reply {
    request(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        b"",
    )
}

pub fn wait_for(addr: &str, path: &str, what: &str, pred: impl Fn(&Reply) -> bool) -> Reply {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let r = get(addr, path);
        if pred(&r) {
            return r;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what} at {path}; last reply {}: {}",
            r.status,
            &r.body[..r.body.len().min(400)]
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
