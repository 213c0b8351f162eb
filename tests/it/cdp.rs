//! A small, synchronous Chrome DevTools Protocol client for the browser tests:
//! launches Debian's headless Chromium on a fresh profile, opens one page
//! target over plain `ws://`, and drives it (navigate, evaluate, viewport,
//! print emulation, PDF, screenshot). The browser is closed on drop.

#![allow(dead_code, reason = "each test uses a different part")]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

const NOT_FOUND: &str = "chromium not found: run scripts/test.sh (it installs Debian's chromium \
                         and poppler-utils) or apt-get install chromium poppler-utils";

/// How long one protocol call (or a page load) may take.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The Chromium executable: `/usr/bin/chromium`, else `chromium` on PATH.
/// Panics (the test fails, never passes silently) when there is none.
pub fn chromium() -> PathBuf {
    crate::common::find_exe("/usr/bin/chromium", &["chromium"]).unwrap_or_else(|| panic!("{NOT_FOUND}"))
}

/// Flags every headless run uses (also by scripts/screenshots.sh).
pub fn base_flags(profile: &Path) -> Vec<String> {
    vec![
        "--headless".into(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--hide-scrollbars".into(),
        "--allow-file-access-from-files".into(),
        format!("--user-data-dir={}", profile.display()),
    ]
}

/// The browser process, killed (by its id) and reaped when dropped, also
/// when launching fails half-way.
pub struct Proc(pub Child);

impl Drop for Proc {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

pub struct Browser {
    child: Proc,
    ws: WebSocket<TcpStream>,
    next_id: u64,
    /// Events read while waiting for a reply, oldest first.
    events: Vec<Value>,
    pub port: u16,
    // Dropped last: the profile folder.
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn launch() -> Browser {
        let exe = chromium();
        let profile = tempfile::tempdir().expect("profile dir");
        let mut cmd = Command::new(&exe);
        cmd.args(base_flags(profile.path()))
            .arg("--remote-debugging-port=0")
            .arg("--remote-allow-origins=*")
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = Proc(
            cmd.spawn()
                .unwrap_or_else(|e| panic!("{NOT_FOUND} ({}: {e})", exe.display())),
        );

        // DevToolsActivePort: first line the port, second the browser ws path.
        let port_file = profile.path().join("DevToolsActivePort");
        let start = Instant::now();
        let port: u16 = loop {
            let text = std::fs::read_to_string(&port_file).unwrap_or_default();
            if text.lines().count() >= 2 {
                if let Some(p) = text.lines().next().and_then(|l| l.trim().parse().ok()) {
                    break p;
                }
            }
            if let Ok(Some(status)) = child.0.try_wait() {
                panic!("chromium exited before opening its debugging port: {status}");
            }
            if start.elapsed() > TIMEOUT {
                panic!("chromium wrote no DevToolsActivePort in {TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        };

        let target = http(port, "PUT", "/json/new?about:blank");
        let target: Value =
            serde_json::from_str(&target).unwrap_or_else(|e| panic!("/json/new answer is not JSON ({e}): {target}"));
        let ws_url = target["webSocketDebuggerUrl"]
            .as_str()
            .unwrap_or_else(|| panic!("no webSocketDebuggerUrl in {target}"))
            .to_string();
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromium");
        stream.set_nodelay(true).ok();
        let (ws, _) = tungstenite::client(ws_url.as_str(), stream)
            .unwrap_or_else(|e| panic!("websocket handshake with {ws_url}: {e}"));
        ws.get_ref()
            .set_read_timeout(Some(Duration::from_millis(250)))
            .expect("read timeout");
        let mut b = Browser {
            child,
            ws,
            next_id: 0,
            events: Vec::new(),
            port,
            _profile: profile,
        };
        b.call("Page.enable", json!({}));
        b.call("Runtime.enable", json!({}));
        b
    }

    /// Sends one command and waits for its reply; events met meanwhile are kept.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        send(&mut self.ws, id, method, params).unwrap_or_else(|e| panic!("send {method}: {e}"));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let v = self.read_message(deadline, method);
            if v.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(err) = v.get("error") {
                    panic!("{method} failed: {err}");
                }
                return v["result"].clone();
            }
            if v.get("method").is_some() {
                self.events.push(v);
            }
        }
    }

    fn read_message(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        loop {
            if Instant::now() > deadline {
                panic!("timed out after {TIMEOUT:?} waiting for {waiting_for}");
            }
            match self.ws.read() {
                Ok(Message::Text(t)) => {
                    return serde_json::from_str(t.as_str()).expect("CDP message is JSON");
                }
                Ok(Message::Binary(b)) => {
                    return serde_json::from_slice(&b).expect("CDP message is JSON");
                }
                Ok(_) => {}
                Err(e) if crate::common::read_again(&e) => {}
                Err(e) => panic!("websocket read while waiting for {waiting_for}: {e}"),
            }
        }
    }

    /// Waits for an event (possibly already received); returns its params.
    pub fn wait_event(&mut self, name: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.events.iter().position(|e| e["method"] == name) {
                let e = self.events.remove(i);
                return e["params"].clone();
            }
            let v = self.read_message(deadline, name);
            if v.get("method").is_some() {
                self.events.push(v);
            }
        }
    }

    /// Navigates and waits for the load event (not for same-document
    /// navigations, which have none), then for web fonts.
    pub fn navigate(&mut self, url: &str) {
        self.events.clear();
        let r = self.call("Page.navigate", json!({ "url": url }));
        if let Some(err) = r.get("errorText") {
            panic!("navigate to {url}: {err}");
        }
        if r.get("loaderId").is_some() {
            self.wait_event("Page.loadEventFired");
        }
        self.eval_async("document.fonts.ready.then(() => true)");
    }

    /// Evaluates an expression and returns its value (JSON-serialisable).
    pub fn eval(&mut self, js: &str) -> Value {
        self.evaluate(js, false)
    }

    /// Evaluates an expression that yields a promise and returns its result.
    pub fn eval_async(&mut self, js: &str) -> Value {
        self.evaluate(js, true)
    }

    fn evaluate(&mut self, js: &str, await_promise: bool) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": js, "returnByValue": true, "awaitPromise": await_promise }),
        );
        if let Some(ex) = r.get("exceptionDetails") {
            panic!("JavaScript threw: {ex}\n--- script ---\n{js}");
        }
        r["result"]["value"].clone()
    }

    pub fn set_viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    pub fn emulate_print(&mut self) {
        self.call("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    }

    pub fn emulate_screen(&mut self) {
        self.call("Emulation.setEmulatedMedia", json!({ "media": "" }));
    }

    /// Prints the current page to PDF with the page size from its CSS.
    pub fn print_pdf(&mut self, path: &Path) {
        let r = self.call(
            "Page.printToPDF",
            json!({ "preferCSSPageSize": true, "printBackground": true }),
        );
        let data = r["data"].as_str().expect("printToPDF data");
        std::fs::write(path, base64_decode(data)).expect("write pdf");
    }

    pub fn screenshot(&mut self, path: &Path) {
        let r = self.call("Page.captureScreenshot", json!({ "format": "png" }));
        let data = r["data"].as_str().expect("screenshot data");
        std::fs::write(path, base64_decode(data)).expect("write png");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.next_id += 1;
        ask_to_quit(&mut self.ws, &mut self.child, self.next_id, "Browser.close");
    }
}

/// Sends command `id` (`method` with `params`): CDP and WebDriver BiDi
/// frame their commands alike.
pub fn send(ws: &mut WebSocket<TcpStream>, id: u64, method: &str, params: Value) -> Result<(), String> {
    let msg = json!({ "id": id, "method": method, "params": params }).to_string();
    ws.send(Message::text(msg)).map_err(|e| e.to_string())
}

/// Asks a browser to quit with its protocol's command `method` (its helper
/// processes go with it) and waits up to 5 s for it; then [`Proc`]'s drop
/// makes sure of it, killing only the process we started, by its id.
pub fn ask_to_quit(ws: &mut WebSocket<TcpStream>, child: &mut Proc, id: u64, method: &str) {
    let _ = send(ws, id, method, json!({}));
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.0.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One HTTP/1.1 request to the DevTools endpoint; returns the body.
fn http(port: u16, method: &str, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromium");
    s.set_read_timeout(Some(TIMEOUT)).ok();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("send request");
    // Chromium keeps the connection open: read the head, then Content-Length bytes.
    let mut raw = Vec::new();
    let mut chunk = [0u8; 4096];
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..end]).into_owned();
            assert!(head.starts_with("HTTP/1.1 200"), "{method} {path}: {head}");
            let len: Option<usize> = head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().ok())?
            });
            if let Some(len) = len {
                if raw.len() >= end + 4 + len {
                    return String::from_utf8_lossy(&raw[end + 4..end + 4 + len]).into_owned();
                }
            }
        }
        assert!(Instant::now() < deadline, "no complete answer to {method} {path}");
        match s.read(&mut chunk) {
            Ok(0) => {
                let raw = String::from_utf8_lossy(&raw);
                let (_, body) = raw
                    .split_once("\r\n\r\n")
                    .unwrap_or_else(|| panic!("bad HTTP answer: {raw}"));
                return body.to_string();
            }
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
            Err(e) => panic!("read answer to {method} {path}: {e}"),
        }
    }
}

/// Standard base64 (with or without padding; whitespace ignored).
pub fn base64_decode(s: &str) -> Vec<u8> {
    fn val(c: u8) -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => panic!("not base64: {:?}", c as char),
        }
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in s.as_bytes() {
        if c == b'=' || c.is_ascii_whitespace() {
            continue;
        }
        acc = (acc << 6) | val(c);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGVsbG8gd29ybGQ"), b"hello world");
    assert_eq!(base64_decode("AAEC/w=="), [0, 1, 2, 255]);
}

/// Serves a folder over HTTP on 127.0.0.1 from a thread (GET only), for pages
/// that file:// would restrict. Returns the base URL.
pub fn serve(root: &Path) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || serve_one(stream, &root));
        }
    });
    format!("http://{addr}/")
}

fn serve_one(mut s: TcpStream, root: &Path) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let req = String::from_utf8_lossy(&buf);
    let path = req.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body, ctype) = match std::fs::read(&file) {
        Ok(b) if !path.contains("..") => {
            let ctype = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("svg") => "image/svg+xml",
                Some("png") => "image/png",
                Some("js") => "text/javascript",
                _ => "application/octet-stream",
            };
            ("200 OK", b, ctype)
        }
        _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let _ = write!(
        s,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = s.write_all(&body);
}
