//! samizdat: a static site generator for annotated publications.
//!
//! `build` reads top to bottom: [`config`] loads `book.toml`, [`content`]
//! walks the content folder, [`markdown`] parses and annotates each
//! article, [`render`] fills the theme's templates and writes the output.

pub mod config;
pub mod content;
pub mod diag;
pub mod init;
pub mod markdown;
pub mod render;
pub mod serve;

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
    #[error("theme `{name}` not found at `{path}`")]
    ThemeMissing { name: String, path: PathBuf },
    #[error("{message}")]
    Template { message: String },
    #[error("`{path}`")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// 2 for usage and configuration problems, 1 for the rest.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::ConfigRead { .. }
            | Error::Config { .. }
            | Error::NoContent { .. }
            | Error::OutputRefused { .. }
            | Error::ThemeMissing { .. } => 2,
            Error::Template { .. } | Error::Io { .. } => 1,
        }
    }
}
