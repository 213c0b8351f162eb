#!/usr/bin/env bash
# bench/reload.sh: how long `samizdat serve` takes from saving a file to the
# `reload` event on /__samizdat/events (what an open tab waits for).
#
# How to run it (from any folder):
#   bench/reload.sh                       # example site, and a 10,000-article corpus
#   bench/reload.sh --sizes ""            # the example site only
#   RUNS=20 bench/reload.sh --sizes "1000 10000"
#   bench/reload.sh --no-build            # use target/release/samizdat as it is
#
# Options (or environment variables):
#   --sizes "N ..."  generated corpus sizes, in articles (SIZES, default "10000");
#                    needs bench/gen_corpus.py
#   --runs N         timed saves per case (RUNS, default 10); the table gives
#                    the median, min and max
#   --no-build       do not run `cargo build --release` first
#   BIN              another samizdat binary to time (e.g. an older one;
#                    implies --no-build)
#   --keep           keep the work folder (KEEP=1)
#   --config TOML    lines added to each generated corpus's book.toml
#                    (CONFIG), e.g. '[titles]\npath = "titles"' to time the
#                    edits with an index of titles
#   KINDS            only these cases, e.g. KINDS="new delete" (a case that
#                    undoes another, as delete or release, needs it too)
#   SERVE_LOG        a file each serve's output is added to (what it says it
#                    rebuilt, in how long; with SAMIZDAT_SERVE_TRACE=1, more)
#   BENCH_DIR        where the work folder goes (default: /dev/shm if
#                    writable, else $TMPDIR or /tmp)
#
# Each case starts `target/release/samizdat serve --root SITE --port 0` on a
# copy of the site, waits for its URL, connects to the event stream, then
# per run: waits 300 ms, notes the time, saves an article, and reads events
# until `reload`. Cases:
#   body      append a paragraph to one article (front matter unchanged:
#             serve re-renders that article, its section and print page);
#             the first save in a section also renders the section's other
#             articles once (for its print page), reported as "first body"
#   figure    append a paragraph with an image written as beside the
#             Markdown file (`bench-figure.png`, put there before the first
#             save): as body, and the link lookup finds the file from the
#             file's folder (checks the page's `../bench-figure.png`)
#   bio       append a paragraph to the text of the page of the article's
#             author (content/authors/<its address>.md, made before serve
#             starts when the site has none; front matter unchanged: serve
#             re-renders that page alone; checks the page)
#   biodesc   give that text a new description (serve re-renders its page
#             and the index of the authors, which lists it; checks the
#             index)
#   newbio    delete that text (serve reads the texts again and renders
#             its page and the index without it; timed as "rmbio"), then
#             make it anew (likewise; checks the page)
#   author    change the article's author (metadata that only shows on it
#             and in listings: serve also re-renders the section pages above)
#   title     change the article's title (serve also re-renders its
#             neighbours and every page whose links to it show the title)
#   letter    as title, but alternately under a letter no other title is
#             filed under (`Жизнь …`) and back (`Retitled …`): with an
#             index of titles (--config), each save makes a letter new or
#             gone, and every letter's page is rendered again (they lead to
#             each other); without one, a title edit
#   weight    give the article a new weight, moving it in its section's
#             order (serve re-renders the articles whose neighbours changed)
#   new       save a new article beside it (a retitled copy, bench-new-N.md;
#             serve adds it in place: its neighbours, listings, print page)
#   delete    delete those new articles again, one per save (checks the
#             page is then 404)
#   slug      give the article a new slug, a new one each save (serve takes
#             it out at its old address and adds it at the new one; checks
#             the old address is then 404)
#   intro     append a paragraph to the section's _index.md (its page only)
#   section   retitle the section in its _index.md (its articles show the
#             title in their breadcrumbs: all are rendered again, with the
#             listings above and the print page)
#   pubdesc   give the publication above the section a new description in
#             its _index.md (its listing and the home page's show it; the
#             articles below do not)
#   folder    move a new issue into the article's publication: a folder with
#             an _index.md and three articles (copies of the article), made
#             beside the site and renamed in at once (checks its page)
#   rmfolder  delete those issues again, one per save (checks the page is
#             then 404)
#   lastdraft make the only article of an issue without an _index.md a
#             draft (the issue loses its page and print page; checks they
#             are then 404); the issue is made before and deleted after
#             each save, untimed
#   hold      make the article's issue's _index.md a draft (the issue and
#             its articles are held back; checks the article is then 404)
#   release   and no longer a draft (the issue is walked and rendered anew;
#             checks the article is served again)
#   template  change the site's templates/section.html (a copy of the default
#             theme's, made before serve starts): every section page
#   arttemplate change the site's templates/article.html (a copy of the
#             default theme's, made before serve starts): every article's
#             page (a full rebuild; the bodies come from serve's cache)
#   mend      break the article's front matter (untimed: the error is
#             shown), then mend it as it was (timed, to the "ok" event that
#             clears the error: nothing else changed, so nothing reloads)
#   broken    another article of the section broken first (untimed), then
#             this one retitled while the site is broken (timed, to the
#             "error" event that shows it still broken: followed in the site
#             as loaded, not written); after the last save the other one is
#             mended (untimed) and the article checked for its last title
#   afterfail another article of the section broken, then book.toml given a
#             new site title (both untimed: the full build fails), then
#             this one retitled (timed, to the "error" event: refused in
#             place, not another full build); after the last save the
#             other one is mended (a full build) and the article checked
#             for its last title and the site's new one
#   config    change the site title in book.toml (a full rebuild)
# After each save the article is fetched to check it has the new text.
# Needs python3 (standard library only). Output: a Markdown table on stdout.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES-"10000"}
RUNS=${RUNS:-10}
KEEP=${KEEP:-0}
CONFIG=${CONFIG:-}
BUILD=1

while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    --config) CONFIG=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -n "${BIN:-}" ]; then
  BUILD=0
fi
if [ "$BUILD" = 1 ]; then
  echo "building target/release/samizdat ..." >&2
  (cd "$REPO" && cargo build --release --bin samizdat >&2)
fi
BIN=${BIN:-"$REPO/target/release/samizdat"}
[ -x "$BIN" ] || { echo "no $BIN: run without --no-build" >&2; exit 2; }

if [ -z "${BENCH_DIR:-}" ]; then
  if [ -w /dev/shm ]; then BENCH_DIR=/dev/shm; else BENCH_DIR=${TMPDIR:-/tmp}; fi
fi
WORK=$(mktemp -d "$BENCH_DIR/samizdat-reload.XXXXXX")
cleanup() { [ "$KEEP" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"; }
trap cleanup EXIT

# The example site, copied so the repository is not edited.
mkdir -p "$WORK/example"
for f in book.toml content themes templates static; do
  [ -e "$REPO/$f" ] && cp -r "$REPO/$f" "$WORK/example/"
done
CASES="example:$WORK/example:content/review/issue-1/the-bread-rota.md"
mkdir -p "$WORK/example/templates"
cp "$REPO/themes/default/templates/section.html" "$WORK/example/templates/section.html"
cp "$REPO/themes/default/templates/article.html" "$WORK/example/templates/article.html"

for n in $SIZES; do
  if [ ! -f "$REPO/bench/gen_corpus.py" ]; then
    echo "no bench/gen_corpus.py: skipping the $n-article corpus" >&2
    continue
  fi
  echo "generating a $n-article corpus ..." >&2
  python3 "$REPO/bench/gen_corpus.py" --articles "$n" --out "$WORK/corpus-$n" --quiet >&2
  if [ -n "$CONFIG" ]; then
    printf '\n%b\n' "$CONFIG" >> "$WORK/corpus-$n/book.toml"
  fi
  mkdir -p "$WORK/corpus-$n/templates"
  cp "$REPO/themes/default/templates/section.html" "$WORK/corpus-$n/templates/section.html"
  cp "$REPO/themes/default/templates/article.html" "$WORK/corpus-$n/templates/article.html"
  # An article in the middle of the corpus.
  article=$(cd "$WORK/corpus-$n" && find content -name '*.md' ! -name '_index.md' | sort | sed -n "$(( n / 2 ))p")
  CASES="$CASES corpus-$n:$WORK/corpus-$n:$article"
done

python3 - "$BIN" "$RUNS" $CASES <<'PY'
import json, os, re, shutil, socket, statistics, subprocess, sys, threading, time, queue

bin_, runs, cases = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def start(root):
    p = subprocess.Popen([bin_, "serve", "--root", root, "--port", "0"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    log = []
    p.log_reader = threading.Thread(target=lambda: log.extend(p.stderr), daemon=True)
    p.log_reader.start()
    t0 = time.perf_counter()
    for line in p.stdout:
        m = re.search(r"http://([^/]+)/", line)
        if m:
            host, port = m.group(1).rsplit(":", 1)
            return p, (host, int(port)), time.perf_counter() - t0, log
    raise SystemExit("serve printed no URL:\n" + "".join(log))

def get(addr, path):
    s = socket.create_connection(addr, timeout=30)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    s.close()
    return data.decode("utf-8", "replace")

class Events:
    def __init__(self, addr):
        self.s = socket.create_connection(addr, timeout=120)
        self.s.sendall(b"GET /__samizdat/events HTTP/1.1\r\nHost: x\r\n\r\n")
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += self.s.recv(1)
        self.q = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        # Chunked framing is ignored: event lines are matched on their own.
        event, pending = None, b""
        while True:
            chunk = self.s.recv(65536)
            if not chunk:
                return
            now = time.perf_counter()
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                line = line.rstrip(b"\r").decode("utf-8", "replace")
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event:
                    self.q.put((now, event, line[5:].strip()))
                    event = None

    def wait(self, name, timeout=300):
        deadline = time.perf_counter() + timeout
        while True:
            t, ev, data = self.q.get(timeout=max(0.1, deadline - time.perf_counter()))
            names = (name,) if isinstance(name, str) else name
            if ev in names:
                return t
            if ev == "error" and '"' in data and ": error:" in data:
                raise SystemExit(f"the build broke: {data}")
            # Problems shown that are all warnings (an earlier case may
            # have left a link to a moved article): the site is good, as
            # an "ok" would say.
            if ev == "error" and "ok" in names:
                return t

    def drain(self):
        while not self.q.empty():
            self.q.get()

def fmt(xs):
    if not xs:
        return "-", "-", "-"
    ms = [x * 1000 for x in xs]
    return f"{statistics.median(ms):.0f} ms", f"{min(ms):.0f}", f"{max(ms):.0f}"

def save_and_check(ev, addr, target, text, check, marker):
    """Saves `text` as the file `target`, waits for the reload, checks that
    the page at `check` shows `marker`, and returns the time from the save
    to the reload, and the page."""
    t0 = time.perf_counter()
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)
    t1 = ev.wait("reload")
    page = get(addr, check)
    assert marker in page, f"{check} has not {marker}:\n{page[:300]}"
    return t1 - t0, page

def break_front_matter(ev, path):
    """Saves the file at `path` with front matter that does not read, waits
    for serve to show the error, and returns the file's text as it was."""
    with open(path, encoding="utf-8") as f:
        good = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(good.replace("---\n", "---\nbroken: [unclosed\n", 1))
    ev.wait("error")
    time.sleep(0.3)
    ev.drain()
    return good

rows = []
# Template cases: the template's file, the tag the mark goes in, and what
# follows the mark in it.
TEMPLATE_MARKS = {
    "template": ("section.html", '<h1 class="section-title"', ""),
    "arttemplate": ("article.html", "<article", " data-article"),
}

for case in cases:
    name, root, rel = case.split(":", 2)
    path = os.path.join(root, rel)
    n_md = sum(1 for d, _, fs in os.walk(os.path.join(root, "content")) for f in fs if f.endswith(".md"))
    # The text of the page of the article's author, for the bio case:
    # made before serve starts (a new one builds everything).
    bio_path = bio_url = None
    with open(path, encoding="utf-8") as f:
        by = re.search(r'^author:\s*"?([^"\n]*?)"?\s*$', f.read(), flags=re.M)
    if by:
        slug = re.sub(r"[^\w]+", "-", by.group(1).lower()).strip("-")
        bio_path = os.path.join(root, "content", "authors", slug + ".md")
        bio_url = f"/authors/{slug}/"
        if not os.path.exists(bio_path):
            os.makedirs(os.path.dirname(bio_path), exist_ok=True)
            with open(bio_path, "w", encoding="utf-8") as f:
                f.write("---\ndescription: A writer of the archive.\n---\n\nWho they were, in a few words.\n")
    print(f"{name}: starting serve ({n_md} .md files) ...", file=sys.stderr)
    proc, addr, startup, log = start(root)
    try:
        ev = Events(addr)
        url = None
        results = {k: [] for k in ("first body", "body", "figure", "bio", "biodesc", "newbio", "rmbio", "author", "title", "letter", "weight", "new",
                                   "delete", "slug", "intro", "section", "pubdesc", "folder", "rmfolder", "lastdraft", "hold",
                                   "release", "template", "arttemplate", "mend", "broken", "afterfail", "config")}
        kinds = (("body", runs + 1), ("figure", runs), ("bio", runs if bio_path else 0),
                 ("biodesc", runs if bio_path else 0), ("newbio", runs if bio_path else 0), ("author", runs), ("title", runs), ("letter", runs), ("weight", runs),
                 ("new", runs), ("delete", runs), ("slug", runs), ("intro", runs), ("section", runs), ("pubdesc", runs),
                 ("folder", runs),
                 ("rmfolder", runs), ("lastdraft", runs), ("hold", runs), ("template", runs),
                 ("arttemplate", runs), ("mend", runs), ("broken", runs), ("afterfail", runs),
                 ("config", runs))
        only = os.environ.get("KINDS", "").split()
        for kind, count in kinds:
            if only and kind not in only:
                continue
            for i in range(count):
                time.sleep(0.3)
                ev.drain()
                marker = f"bench-{kind}-{i}-{time.time_ns()}"
                if kind == "figure" and i == 0:
                    # The image beside the article, copied in (untimed).
                    with open(os.path.join(os.path.dirname(path), "bench-figure.png"), "wb") as f:
                        f.write(b"\x89PNG\r\n\x1a\n")
                    time.sleep(1.0)
                    ev.drain()
                if kind == "lastdraft":
                    # An issue of one article, no _index.md: made (untimed),
                    # its article made a draft (timed), deleted (untimed).
                    publication = os.path.dirname(os.path.dirname(path))
                    solo = os.path.join(publication, f"bench-solo-{i}")
                    os.makedirs(solo)
                    with open(path, encoding="utf-8") as f:
                        copy = re.sub(r"^slug:.*\n", "", f.read(), flags=re.M)
                    with open(os.path.join(solo, "only.md"), "w", encoding="utf-8") as f:
                        f.write(copy)
                    ev.wait("reload")
                    solo_url = "/" + os.path.relpath(solo, os.path.join(root, "content")) + "/"
                    assert get(addr, solo_url + "print/").split(" ", 2)[1] == "200"
                    time.sleep(0.3)
                    ev.drain()
                    t0 = time.perf_counter()
                    with open(os.path.join(solo, "only.md"), "w", encoding="utf-8") as f:
                        f.write(copy.replace("\n", "\ndraft: true\n", 1))
                    t1 = ev.wait("reload")
                    for gone in (solo_url, solo_url + "print/"):
                        status = get(addr, gone).split(" ", 2)[1]
                        assert status == "404", f"{gone} still served ({status})"
                    results[kind].append(t1 - t0)
                    shutil.rmtree(solo)
                    time.sleep(0.5)  # its deletion: maybe nothing to reload
                    continue
                if kind == "bio":
                    with open(bio_path, encoding="utf-8") as f:
                        text = f.read().rstrip("\n") + f"\n\nA paragraph saved by the benchmark, {marker}.\n"
                    took, _ = save_and_check(ev, addr, bio_path, text, bio_url, marker)
                    results[kind].append(took)
                    continue
                if kind == "biodesc":
                    with open(bio_path, encoding="utf-8") as f:
                        text = re.sub(r"^description:.*$", f"description: A writer of the archive, {marker}.",
                                      f.read(), count=1, flags=re.M)
                    took, _ = save_and_check(ev, addr, bio_path, text, bio_url.rsplit("/", 2)[0] + "/", marker)
                    results[kind].append(took)
                    continue
                if kind == "newbio":
                    with open(bio_path, encoding="utf-8") as f:
                        text = f.read().rstrip("\n") + f"\n\nMade again by the benchmark, {marker}.\n"
                    t0 = time.perf_counter()
                    os.remove(bio_path)
                    results["rmbio"].append(ev.wait("reload") - t0)
                    time.sleep(0.3)
                    ev.drain()
                    took, _ = save_and_check(ev, addr, bio_path, text, bio_url, marker)
                    results[kind].append(took)
                    continue
                if kind == "mend":
                    # Broken (untimed), then mended.
                    good = break_front_matter(ev, path)
                    t0 = time.perf_counter()
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(good)
                    # Mended as it was: nothing to reload, the overlay goes
                    # ("ok"); a full rebuild (older binaries) reloads.
                    t1 = ev.wait(("ok", "reload"))
                    results[kind].append(t1 - t0)
                    continue
                if kind in ("broken", "afterfail"):
                    other = next(os.path.join(os.path.dirname(path), f) for f in sorted(os.listdir(os.path.dirname(path)))
                                 if f.endswith(".md") and f != "_index.md" and not f.startswith("bench-")
                                 and os.path.join(os.path.dirname(path), f) != path)
                    book = os.path.join(root, "book.toml")
                    if i == 0:
                        other_good = break_front_matter(ev, other)
                        if kind == "afterfail":
                            # A new site title: the full build fails.
                            with open(book, encoding="utf-8") as f:
                                book_good = f.read()
                            with open(book, "w", encoding="utf-8") as f:
                                f.write(re.sub(r"^title\s*=.*$", f'title = "Failed {marker}"', book_good, count=1,
                                               flags=re.M))
                            ev.wait("error")
                            time.sleep(0.3)
                            ev.drain()
                    with open(path, encoding="utf-8") as f:
                        text = f.read()
                    text = re.sub(r"^title:.*$", f"title: \"Retitled {marker}\"", text, count=1, flags=re.M)
                    t0 = time.perf_counter()
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(text)
                    t1 = ev.wait("error")
                    results[kind].append(t1 - t0)
                    if i == count - 1:
                        time.sleep(0.3)
                        ev.drain()
                        with open(other, "w", encoding="utf-8") as f:
                            f.write(other_good)
                        ev.wait("reload")
                        page = get(addr, url)
                        assert marker in page, f"{url} has not {marker} once mended:\n{page[:300]}"
                        if kind == "afterfail":
                            assert "Failed bench-afterfail-0-" in page, f"{url} has not the new site title:\n{page[:300]}"
                            time.sleep(0.3)
                            ev.drain()
                            with open(book, "w", encoding="utf-8") as f:
                                f.write(book_good)
                            ev.wait("reload")
                    continue
                if kind == "hold":
                    # The issue's _index.md a draft (timed), then not (timed).
                    index = os.path.join(os.path.dirname(path), "_index.md")
                    with open(index, encoding="utf-8") as f:
                        intro = f.read()
                    slug = os.path.splitext(os.path.basename(rel))[0]
                    article_url = url or ("/" + os.path.dirname(rel).split("/", 1)[1] + "/" + slug + "/")
                    for step, text in (("hold", intro.replace("\n", "\ndraft: true\n", 1)), ("release", intro)):
                        time.sleep(0.3)
                        ev.drain()
                        t0 = time.perf_counter()
                        with open(index, "w", encoding="utf-8") as f:
                            f.write(text)
                        t1 = ev.wait("reload")
                        status = get(addr, article_url).split(" ", 2)[1]
                        assert status == ("404" if step == "hold" else "200"), f"{article_url}: {status} after {step}"
                        results[step].append(t1 - t0)
                    continue
                target = os.path.join(root, "book.toml") if kind == "config" else path
                with open(target, encoding="utf-8") as f:
                    text = f.read()
                check = None
                if kind in TEMPLATE_MARKS:
                    # The site's own copy of a default template (put there
                    # before serve started), its tag marked: the section
                    # page, or the article, shows the mark.
                    template_file, tag, after = TEMPLATE_MARKS[kind]
                    target = os.path.join(root, "templates", template_file)
                    with open(target, encoding="utf-8") as f:
                        text = f.read()
                    text, marked = re.subn(re.escape(tag) + '( data-bench="[^"]*")?' + re.escape(after),
                                           f'{tag} data-bench="{marker}"{after}', text, count=1)
                    # (A template that no longer has the tag would be saved
                    # unchanged, and serve would rightly send no reload.)
                    assert marked == 1, f"{template_file} has no {tag}{after}"
                    if kind == "template":
                        check = "/" + os.path.dirname(rel).split("/", 1)[1] + "/"
                if kind == "pubdesc":
                    # The publication's _index.md: a new description.
                    target = os.path.join(os.path.dirname(os.path.dirname(path)), "_index.md")
                    with open(target, encoding="utf-8") as f:
                        text = f.read()
                    text = re.sub(r"^description:.*\n", "", text, flags=re.M)
                    text = text.replace("\n", f"\ndescription: \"About {marker}\"\n", 1)
                    check = "/" + os.path.relpath(os.path.dirname(target), os.path.join(root, "content")) + "/"
                    took, _ = save_and_check(ev, addr, target, text, check, marker)
                    results[kind].append(took)
                    continue
                if kind in ("intro", "section"):
                    # The section's introduction: its _index.md's text.
                    target = os.path.join(os.path.dirname(path), "_index.md")
                    with open(target, encoding="utf-8") as f:
                        text = f.read()
                    check = "/" + os.path.dirname(rel).split("/", 1)[1] + "/"
                if kind == "new":
                    # A new article beside the edited one: a copy of it,
                    # retitled, in a file of its own.
                    slug = f"bench-new-{i}"
                    target = os.path.join(os.path.dirname(path), slug + ".md")
                    check = "/" + os.path.dirname(rel).split("/", 1)[1] + "/" + slug + "/"
                if kind in ("body", "intro"):
                    text = text.rstrip("\n") + f"\n\nA paragraph saved by the benchmark, {marker}.\n"
                elif kind == "figure":
                    # Written as beside the Markdown file: the page gets
                    # it from its own address (`../bench-figure.png`).
                    text = text.rstrip("\n") + f"\n\n![A figure, {marker}](bench-figure.png)\n"
                elif kind == "section":
                    text = re.sub(r"^title:.*$", f"title: \"Section {marker}\"", text, count=1, flags=re.M)
                elif kind == "author":
                    text = re.sub(r"^author:.*$", f"author: \"Author {marker}\"", text, count=1, flags=re.M)
                elif kind in ("title", "new"):
                    text = re.sub(r"^title:.*$", f"title: \"Retitled {marker}\"", text, count=1, flags=re.M)
                elif kind == "letter":
                    first = "Жизнь" if i % 2 == 0 else "Retitled"
                    text = re.sub(r"^title:.*$", f"title: \"{first} {marker}\"", text, count=1, flags=re.M)
                elif kind == "weight":
                    # Alternately first and last in its section; the marker
                    # goes into the body so the fetched page can be checked.
                    text = re.sub(r"^weight:.*\n", "", text, flags=re.M)
                    text = text.replace("\n", f"\nweight: {-1 if i % 2 else 1000000}\n", 1)
                    text = text.rstrip("\n") + f"\n\n{marker}\n"
                elif kind == "slug":
                    # A new address each time; the marker in the body.
                    slug = f"bench-slug-{i}"
                    text = re.sub(r"^slug:.*\n", "", text, flags=re.M)
                    text = text.replace("\n", f"\nslug: {slug}\n", 1)
                    text = text.rstrip("\n") + f"\n\n{marker}\n"
                    old_url = url
                    url = "/" + os.path.dirname(rel).split("/", 1)[1] + "/" + slug + "/"
                else:
                    text = re.sub(r"^title\s*=.*$", f"title = \"Site {marker}\"", text, count=1, flags=re.M)
                if kind == "folder":
                    # A new issue beside the article's, made outside the
                    # content folder and moved in with one rename.
                    issue = f"bench-issue-{i}"
                    staged = os.path.join(root, f".staged-{issue}")
                    os.makedirs(staged)
                    with open(os.path.join(staged, "_index.md"), "w", encoding="utf-8") as f:
                        f.write(f"---\ntitle: \"Issue {marker}\"\n---\n\nA new issue.\n")
                    for k in range(3):
                        with open(os.path.join(staged, f"text-{k}.md"), "w", encoding="utf-8") as f:
                            copy = re.sub(r"^slug:.*\n", "", text, flags=re.M)
                            f.write(re.sub(r"^title:.*$", f"title: \"Text {k}\"", copy, count=1, flags=re.M))
                    publication = os.path.dirname(os.path.dirname(path))
                    check = "/" + os.path.relpath(publication, os.path.join(root, "content")) + f"/{issue}/"
                    t0 = time.perf_counter()
                    os.rename(staged, os.path.join(publication, issue))
                    t1 = ev.wait("reload")
                    page = get(addr, check)
                    assert marker in page, f"{check} has not {marker}:\n{page[:300]}"
                    results[kind].append(t1 - t0)
                    continue
                if kind == "rmfolder":
                    # The new issues go again, one per save.
                    issue = f"bench-issue-{i}"
                    publication = os.path.dirname(os.path.dirname(path))
                    gone_url = "/" + os.path.relpath(publication, os.path.join(root, "content")) + f"/{issue}/"
                    t0 = time.perf_counter()
                    shutil.rmtree(os.path.join(publication, issue))
                    t1 = ev.wait("reload")
                    status = get(addr, gone_url).split(" ", 2)[1]
                    assert status == "404", f"{gone_url} still served ({status})"
                    results[kind].append(t1 - t0)
                    continue
                if kind == "delete":
                    # The new articles go again, one per save.
                    slug = f"bench-new-{i}"
                    gone = os.path.join(os.path.dirname(path), slug + ".md")
                    gone_url = "/" + os.path.dirname(rel).split("/", 1)[1] + "/" + slug + "/"
                    t0 = time.perf_counter()
                    os.remove(gone)
                    t1 = ev.wait("reload")
                    status = get(addr, gone_url).split(" ", 2)[1]
                    assert status == "404", f"{gone_url} still served ({status})"
                    results[kind].append(t1 - t0)
                    continue
                if url is None:
                    slug = os.path.splitext(os.path.basename(rel))[0]
                    url = "/" + os.path.dirname(rel).split("/", 1)[1] + "/" + slug + "/"
                took, page = save_and_check(ev, addr, target, text, check or url, marker)
                if kind == "figure":
                    assert 'src="../bench-figure.png"' in page, f"{check or url}: the figure's address"
                if kind == "slug":
                    status = get(addr, old_url).split(" ", 2)[1]
                    assert status == "404", f"{old_url} still served ({status})"
                key = "first body" if (kind == "body" and i == 0) else kind
                results[key].append(took)
        rows.append((name, n_md, startup, results))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if os.environ.get("SERVE_LOG"):
            proc.log_reader.join(timeout=10)
            with open(os.environ["SERVE_LOG"], "a", encoding="utf-8") as f:
                f.write(f"== {name}\n" + "".join(log))

print(f"\nSave-to-reload latency of `samizdat serve` (release build), {runs} saves per case:\n")
print("| site | .md files | serve start | body edit | first body edit in a section | body edit with a figure beside the file | text of the author's page edited | its description | made anew | deleted | author edit | title edit | title under a new letter, or none | weight edit | new article | deleted article | new slug | section intro edit | section title edit | publication description | new issue folder | deleted issue folder | an issue's only article a draft | issue held back (draft intro) | issue released | section template edit | article template edit (full rebuild) | broken front matter mended | title edit on a broken site | title edit after a full build failed | book.toml edit (full rebuild) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, n_md, startup, r in rows:
    cells = []
    for kind in ("body", "figure", "bio", "biodesc", "newbio", "rmbio", "author", "title", "letter", "weight", "new", "delete", "slug", "intro", "section",
                 "pubdesc", "folder", "rmfolder", "lastdraft", "hold", "release", "template", "arttemplate", "mend",
                 "broken", "afterfail", "config"):
        med, lo, hi = fmt(r[kind])
        cells.append(f"{med} ({lo}-{hi})")
    first = f"{r['first body'][0] * 1000:.0f} ms" if r['first body'] else "-"
    print(f"| {name} | {n_md} | {startup:.2f} s | {cells[0]} | {first} | {' | '.join(cells[1:])} |")
print("\nMedian (min-max) over the saves; times include serve's debounce (src/serve/watch.rs: 3 ms after a save that wrote in place and closed its files, as this one does; 25 ms of quiet otherwise).")
PY
