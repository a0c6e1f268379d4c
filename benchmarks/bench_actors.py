"""What resolving actors costs next to the spaCy parse, on a corpus of --docs documents.

The corpus is re3d-dev's texts repeated to ``--docs`` documents (10,000 by default). Printed,
all measured in this run:

* spaCy parse: ``nlp.pipe`` over the whole corpus with the model's own components only
  (tokenizer, tok2vec, tagger, parser, lemmatizer, ner);
* actor resolution over the whole corpus: ``kg_gazetteer_ruler`` (two PhraseMatchers) on every document,
  and ``kg_actor_resolver`` (acronyms, short names, affiliations, places, new-actor IRIs) plus
  turning its results into ``Mention`` s on every document (each repeated text's parse is
  reused, since the resolver only reads it);
* their ratio, and the one-off costs per process: loading the gazetteer and building the ruler.

    python benchmarks/bench_actors.py --docs 10000
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

RE3D = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "re3d-dev"
if not RE3D.is_dir():
    RE3D = Path("/work/shared/corpus/re3d-dev")


def texts() -> list[str]:
    from kg.reading import clean_text

    out = []
    for docs in sorted(RE3D.glob("*/documents.json")):
        for line in docs.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(clean_text(json.loads(line)["text"]).text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="corpus size in documents")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    from kg import actors
    from kg.nlp import load_pipeline

    distinct = texts()
    corpus = [distinct[i % len(distinct)] for i in range(args.docs)]
    words = sum(len(t.split()) for t in corpus)

    actors.load_gazetteer.cache_clear()
    t = time.perf_counter()
    gazetteer = actors.load_gazetteer()
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    nlp = load_pipeline()
    pipeline_s = time.perf_counter() - t
    ruler = nlp.get_pipe("kg_gazetteer_ruler")
    resolver = nlp.get_pipe("kg_actor_resolver")
    patterns = ruler.size

    # 1. The spaCy parse of the whole corpus, our components off.
    t = time.perf_counter()
    with nlp.select_pipes(disable=["kg_gazetteer_ruler", "kg_actor_resolver"]):
        for _ in nlp.pipe(corpus, batch_size=args.batch_size):
            pass
    parse_s = time.perf_counter() - t

    # 2. The ruler on every document (tokenising is the parse's cost, not timed here).
    ruler_s = 0.0
    for text in corpus:
        doc = nlp.make_doc(text)
        t = time.perf_counter()
        ruler(doc)
        ruler_s += time.perf_counter() - t

    # 3. The resolver and Mention building on every document, on each text's full parse.
    parsed = list(nlp.pipe(distinct, batch_size=args.batch_size))
    resolver_s = 0.0
    mentions = 0
    for i in range(args.docs):
        doc = parsed[i % len(parsed)]
        t = time.perf_counter()
        resolver(doc)
        mentions += len([r.mention(lambda a, b: (a, b)) for r in doc._.kg_actors])
        resolver_s += time.perf_counter() - t

    resolve_s = ruler_s + resolver_s
    print(
        f"corpus: {args.docs:,} documents ({len(distinct)} re3d-dev texts repeated), "
        f"{words:,} words; {mentions:,} actor mentions resolved"
    )
    print(
        f"gazetteer: {len(gazetteer.entries):,} actors, {patterns:,} phrases; "
        f"load {load_s:.2f} s, pipeline build {pipeline_s:.2f} s (once per process)"
    )
    print(f"spaCy parse            {parse_s:8.1f} s   {words / parse_s:9,.0f} words/s")
    print(f"kg_gazetteer_ruler     {ruler_s:8.1f} s")
    print(f"kg_actor_resolver      {resolver_s:8.1f} s")
    print(
        f"actor resolution       {resolve_s:8.1f} s   = {100 * resolve_s / parse_s:.1f}% "
        "of the spaCy parse time (target < 10%)"
    )


if __name__ == "__main__":
    main()
