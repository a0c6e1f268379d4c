"""The former name of :mod:`kg.extraction` (it clashed with spaCy's pipeline), kept only while
``kg/relations.py``'s doctest still imports :func:`parse_document` from here; it goes when the
extraction rewrite moves that import."""

from kg.extraction import parse_document

__all__ = ["parse_document"]
