//! The command line: arguments, printing the final error, the exit code.

use carnet::build::{build, BuildOptions};
use carnet::error::Error;
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            quiet,
            verbose,
        } => {
            let options = BuildOptions {
                root,
                output,
                drafts,
            };
            match build(&options) {
                Ok(report) => {
                    for w in &report.warnings {
                        eprintln!("{w}\n");
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
                Err(e) => fail(&e),
            }
        }
    }
}

fn fail(error: &Error) -> ExitCode {
    eprintln!("{error}");
    ExitCode::FAILURE
}
