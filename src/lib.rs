//! carnet: a static-site generator for teams that publish workshop
//! syntheses, ciné-débat notes and resource directories.
//!
//! The build is a pipeline of values, its phases ordered in `build`:
//! files → `Config` → pages & sections (`content`) → `Site` → HTML
//! (`templates`) + search index (`search`) → `output`.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod context;
pub mod date;
pub mod error;
pub mod fasthash;
pub mod feeds;
pub mod filters;
pub mod frontmatter;
pub mod i18n;
pub mod intros;
pub mod links;
pub mod markdown;
pub mod new;
pub mod output;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
mod swar;
pub mod taxonomy;
pub mod templates;
pub mod theme;
pub mod toml_errors;

/// Drops `items` on every core. Freeing tens of thousands of values one
/// after the other (page summaries, pages, search documents) took tens of
/// milliseconds with the other core idle; a one-shot build frees them where
/// nothing else is left to run.
pub fn free_in_parallel<T: Send>(items: Vec<T>) {
    use rayon::prelude::*;
    items.into_par_iter().for_each(drop);
}
