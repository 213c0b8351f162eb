#!/usr/bin/env bash
# Regenerates the screenshots in docs/img/ from the example site (the repo
# root): an article at 1400x1000 (sidenotes in the margin) and at 390x844 (a
# phone: notes open on demand), and the first page of that article printed to
# PDF (A5, notes in the outer margin).
#
#   scripts/screenshots.sh [SECTION/SLUG]    default: review/issue-2/borrowed-tools
#
# Needs chromium and poppler-utils (pdftoppm); scripts/test.sh installs both.
# Uses target/release/samizdat or target/debug/samizdat (builds a debug one if
# there is neither).
set -euo pipefail
cd "$(dirname "$0")/.."

article="${1:-review/issue-2/borrowed-tools}"
img=docs/img

chromium=$(command -v chromium || true)
[ -x /usr/bin/chromium ] && chromium=/usr/bin/chromium
if [ -z "$chromium" ] || ! command -v pdftoppm >/dev/null; then
  echo "chromium or pdftoppm not found: apt-get install chromium poppler-utils" >&2
  exit 1
fi

bin=""
for b in target/release/samizdat target/debug/samizdat; do
  if [ -x "$b" ]; then bin=$b; break; fi
done
if [ -z "$bin" ]; then
  cargo build --quiet
  bin=target/debug/samizdat
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" build --root . --output "$tmp/site" >/dev/null

page="$tmp/site/$article/index.html"
[ -f "$page" ] || { echo "no article at $article (looked for $page)" >&2; exit 1; }
url="file://$page"

shoot() { # WIDTH HEIGHT FLAGS...
  local w=$1 h=$2
  shift 2
  # A fresh profile each time; light colour scheme, no scrollbars.
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile-$w" --hide-scrollbars --force-device-scale-factor=1 \
    --blink-settings=preferredColorScheme=1 --virtual-time-budget=3000 \
    --window-size="$w,$h" "$@" "$url" >/dev/null 2>&1
}

mkdir -p "$img"
shoot 1400 1000 "--screenshot=$img/article-wide.png"
shoot 390 844 "--screenshot=$img/article-narrow.png"
shoot 1000 1000 "--print-to-pdf=$tmp/article.pdf" --no-pdf-header-footer
if [ ! -f "$tmp/article.pdf" ]; then
  echo "chromium wrote no PDF" >&2
  exit 1
fi
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$tmp/article.pdf" "$img/print-page-1"

for f in article-wide article-narrow print-page-1; do
  [ -s "$img/$f.png" ] || { echo "missing $img/$f.png" >&2; exit 1; }
  echo "$img/$f.png ($(du -k "$img/$f.png" | cut -f1) KB)"
done
