//! carnet: a static-site generator for teams that publish workshop
//! syntheses, ciné-débat notes and resource directories.
//!
//! The build is a pipeline of values (see `build`):
//! files → `Config` → pages & sections → `Site` → HTML + search index → output.

pub mod search;
