//! The command line: arguments, printing the final error, the exit code.

use carnet::build::{build, BuildOptions};
use carnet::i18n::{site_lang, Lang};
use carnet::text;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

// Rendering thousands of pages is allocation-heavy; mimalloc halves the
// time glibc's allocator spends there on two threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (the same position
/// in its v2 and v3 headers); libmimalloc-sys does not name it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc to keep the memory a one-shot command frees instead of
/// handing it back to the system after a second. A build frees and
/// reallocates hundreds of megabytes (page contexts, listings, search
/// tables); each time memory went back, the kernel zeroed it again on the
/// next use: a fifth of the build's system time (10,000 pages: 1.44 → 1.12 s
/// of system time, wall time −6%, peak memory about +10 MB). `carnet serve` keeps
/// the default, so a long-running server gives memory back between rebuilds.
fn keep_freed_memory() {
    // SAFETY: sets a plain integer option; mimalloc reads options with
    // atomics, and no other thread is running yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// Turns transparent huge pages off for this process (Linux; elsewhere
/// nothing). With them, each first touch of a 2 MB page of the heap makes
/// the kernel zero it whole at once; on a virtual machine whose host has
/// taken back idle memory, as this project's 2-core VM does, those faults
/// are served several times slower than 4 KB ones. Measured there at
/// 10,000 pages, in alternating pairs: a build started after 20 s idle
/// 2.83 → 2.17 s, system time 1.72 → 0.55 s; warm, from −17% to no
/// change, as small pages cost up to 0.3 s of user time in TLB misses;
/// peak memory 356 → 318 MB (`docs/performance.md`). The same as
/// mimalloc's `MIMALLOC_ALLOW_THP=0`, which only its environment variable
/// could set before its first allocation. For `carnet build` only, like
/// [`keep_freed_memory`]: with small pages, `carnet serve` (which gives
/// memory back between rebuilds) split a burst of 300 saved files into two
/// rebuilds 2 times in 4 on a busy machine (`tests/serve.rs`
/// `a_burst_of_300_files_is_one_rebuild`), never in 11 runs with huge
/// pages; probably the faults of the search index it builds in the
/// background delay its file watcher past the 150 ms that end a burst.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: a plain prctl with integer arguments; it only sets a flag on
    // this process's memory map, which the kernel reads at each page fault.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[derive(Parser)]
#[command(
    name = "carnet",
    version,
    about = "Construit un site statique à partir de fichiers Markdown (synthèses, ciné-débats, ressources)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Construit le site dans public/ (ou --output)
    Build {
        /// Dossier du site (celui qui contient site.toml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Dossier de sortie (par défaut : ROOT/public)
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Inclut les brouillons (draft = true)
        #[arg(long)]
        drafts: bool,
        /// N'affiche que les erreurs et avertissements
        #[arg(long, short, conflicts_with = "verbose")]
        quiet: bool,
        /// Détaille ce qui a été produit
        #[arg(long, short)]
        verbose: bool,
    },
    /// Sert le site en local et le reconstruit à chaque modification
    Serve {
        /// Dossier du site (celui qui contient site.toml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port (0 : un port libre, affiché au démarrage)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Adresse d'écoute ; 127.0.0.1 garde le site pour cet ordinateur
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Inclut les brouillons (draft = true)
        #[arg(long)]
        drafts: bool,
        /// Ouvre le site dans le navigateur
        #[arg(long)]
        open: bool,
        /// Surveille les fichiers en les relisant régulièrement (lecteurs réseau, WSL, conteneurs)
        #[arg(long)]
        poll: bool,
        /// Millisecondes de calme avant de reconstruire (réglage fin, pour les tests)
        #[arg(long, default_value_t = 10, hide = true)]
        debounce_ms: u64,
    },
    /// Vérifie tout le site sans rien écrire et signale chaque problème
    Check {
        /// Dossier du site (celui qui contient site.toml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Format du rapport : human (lisible) ou json (pour les outils)
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Les avertissements font aussi échouer la vérification
        #[arg(long)]
        strict: bool,
        /// Vérifie aussi les brouillons (draft = true)
        #[arg(long)]
        drafts: bool,
    },
    /// Crée une page à partir du schéma de sa section : carnet new ateliers "Titre"
    New {
        /// Section (dossier de content/), par exemple ateliers
        section: String,
        /// Titre de la page
        title: String,
        /// Dossier du site (celui qui contient site.toml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Date de la page, AAAA-MM-JJ (par défaut : aujourd'hui)
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            root,
            format,
            strict,
            drafts,
        } => {
            let outcome = carnet::check::run(&root, drafts);
            match format {
                Format::Human => print!("{}", outcome.human(&root, strict)),
                Format::Json => println!(
                    "{}",
                    carnet::check::report::json(&outcome.diagnostics, outcome.lang)
                ),
            }
            exit(outcome.passed(strict))
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
            poll,
            debounce_ms,
        } => {
            let options = carnet::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
                open,
                poll,
                debounce: std::time::Duration::from_millis(debounce_ms),
            };
            match carnet::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    let lang = site_lang(&options.root);
                    let problems = e.into_diagnostics();
                    let root = &options.root;
                    eprint!("{}", carnet::check::report::human(&problems, root, lang));
                    ExitCode::FAILURE
                }
            }
        }
        Command::New {
            section,
            title,
            root,
            date,
        } => match carnet::new::create(&root, &section, &title, date.as_deref()) {
            Ok(created) => {
                print!("{created}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                let lang = site_lang(&root);
                let problems = e.into_diagnostics();
                eprint!("{}", carnet::check::report::human(&problems, &root, lang));
                ExitCode::FAILURE
            }
        },
        Command::Build {
            root,
            output,
            drafts,
            quiet,
            verbose,
        } => {
            keep_freed_memory();
            no_huge_pages();
            let lang = site_lang(&root);
            let options = BuildOptions {
                root: root.clone(),
                output,
                drafts,
            };
            match build(&options) {
                Ok(report) => {
                    if !report.warnings.is_empty() {
                        let mut warnings = report.warnings.clone();
                        carnet::check::report::sort(&mut warnings);
                        eprint!("{}", carnet::check::report::human(&warnings, &root, lang));
                    }
                    if !quiet {
                        println!("{}", built(&report).get(lang));
                    }
                    if verbose {
                        let (html, copied, index) =
                            (report.html_files, report.copied_files, report.index_files);
                        let files = text!(
                            "  {html} fichiers HTML, {copied} fichiers copiés, {index} fichiers d'index de recherche",
                            "  {html} HTML files, {copied} files copied, {index} search index files"
                        );
                        println!("{}", files.get(lang));
                        for (name, d) in &report.phases {
                            let ms = d.as_secs_f64() * 1000.0;
                            let name = name.get(lang);
                            match lang {
                                Lang::Fr => println!("  {name} : {ms:.0} ms"),
                                Lang::En => println!("  {name}: {ms:.0} ms"),
                            }
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    let mut problems = e.into_diagnostics();
                    carnet::check::report::sort(&mut problems);
                    eprint!("{}", carnet::check::report::human(&problems, &root, lang));
                    eprintln!("{}", carnet::error::refused(lang, &problems));
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// The line that says the site was built.
fn built(report: &carnet::build::BuildReport) -> carnet::i18n::Text {
    let output = carnet::error::display_path(&report.output);
    let (pages, sections, terms) = (report.pages, report.sections, report.terms);
    let warnings = report.warnings.len();
    let secs = report.duration.as_secs_f64();
    text!(
        "Site construit dans {output} : {pages} pages, {sections} sections, {terms} termes, {warnings} avertissement(s) en {fr} s",
        "Site built in {output}: {pages} pages, {sections} sections, {terms} terms, {warnings} warning(s) in {secs:.2} s",
        fr = format!("{secs:.2}").replace('.', ",")
    )
}

fn exit(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pins the option number: mimalloc's own default for `purge_delay` is
    /// 1000 ms in v3 (10 in v2), which no neighbouring option shares. If an
    /// upgrade of libmimalloc-sys moves the enum, this fails instead of
    /// silently tuning some other option.
    #[test]
    fn the_purge_delay_option_is_the_one_we_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads an integer option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert!(matches!(delay, 1000 | 10), "purge_delay is {delay}");
    }
}
