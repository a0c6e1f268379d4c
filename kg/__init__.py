"""conflict-kg: turn conflict news into a knowledge graph of who is allied with, supports,
opposes or attacks whom.

The Python API under the ``kg`` command line::

    import kg
    result = kg.build(["articles/"], out="output")   # extract, store, analyse, page, report
    claims = kg.extract(["article.txt"])              # claims only
    rows = kg.query("SELECT ...", out="output")       # SPARQL over the built store
"""

from kg.api import build, extract, query

__all__ = ["build", "extract", "query"]
__version__ = "0.1.0"
