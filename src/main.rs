//! The command line: arguments, printing the final error, the exit code.

use carnet::build::{build, BuildOptions};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

// Rendering thousands of pages is allocation-heavy; mimalloc halves the
// time glibc's allocator spends there on two threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
                Format::Json => println!("{}", carnet::check::report::json(&outcome.diagnostics)),
            }
            exit(outcome.passed(strict))
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
                let lang = carnet::check::site_lang(&root);
                let problems = carnet::check::diagnostics_of(e);
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
            let lang = carnet::check::site_lang(&root);
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
                        let secs =
                            format!("{:.2}", report.duration.as_secs_f64()).replace('.', ",");
                        println!(
                            "Site construit dans {} : {} pages, {} sections, {} termes, {} avertissement(s) en {secs} s",
                            carnet::error::display_path(&report.output),
                            report.pages,
                            report.sections,
                            report.terms,
                            report.warnings.len(),
                        );
                    }
                    if verbose {
                        println!(
                            "  {} fichiers HTML, {} fichiers copiés, {} fichiers d'index de recherche",
                            report.html_files, report.copied_files, report.index_files
                        );
                        for (name, d) in &report.phases {
                            println!("  {name} : {:.0} ms", d.as_secs_f64() * 1000.0);
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    let mut problems = carnet::check::diagnostics_of(e);
                    carnet::check::report::sort(&mut problems);
                    eprint!("{}", carnet::check::report::human(&problems, &root, lang));
                    eprintln!(
                        "{}",
                        carnet::check::messages::build_refused(lang, &problems)
                    );
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn exit(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
