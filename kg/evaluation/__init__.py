"""Scoring against gold annotations (re3d): actor mentions and relations.

``kg evaluate --gold DIR`` runs :func:`evaluate`: it extracts from the gold documents with the
same pipeline as ``kg extract`` and prints precision, recall and F1 tables.
"""

from kg.evaluation.re3d import GoldCorpus, load_re3d

__all__ = ["GoldCorpus", "load_re3d"]
