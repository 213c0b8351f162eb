//! A small, synchronous WebDriver BiDi client for the print and layout
//! tests in Firefox: launches Debian's headless Firefox ESR on a fresh
//! profile, opens a session over plain `ws://`, and drives its one tab
//! (viewport, navigate, evaluate, print to PDF). Firefox is closed on drop.
//!
//! Firefox prints with its own print settings, as a reader's "Save to PDF"
//! does: the paper size from the page's `@page` rule, its default margins
//! and "fit to page width".

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

use crate::cdp::{ask_to_quit, base64_decode, send, Proc};

const NOT_FOUND: &str = "firefox-esr not found: run scripts/test.sh (it installs Debian's firefox-esr) \
                         or apt-get install firefox-esr";

/// How a panic starts when the connection to Firefox is lost (it crashed
/// or hung up): the tests run their check again in a new Firefox, once.
pub const CONNECTION_LOST: &str = "firefox connection lost";

/// How long one protocol call (or a page load, or a print) may take.
const TIMEOUT: Duration = Duration::from_secs(90);

/// The Firefox executable: `/usr/bin/firefox-esr`, else `firefox-esr` or
/// `firefox` on PATH. Panics (the test fails, never passes silently) when
/// there is none.
pub fn firefox() -> PathBuf {
    crate::common::find_exe("/usr/bin/firefox-esr", &["firefox-esr", "firefox"])
        .unwrap_or_else(|| panic!("{NOT_FOUND}"))
}

pub struct Firefox {
    ws: WebSocket<TcpStream>,
    next_id: u64,
    /// The tab every command drives.
    context: String,
    child: Proc,
    /// The last lines Firefox wrote to stderr, for when it goes away.
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
    // Dropped last: the profile folder.
    _profile: tempfile::TempDir,
}

impl Firefox {
    pub fn launch() -> Firefox {
        let exe = firefox();
        let profile = tempfile::tempdir().expect("profile dir");
        let mut cmd = Command::new(&exe);
        cmd.args(["--headless", "--no-remote", "--profile"])
            .arg(profile.path())
            .arg("--remote-debugging-port=0")
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = Proc(
            cmd.spawn()
                .unwrap_or_else(|e| panic!("{NOT_FOUND} ({}: {e})", exe.display())),
        );

        // "WebDriver BiDi listening on ws://127.0.0.1:PORT" on stderr; the
        // rest of stderr is drained so Firefox never blocks on it.
        let stderr = child.0.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        let stderr_tail = Arc::new(Mutex::new(VecDeque::new()));
        let tail = stderr_tail.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("listening on ").nth(1) {
                    let _ = tx.send(url.trim().to_string());
                }
                let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
                if tail.len() == 20 {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
        });
        let url = rx.recv_timeout(TIMEOUT).unwrap_or_else(|_| match child.0.try_wait() {
            Ok(Some(status)) => panic!("firefox exited before opening its BiDi port: {status}"),
            _ => panic!("firefox opened no BiDi port in {TIMEOUT:?}"),
        });
        let hostport = url
            .strip_prefix("ws://")
            .unwrap_or_else(|| panic!("unexpected BiDi address {url}"))
            .to_string();
        let stream = TcpStream::connect(hostport.as_str()).expect("connect to firefox");
        stream.set_nodelay(true).ok();
        let session_url = format!("ws://{hostport}/session");
        let (ws, _) = tungstenite::client(session_url.as_str(), stream)
            .unwrap_or_else(|e| panic!("websocket handshake with {session_url}: {e}"));
        ws.get_ref()
            .set_read_timeout(Some(Duration::from_millis(250)))
            .expect("read timeout");
        let mut f = Firefox {
            ws,
            next_id: 0,
            context: String::new(),
            child,
            stderr_tail,
            _profile: profile,
        };
        f.call("session.new", json!({ "capabilities": {} }));
        let tree = f.call("browsingContext.getTree", json!({ "maxDepth": 0 }));
        f.context = tree["contexts"][0]["context"]
            .as_str()
            .unwrap_or_else(|| panic!("no browsing context in {tree}"))
            .to_string();
        f
    }

    /// Sends one command and waits for its result; events are skipped.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        if let Err(e) = send(&mut self.ws, id, method, params) {
            self.lost(&format!("sending {method}: {e}"));
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if Instant::now() > deadline {
                panic!("timed out after {TIMEOUT:?} waiting for {method}");
            }
            let v: Value = match self.ws.read() {
                Ok(Message::Text(t)) => serde_json::from_str(t.as_str()).expect("BiDi message is JSON"),
                Ok(_) => continue,
                Err(e) if crate::common::read_again(&e) => continue,
                Err(e) => self.lost(&format!("websocket read while waiting for {method}: {e}")),
            };
            if v.get("id").and_then(Value::as_u64) != Some(id) {
                continue;
            }
            if v["type"] == "error" {
                panic!("{method} failed: {v}");
            }
            return v["result"].clone();
        }
    }

    /// Panics with [`CONNECTION_LOST`], what happened, whether Firefox is
    /// still running and what it last wrote to stderr.
    fn lost(&mut self, what: &str) -> ! {
        let status = match self.child.0.try_wait() {
            Ok(Some(status)) => format!("exited: {status}"),
            Ok(None) => "still running".to_string(),
            Err(e) => format!("status unknown: {e}"),
        };
        let tail = self.stderr_tail.lock().unwrap_or_else(|e| e.into_inner());
        let tail: Vec<&str> = tail.iter().map(String::as_str).collect();
        panic!(
            "{CONNECTION_LOST} ({what}); firefox {status}; its last stderr lines:\n{}",
            tail.join("\n")
        );
    }

    /// Navigates and waits for the load event.
    pub fn navigate(&mut self, url: &str) {
        let context = self.context.clone();
        self.call(
            "browsingContext.navigate",
            json!({ "context": context, "url": url, "wait": "complete" }),
        );
    }

    /// Sets the size of the tab's viewport, in CSS pixels.
    pub fn set_viewport(&mut self, width: u32, height: u32) {
        let context = self.context.clone();
        self.call(
            "browsingContext.setViewport",
            json!({ "context": context, "viewport": { "width": width, "height": height } }),
        );
    }

    /// Evaluates a JavaScript expression in the page; its value comes back
    /// through `JSON.stringify` (BiDi's own serialisation of values is
    /// typed, and the tests want plain JSON). Panics if it throws.
    pub fn eval(&mut self, js: &str) -> Value {
        let context = self.context.clone();
        let r = self.call(
            "script.evaluate",
            json!({
                "expression": format!("JSON.stringify({js})"),
                "target": { "context": context },
                "awaitPromise": false,
                "resultOwnership": "none",
            }),
        );
        if r["type"] == "exception" {
            panic!("script threw: {}", r["exceptionDetails"]);
        }
        let text = r["result"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("script gave no JSON: {r}"));
        serde_json::from_str(text).expect("JSON from the page")
    }

    /// Prints the current page to PDF with Firefox's own settings (see the
    /// module docs), backgrounds included.
    pub fn print_pdf(&mut self, path: &Path) {
        let context = self.context.clone();
        let r = self.call(
            "browsingContext.print",
            json!({ "context": context, "background": true }),
        );
        let data = r["data"].as_str().expect("print data");
        std::fs::write(path, base64_decode(data)).expect("write pdf");
    }
}

impl Drop for Firefox {
    fn drop(&mut self) {
        self.next_id += 1;
        ask_to_quit(&mut self.ws, &mut self.child, self.next_id, "browser.close");
    }
}
