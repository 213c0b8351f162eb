//! samizdat: a static site generator for annotated publications.
//!
//! `build` reads top to bottom: [`config`] loads `book.toml`, [`content`]
//! walks the content folder, [`markdown`] parses and annotates each
//! article, [`render`] fills the theme's templates and writes the output.

pub mod collate;
pub mod config;
pub mod content;
pub mod diag;
pub mod init;
pub mod markdown;
pub mod new;
pub mod render;
pub mod serve;
pub mod words;

use std::path::PathBuf;

use diag::Diagnostic;

/// Failures that stop a command. Problems in the editors' files are
/// [`Diagnostic`]s instead, all reported in one run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read `{path}`: is this a samizdat site? (`samizdat init DIR` makes one)")]
    ConfigRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("book.toml has errors")]
    Config { diagnostics: Vec<Diagnostic> },
    #[error("content folder `{path}` does not exist")]
    NoContent { path: PathBuf },
    #[error("refusing to write the site to `{path}`: {reason}")]
    OutputRefused { path: PathBuf, reason: String },
    #[error("not writing `{path}`: {reason}")]
    Refused { path: PathBuf, reason: String },
    #[error("theme `{name}` not found at `{path}`")]
    ThemeMissing { name: String, path: PathBuf },
    #[error("{message}")]
    Template { message: String },
    #[error("the theme's templates have errors")]
    Theme { diagnostics: Vec<Diagnostic> },
    #[error("`{path}`")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// An error and its causes on one line: `a: b: c`.
pub fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

impl Error {
    /// How the error is reported, a line each: `book.toml`'s problems (for
    /// [`Error::Config`]), then `error: ` and the error with its causes.
    pub fn report_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Error::Config { diagnostics } | Error::Theme { diagnostics } = self {
            lines.extend(diagnostics.iter().map(ToString::to_string));
        }
        lines.push(format!("error: {}", with_causes(self)));
        lines
    }

    /// 2 for usage and configuration problems, 1 for the rest.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::ConfigRead { .. }
            | Error::Config { .. }
            | Error::NoContent { .. }
            | Error::OutputRefused { .. }
            | Error::Refused { .. }
            | Error::ThemeMissing { .. } => 2,
            Error::Template { .. } | Error::Theme { .. } | Error::Io { .. } => 1,
        }
    }
}
