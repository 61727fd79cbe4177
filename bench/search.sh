#!/usr/bin/env bash
# Search benchmark: builds generated French sites (1,000 and 10,000 pages by
# default) and prints, for each, the index's size and file count, the time
# and memory of the index build alone (bench/search_index.rs) and of
# `carnet build` with and without search, and the bytes Chromium downloads
# for a first and a second query (bench/search-bytes.mjs).
#
#   bash bench/search.sh [PAGES...]      e.g. bash bench/search.sh 1000
#
# Sites and builds go to bench/out/ (ignored by git); a generated site is
# reused when it exists. Needs python3, node with tests/browser's packages
# (npm ci --prefix tests/browser) and Chromium (/usr/bin/chromium or $CHROMIUM).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000}")
read -r -a sizes <<<"${sizes[*]}"
out=bench/out
mkdir -p "$out"

cargo build --release --quiet
cargo bench --bench search --no-run --quiet 2>/dev/null
bin=target/release/carnet
[[ -d tests/browser/node_modules/playwright-core ]] || npm ci --prefix tests/browser --no-audit --no-fund >/dev/null

site_toml() { # $1: enabled (true|false)
  cat <<TOML
title = "PEX — banc d'essai"
language = "fr"

[taxonomies.themes]
title = "Thématiques"

[taxonomies.publics]
title = "Publics"

[taxonomies.intervenants]
title = "Intervenants"

[search]
enabled = $1
TOML
}

# best of 3 runs by CPU time (user + system; wall-clock time swings with
# the machine's load): "wall cpu peak-RSS-MB"
timed_build() { # $1: site dir, $2: output dir
  local best="" wall="" rss="" t u s m cpu
  for _ in 1 2 3; do
    rm -rf "$2"
    /usr/bin/time -f '%e %U %S %M' -o "$out/time.txt" "$bin" build --quiet --root "$1" --output "$2" >/dev/null
    read -r t u s m <"$out/time.txt"
    cpu=$(awk "BEGIN{printf \"%.2f\", $u + $s}")
    if [[ -z $best ]] || awk "BEGIN{exit !($cpu < $best)}"; then best=$cpu; wall=$t; rss=$((m / 1024)); fi
  done
  echo "$wall $best $rss"
}

for n in "${sizes[@]}"; do
  site="$out/site-$n"
  if [[ ! -d $site/content ]]; then
    rm -rf "$site"
    python3 /work/shared/bench/gen_corpus.py --pages "$n" --out "$site" >/dev/null 2>&1 ||
      python3 "$(dirname "$0")/../../shared/bench/gen_corpus.py" --pages "$n" --out "$site"
  fi
  site_toml false >"$site/site.toml"
  read -r t_off c_off m_off < <(timed_build "$site" "$out/public-$n-nosearch")
  site_toml true >"$site/site.toml"
  read -r t_on c_on m_on < <(timed_build "$site" "$out/public-$n")
  public="$out/public-$n"
  files=$(find "$public/search" -type f | wc -l)
  bytes=$(du -sb "$public/search" | cut -f1)
  echo "== $n pages"
  printf 'index: %s files, %s KB (page files d/: %s KB, vocabulary v/: %s KB, postings p/: %s KB, facets f/: %s KB, meta.js: %s KB)\n' \
    "$files" "$((bytes / 1024))" \
    "$(($(du -sb "$public/search/d" | cut -f1) / 1024))" \
    "$(($(du -sb "$public/search/v" | cut -f1) / 1024))" \
    "$(($(du -sb "$public/search/p" | cut -f1) / 1024))" \
    "$(($(du -sb "$public/search/f" | cut -f1) / 1024))" \
    "$(($(stat -c %s "$public/search/meta.js") / 1024))"
  printf 'carnet build, best of 3: with search %ss CPU (%ss wall), peak %s MB; without %ss CPU (%ss wall), peak %s MB\n' \
    "$c_on" "$t_on" "$m_on" "$c_off" "$t_off" "$m_off"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  cargo bench --quiet --bench search -- "$site" 3 2>/dev/null | grep '^index'
  node bench/search-bytes.mjs "$public"
done
