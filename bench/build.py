#!/usr/bin/env python3
"""Build benchmark for carnet (issue 7). Run by hand, not by CI.

Generates French sites with ../shared/bench/gen_corpus.py, builds each with
the release carnet several times and prints, per size: median wall time,
CPU time (user+sys), peak memory of the process, pages per second, output
size and search-index size, for a fresh build (no previous output) and a
rebuild with nothing changed (the previous output is there).

    python3 bench/build.py                      # 1,000 and 10,000 pages
    python3 bench/build.py --pages 1000 10000 50000 --runs 5
    python3 bench/build.py --compare hugo       # same corpus built by Hugo, ratio from the same run
    python3 bench/build.py --compare hugo --hugo-templates comparable   # only Hugo with bench/hugo's templates
    python3 bench/build.py --output-root /dev/shm   # outputs on tmpfs: carnet's work without the disk

On a virtual disk, creating 20,000 files right after deleting as many costs
ext4 more than the whole render (it skips recently freed inodes), so a
"fresh" build measured after `rm -rf` of the previous output mostly times the
file system. `--output-root /dev/shm` separates the two; report both.

Absolute times drift on a shared machine; ratios measured side by side hold.

Hugo builds the corpus twice: with the minimal templates the generator
writes (a title, a date and the terms per page, unpaginated lists), and with
bench/hugo's, which do what carnet's built-in theme does (bench/hugo/README.md):
issue 7 set its goals against Hugo "with comparable templates". At 50,000
pages Hugo with those templates takes about 95 s and 10 GB of memory per
build on the project machine: `--runs 1 --warmup 0` there.

Each measurement starts with one build that is not timed (`--warmup`, as
hyperfine does). Besides the page cache, it matters on a virtual machine:
the first time the guest touches a page of its memory, the host must back
it, and the guest kernel's page zeroing runs several times slower. On a
freshly booted 2-core VM, a 10,000-page build took 3.3 s with 2.0 s of
system time, then 2.0 s with 0.3 s. The host takes freed memory back within
seconds, so a build after 20 s idle pays part of it again (10,000 pages:
2.1 to 2.3 s instead of 1.7 to 1.8 s): `--warmup 0 --idle 20` measures that
cold case. A physical machine has no such cost.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
WORK = REPO / "bench" / "out"
HUGO_TEMPLATES = REPO / "bench" / "hugo"
SITE_TOML = """title = "PEX"
[taxonomies.themes]
title = "Thématiques"
[taxonomies.publics]
title = "Publics"
[taxonomies.intervenants]
title = "Intervenants"
"""


def run(cmd, cwd=None):
    """Runs cmd; returns (wall seconds, cpu seconds, peak RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def du(path):
    total, count = 0, 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
            count += 1
    return total, count


def corpus(pages, flavour):
    d = WORK / f"{flavour}-{pages}"
    if not (d / "content").is_dir():
        shutil.rmtree(d, ignore_errors=True)
        subprocess.run([sys.executable, str(GEN), "--pages", str(pages), "--out", str(d), "--flavour", flavour],
                       check=True)
    if flavour == "ours":
        (d / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    return d


def hugo_comparable(pages):
    """A Hugo site whose templates (bench/hugo/layouts) do what carnet's
    built-in theme does, over the generated Hugo corpus's content (given
    with --contentDir): issue 7 compared against "comparable templates",
    and the generator's own templates are minimal. Copied afresh each
    time, so an edit of bench/hugo is never measured stale."""
    d = WORK / f"hugo-comparable-{pages}"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    shutil.copy(HUGO_TEMPLATES / "hugo.toml", d / "hugo.toml")
    shutil.copytree(HUGO_TEMPLATES / "layouts", d / "layouts")
    return d


def carnet_binary():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return REPO / "target" / "release" / "carnet"


def median_of(samples):
    return {k: statistics.median(s[k] for s in samples) for k in samples[0]}


def measure(cmd, runs, warmup, before=None, idle=0):
    """Median of `runs` timed runs, after `warmup` untimed ones; `idle`
    seconds of sleep before each run let the machine take back the memory
    the previous one freed."""
    samples = []
    for i in range(warmup + runs):
        if before:
            before()
        time.sleep(idle)
        wall, cpu, rss = run(cmd)
        if i >= warmup:
            samples.append({"wall": wall, "cpu": cpu, "rss": rss})
    return median_of(samples)


def fmt(label, pages, m, out):
    size, files = du(out)
    search_size, search_files = du(out / "search") if (out / "search").is_dir() else (0, 0)
    print(f"  {label:<30} wall {m['wall']:6.2f} s  cpu {m['cpu']:6.2f} s  peak {m['rss']:7.0f} MB  "
          f"{pages / m['wall']:8.0f} pages/s  output {size / 1e6:6.1f} MB in {files} files  "
          f"search index {search_size / 1e6:5.2f} MB in {search_files} files")


def print_phases(carnet, site, out):
    """One more build with --verbose: where the wall time of a build goes."""
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.run([carnet, "build", "--verbose", "--root", site, "--output", out],
                          capture_output=True, text=True, check=True)
    lines = (proc.stdout + proc.stderr).splitlines()
    phases = [line.strip() for line in lines if line.rstrip().endswith(" ms") and ":" in line]
    print("  phases of a fresh build: " + "; ".join(phases))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs before each measurement (default 1)")
    ap.add_argument("--idle", type=float, default=0,
                    help="seconds to sleep before each run: with 20 and --warmup 0, every run starts cold")
    ap.add_argument("--compare", choices=["hugo"])
    ap.add_argument("--hugo-templates", choices=["both", "minimal", "comparable"], default="both",
                    help="with --compare hugo: the generator's minimal templates, templates comparable to "
                         "carnet's theme (bench/hugo), or both (default)")
    ap.add_argument("--output-root", type=Path, default=WORK,
                    help="where outputs go (default bench/out; /dev/shm for tmpfs)")
    a = ap.parse_args()
    carnet = carnet_binary()
    if a.compare == "hugo" and not shutil.which("hugo"):
        subprocess.run(["apt-get", "install", "-y", "hugo"], check=True)
    print(f"machine: {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}, median of {a.runs} runs after {a.warmup} untimed"
          + (f", {a.idle:g} s idle before each" if a.idle else ""))
    for pages in a.pages:
        site = corpus(pages, "ours")
        out = a.output_root / f"carnet-public-{pages}"
        print(f"{pages} pages")
        fresh = measure([carnet, "build", "--quiet", "--root", site, "--output", out], a.runs, a.warmup,
                        before=lambda: shutil.rmtree(out, ignore_errors=True), idle=a.idle)
        fmt("carnet, fresh build", pages, fresh, out)
        again = measure([carnet, "build", "--quiet", "--root", site, "--output", out], a.runs, a.warmup, idle=a.idle)
        fmt("carnet, nothing changed", pages, again, out)
        print_phases(carnet, site, out)
        if a.compare == "hugo":
            hsite = corpus(pages, "hugo")
            variants = []
            if a.hugo_templates in ("both", "minimal"):
                variants.append(("minimal templates", ["-s", hsite]))
            if a.hugo_templates in ("both", "comparable"):
                variants.append(("comparable templates",
                                 ["-s", hugo_comparable(pages), "--contentDir", hsite / "content"]))
            for label, source in variants:
                hout = a.output_root / f"hugo-public-{pages}"
                hugo = measure(["hugo", "--quiet", *source, "-d", hout], a.runs, a.warmup,
                               before=lambda: shutil.rmtree(hout, ignore_errors=True), idle=a.idle)
                fmt(f"hugo, {label}", pages, hugo, hout)
                print(f"  ratio hugo ({label}) / carnet (fresh, wall): {hugo['wall'] / fresh['wall']:.1f}x, "
                      f"memory: {hugo['rss'] / fresh['rss']:.1f}x")

if __name__ == "__main__":
    main()
