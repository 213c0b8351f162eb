//! The benchmark "floor": the least work any Markdown site generator must do.
//!
//! Walks CONTENT_DIR and, in parallel (rayon), reads every `.md` file, skips
//! its YAML front matter, renders the body with plain pulldown-cmark
//! (`Options::ENABLE_FOOTNOTES`, `html::push_html`) and writes the bare HTML
//! fragment to `OUT_DIR/<relative path without .md>/index.html` (a section's
//! `_index.md` goes to its folder's `index.html`). No templates, no
//! annotations, no highlighting, no listings: samizdat's time over this is
//! what its features cost.
//!
//!     cargo build --release --example floor
//!     target/release/examples/floor CONTENT_DIR OUT_DIR

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;
use walkdir::WalkDir;

/// The Markdown body after a leading `---` … `---` (or `...`) YAML block.
fn strip_front_matter(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return text;
    };
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        pos += line.len();
        let l = line.trim_end_matches(['\n', '\r']);
        if l == "---" || l == "..." {
            return &rest[pos..];
        }
    }
    text // unterminated: treat it all as Markdown
}

/// `a/b/post.md` -> `OUT/a/b/post/index.html`; `a/_index.md` -> `OUT/a/index.html`.
fn out_path(out: &Path, rel: &Path) -> PathBuf {
    let mut dir = out.join(rel.parent().unwrap_or(Path::new("")));
    let stem = rel.file_stem().unwrap_or_default();
    if stem != "_index" && stem != "index" {
        dir.push(stem);
    }
    dir.join("index.html")
}

fn render(src: &Path, dst: &Path) -> std::io::Result<usize> {
    let text = fs::read_to_string(src)?;
    let body = strip_front_matter(&text);
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, Parser::new_ext(body, Options::ENABLE_FOOTNOTES));
    if let Some(parent) = dst.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(dst, &html_out)?;
    Ok(html_out.len())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        return ExitCode::from(2);
    }
    let (content, out) = (Path::new(&args[1]), Path::new(&args[2]));
    let start = Instant::now();

    let files: Vec<PathBuf> = WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();

    let results: Vec<Result<usize, String>> = files
        .par_iter()
        .map(|src| {
            let rel = src.strip_prefix(content).unwrap_or(src);
            render(src, &out_path(out, rel)).map_err(|e| format!("{}: {e}", src.display()))
        })
        .collect();

    let mut bytes = 0;
    let mut failed = 0;
    for r in results {
        match r {
            Ok(n) => bytes += n,
            Err(e) => {
                eprintln!("floor: {e}");
                failed += 1;
            }
        }
    }
    eprintln!(
        "floor: {} pages, {:.1} MiB of HTML in {:.3} s",
        files.len() - failed,
        bytes as f64 / (1024.0 * 1024.0),
        start.elapsed().as_secs_f64()
    );
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
