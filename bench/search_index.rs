//! Times `search::build_index` alone on a site: loads it as `carnet build`
//! does, then builds the index a few times and prints the best wall-clock and
//! CPU times, and the memory the index took on top of the loaded site.
//!
//!     cargo bench --bench search -- SITE_DIR [RUNS]

use std::time::Instant;

use carnet::build::{load, search_docs};
use carnet::search::build_index;

/// (user + system CPU seconds, resident and peak resident MB) of this process.
fn usage() -> (f64, u64, u64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // fields after the command name, which is in parentheses
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks: f64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|x| x.parse::<f64>().ok()).sum())
        .unwrap_or(0.0);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (ticks / 100.0, kb("VmRSS:") / 1024, kb("VmHWM:") / 1024)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(root) = args.first() else {
        eprintln!("usage: cargo bench --bench search -- SITE_DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let loaded = match load(std::path::Path::new(root), false) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot load {root}: {e:?}");
            std::process::exit(1);
        }
    };
    let docs = search_docs(&loaded.site);
    let (_, rss_before, _) = usage();
    let mut best = (f64::MAX, 0.0);
    let mut files = Vec::new();
    for _ in 0..runs {
        drop(std::mem::take(&mut files));
        let (cpu0, _, _) = usage();
        let start = Instant::now();
        files = build_index(&docs, &loaded.site.config.search);
        let wall = start.elapsed().as_secs_f64();
        let (cpu1, _, _) = usage();
        if wall < best.0 {
            best = (wall, cpu1 - cpu0);
        }
    }
    let (_, _, peak) = usage();
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "index of {} pages: {} files, {} KB; best of {runs}: {:.2} s wall, {:.2} s CPU on {} threads; \
         peak memory {} MB, of which {} MB over the loaded site",
        docs.len(),
        files.len(),
        bytes / 1024,
        best.0,
        best.1,
        rayon::current_num_threads(),
        peak,
        peak.saturating_sub(rss_before),
    );
}
