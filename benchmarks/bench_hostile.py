"""Time and peak memory of extraction on hostile documents, next to the same text as articles.

Prints, in one run, for kg's extraction (reading, cleaning, parsing in pieces, actors,
relations; no store):

* a --mb MB single-line document that is mostly junk without spaces (an inline image, minified
  code) with one real sentence every 2 MB: spaCy refuses a text over 1,000,000 characters, so
  kg parses it in pieces of at most ``kg.reading.MAX_PIECE`` characters;
* --prose-kb KB of real article text (re3d-dev) put on one line (no line breaks, so every
  piece boundary falls at a sentence end or a space), next to the very same text as separate
  articles, with the ratio of the two: a long document should cost what its text costs as
  articles;
* the same for an HTML page that wraps the text in tags.

Each case runs in a fresh process (model loaded before the clock starts), so its peak memory
(max RSS) is its own; the model's own footprint is printed as the baseline.

    python benchmarks/bench_hostile.py --mb 20 --prose-kb 200
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

RE3D = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "re3d-dev"
if not RE3D.is_dir():
    RE3D = Path("/work/shared/corpus/re3d-dev")

CHILD = r"""
import json, resource, sys, time
from kg.extraction import extract_documents
from kg.reading import read_documents
from kg.types import Document
list(extract_documents([Document("warm-up", "Russia attacked Ukraine.")], gazetteer_files=()))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0, c0 = time.perf_counter(), time.process_time()
claims = pieces = chars = docs = 0
if sys.argv[1] != "-":
    for x in extract_documents(read_documents([sys.argv[1]]), gazetteer_files=()):
        docs += 1
        claims += len(x.claims)
        chars += len(x.document.text)
print(json.dumps({
    "seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0,
    "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "base_kb": base,
    "claims": claims, "chars": chars, "docs": docs,
}))
"""


def measure(path: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, path], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def articles(limit: int) -> list[str]:
    texts, size = [], 0
    while size < limit:
        for docs in sorted(RE3D.glob("*/documents.json")):
            for line in docs.read_text(encoding="utf-8").splitlines():
                if line.strip() and size < limit:
                    text = " ".join(json.loads(line)["text"].split())  # one line each
                    texts.append(f"{text} Copy {len(texts)}.")
                    size += len(texts[-1]) + 1
    return texts


def junk_document(mb: float) -> str:
    block = "".join(chr(48 + (i * 7919) % 75) for i in range(4096))  # no whitespace
    parts, size, day = [], 0, 0
    while size < mb * 1_000_000:
        parts.append(block * 500)
        parts.append(f" Russia attacked Ukraine near Kharkiv on day {day}. ")
        size += len(parts[-2]) + len(parts[-1])
        day += 1
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20, help="size of the junk document")
    parser.add_argument("--prose-kb", type=float, default=200, help="size of the prose cases")
    args = parser.parse_args()
    from kg.reading import MAX_PIECE, piece_bounds

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        junk = junk_document(args.mb)
        (tmp / "junk.txt").write_text(junk, encoding="utf-8")
        texts = articles(int(args.prose_kb * 1000))
        one_line = " ".join(texts)
        (tmp / "one-line.txt").write_text(one_line, encoding="utf-8")
        with (tmp / "articles.jsonl").open("w", encoding="utf-8") as f:
            for i, text in enumerate(texts):
                f.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
        page = "<html><head><title>Wire</title><style>p{}</style></head><body>" + "".join(
            f"<p><b>{t.split(' ', 1)[0]}</b> {t.split(' ', 1)[1]}</p>" for t in texts
        ) + "</body></html>"
        (tmp / "page.html").write_text(page, encoding="utf-8")

        cases = [
            ("model only (baseline)", "-", None),
            (f"{len(junk) / 1e6:.1f} MB one line, junk", str(tmp / "junk.txt"), junk),
            (f"{len(one_line) / 1e3:.0f} KB prose, one line", str(tmp / "one-line.txt"), one_line),
            (f"same prose, {len(texts)} articles", str(tmp / "articles.jsonl"), None),
            (f"same prose as HTML, {len(page) / 1e3:.0f} KB", str(tmp / "page.html"), page),
        ]
        print(f"MAX_PIECE = {MAX_PIECE:,} characters")
        print(
            f"{'case':34} {'pieces':>7} {'max piece':>9} {'s':>7} {'cpu s':>7} "
            f"{'chars/s':>10} {'peak MB':>8} {'claims':>7}"
        )
        results = {}
        for name, path, text in cases:
            r = measure(path)
            results[name] = r
            bounds = piece_bounds(text) if text is not None else []
            rate = r["chars"] / r["seconds"] if r["seconds"] > 0 and r["chars"] else 0
            print(
                f"{name:34} {len(bounds) or '':>7} "
                f"{max((b - a for a, b in bounds), default=0) or '':>9} "
                f"{r['seconds']:7.2f} {r['cpu']:7.2f} {rate:10,.0f} "
                f"{r['maxrss_kb'] / 1024:8.0f} {r['claims']:7}"
            )
        one, many = results[cases[2][0]], results[cases[3][0]]
        print(
            f"one line / articles: time x{one['seconds'] / many['seconds']:.2f}, "
            f"CPU x{one['cpu'] / many['cpu']:.2f}, peak memory x{one['maxrss_kb'] / many['maxrss_kb']:.2f}"
        )


if __name__ == "__main__":
    main()
