"""Relations: constructions over the parse that turn a sentence into claims.

``patterns`` (the lexicon, constructions and cues, as data) → ``arguments`` (who does and
undergoes what a trigger names) → ``references`` (which actor a word stands for) →
``modality`` (asserted or not, and by whom) → ``extractor`` (one claim per actor pair).
"""

from kg.relations.baseline import cooccurrence_claims
from kg.relations.extractor import RelationExtractor
from kg.relations.patterns import LexEntry, load_cues, load_lexicon, load_patterns

__all__ = [
    "LexEntry",
    "RelationExtractor",
    "cooccurrence_claims",
    "load_cues",
    "load_lexicon",
    "load_patterns",
]
