//! The one shortcut of the rebuild engine: the Markdown body of existing
//! pages changed, and nothing else did.
//!
//! Why it is equal to a clean build. When only page bodies change, with
//! their front matter byte-for-byte the same and no file added or removed:
//! - URLs, sort orders, sections, terms and the link tables (`LinkMaps`)
//!   depend on front matter and file names only, so they are unchanged;
//! - a body reaches the output through `site.pages_html[i]` only, which
//!   four things read: the page's own template context (`page_full`), its
//!   listing summary (`page_summary`, shown on listings and by its
//!   neighbours), its search document, and the Atom feeds (full text);
//! - so if the page's summary is unchanged, re-rendering that page, its
//!   search document and the feeds gives the clean build's bytes. If the
//!   summary changed, the shortcut is refused and everything is rebuilt.
//!
//! Whoever makes a new output read page bodies must add it here; the
//! randomized test (tests/serve_never_stale.rs) fails until then.
//!
//! Errors must be found as a clean build finds them: the page's links are
//! resolved again and its checks run again (`rules::run_for_page`); any
//! error sends the change to a full rebuild, which reports it with its file
//! and line (warnings never change the output). The files a page links to must stay the same, since
//! the check of unused attachments looks at all pages at once.
//!
//! Warnings that only a whole-site pass finds (a missing `#anchor` in
//! another page) are refreshed at the next full rebuild; they never change
//! the output.

use super::engine::Cache;
use crate::check::rules;
use crate::content::Page;
use crate::date::Date;
use crate::frontmatter;
use crate::output::MemorySink;
use crate::site;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// The new body of page `page`.
pub struct Edit {
    pub page: usize,
    pub body: String,
    pub body_line: usize,
}

/// The body edits `changed` amounts to, or `None` when the change is more
/// than that (any other file, a new or deleted file, front matter, a new
/// day) and everything must be rebuilt. `Some(vec![])` means nothing
/// changed at all.
pub fn plan(cache: &Cache, root: &Path, changed: &BTreeSet<String>) -> Option<Vec<Edit>> {
    if Date::today() != cache.loaded.site.today {
        return None;
    }
    let pages = &cache.loaded.site.content.pages;
    let mut edits = Vec::new();
    for rel in changed {
        let in_content = rel.strip_prefix("content/")?;
        if vanished_unknown(cache, root, rel, in_content) {
            continue;
        }
        let &page = cache.page_by_source.get(in_content)?;
        let edit = read_edit(root, rel, &pages[page])?;
        if edit.0 != pages[page].body || edit.1 != pages[page].body_line {
            edits.push(Edit {
                page,
                body: edit.0,
                body_line: edit.1,
            });
        }
    }
    Some(edits)
}

/// Whether `rel` is gone and no file of the last build was at or under it:
/// a temporary file that came and went (`sed -i`, some editors' saves)
/// changes nothing. Anything the last build read is not skipped, since its
/// disappearance changes the site.
fn vanished_unknown(cache: &Cache, root: &Path, rel: &str, in_content: &str) -> bool {
    if root.join(rel).symlink_metadata().is_ok() {
        return false;
    }
    let inside = |known: &str| {
        known == in_content
            || known
                .strip_prefix(in_content)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    let content = &cache.loaded.site.content;
    let known_section = content.sections.iter().any(|s| {
        s.from_file && (inside(&s.dir_rel) || inside(&format!("{}/_index.md", s.dir_rel)))
    });
    !known_section
        && !content.pages.iter().any(|p| inside(&p.content_rel))
        && !content.assets.iter().any(|a| inside(&a.content_rel))
}

/// Reads a page's file again as `content::load` does; `None` unless the
/// front matter is exactly the one already loaded.
fn read_edit(root: &Path, rel: &str, page: &Page) -> Option<(String, usize)> {
    let bytes = std::fs::read(root.join(rel)).ok()?;
    let text = frontmatter::decode_text(&bytes, &page.source).ok()?;
    let split = frontmatter::split(&text, &page.source).ok()?;
    (split.front == page.front_toml && split.front_line == page.front_line)
        .then(|| (split.body.to_string(), split.body_line))
}

/// Applies `edits` to the cached site and renders the pages they touch:
/// (output file, HTML) of each. `None` when the shortcut does not hold.
pub fn rerender(cache: &mut Cache, edits: &[Edit]) -> Option<Vec<(String, String)>> {
    for edit in edits {
        update_body(cache, edit)?;
    }
    let site = &cache.loaded.site;
    let none = HashSet::new();
    let inputs = rules::Inputs {
        config: &site.config,
        content: &site.content,
        pages_html: &site.pages_html,
        // Only the unused-attachments check reads it, and it is not run per page.
        used_files: &none,
        today: site.today,
    };
    let mut out = Vec::with_capacity(edits.len());
    for edit in edits {
        if rules::run_for_page(&inputs, edit.page)
            .iter()
            .any(|d| d.is_error())
        {
            return None;
        }
        let summary = crate::context::page_summary(site, edit.page);
        if summary != cache.summaries[edit.page] {
            return None;
        }
    }
    for edit in edits {
        let page = cache
            .loaded
            .templates
            .render_page(
                site,
                &cache.summaries,
                &cache.base,
                &cache.loaded.intros,
                edit.page,
            )
            .ok()?;
        out.push(page);
        cache.docs[edit.page] = crate::build::search_doc(site, edit.page);
    }
    // Feeds carry the full text of the latest pages: written again whole,
    // by the same function as a clean build (a few milliseconds).
    let feeds = MemorySink::default();
    crate::build::write_feeds(&cache.loaded, &feeds).ok()?;
    for (path, bytes) in feeds.files.into_inner().unwrap_or_else(|e| e.into_inner()) {
        out.push((path, String::from_utf8(bytes).ok()?));
    }
    Some(out)
}

/// Puts one new body in the site and renders it, refusing the shortcut if
/// its links have problems or point at other files than before.
fn update_body(cache: &mut Cache, edit: &Edit) -> Option<()> {
    let site = &mut cache.loaded.site;
    let before = site::render_page(&site.content, &cache.maps, edit.page);
    let page = &mut site.content.pages[edit.page];
    page.body = edit.body.clone();
    page.body_line = edit.body_line;
    let after = site::render_page(&site.content, &cache.maps, edit.page);
    if after.problems.iter().any(|d| d.is_error())
        || sorted(before.used_files) != sorted(after.used_files)
    {
        return None;
    }
    site.pages_html[edit.page] = after.rendered;
    Some(())
}

fn sorted(mut files: Vec<String>) -> Vec<String> {
    files.sort();
    files.dedup();
    files
}
