//! The development server: builds the site into a private folder, serves
//! it on loopback, rebuilds on change and tells open tabs to reload.

use crate::render::BuildOptions;
use crate::Error;

pub struct ServeOptions {
    pub build: BuildOptions,
    pub port: u16,
    pub bind: std::net::IpAddr,
    pub open: bool,
}

pub fn serve(_opts: ServeOptions) -> Result<(), Error> {
    Err(Error::Template {
        message: "serve is not built yet".into(),
    })
}
