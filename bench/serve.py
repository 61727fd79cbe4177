#!/usr/bin/env python3
"""Edit → served latency of `carnet serve`.

For each size: generate a site with ../shared/bench/gen_corpus.py, start
`carnet serve` (release build), then edit one page's Markdown N times and
measure, for each edit, the time from the write to the first HTTP response
that contains the new text (the page is polled every millisecond). Prints the
median and the worst.

    cargo build --release
    python3 bench/serve.py                     # 1,000 and 10,000 pages
    python3 bench/serve.py --pages 1000 --edits 10
    python3 bench/serve.py --title             # also edits a title (full rebuild)

Figures are recorded in docs/serve.md.
"""
import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GEN = Path(os.environ.get("CARNET_GEN_CORPUS", REPO.parent / "shared/bench/gen_corpus.py"))
if not GEN.exists():
    GEN = Path("/work/shared/bench/gen_corpus.py")
BIN = REPO / "target/release/carnet"

SITE_TOML = """title = "Banc d'essai carnet serve"
[taxonomies.themes]
title = "Thématiques"
[taxonomies.publics]
title = "Publics"
[taxonomies.intervenants]
title = "Intervenants"
"""


def make_site(pages, root):
    subprocess.run([sys.executable, str(GEN), "--pages", str(pages), "--out", str(root)],
                   check=True, stdout=subprocess.DEVNULL)
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")


def start_server(root):
    proc = subprocess.Popen([str(BIN), "serve", "--root", str(root), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()
    m = re.search(r"port (\d+)", first)
    if not m:
        proc.kill()
        raise SystemExit(f"carnet serve did not start: {first!r} {proc.stderr.read()}")
    lines = []

    def drain(stream):
        for line in stream:
            lines.append(line.rstrip("\n"))

    threading.Thread(target=drain, args=(proc.stdout,), daemon=True).start()
    threading.Thread(target=drain, args=(proc.stderr,), daemon=True).start()
    return proc, int(m.group(1)), lines


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": f"localhost:{port}"})
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_for(port, path, text, timeout=600):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            status, body = get(port, path)
            if status == 200 and text in body:
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.001)
    raise SystemExit(f"timed out waiting for {text!r} on {path}")


def pick_page(root):
    """A page of the ateliers section and its URL (file stem = slug)."""
    for f in sorted((root / "content/ateliers").glob("*.md")):
        if f.name != "_index.md":
            return f, f"/ateliers/{f.stem}/"
    raise SystemExit("no page in content/ateliers")


def measure(port, page, url, edits, mutate):
    original = page.read_text(encoding="utf-8")
    times = []
    for i in range(edits):
        token = f"Modification{i}x{int(time.time() * 1000) % 100000}"
        text = mutate(original, token)
        t0 = time.perf_counter()
        page.write_text(text, encoding="utf-8")
        t1 = wait_for(port, url, token)
        times.append((t1 - t0) * 1000)
        time.sleep(0.3)  # let the search index thread settle between edits
    page.write_text(original, encoding="utf-8")
    return times


def body_edit(original, token):
    return original.rstrip("\n") + f"\n\nParagraphe ajouté : {token}.\n"


def title_edit(original, token):
    return re.sub(r'^title = "', f'title = "{token} ', original, count=1, flags=re.M)


def report(label, times):
    print(f"  {label}: median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms "
          f"({', '.join(f'{t:.0f}' for t in times)})", flush=True)


def bench(pages, edits, with_title):
    tmp = Path(tempfile.mkdtemp(prefix=f"carnet-serve-bench-{pages}-"))
    try:
        make_site(pages, tmp)
        t = time.perf_counter()
        proc, port, lines = start_server(tmp)
        page, url = pick_page(tmp)
        wait_for(port, url, "<html")
        print(f"{pages} pages: first build served after {time.perf_counter() - t:.1f} s", flush=True)
        try:
            report("body edit (incremental)", measure(port, page, url, edits, body_edit))
            if with_title:
                report("title edit (full rebuild)", measure(port, page, url, 3, title_edit))
        finally:
            proc.kill()
            proc.wait()
        for line in lines[-4:]:
            print("    server:", line)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, action="append", help="site size (repeatable)")
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--title", action="store_true", help="also measure 3 title edits")
    args = ap.parse_args()
    if not BIN.exists():
        raise SystemExit("build first: cargo build --release")
    for pages in args.pages or [1000, 10000]:
        bench(pages, args.edits, args.title)


if __name__ == "__main__":
    main()
