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
    fn event(&self) -> Event {
        match self {
            // Browsers drop events without data: give each some.
            Message::Reload => Event::default().event("reload").data("reload"),
            Message::Css => Event::default().event("css").data("css"),
            Message::Ok => Event::default().event("ok").data("ok"),
            Message::Error(problems) => Event::default()
                .event("error")
                .data(serde_json::to_string(problems).expect("strings serialise")),
        }
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
}

/// Shared between the HTTP server and the rebuild thread.
pub struct Shared {
    status: RwLock<Status>,
    events: broadcast::Sender<Message>,
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

    /// Tells every open tab (none listening is fine).
    pub fn send(&self, message: Message) {
        let _ = self.events.send(message);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.events.subscribe()
    }
}

/// `GET /__samizdat/events`: a tab's reload channel. A tab that connects
/// while the build is broken gets the problems at once.
pub async fn events(State(shared): State<Arc<Shared>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the status, so nothing falls in between.
    let rx = shared.subscribe();
    let errors = shared.status().errors;
    let mut first = vec![Event::default().retry(Duration::from_millis(1000)).comment("samizdat")];
    if !errors.is_empty() {
        first.push(Message::Error(errors).event());
    }
    let rest = BroadcastStream::new(rx).map(|m| match m {
        Ok(m) => m.event(),
        // Missed messages: a reload covers whatever they were.
        Err(_) => Message::Reload.event(),
    });
    let stream = tokio_stream::iter(first).chain(rest).map(Ok);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// The live-reload script, served at `/__samizdat/reload.js`.
pub const RELOAD_JS: &str = include_str!("reload.js");

/// Adds the reload script (and, while the build is broken, its problems)
/// to an HTML page being served. Only at serve time: `samizdat build`
/// output never contains it.
pub fn inject(html: &str, errors: &[String]) -> String {
    let mut tag = String::new();
    if !errors.is_empty() {
        let json = serde_json::to_string(errors).expect("strings serialise");
        tag.push_str("<script type=\"application/json\" id=\"samizdat-errors\">");
        // `<` cannot end the script element inside a JSON string.
        tag.push_str(&json.replace('<', "\\u003c"));
        tag.push_str("</script>");
    }
    tag.push_str("<script src=\"/__samizdat/reload.js\"></script>\n");
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
        let out = inject("<html><body><p>x</p></BODY></html>", &[]);
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__samizdat/reload.js\"></script>\n</BODY></html>"
        );
    }

    #[test]
    fn errors_cannot_close_the_script_element() {
        let out = inject("<p>x</p>", &["a.md:1:1: error: </script><b>".to_string()]);
        assert!(out.starts_with("<p>x</p><script type=\"application/json\""));
        assert_eq!(out.matches("</script>").count(), 2, "{out}");
        assert!(out.contains("\\u003c/script>\\u003cb>"));
    }
}
