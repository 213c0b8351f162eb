//! The reload channel: what the rebuild thread tells open tabs, as
//! Server-Sent Events on `/__samizdat/events`, and the state the server
//! shares with the rebuild thread (which folder to serve, what is broken).

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

/// One message to every open tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A new build is in place: load the page again.
    Reload,
    /// Only stylesheets changed: fetch them again, keep the page.
    Css,
    /// The build's problems, `path:line:col: severity: message`: with
    /// an error, the last save broke the build (its last good version is
    /// still served); with warnings only, the build is in place.
    Error(Vec<String>),
    /// No problems any more: take them away.
    Ok,
}

impl Message {
    /// The event, with the build version it goes with as its `id`.
    fn event(&self, version: u64) -> Event {
        let event = match self {
            // Browsers drop events without data: give each some.
            Message::Reload => Event::default().event("reload").data("reload"),
            Message::Css => Event::default().event("css").data("css"),
            Message::Ok => Event::default().event("ok").data("ok"),
            Message::Error(problems) => Event::default()
                .event("error")
                .data(serde_json::to_string(problems).expect("strings serialise")),
        };
        event.id(version.to_string())
    }
}

/// What the server shows right now.
#[derive(Debug, Default, Clone)]
pub struct Status {
    /// The folder holding the last good build; `None` until one succeeded.
    pub out: Option<PathBuf>,
    /// The problems of the current build (errors and warnings); empty
    /// when there are none.
    pub errors: Vec<String>,
    /// Counts the builds put in place (each `reload` or `css`). Pages
    /// carry the version they were served at, and every event the
    /// current one, so a tab that missed a reload (while loading, or
    /// hidden and disconnected) notices and reloads.
    pub version: u64,
    /// Where the last good build's `base_url` puts the site's root (`/`,
    /// or `/zine/` for `https://example.org/zine/`): pages that link from
    /// the root (`404.html`) lead under it, so the site is served there
    /// too.
    pub site_root: String,
}

/// Shared between the HTTP server and the rebuild thread.
pub struct Shared {
    status: RwLock<Status>,
    events: broadcast::Sender<(u64, Message)>,
}

impl Shared {
    pub fn new() -> Arc<Self> {
        Arc::new(Shared {
            status: RwLock::new(Status::default()),
            events: broadcast::channel(64).0,
        })
    }

    pub fn status(&self) -> Status {
        self.status.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Changes what is served; call before [`Shared::send`].
    pub fn update(&self, f: impl FnOnce(&mut Status)) {
        f(&mut self.status.write().unwrap_or_else(|e| e.into_inner()));
    }

    /// Tells every open tab (none listening is fine); a `reload` or `css`
    /// starts a new version.
    pub fn send(&self, message: Message) {
        let mut version = 0;
        self.update(|s| {
            if matches!(message, Message::Reload | Message::Css) {
                s.version += 1;
            }
            version = s.version;
        });
        let _ = self.events.send((version, message));
    }

    pub fn subscribe(&self) -> broadcast::Receiver<(u64, Message)> {
        self.events.subscribe()
    }
}

/// `GET /__samizdat/events`: a tab's reload channel. A tab that connects
/// gets the current problems at once (`error`), or `ok` if there are none.
pub async fn events(State(shared): State<Arc<Shared>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the status, so nothing falls in between.
    let rx = shared.subscribe();
    let status = shared.status();
    let hello = if status.errors.is_empty() {
        Message::Ok
    } else {
        Message::Error(status.errors)
    };
    let first = [
        Event::default().retry(Duration::from_millis(1000)).comment("samizdat"),
        hello.event(status.version),
    ];
    let rest = BroadcastStream::new(rx).map(move |m| match m {
        Ok((version, m)) => m.event(version),
        // Missed messages: a reload covers whatever they were.
        Err(_) => Message::Reload.event(shared.status().version),
    });
    let stream = tokio_stream::iter(first).chain(rest).map(Ok);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// The live-reload script, served at `/__samizdat/reload.js`.
pub const RELOAD_JS: &str = include_str!("reload.js");

/// Adds the reload script (with the build version, and the build's
/// problems if any) to an HTML page being served. Only at serve time:
/// `samizdat build` output never contains it.
pub fn inject(html: &str, errors: &[String], version: u64) -> String {
    let mut tag = String::new();
    if !errors.is_empty() {
        let json = serde_json::to_string(errors).expect("strings serialise");
        tag.push_str("<script type=\"application/json\" id=\"samizdat-errors\">");
        // `<` cannot end the script element inside a JSON string.
        tag.push_str(&json.replace('<', "\\u003c"));
        tag.push_str("</script>");
    }
    tag.push_str(&format!(
        "<script src=\"/__samizdat/reload.js\" data-version=\"{version}\"></script>\n"
    ));
    let lower = html.to_ascii_lowercase();
    match lower.rfind("</body") {
        Some(at) => format!("{}{tag}{}", &html[..at], &html[at..]),
        None => format!("{html}{tag}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = inject("<html><body><p>x</p></BODY></html>", &[], 3);
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__samizdat/reload.js\" data-version=\"3\"></script>\n</BODY></html>"
        );
    }

    #[test]
    fn errors_cannot_close_the_script_element() {
        let out = inject("<p>x</p>", &["a.md:1:1: error: </script><b>".to_string()], 0);
        assert!(out.starts_with("<p>x</p><script type=\"application/json\""));
        assert_eq!(out.matches("</script>").count(), 2, "{out}");
        assert!(out.contains("\\u003c/script>\\u003cb>"));
    }
}
