"""Lines per second of jusText on plain page text, for docs/performance.md.

Usage: python benches/justext_speed.py DIR...  (run by benches/justext.sh)

Each file's non-blank lines become one <p> each of an HTML page (jusText reads
HTML; newsdesk reads the same lines as plain text). Only the justext() call is
timed, with its English stop list, over every page once, on one core.
"""

import html
import pathlib
import sys
import time

import justext


def main() -> None:
    stoplist = justext.get_stoplist("English")
    pages = lines = 0
    elapsed = 0.0
    for d in sys.argv[1:]:
        for path in sorted(pathlib.Path(d).rglob("*")):
            if not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            rows = [l.strip() for l in text.splitlines() if l.strip()]
            page = "<html><body>" + "".join(f"<p>{html.escape(r)}</p>" for r in rows) + "</body></html>"
            data = page.encode("utf-8")
            t = time.perf_counter()
            justext.justext(data, stoplist, encoding="utf-8")
            elapsed += time.perf_counter() - t
            pages += 1
            lines += len(rows)
    print(f"jusText {justext.__version__ if hasattr(justext, '__version__') else ''}".strip()
          + f": {pages} pages, {lines} non-blank lines, {elapsed:.2f} s, {lines / elapsed:,.0f} lines/s")


if __name__ == "__main__":
    main()
