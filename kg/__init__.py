"""conflict-kg: turn conflict news into a knowledge graph of who is allied with, supports,
opposes or attacks whom.

The Python API under the ``kg`` command line::

    import kg
    result = kg.build(["articles/"], out="output")   # extract, store, analyse, page, report
    claims = kg.extract(["article.txt"])              # claims only
    rows = kg.query("SELECT ...", out="output")       # SPARQL over the built store
"""

__all__ = ["build", "extract", "query"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Imported on first use, so processes that need only the store (the `kg serve` query
    # workers) do not load spaCy.
    if name in __all__:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
