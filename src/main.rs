//! The `samizdat` command: parse flags, run a command, print problems,
//! exit 0 (success), 1 (content errors) or 2 (usage or config errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use samizdat::render::{build, BuildOptions, BuildReport};
use samizdat::Error;

#[derive(Parser)]
#[command(
    name = "samizdat",
    version,
    about = "A static site generator for annotated publications"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct SiteArgs {
    /// The site's folder (where book.toml is)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include articles marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Fail on any warning, not only on errors
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into plain HTML
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (default: `[build] output` of book.toml, `public`)
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Report every problem of a build without writing anything
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Build, serve on loopback and rebuild and reload while files change
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on (the next free one if taken)
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on; anything but loopback exposes the site to the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Create a new site in DIR that builds at once
    Init { dir: PathBuf },
    /// Start a new text in FOLDER (of the content), named after its TITLE, as a draft
    New {
        /// The site's folder (where book.toml is)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The folder the text goes in: `review/issue-3` (made if missing)
        folder: PathBuf,
        /// The text's title; the file is named after it
        title: String,
        /// An author (again for each of several)
        #[arg(long = "author")]
        authors: Vec<String>,
        /// A translator (again for each of several)
        #[arg(long = "translator")]
        translators: Vec<String>,
        /// The text's language, if not its folder's or the site's: `es`
        #[arg(long)]
        lang: Option<String>,
        /// A tag (again for each of several)
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Not a draft: the next build publishes it
        #[arg(long)]
        published: bool,
    },
}

fn print_error(e: &Error) {
    for line in e.report_lines() {
        eprintln!("{line}");
    }
}

/// `1 article`, `2 articles`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn print_report(report: &BuildReport, verb: &str) {
    for d in &report.diagnostics.items {
        eprintln!("{d}");
    }
    let (e, w) = (report.diagnostics.error_count(), report.diagnostics.warning_count());
    let ms = report.elapsed.as_millis();
    if report.failed() {
        let why = if e > 0 {
            format!("{}, {}", count(e, "error"), count(w, "warning"))
        } else {
            format!("{} denied", count(w, "warning"))
        };
        // "build failed", "check failed".
        let (what, kept) = match verb {
            "built" => ("build", "; the previous output is untouched"),
            _ => ("check", ""),
        };
        eprintln!("{what} failed: {why}{kept}");
    } else {
        let problems = if w > 0 {
            format!(", {}", count(w, "warning"))
        } else {
            String::new()
        };
        let target = report
            .output
            .as_ref()
            .map(|p| format!(" into {}", p.display()))
            .unwrap_or_default();
        eprintln!(
            "{verb}: {}, {}{target} in {ms} ms{problems}",
            count(report.pages, "article"),
            count(report.sections, "section")
        );
    }
}

fn options(site: &SiteArgs, output: Option<PathBuf>, write: bool) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        output,
        drafts: site.drafts,
        deny_warnings: site.deny_warnings,
        write,
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Build { site, output } => {
            let report = build(&options(&site, output, true))?;
            print_report(&report, "built");
            Ok(ExitCode::from(u8::from(report.failed())))
        }
        Command::Check { site } => {
            let report = build(&options(&site, None, false))?;
            print_report(&report, "checked");
            Ok(ExitCode::from(u8::from(report.failed())))
        }
        Command::Serve { site, port, bind, open } => {
            let opts = samizdat::serve::ServeOptions {
                build: options(&site, None, true),
                port,
                bind,
                open,
            };
            samizdat::serve::serve(opts)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New {
            root,
            folder,
            title,
            authors,
            translators,
            lang,
            tags,
            published,
        } => {
            let new = samizdat::new::NewText {
                root: &root,
                folder: &folder,
                title: &title,
                authors: &authors,
                translators: &translators,
                lang: lang.as_deref(),
                tags: &tags,
                published,
            };
            let file = samizdat::new::new_text(&new, samizdat::new::today())?;
            let how = match published {
                true => "the next build publishes it",
                false => "a draft: `samizdat serve --drafts` shows it, and the build once `draft: true` is taken out",
            };
            eprintln!("wrote {} ({how})", file.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            samizdat::init::init_site(&dir)?;
            eprintln!(
                "created a new site in {}; run `samizdat serve --root {}` to see it",
                dir.display(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            print_error(&e);
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
