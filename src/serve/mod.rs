//! The development server: builds the site into a private folder, serves
//! it on loopback, rebuilds on change and tells open tabs to reload.
//!
//! - [`watch`] turns file events into debounced batches of changed paths;
//! - [`rebuild`] decides between a full and a partial rebuild and runs it,
//!   switching what is served only once a build is complete;
//! - [`server`] serves the current build's files (with the reload script
//!   injected into HTML) and the reload channel from [`reload`].
//!
//! The private folder is `samizdat-serve-<hash of the canonical root>` in
//! the OS temp folder (`TMPDIR`); the site's own output folder is never
//! touched. A lock on its `serve.lock` file keeps it to one process: a
//! second `serve` of the same site takes `…-2` (then `-3`, …). It is
//! removed on Ctrl-C, SIGTERM or SIGHUP.
//!
//! `SAMIZDAT_SERVE_TRACE=1` prints every file event, batch and plan (a full
//! build or in place) to stderr.

mod rebuild;
mod reload;
pub(crate) mod server;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use crate::render::{load_checked_config, BuildOptions};
use crate::Error;

pub use reload::{inject, Message, RELOAD_JS};
pub use server::{content_type, resolve, Resolved};

pub struct ServeOptions {
    pub build: BuildOptions,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
}

/// Whether `SAMIZDAT_SERVE_TRACE` asks for every event, batch and plan on
/// stderr (read once).
fn tracing() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("SAMIZDAT_SERVE_TRACE").is_some())
}

/// How many ports after a taken one are tried.
const PORT_TRIES: u16 = 50;

/// serve's private output folder for the site at `root` (canonical).
pub fn private_dir(root: &Path) -> PathBuf {
    // FNV-1a: stable across runs and Rust versions.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in root.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    std::env::temp_dir().join(format!("samizdat-serve-{hash:016x}"))
}

/// Claims a private folder for this process (see the module doc). The
/// lock holds while the returned file stays open.
fn claim_private_dir(root: &Path) -> Result<(PathBuf, std::fs::File), Error> {
    let first = private_dir(root);
    for n in 1..=PORT_TRIES {
        let mut name = first.clone().into_os_string();
        if n > 1 {
            name.push(format!("-{n}"));
        }
        let dir = PathBuf::from(name);
        // Twice: the folder may vanish between opening and locking, when
        // the serve that held it stops.
        for _ in 0..2 {
            std::fs::create_dir_all(&dir).map_err(io(dir.display().to_string()))?;
            let lock = dir.join("serve.lock");
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock)
                .map_err(io(lock.display().to_string()))?;
            match file.try_lock() {
                Ok(()) if lock.exists() => return Ok((dir, file)),
                Ok(()) => continue,
                Err(std::fs::TryLockError::WouldBlock) => break,
                Err(std::fs::TryLockError::Error(e)) => return Err(io(lock.display().to_string())(e)),
            }
        }
    }
    Err(io(first.display().to_string())(std::io::Error::other(
        "every private folder for this site is in use by another samizdat serve",
    )))
}

fn io(what: String) -> impl FnOnce(std::io::Error) -> Error {
    move |source| Error::Io {
        path: PathBuf::from(what),
        source,
    }
}

async fn bind(ip: IpAddr, port: u16) -> Result<tokio::net::TcpListener, Error> {
    let mut port = port;
    let mut tries = 0;
    loop {
        match tokio::net::TcpListener::bind((ip, port)).await {
            Ok(l) => return Ok(l),
            Err(e)
                if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 && port < u16::MAX && tries < PORT_TRIES =>
            {
                eprintln!("port {port} is taken; trying {}", port + 1);
                port += 1;
                tries += 1;
            }
            Err(e) => return Err(io(SocketAddr::new(ip, port).to_string())(e)),
        }
    }
}

/// The address to type in a browser on this machine.
fn local_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = cmd
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        // Waited for on a thread of its own, so it does not linger as a
        // zombie for as long as serve runs.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("cannot open a browser ({e}); open {url} yourself"),
    }
}

/// Waits for Ctrl-C (or SIGTERM, SIGHUP), then removes the private folder
/// and ends the process (open event streams would keep a graceful
/// shutdown waiting forever).
async fn stop_on_signal(base: PathBuf) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).ok();
        let mut hup = signal(SignalKind::hangup()).ok();
        let term = async {
            match term.as_mut() {
                Some(s) => s.recv().await,
                None => std::future::pending().await,
            }
        };
        let hup = async {
            match hup.as_mut() {
                Some(s) => s.recv().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term => {}
            _ = hup => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
    let _ = std::fs::remove_dir_all(&base);
    std::process::exit(0);
}

pub fn serve(opts: ServeOptions) -> Result<(), Error> {
    let root = &opts.build.root;
    // A missing or unreadable book.toml ends it here; a broken one is shown
    // in the browser like any other problem, and fixed while serving.
    let content_dir = match load_checked_config(root) {
        Ok((config, _)) => config.content_dir,
        Err(e @ Error::ConfigRead { .. }) => return Err(e),
        Err(_) => PathBuf::from("content"),
    };
    let canonical = root.canonicalize().map_err(io(root.display().to_string()))?;
    // Held (open, locked) until the process ends.
    let (base, _lock) = claim_private_dir(&canonical)?;

    let shared = reload::Shared::new();
    // Watch first: edits made during the first build are not lost.
    let mut watch = watch::Watch::new(&canonical, &content_dir)?;
    let mut builder = rebuild::Builder::new(opts.build.clone(), base.clone(), shared.clone());
    builder.start();
    builder.full();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(io("tokio runtime".into()))?;
    runtime.block_on(async move {
        let listener = bind(opts.bind, opts.port).await?;
        let addr = listener.local_addr().map_err(io("listener".into()))?;
        let url = local_url(addr);
        println!("serving {} at {url}", root.display());
        if !opts.bind.is_loopback() {
            println!("listening on {addr}: the site is now reachable from the network");
        }
        eprintln!("private output in {}; press Ctrl-C to stop", base.display());
        if opts.open {
            open_browser(&url);
        }
        std::thread::Builder::new()
            .name("samizdat-rebuild".into())
            .spawn(move || {
                while let Some(batch) = watch.next_batch() {
                    // Folders that appeared are watched before the build
                    // reads them, and after it if the config moved them.
                    watch.ensure(builder.content_dir());
                    if tracing() {
                        eprintln!("trace: batch {batch:?}");
                    }
                    builder.apply(&batch);
                    watch.ensure(builder.content_dir());
                }
            })
            .map_err(io("rebuild thread".into()))?;
        tokio::spawn(stop_on_signal(base));
        axum::serve(listener, server::router(shared))
            .await
            .map_err(io(addr.to_string()))
    })
}
