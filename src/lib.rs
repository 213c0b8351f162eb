//! samizdat: a static site generator for annotated publications.

pub mod config;
pub mod diag;
pub mod markdown;

/// Failures that stop a command; content problems are [`diag::Diagnostic`]s.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read `{path}`")]
    ConfigRead {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}
