//! `samizdat serve` over real sockets: the real binary on a temp copy of
//! `tests/fixtures/serve-basic`, a plain HTTP/1.1 client on std's
//! `TcpStream`, and a Server-Sent Events reader on `/__samizdat/events`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common;

/// Longest wait for anything after an edit.
const WAIT: Duration = Duration::from_secs(10);
/// Longest wait for the server to start (a debug build on a busy machine).
const START: Duration = Duration::from_secs(60);

/// A running `samizdat serve`; stopped (SIGTERM, then SIGKILL) on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    site: Arc<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM lets it remove its private folder.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn path(&self) -> &Path {
        self.site.path()
    }

    fn get(&self, target: &str) -> Reply {
        request(self.addr, "GET", target)
    }

    fn events(&self) -> Events {
        Events::connect(self.addr)
    }

    fn logs(&self) -> String {
        format!(
            "stdout:\n{}\nstderr:\n{}",
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        )
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Collects a child's output in the background, line by line.
fn collect(from: impl Read + Send + 'static, into: Arc<Mutex<String>>, lines: Option<std::sync::mpsc::Sender<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            into.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(tx) = &lines {
                let _ = tx.send(line);
            }
        }
    });
}

fn start_on(site: impl Into<Arc<tempfile::TempDir>>, port: u16, args: &[&str]) -> Server {
    start_with_env(site, port, args, &[])
}

/// [`start_on`], with environment variables set for serve.
fn start_with_env(
    site: impl Into<Arc<tempfile::TempDir>>,
    port: u16,
    args: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
) -> Server {
    let site = site.into();
    let mut child = Command::new(common::bin())
        .arg("serve")
        .arg("--root")
        .arg(site.path())
        .args(["--port", &port.to_string()])
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start samizdat serve");
    let stdout = Arc::new(Mutex::new(String::new()));
    let stderr = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = channel();
    collect(child.stdout.take().unwrap(), stdout.clone(), Some(tx));
    collect(child.stderr.take().unwrap(), stderr.clone(), None);
    let deadline = Instant::now() + START;
    let addr = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                if let Some(at) = line.find("http://") {
                    let hostport = line[at + 7..].split('/').next().unwrap();
                    break hostport.parse::<SocketAddr>().expect("printed address");
                }
            }
            Err(_) => {
                let _ = child.kill();
                panic!("serve printed no URL: stderr:\n{}", stderr.lock().unwrap());
            }
        }
    };
    Server {
        child,
        addr,
        stdout,
        stderr,
        site,
    }
}

/// Asserts that serve has made `n` full builds of the two-article
/// `serve-basic` site so far (its first build included).
fn assert_full_builds(server: &Server, n: usize) {
    let log = log_with(server, |log| log.matches("built 2 articles").count() >= n);
    assert_eq!(log.matches("built 2 articles").count(), n, "{log}");
}

/// serve's stderr so far, once `has` holds of it or two seconds passed.
/// serve prints a build's line before it sends the reload, but the line
/// reaches the log through a thread of this test's, so the reload may
/// come first.
fn log_with(server: &Server, has: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let log = server.stderr.lock().unwrap().clone();
        if has(&log) || Instant::now() > deadline {
            return log;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn start(args: &[&str]) -> Server {
    let site = common::copy_site(&common::fixture("serve-basic"));
    start_on(site, free_port(), args)
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Headers,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Decodes a chunked body, as far as it is complete.
#[derive(Default)]
struct Dechunk {
    buf: Vec<u8>,
}

impl Dechunk {
    fn feed(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.buf.extend_from_slice(bytes);
        let mut out = Vec::new();
        while let Some(line_end) = self.buf.windows(2).position(|w| w == b"\r\n") {
            let size_text = String::from_utf8_lossy(&self.buf[..line_end]).into_owned();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).expect("chunk size");
            let need = line_end + 2 + size + 2;
            if self.buf.len() < need {
                break;
            }
            out.extend_from_slice(&self.buf[line_end + 2..line_end + 2 + size]);
            self.buf.drain(..need);
        }
        out
    }
}

type Headers = Vec<(String, String)>;

/// Status, headers and where the body starts, once the head is complete.
fn split_head(raw: &[u8]) -> Option<(u16, Headers, usize)> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Some((status, headers, end + 4))
}

/// One request on a fresh connection; `target` is sent exactly as given.
fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    let mut s = TcpStream::connect_timeout(&addr, WAIT).expect("connect");
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let (status, headers, at) = split_head(&raw).unwrap_or_else(|| panic!("no response to {target}: {raw:?}"));
    let mut reply = Reply {
        status,
        headers,
        body: String::new(),
    };
    let body = if reply.header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        Dechunk::default().feed(&raw[at..])
    } else {
        raw[at..].to_vec()
    };
    reply.body = String::from_utf8_lossy(&body).into_owned();
    reply
}

/// The reload channel, read on a thread: (event, data) pairs.
struct Events {
    rx: Receiver<(String, String, String)>,
    /// What the server said on connecting (`ok` or `error`), and its id.
    hello: (String, String),
    hello_id: String,
    /// The `id` of the last event read: the build version.
    last_id: std::cell::RefCell<String>,
    _stream: TcpStream,
}

impl Events {
    fn connect(addr: SocketAddr) -> Self {
        let mut s = TcpStream::connect_timeout(&addr, WAIT).expect("connect");
        s.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            s,
            "GET /__samizdat/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        // Read the head: once it is here, the server has subscribed us.
        let mut raw = Vec::new();
        let mut byte = [0u8; 1];
        while !raw.ends_with(b"\r\n\r\n") {
            assert_eq!(s.read(&mut byte).expect("event stream head"), 1, "event stream closed");
            raw.push(byte[0]);
        }
        let (status, headers, _) = split_head(&raw).unwrap();
        assert_eq!(status, 200);
        assert!(
            headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case("content-type") && v.starts_with("text/event-stream")),
            "{headers:?}"
        );
        let chunked = headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
        let mut reader = s.try_clone().unwrap();
        reader.set_read_timeout(None).unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut dechunk = Dechunk::default();
            let mut text = String::new();
            let mut buf = [0u8; 4096];
            let (mut event, mut data, mut id) = (String::new(), Vec::<String>::new(), String::new());
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                let bytes = if chunked {
                    dechunk.feed(&buf[..n])
                } else {
                    buf[..n].to_vec()
                };
                text.push_str(&String::from_utf8_lossy(&bytes));
                while let Some(nl) = text.find('\n') {
                    let line = text[..nl].trim_end_matches('\r').to_string();
                    text.drain(..=nl);
                    if line.is_empty() {
                        if !data.is_empty() {
                            let name = if event.is_empty() {
                                "message".to_string()
                            } else {
                                event.clone()
                            };
                            if tx.send((name, data.join("\n"), id.clone())).is_err() {
                                return;
                            }
                        }
                        event.clear();
                        data.clear();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim_start().to_string();
                    } else if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim_start().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                    }
                }
            }
        });
        let (name, data, hello_id) = rx.recv_timeout(WAIT).expect("a first event on connecting");
        Events {
            rx,
            hello: (name, data),
            last_id: std::cell::RefCell::new(hello_id.clone()),
            hello_id,
            _stream: s,
        }
    }

    /// The next event within `timeout`, if any.
    fn next(&self, timeout: Duration) -> Option<(String, String)> {
        let (name, data, id) = self.rx.recv_timeout(timeout).ok()?;
        *self.last_id.borrow_mut() = id;
        Some((name, data))
    }

    /// Waits for an event named `name`; returns its data and the events
    /// that came before it.
    fn wait(&self, name: &str, server: &Server) -> (String, Vec<(String, String)>) {
        let deadline = Instant::now() + WAIT;
        let mut before = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next(left) {
                Some((n, d)) if n == name => return (d, before),
                Some(other) => before.push(other),
                None => panic!("no `{name}` event within {WAIT:?}; got {before:?}\n{}", server.logs()),
            }
        }
    }

    /// Events that come within `quiet`.
    fn drain(&self, quiet: Duration) -> Vec<(String, String)> {
        let mut got = Vec::new();
        while let Some(e) = self.next(quiet) {
            got.push(e);
        }
        got
    }
}

/// An issue's EPUB edition (`[print] epub = true`) is served as one, and
/// written again with its text when the text is saved.
#[test]
fn an_edition_is_served_and_follows_its_text() {
    let site = common::copy_site(&common::fixture("serve-basic"));
    common::add_config(site.path(), "[print]\nepub = true");
    let server = start_on(site, free_port(), &[]);
    let epub = server.get("/notes/print/notes.epub");
    assert_eq!(epub.status, 200, "{}", server.logs());
    assert_eq!(epub.header("content-type"), Some("application/epub+zip"));
    // A ZIP file whose first file is `mimetype`, stored.
    assert!(epub.body.starts_with("PK\u{3}\u{4}"), "not a ZIP file");
    assert!(epub.body.contains("mimetypeapplication/epub+zip"), "not an EPUB");
    let section = server.get("/notes/");
    assert!(
        section.body.contains("href=\"../notes/print/notes.epub\""),
        "{}",
        section.body
    );
    let events = server.events();
    common::write(
        server.path(),
        "content/notes/one.md",
        &article("Note one", "Now it says QUILL."),
    );
    events.wait("reload", &server);
    // The page, the print page, the feed and the edition.
    let changed = "rebuilt 1 article(s), 4 file(s) changed";
    let log = log_with(&server, |log| log.contains(changed));
    assert!(log.contains(changed), "{log}");
    let again = server.get("/notes/print/notes.epub");
    assert_eq!(again.status, 200);
    assert_ne!(again.body, epub.body, "the edition was not written again");
    // The first build alone: the save was followed in place.
    assert_full_builds(&server, 1);
}

/// The build version a served page carries.
fn version_of(html: &str) -> String {
    let at = html.find("data-version=\"").expect("a data-version") + 14;
    html[at..].split('"').next().unwrap().to_string()
}

fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nauthor: A. Writer\ndate: 2024-01-02\nweight: 1\n---\n\n{body}\n")
}

/// `path:line:col:` in a problem line, with the numbers.
fn place_of(problem: &str, file: &str) -> Option<(usize, usize)> {
    let at = problem.find(file)? + file.len();
    let mut parts = problem[at..].strip_prefix(':')?.splitn(3, ':');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

#[test]
fn saving_an_article_reloads_with_the_new_text() {
    let server = start(&[]);
    let page = server.get("/notes/one/");
    assert_eq!(page.status, 200, "{}", server.logs());
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(page.body.contains("The first note says hello"), "{}", page.body);
    assert!(page
        .body
        .contains("<script src=\"/__samizdat/reload.js\" data-version=\""));
    let version = version_of(&page.body);
    let events = server.events();
    assert_eq!(events.hello.0, "ok");
    assert_eq!(events.hello_id, version);

    // In place, body only: the incremental path.
    common::write(
        server.path(),
        "content/notes/one.md",
        &article("Note one", "Now it says QUILL."),
    );
    let (_, before) = events.wait("reload", &server);
    assert!(before.iter().all(|(n, _)| n != "error"), "{before:?}");
    let page = server.get("/notes/one/");
    assert!(page.body.contains("Now it says QUILL."), "{}", page.body);
    // Each reload is a new version; a tab served the old one that missed
    // the reload (still loading, or hidden) hears the new one on connecting.
    let newer = events.last_id.borrow().clone();
    assert_ne!(newer, version);
    assert_eq!(version_of(&page.body), newer);
    assert_eq!(server.events().hello_id, newer);
    assert!(!page.body.contains("says hello"));
    assert!(server.get("/notes/print/").body.contains("Now it says QUILL."));
    // The site's feed carries it whole.
    let feed = server.get("/atom.xml");
    assert_eq!(feed.header("content-type"), Some("application/xml"));
    assert!(feed.body.contains("Now it says QUILL."), "{}", feed.body);
    // ... re-rendered alone, only the files that changed written (the
    // page, the print page and the feed).
    let changed = "rebuilt 1 article(s), 3 file(s) changed";
    let log = log_with(&server, |log| log.contains(changed));
    assert!(log.contains(changed), "{log}");

    // A new author: the listings above change too, still in place.
    common::write(
        server.path(),
        "content/notes/one.md",
        &article("Note one", "Now it says QUILL.").replace("A. Writer", "Zora Quill"),
    );
    events.wait("reload", &server);
    assert!(server.get("/notes/one/").body.contains("Zora Quill"));
    assert!(server.get("/notes/").body.contains("Zora Quill"));
    assert!(server.get("/").body.contains("Zora Quill"));
    assert_full_builds(&server, 1);

    // A new title (every link to the article shows it): still in place;
    // the listing and the next article's link have it.
    common::write(
        server.path(),
        "content/notes/one.md",
        &article("Note uno", "Now it says QUILL."),
    );
    events.wait("reload", &server);
    assert!(server.get("/notes/").body.contains("Note uno"));
    assert!(server.get("/notes/two/").body.contains("Note uno"));
    assert_full_builds(&server, 1);

    // A new place in the order: in place too.
    common::write(
        server.path(),
        "content/notes/one.md",
        &article("Note uno", "Now it says QUILL.").replace("weight: 1", "weight: 3"),
    );
    events.wait("reload", &server);
    let notes = server.get("/notes/").body;
    assert!(notes.find("Note two").unwrap() < notes.find("Note uno").unwrap());
    assert!(server.get("/notes/two/").body.contains("rel=\"next\""));
    assert_full_builds(&server, 1);

    // A new slug (a new address): in place too; the old address is gone.
    common::write(
        server.path(),
        "content/notes/one.md",
        &article("Note uno", "Now it says QUILL.")
            .replace("weight: 1", "weight: 3")
            .replace("---\n\n", "slug: uno\n---\n\n"),
    );
    events.wait("reload", &server);
    assert!(server.get("/notes/uno/").body.contains("QUILL"));
    assert_eq!(server.get("/notes/one/").status, 404);
    let notes = server.get("/notes/").body;
    assert!(
        notes.contains("href=\"../notes/uno/\"") && !notes.contains("/one/\""),
        "{notes}"
    );
    assert_full_builds(&server, 1);

    // The site's configuration: a full build.
    let config = std::fs::read_to_string(server.path().join("book.toml")).unwrap();
    common::write(
        server.path(),
        "book.toml",
        &config.replace("Serve fixture", "Serve fixture, renamed"),
    );
    events.wait("reload", &server);
    assert!(server.get("/").body.contains("Serve fixture, renamed"));
    assert_full_builds(&server, 2);
    // ... which takes the articles' bodies as last rendered: their
    // Markdown did not change.
    let log = server.stderr.lock().unwrap().clone();
    assert!(log.contains("(2 bodies reused"), "{log}");

    // serve never writes the site's own output folder.
    assert!(!server.path().join("public").exists());
}

/// The private folder a server announced (on stderr, just after the URL
/// on stdout: waits for it).
fn private_folder(server: &Server) -> std::path::PathBuf {
    let deadline = Instant::now() + WAIT;
    loop {
        let log = server.stderr.lock().unwrap().clone();
        if let Some(line) = log
            .lines()
            .find(|l| l.starts_with("private output in ") && l.contains(';'))
        {
            let rest = &line["private output in ".len()..];
            return std::path::PathBuf::from(&rest[..rest.find(';').unwrap()]);
        }
        assert!(
            Instant::now() < deadline,
            "no private folder announced: {}",
            server.logs()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn two_serves_of_one_site_keep_to_their_own_folders() {
    let first = start(&[]);
    let second = start_on(first.site.clone(), free_port(), &[]);
    let (a, b) = (private_folder(&first), private_folder(&second));
    assert_ne!(a, b, "each serve builds into a folder of its own");
    assert!(b.to_string_lossy().ends_with("-2"), "{}", b.display());
    // An edit reaches both, and neither sweeps the other's build away.
    let (ea, eb) = (first.events(), second.events());
    common::write(
        first.path(),
        "content/notes/one.md",
        &article("Note one", "Both see BOTH."),
    );
    ea.wait("reload", &first);
    eb.wait("reload", &second);
    for server in [&first, &second] {
        assert!(
            server.get("/notes/one/").body.contains("Both see BOTH."),
            "{}",
            server.logs()
        );
    }
    // Stopping the second leaves the first's folder and pages alone.
    drop(second);
    assert!(!b.exists(), "the second removed its folder on SIGTERM");
    assert!(a.exists());
    assert!(first.get("/notes/one/").body.contains("Both see BOTH."));
}

/// `--open` hands the served URL to the desktop's opener (`xdg-open` here;
/// a stand-in on PATH records what it was given), once the site is up.
#[cfg(target_os = "linux")]
#[test]
fn open_hands_the_url_to_the_desktops_opener() {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.path().to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let site = common::copy_site(&common::fixture("serve-basic"));
    let server = start_with_env(site, free_port(), &["--open"], &[("PATH", path.as_os_str())]);
    let deadline = Instant::now() + Duration::from_secs(10);
    let url = loop {
        match std::fs::read_to_string(&opened) {
            Ok(url) if !url.is_empty() => break url,
            _ => assert!(Instant::now() < deadline, "the opener was never run\n{}", server.logs()),
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(url, format!("http://{}/", server.addr));
    let home = server.get("/");
    assert_eq!(home.status, 200);
    // Without --open, nothing is opened.
    std::fs::remove_file(&opened).unwrap();
    let site = common::copy_site(&common::fixture("serve-basic"));
    let quiet = start_with_env(site, free_port(), &[], &[("PATH", path.as_os_str())]);
    assert_eq!(quiet.get("/").status, 200);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!opened.exists());
}

#[test]
fn editor_save_patterns_give_one_reload_and_temp_files_none() {
    let server = start(&[]);
    let events = server.events();
    let notes = server.path().join("content/notes");

    // Lock, swap and backup files alone: nothing to rebuild.
    common::write(&notes, ".#one.md", "lock");
    common::write(&notes, ".one.md.swp", "swap");
    common::write(&notes, "one.md~", "backup");
    common::write(&notes, "#one.md#", "autosave");
    let got = events.drain(Duration::from_millis(700));
    assert!(got.is_empty(), "{got:?}\n{}", server.logs());

    // vim: probe file, rename the original to a backup, write anew.
    common::write(&notes, "4913", "");
    std::fs::remove_file(notes.join("4913")).unwrap();
    std::fs::rename(notes.join("one.md"), notes.join("one.md~")).unwrap();
    common::write(&notes, "one.md", &article("Note one", "Saved the vim way."));
    let (_, before) = events.wait("reload", &server);
    assert!(before.iter().all(|(n, _)| n != "error"), "{before:?}");
    assert!(server.get("/notes/one/").body.contains("Saved the vim way."));

    // Write to a temp file, rename it over the article.
    common::write(&notes, "one.md.tmp-1234", &article("Note one", "Saved by rename."));
    std::fs::rename(notes.join("one.md.tmp-1234"), notes.join("one.md")).unwrap();
    events.wait("reload", &server);
    assert!(server.get("/notes/one/").body.contains("Saved by rename."));

    // A burst of writes: debounced into one rebuild.
    for i in 0..5 {
        common::write(&notes, "one.md", &article("Note one", &format!("Burst {i}.")));
    }
    events.wait("reload", &server);
    let more = events.drain(Duration::from_millis(700));
    let reloads = 1 + more.iter().filter(|(n, _)| n == "reload").count();
    assert!(reloads <= 2, "{reloads} reloads for one burst: {more:?}");
    assert!(server.get("/notes/one/").body.contains("Burst 4."));
}

#[test]
fn articles_and_folders_appear_and_disappear() {
    let server = start(&[]);
    let events = server.events();
    let site = server.path();
    assert_eq!(server.get("/notes/three/").status, 404);

    common::write(site, "content/notes/three.md", &article("Note three", "A third note."));
    events.wait("reload", &server);
    let page = server.get("/notes/three/");
    assert_eq!(page.status, 200, "{}", server.logs());
    assert!(page.body.contains("A third note."));
    assert!(server.get("/notes/").body.contains("Note three"));

    std::fs::remove_file(site.join("content/notes/three.md")).unwrap();
    events.wait("reload", &server);
    assert_eq!(server.get("/notes/three/").status, 404);
    assert!(!server.get("/notes/").body.contains("Note three"));

    std::fs::rename(site.join("content/notes/two.md"), site.join("content/notes/deux.md")).unwrap();
    events.wait("reload", &server);
    assert_eq!(server.get("/notes/two/").status, 404);
    assert_eq!(server.get("/notes/deux/").status, 200);

    // A folder made in one go, then removed whole.
    let essays = site.join("content/essays");
    std::fs::create_dir(&essays).unwrap();
    common::write(&essays, "_index.md", "---\ntitle: Essays\n---\n");
    common::write(&essays, "long.md", &article("A long essay", "It goes on."));
    events.wait("reload", &server);
    let deadline = Instant::now() + WAIT;
    while server.get("/essays/long/").status != 200 {
        assert!(Instant::now() < deadline, "{}", server.logs());
        events.wait("reload", &server);
    }
    // (A reload of the folder's making may still be on its way: the one
    // after which it is gone is waited for, as the one it came with was.)
    std::fs::remove_dir_all(&essays).unwrap();
    let deadline = Instant::now() + WAIT;
    loop {
        events.wait("reload", &server);
        if server.get("/essays/long/").status == 404 {
            break;
        }
        assert!(Instant::now() < deadline, "{}", server.logs());
    }
    assert_eq!(server.get("/essays/").status, 404);
}

/// The text of an author's page made, described anew, made a draft,
/// published and deleted: each followed in place (no full build after
/// the first), its page and the index of authors showing it as it is.
#[test]
fn an_author_s_text_comes_changes_and_goes_in_place() {
    let server = start(&[]);
    let events = server.events();
    let site = server.path();
    let bio = |description: &str, draft: &str| {
        format!("---\ndescription: {description}\n{draft}---\n\nShe kept *the ledger*.\n")
    };
    let text = "content/authors/a-writer.md";
    common::write(site, text, &bio("A bookkeeper.", ""));
    events.wait("reload", &server);
    let page = server.get("/authors/a-writer/");
    assert!(page.body.contains("<em>the ledger</em>"), "{}", server.logs());
    assert!(server.get("/authors/").body.contains("A bookkeeper."));

    common::write(site, text, &bio("A bookkeeper and printer.", ""));
    events.wait("reload", &server);
    assert!(server.get("/authors/").body.contains("A bookkeeper and printer."));

    common::write(site, text, &bio("A bookkeeper and printer.", "draft: true\n"));
    events.wait("reload", &server);
    assert!(!server.get("/authors/a-writer/").body.contains("the ledger"));
    assert!(!server.get("/authors/").body.contains("A bookkeeper"));

    common::write(site, text, &bio("A printer.", ""));
    events.wait("reload", &server);
    assert!(server.get("/authors/a-writer/").body.contains("<em>the ledger</em>"));

    std::fs::remove_file(site.join(text)).unwrap();
    events.wait("reload", &server);
    assert!(!server.get("/authors/a-writer/").body.contains("the ledger"));
    assert!(!server.get("/authors/").body.contains("A printer."));
    assert_eq!(server.get("/authors/a-writer/").status, 200);
    assert_full_builds(&server, 1);
}

#[test]
fn a_broken_save_shows_its_problems_and_keeps_the_last_good_page() {
    let server = start(&[]);
    let events = server.events();
    let site = server.path();

    // Bad YAML: an error at its line; the old page stays, with the overlay.
    common::write(
        site,
        "content/notes/one.md",
        "---\ntitle: Note one\ntags: [unclosed, list\nweight: 1\n---\n\nNever shown.\n",
    );
    let (data, _) = events.wait("error", &server);
    let problems: Vec<String> = serde_json::from_str(&data).expect("JSON list");
    let problem = problems
        .iter()
        .find(|p| p.contains("one.md"))
        .unwrap_or_else(|| panic!("{problems:?}"));
    let (line, col) = place_of(problem, "content/notes/one.md").unwrap_or_else(|| panic!("{problem}"));
    assert!((3..=5).contains(&line) && col >= 1, "{problem}");
    assert!(problem.contains("error: invalid YAML"), "{problem}");
    let page = server.get("/notes/one/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The first note says hello"));
    assert!(!page.body.contains("Never shown."));
    assert!(
        page.body.contains("id=\"samizdat-errors\""),
        "served pages carry the overlay"
    );
    assert!(page.body.contains("invalid YAML"));
    // A tab opened now gets the problems on connecting.
    let late = server.events();
    assert_eq!(late.hello.0, "error");
    assert!(late.hello.1.contains("one.md"));

    // Fixed: `ok`, then the reload, and the new page.
    common::write(site, "content/notes/one.md", &article("Note one", "Fixed at last."));
    let (_, before) = events.wait("reload", &server);
    assert!(before.iter().any(|(n, _)| n == "ok"), "{before:?}");
    let page = server.get("/notes/one/");
    assert!(page.body.contains("Fixed at last."));
    assert!(!page.body.contains("samizdat-errors"));

    // A template error, from the site's own templates/.
    common::write(
        site,
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.content | nosuchfilter }}{% endblock %}",
    );
    let (data, _) = events.wait("error", &server);
    assert!(data.contains("error"), "{data}");
    assert!(server.get("/notes/one/").body.contains("Fixed at last."));
    std::fs::remove_file(site.join("templates/article.html")).unwrap();
    let (_, before) = events.wait("reload", &server);
    assert!(before.iter().any(|(n, _)| n == "ok"), "{before:?}");

    // An unclosed interjection is a warning: the page updates and the
    // problem is listed at its line and column.
    common::write(
        site,
        "content/notes/one.md",
        &article("Note one", "Before.\n\nAn aside [ed. – never closed.\n"),
    );
    let (data, before) = events.wait("error", &server);
    assert!(before.iter().any(|(n, _)| n == "reload"), "{before:?}");
    let problems: Vec<String> = serde_json::from_str(&data).unwrap();
    let (line, col) = place_of(&problems[0], "content/notes/one.md").unwrap_or_else(|| panic!("{problems:?}"));
    assert_eq!((line, col), (10, 10), "{problems:?}");
    assert!(problems[0].contains("warning: unclosed `[ed. –`"), "{problems:?}");
    common::write(
        site,
        "content/notes/one.md",
        &article("Note one", "Closed [ed. – now] again."),
    );
    let (_, before) = events.wait("reload", &server);
    assert!(before.iter().any(|(n, _)| n == "ok"), "{before:?}");
    assert!(server.get("/notes/one/").body.contains("again."));
}

#[test]
fn stylesheet_changes_restyle_without_a_reload() {
    let server = start(&[]);
    let events = server.events();
    common::write(server.path(), "static/extra.css", ".fixture-extra { color: teal; }\n");
    let (_, before) = events.wait("css", &server);
    assert!(before.iter().all(|(n, _)| n != "reload"), "{before:?}");
    let css = server.get("/extra.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css.body.contains("teal"));
}

#[test]
fn only_the_output_folder_is_served() {
    let server = start(&[]);
    for target in [
        "/../book.toml",
        "/%2e%2e/book.toml",
        "/%2E%2E/book.toml",
        "/..%2fbook.toml",
        "/%2e%2e%2fbook.toml",
        "/notes/../../book.toml",
        "/a\\..\\..\\book.toml",
        "/%5c..%5cbook.toml",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/%2fetc%2fpasswd",
        "../book.toml",
    ] {
        let r = server.get(target);
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
        assert!(!r.body.contains("[site]") && !r.body.contains("root:"), "{target}");
    }
    // An address with nothing there: the site's page for it, as a static
    // host shows it, with the reload script.
    let r = server.get("/no/such/text/");
    assert_eq!(r.status, 404);
    assert!(
        r.body.contains("<h1 class=\"home-title\">Page not found</h1>")
            && r.body.contains("href=\"/style.css\"")
            && r.body.contains("/__samizdat/reload.js"),
        "{}",
        r.body
    );
    let r = server.get("/notes");
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/notes/"));
    assert_eq!(
        server.get("/fonts/").status,
        404,
        "no listing for a folder without index.html"
    );
    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/notes/", "text/html; charset=utf-8"),
        ("/extra.css", "text/css; charset=utf-8"),
        ("/notes/figure.svg", "image/svg+xml"),
        ("/fonts/plain.woff2", "font/woff2"),
        ("/__samizdat/reload.js", "text/javascript; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(kind), "{path}");
    }
    assert!(server.get("/__samizdat/reload.js").body.contains("EventSource"));
    assert_eq!(request(server.addr, "POST", "/").status, 405);
}

#[test]
fn a_site_whose_base_url_has_a_folder_is_served_there_too() {
    // The page for missing addresses links from the site's root as the
    // host will have it (`/zine/`): its links lead somewhere under serve.
    let site = common::copy_site(&common::fixture("serve-basic"));
    common::add_site_keys(site.path(), "base_url = \"https://example.org/zine/\"");
    let server = start_on(site, free_port(), &[]);
    let missing = server.get("/no/such/text/");
    assert_eq!(missing.status, 404);
    let doc = scraper::Html::parse_document(&missing.body);
    let hrefs: Vec<String> = common::select(&doc, "a[href]")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(hrefs.iter().any(|h| h == "/zine/"), "{hrefs:?}");
    for href in hrefs.iter().filter(|h| h.starts_with('/')) {
        assert_eq!(server.get(href).status, 200, "{href}, from the 404 page");
    }
    assert!(missing.body.contains("href=\"/zine/style.css\""), "{}", missing.body);
    assert_eq!(server.get("/zine/style.css").status, 200);
    // The same pages at the root and under the folder.
    let (at_root, under) = (server.get("/notes/"), server.get("/zine/notes/"));
    assert_eq!((at_root.status, under.status), (200, 200));
    assert_eq!(at_root.body, under.body);
    let r = server.get("/zine");
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/zine/"));
    assert_eq!(server.get("/zine/no/such/text/").status, 404);
    assert_eq!(server.get("/zinefoo/").status, 404);

    // A new `base_url` saved: the site moves to its folder.
    let events = server.events();
    let config = common::read(&server.path().join("book.toml"));
    common::write(server.path(), "book.toml", &config.replace("/zine/", "/journal/"));
    events.wait("reload", &server);
    assert_eq!(server.get("/journal/notes/").status, 200);
    assert_eq!(server.get("/zine/notes/").status, 404);
    assert!(server.get("/no/such/text/").body.contains("href=\"/journal/\""));
}

/// This machine's address on its outbound network, if it has one.
fn outbound_ip() -> Option<std::net::IpAddr> {
    let s = UdpSocket::bind("0.0.0.0:0").ok()?;
    s.connect("192.0.2.1:9").ok()?;
    let ip = s.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn listens_on_loopback_only_unless_told() {
    let server = start(&[]);
    assert_eq!(server.addr.ip(), Ipv4Addr::LOCALHOST);
    assert!(TcpStream::connect_timeout(&server.addr, WAIT).is_ok());
    assert!(!server.stdout.lock().unwrap().contains("network"));
    let port = server.addr.port();
    // Bound to 127.0.0.1 only, not 0.0.0.0: other addresses are refused.
    #[cfg(target_os = "linux")]
    assert!(TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 2], port)), Duration::from_secs(2)).is_err());
    if let Some(ip) = outbound_ip() {
        assert!(TcpStream::connect_timeout(&SocketAddr::new(ip, port), Duration::from_secs(2)).is_err());
    }

    let open = start(&["--bind", "0.0.0.0"]);
    let deadline = Instant::now() + WAIT;
    while !open.stdout.lock().unwrap().contains("reachable from the network") {
        assert!(Instant::now() < deadline, "{}", open.logs());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_taken_port_moves_to_the_next() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = common::copy_site(&common::fixture("serve-basic"));
    let server = start_on(site, port, &[]);
    assert_ne!(server.addr.port(), port);
    // stderr is read on its own thread: give it the time to catch up.
    let said = format!("port {port} is taken");
    let deadline = Instant::now() + WAIT;
    while !server.stderr.lock().unwrap().contains(&said) {
        assert!(Instant::now() < deadline, "{}", server.logs());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn build_output_never_has_the_reload_script() {
    let (site, out) = common::build_fixture("serve-basic");
    assert!(out.status.success(), "{}", common::stderr(&out));
    let mut html = 0;
    for entry in walkdir::WalkDir::new(site.path().join("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__samizdat"),
                "{}",
                entry.path().display()
            );
            html += usize::from(entry.path().extension().is_some_and(|e| e == "html"));
        }
    }
    assert!(html >= 4, "{html} pages");
}

/// Evaluates `js` in the page until it is `true` (page loads in between
/// are fine); panics after [`WAIT`].
fn until(browser: &mut crate::cdp::Browser, js: &str, server: &Server) {
    let deadline = Instant::now() + WAIT;
    loop {
        if browser.eval(&format!(
            "(() => {{ try {{ return !!({js}); }} catch (e) {{ return false; }} }})()"
        )) == serde_json::Value::Bool(true)
        {
            return;
        }
        assert!(Instant::now() < deadline, "never true: {js}\n{}", server.logs());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_reload_script_in_a_browser() {
    let site = common::copy_site(&common::fixture("serve-basic"));
    // A long article to scroll in, and a site stylesheet over the theme's.
    let long: String = (0..120).map(|i| format!("Paragraph {i} of a long note.\n\n")).collect();
    common::write(site.path(), "content/notes/one.md", &article("Note one", &long));
    common::write(site.path(), "static/style.css", "body { color: rgb(0, 0, 0); }\n");
    let server = start_on(site, free_port(), &[]);
    let mut b = crate::cdp::Browser::launch();
    b.set_viewport(800, 600);
    b.navigate(&format!("http://{}/notes/one/", server.addr));
    until(&mut b, "window.__samizdat.connected", &server);

    // A save reloads the page at the same place.
    b.eval("window.scrollTo(0, 900); window.marker = 1; true");
    until(&mut b, "window.scrollY === 900", &server);
    let long2 = format!("{long}Freshly saved words.\n");
    common::write(server.path(), "content/notes/one.md", &article("Note one", &long2));
    until(
        &mut b,
        "document.body.innerText.includes('Freshly saved words.')",
        &server,
    );
    until(
        &mut b,
        "window.marker === undefined && Math.abs(window.scrollY - 900) < 2",
        &server,
    );
    until(&mut b, "window.__samizdat.connected", &server);

    // A stylesheet edit restyles the page without reloading it.
    b.eval("window.marker = 2; true");
    common::write(server.path(), "static/style.css", "body { color: rgb(1, 2, 3); }\n");
    until(
        &mut b,
        "getComputedStyle(document.body).color === 'rgb(1, 2, 3)'",
        &server,
    );
    assert_eq!(b.eval("window.marker"), serde_json::json!(2), "restyled, not reloaded");
    assert_eq!(
        b.eval("document.querySelector('link[rel=stylesheet]').href.includes('samizdat=')"),
        serde_json::json!(true)
    );

    // A broken save: the overlay names the file, line and column.
    common::write(
        server.path(),
        "content/notes/one.md",
        "---\ntitle: Note one\ntags: [unclosed\n---\n\nNever shown.\n",
    );
    let overlay = "document.getElementById('samizdat-overlay').shadowRoot.textContent";
    until(
        &mut b,
        &format!("/one\\.md:\\d+:\\d+: error: invalid YAML/.test({overlay})"),
        &server,
    );
    assert_eq!(
        b.eval("document.body.innerText.includes('Freshly saved words.')"),
        serde_json::json!(true),
        "the last good page stays"
    );
    // Loading a page while the build is broken shows it at once.
    b.navigate(&format!("http://{}/notes/two/", server.addr));
    until(&mut b, &format!("{overlay}.includes('invalid YAML')"), &server);

    // Fixed: the overlay goes, the page shows the new text.
    common::write(server.path(), "content/notes/one.md", &article("Note one", "Mended."));
    until(&mut b, "!document.getElementById('samizdat-overlay')", &server);
    b.navigate(&format!("http://{}/notes/one/", server.addr));
    assert_eq!(
        b.eval("document.body.innerText.includes('Mended.')"),
        serde_json::json!(true)
    );
}
