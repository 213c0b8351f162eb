#!/usr/bin/env python3
"""Copy a bench corpus's content/ for Zola (stdlib only; used by bench/run.sh).

    python3 bench/zola_corpus.py SRC_CONTENT_DIR DST_CONTENT_DIR

Zola rejects front-matter keys it does not know (`author`, `tags` at the top
level), so each file's YAML front matter from gen_corpus.py is rewritten as
Zola TOML front matter: title, date and description stay, author and tags go
under [extra] (no taxonomy pages, matching the other tools' setup). The
Markdown bodies are copied unchanged.
"""
import json
import os
import sys


def convert(text):
    if not text.startswith("---\n"):
        return text
    end = text.index("\n---\n", 3)
    fm, body = text[4:end], text[end + 5:]
    top, extra, tags, in_tags = [], [], [], False
    for line in fm.split("\n"):
        if in_tags and line.startswith("  - "):
            tags.append(line[4:].strip())
            continue
        in_tags = False
        key, _, value = line.partition(":")
        value = value.strip()
        if key == "tags":
            in_tags = True
        elif key in ("title", "description"):
            # gen_corpus writes YAML double-quoted strings without escapes
            # other than \" and \\, which read the same as JSON/TOML basic strings
            top.append("%s = %s" % (key, value))
        elif key == "date":
            top.append("date = %s" % value)
        elif key:
            extra.append("%s = %s" % (key, value))
    if tags:
        extra.append("tags = %s" % json.dumps(tags))
    out = ["+++"] + top
    if extra:
        out += ["", "[extra]"] + extra
    return "\n".join(out + ["+++"]) + "\n" + body


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: zola_corpus.py SRC_CONTENT_DIR DST_CONTENT_DIR")
    src, dst = sys.argv[1], sys.argv[2]
    for folder, _dirs, files in os.walk(src):
        out = os.path.join(dst, os.path.relpath(folder, src))
        os.makedirs(out, exist_ok=True)
        for name in files:
            if not name.endswith(".md"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            with open(os.path.join(out, name), "w", encoding="utf-8",
                      newline="\n") as f:
                f.write(convert(text))


if __name__ == "__main__":
    main()
