#!/usr/bin/env python3
"""How far a set's gold labels let a curator's convention go (docs/accuracy.md).

Dragnet's gold keeps, as content, text that newsdesk drops on purpose: the
readers' comments of a few pages, and the short byline and date lines near the
top of the article (the dev pages and L3S-GN1 label those as boilerplate).
This prints the content F1 of a classifier that follows the gold everywhere
except there — the best any classifier with newsdesk's convention can score.

    scripts/label_conventions.py ../shared/dev/boilerplate-train/dragnet \
        419.txt T50.txt T71.txt 437.txt R928.txt

The pages named after the folder are those whose gold keeps the comments; on
them, the gold content lines that newsdesk leaves out (`eval boilerplate
--mistakes`, almost all of them comments) count as comments.
"""
import collections
import json
import re
import subprocess
import sys

MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DATE = re.compile(
    rf"\b{MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTH}|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b"
    r"|\b(19|20)\d\d\b|\d{1,2}:\d\d",
    re.I,
)
BYLINE = re.compile(r"^\s*(by|posted by|written by|posted on|posted|published|updated|author)\b", re.I)
NEAR_TOP = 8  # lines after the first content line


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder, comment_pages = sys.argv[1], set(sys.argv[2:])
    out = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "--", "eval", "boilerplate", "--mistakes", folder],
        check=True, capture_output=True, text=True,
    ).stdout
    missed = collections.defaultdict(set)
    for m in re.finditer(r"^MISSED\s+(\S+?):(\d+)", out, re.M):
        missed[m.group(1)].add(int(m.group(2)))

    gold = collections.defaultdict(dict)
    with open(f"{folder}/labels.jsonl", encoding="utf-8") as f:
        for row in map(json.loads, f):
            if not row["title_like"]:
                gold[row["file"]][row["line"]] = row["label"] == "content"

    content = comments = bylines = dates = 0
    for page, labels in gold.items():
        with open(f"{folder}/corpus/{page}", encoding="utf-8") as f:
            lines = f.read().split("\n")
        first = min((i for i, c in labels.items() if c), default=0)
        for i, is_content in labels.items():
            if not is_content:
                continue
            content += 1
            words = len(lines[i].split())
            if page in comment_pages and i in missed[page]:
                comments += 1
            elif i - first <= NEAR_TOP and words <= 12 and BYLINE.match(lines[i]):
                bylines += 1
            elif i - first <= NEAR_TOP and words <= 10 and DATE.search(lines[i]):
                dates += 1

    def f1(lost: int) -> float:
        kept = content - lost
        return 2 * kept / (2 * kept + lost)

    print(f"gold content lines: {content}")
    print(f"  comments on {len(comment_pages)} pages: {comments}")
    print(f"  bylines near the top: {bylines}")
    print(f"  date lines near the top: {dates}")
    print(f"best content F1 dropping the comments: {f1(comments):.3f}")
    print(f"best content F1 dropping comments, bylines and dates: {f1(comments + bylines + dates):.3f}")


if __name__ == "__main__":
    main()
