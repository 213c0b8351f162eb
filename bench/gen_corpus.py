#!/usr/bin/env python3
"""Generate samizdat's deterministic benchmark corpus (Python stdlib only).

Usage:
    python3 bench/gen_corpus.py --articles N --out DIR [--seed S] [--quiet]

Layout written under DIR:

    DIR/book.toml                          site config for `samizdat build`
    DIR/content/_index.md                  home section
    DIR/content/<pub>/_index.md            5 publications
    DIR/content/<pub>/issue-NN/_index.md   up to 20 issues per publication
    DIR/content/<pub>/issue-NN/<slug>.md   the articles

Article i goes to publication i % 5, issue (i // 5) % 20 + 1, so 100 articles
fill every issue once, and its text depends only on (seed, i): a corpus of N
articles is exactly the first N articles of any bigger corpus with the same
seed.

Each article has YAML front matter (title, author, date, 2-4 tags, description)
and about 2,000 words of invented, English-shaped prose (a made-up vocabulary,
no real text) containing:

  * 2-3 `##` headings, occasional *emphasis*, **strong** and links;
  * ~10 footnotes `[^n]`, defined at the end; 40% of the definitions are
    editor's notes (they start with `ed. – `) and 30% have more paragraphs
    (4-space indented continuation);
  * ~5 inline interjections `[ed. – ...]`, some with emphasis or a link;
  * in 30% of articles an editor's preface: a block interjection whose first
    paragraph starts with `[ed. – ` and whose matching `]` ends the second;
  * a blockquote in 50% of articles, a fenced rust or python block in 10%.

Everything is plain CommonMark plus footnotes, so samizdat, plain
pulldown-cmark, Zola and Hugo can all build the same files.
"""

import argparse
import itertools
import os
import random
import sys

ED = "ed. \u2013 "                  # the editor's marker "ed. – " (en dash)
NOBREAK = "\x01"                    # a space that wrap() must not break at
ED_KEEP = ED.replace(" ", NOBREAK)  # the marker, never split across lines
PUBLICATIONS = 5
ISSUES_PER_PUBLICATION = 20
WRAP = 78                           # source line width, as people write it

BOOK_TOML = """\
[site]
title = "Bench corpus"
[build]
theme = "default"
"""

# ------------------------------------------------------------------ lexicon
# Words are assembled from syllables with a fixed RNG, so the vocabulary is the
# same for every seed and corpus size. Small closed-class words are mixed in
# to give the prose a natural rhythm and word-length distribution.

_HEADS = ("b b c d d f g h h k l l m m n n p p r r s s t t t v w w "
          "bl br ch cl cr dr fl fr gr pl pr sh sl sp st th th tr").split() + [""] * 4
_VOWELS = "a a a e e e e i i i o o o u u y ai au ea ee ie oa oo ou".split()
_TAILS = "- - - - - - n n r r s s l l m t t d k nd nt st ng ck".split()
_ENDINGS = ("- - - - - - s es ed ing al an ar el en er ic id ine ist ity "
            "ment ness or ous ure y ly".split())

GLUE = ("a an the of to in on at by for from with into over under after "
        "before since until while and or but nor so yet if as than that "
        "this these those which who whom whose it its they them their we "
        "our he she his her is are was were be been has had have not no "
        "all each every some any more most other such very only also").split()


def _syllable(rng):
    tail = rng.choice(_TAILS)
    return rng.choice(_HEADS) + rng.choice(_VOWELS) + ("" if tail == "-" else tail)


def _coin(rng, syllables):
    w = "".join(_syllable(rng) for _ in range(syllables))
    end = rng.choice(_ENDINGS)
    if end != "-" and syllables < 3:
        w += end
    return w


def _lexicon(rng, count, weights=(5, 4, 2)):
    out, seen = [], set(GLUE)
    while len(out) < count:
        n = rng.choices((1, 2, 3), weights=weights)[0]
        w = _coin(rng, n)
        if 3 <= len(w) <= 13 and w not in seen:
            seen.add(w)
            out.append(w)
    return out


class Lexicon:
    def __init__(self):
        rng = random.Random("samizdat/bench/lexicon/1")
        # Frequent words tend to be short (as in real languages): sort by a
        # jittered length, then give rank r a Zipf-like weight 1 / (r + 30).
        self.words = sorted(_lexicon(rng, 5000),
                            key=lambda w: len(w) + 4 * rng.random())
        zipf = [1.0 / (r + 30) for r in range(len(self.words))]
        # one population for prose: 40% glue words, 60% content words
        scale = 0.6 / sum(zipf)
        self.prose = GLUE + self.words
        self.prose_cum = list(itertools.accumulate(
            [0.4 / len(GLUE)] * len(GLUE) + [w * scale for w in zipf]))
        self.title_cum = list(itertools.accumulate(zipf[:2000]))
        self.given = [w.capitalize() for w in _lexicon(rng, 60, (2, 3, 0))]
        self.family = [w.capitalize() for w in _lexicon(rng, 80, (1, 3, 1))]
        self.tags = sorted(_lexicon(rng, 50, (2, 3, 0)))
        self.idents = [w for w in _lexicon(rng, 150, (3, 2, 0)) if w.isalpha()]
        self.pubs = ["%s-%s" % pair for pair in
                     zip(_lexicon(rng, PUBLICATIONS, (0, 1, 0)),
                         _lexicon(rng, PUBLICATIONS, (0, 1, 1)))]


LEX = Lexicon()

# ------------------------------------------------------------------ prose


def _words(rng, n):
    """n words, about 40% glue words, the rest rank-weighted content words."""
    return rng.choices(LEX.prose, cum_weights=LEX.prose_cum, k=n)


def sentence(rng, lo=7, hi=24, markup=True):
    ws = _words(rng, rng.randint(lo, hi))
    if len(ws) >= 9 and rng.random() < 0.4:
        ws[rng.randint(3, len(ws) - 4)] += ","
    if markup:
        r = rng.random()
        i = rng.randrange(1, len(ws) - 1)
        bare = ws[i].rstrip(",")
        tail = ws[i][len(bare):]
        if r < 0.06:
            ws[i] = "*%s*%s" % (bare, tail)
        elif r < 0.08:
            ws[i] = "**%s**%s" % (bare, tail)
        elif r < 0.095:
            ws[i] = "[%s](https://example.org/%s)%s" % (
                bare, rng.choice(LEX.idents), tail)
        elif r < 0.105:
            ws[i] = "`%s`%s" % (rng.choice(LEX.idents), tail)
    ws[0] = ws[0][0].upper() + ws[0][1:]
    return " ".join(ws) + ("?" if rng.random() < 0.05 else ".")


def sentences(rng, target, **kw):
    """Sentences until at least `target` words; returns (list, word count)."""
    out, n = [], 0
    while n < target:
        s = sentence(rng, **kw)
        out.append(s)
        n += s.count(" ") + 1
    return out, n


def title(rng, lo=2, hi=5):
    return " ".join(w.capitalize() for w in
                    rng.choices(LEX.words[:2000], cum_weights=LEX.title_cum,
                                k=rng.randint(lo, hi)))


def interjection(rng):
    """An inline editor's interjection, some with emphasis or a link."""
    ws = _words(rng, rng.randint(4, 14))
    r = rng.random()
    i = rng.randrange(len(ws))
    if r < 0.25:
        ws[i] = "*%s*" % ws[i]
    elif r < 0.45:
        ws[i] = "[%s](https://example.org/%s)" % (ws[i], rng.choice(LEX.idents))
    return "[" + ED_KEEP + " ".join(ws) + "]"


def wrap(text, indent=""):
    """Greedy wrap at spaces to WRAP columns, every line prefixed by indent.

    Links and footnote references contain no spaces, so they are never split,
    nor is the editor's marker (its spaces are NOBREAK until the end), and
    every wrapped line starts with a word, never with block syntax."""
    lines, cur, width = [], [], len(indent)
    for w in text.split(" "):
        if cur and width + 1 + len(w) > WRAP:
            lines.append(indent + " ".join(cur))
            cur, width = [], len(indent)
        width += len(w) + (1 if cur else 0)
        cur.append(w)
    lines.append(indent + " ".join(cur))
    return "\n".join(lines).replace(NOBREAK, " ")


def code_block(rng):
    f, a, b, c = rng.sample(LEX.idents, 4)
    if rng.random() < 0.5:
        lines = [
            "```rust",
            "/// %s." % " ".join(_words(rng, 7)),
            "pub fn %s(%s: &[&str]) -> Vec<(usize, String)> {" % (f, a),
            "    let mut %s = Vec::new();" % b,
            "    for (%s, line) in %s.iter().enumerate() {" % (c, a),
            "        if line.len() > %d {" % rng.randint(8, 40),
            "            %s.push((%s, line.trim().to_string()));" % (b, c),
            "        }",
            "    }",
            "    %s" % b,
            "}",
            "```",
        ]
    else:
        lines = [
            "```python",
            "def %s(%s, limit=%d):" % (f, a, rng.randint(3, 20)),
            '    """%s."""' % " ".join(_words(rng, 6)).capitalize(),
            "    %s = {}" % b,
            "    for %s in %s.split():" % (c, a),
            "        %s[%s] = %s.get(%s, 0) + 1" % (b, c, b, c),
            "    return sorted(%s, key=%s.get, reverse=True)[:limit]" % (b, b),
            "```",
        ]
    return "\n".join(lines)


def yaml_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ------------------------------------------------------------------ article


def article(seed, i):
    """Return (slug, markdown) for article i; depends only on (seed, i)."""
    rng = random.Random("samizdat/bench/%s/%d" % (seed, i))

    head = title(rng, 2, 6)
    author = "%s %s" % (rng.choice(LEX.given), rng.choice(LEX.family))
    date = "%04d-%02d-%02d" % (rng.randint(1880, 2023), rng.randint(1, 12),
                               rng.randint(1, 28))
    tags = rng.sample(LEX.tags, rng.randint(2, 4))
    desc = sentence(rng, 8, 16, markup=False)

    has_preface = rng.random() < 0.30
    has_quote = rng.random() < 0.50
    has_code = rng.random() < 0.10
    n_notes = rng.randint(8, 12)
    n_inter = rng.randint(4, 6)

    # Body prose: ~1,500 words; notes, interjections, quote and headings bring
    # the article to ~2,000 words.
    paras, words = [], 0
    budget = rng.randint(1400, 1600)
    while words < budget:
        ss, n = sentences(rng, rng.randint(45, 110))
        paras.append(ss)
        words += n
    first = 2 if has_preface else 0      # preface paragraphs stay bracket-free
    body_idx = list(range(first, len(paras)))

    # footnote references: one per chosen paragraph, numbered in reading order
    note_paras = sorted(rng.sample(body_idx, min(n_notes, len(body_idx))))
    n_notes = len(note_paras)
    for no, p in enumerate(note_paras, 1):
        k = rng.randrange(len(paras[p]))
        s = paras[p][k]
        paras[p][k] = s[:-1] + "[^%d]" % no + s[-1]
    # inline interjections go between sentences, never first in a paragraph
    # (a paragraph opening with the marker is a block interjection)
    for _ in range(n_inter):
        p = rng.choice(body_idx)
        paras[p].insert(rng.randint(1, len(paras[p])), interjection(rng))

    blocks = [wrap(" ".join(ss)) for ss in paras]
    if has_preface:
        blocks[0] = wrap("[" + ED_KEEP + " ".join(paras[0]))
        blocks[1] = wrap(" ".join(paras[1]) + "]")

    # headings, then the blockquote and the code block, after the preface
    start = first + 1
    for p in sorted(rng.sample(range(start, len(blocks)), rng.randint(2, 3)),
                    reverse=True):
        blocks.insert(p, "## " + title(rng, 2, 5))
    if has_quote:
        q, _ = sentences(rng, rng.randint(30, 80))
        quote = "\n".join("> " + line for line in wrap(" ".join(q)).split("\n"))
        if rng.random() < 0.5:
            quote += "\n>\n> \u2014 %s %s" % (rng.choice(LEX.given),
                                              rng.choice(LEX.family))
        blocks.insert(rng.randint(start + 1, len(blocks)), quote)
    if has_code:
        blocks.insert(rng.randint(start + 1, len(blocks)), code_block(rng))

    notes = []
    for no in range(1, n_notes + 1):
        ss, _ = sentences(rng, rng.randint(10, 35))
        text = " ".join(ss)
        if rng.random() < 0.40:
            text = ED_KEEP + text
        note = wrap("[^%d]: %s" % (no, text))
        note = note.replace("\n", "\n    ")
        if rng.random() < 0.30:
            for _ in range(rng.randint(1, 2)):
                more, _ = sentences(rng, rng.randint(15, 40))
                note += "\n\n" + wrap(" ".join(more), "    ")
        notes.append(note)

    front = ["---",
             "title: " + yaml_quote(head),
             "author: " + yaml_quote(author),
             "date: " + date,
             "tags:"] + ["  - " + t for t in tags] + [
             "description: " + yaml_quote(desc),
             "---"]
    slug = "-".join(head.lower().split()[:4]) + "-%05d" % i
    md = "\n".join(front) + "\n\n" + "\n\n".join(blocks + notes) + "\n"
    return slug, md


# ------------------------------------------------------------------ output


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def section_index(name, blurb):
    return "---\ntitle: %s\n---\n\n%s\n" % (yaml_quote(name), blurb)


def pub_title(pub):
    return "The " + " ".join(w.capitalize() for w in pub.split("-"))


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Generate the samizdat benchmark corpus.")
    ap.add_argument("--articles", type=int, required=True,
                    help="number of articles to write")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--seed", default="1", help="corpus seed (default 1)")
    ap.add_argument("--quiet", action="store_true", help="no summary line")
    args = ap.parse_args(argv)
    if args.articles < 1:
        ap.error("--articles must be at least 1")

    content = os.path.join(args.out, "content")
    os.makedirs(content, exist_ok=True)
    write(os.path.join(args.out, "book.toml"), BOOK_TOML)

    meta = random.Random("samizdat/bench/%s/sections" % args.seed)
    blurbs = [sentence(meta, markup=False)
              for _ in range(1 + PUBLICATIONS * (1 + ISSUES_PER_PUBLICATION))]
    write(os.path.join(content, "_index.md"),
          section_index("Bench corpus", blurbs[0]))

    made = set()
    total_words = 0
    for i in range(args.articles):
        p = i % PUBLICATIONS
        n = (i // PUBLICATIONS) % ISSUES_PER_PUBLICATION + 1
        pub = LEX.pubs[p]
        issue = "issue-%02d" % n
        pub_dir = os.path.join(content, pub)
        issue_dir = os.path.join(pub_dir, issue)
        if p not in made:
            os.makedirs(pub_dir, exist_ok=True)
            write(os.path.join(pub_dir, "_index.md"),
                  section_index(pub_title(pub), blurbs[1 + p]))
            made.add(p)
        if (p, n) not in made:
            os.makedirs(issue_dir, exist_ok=True)
            write(os.path.join(issue_dir, "_index.md"),
                  section_index("%s, Issue %d" % (pub_title(pub), n),
                                blurbs[1 + PUBLICATIONS + p * ISSUES_PER_PUBLICATION + n - 1]))
            made.add((p, n))
        slug, md = article(args.seed, i)
        write(os.path.join(issue_dir, slug + ".md"), md)
        if not args.quiet:
            total_words += len(md.split())

    if not args.quiet:
        issues = sum(1 for m in made if isinstance(m, tuple))
        print("wrote %d articles in %d issues of %d publications under %s "
              "(~%.0f words per article)"
              % (args.articles, issues, len(made) - issues, content,
                 total_words / args.articles), file=sys.stderr)


if __name__ == "__main__":
    main()
