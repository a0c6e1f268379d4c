"""Scoring against gold annotations (re3d): actor mentions and relations.

``kg evaluate --gold DIR`` runs :func:`evaluate`: it extracts from the gold documents with the
same pipeline as ``kg extract`` and prints precision, recall and F1 tables
(:func:`format_table`), for our extraction and for a naive co-occurrence baseline.
"""

from kg.evaluation.evaluate import evaluate, format_table
from kg.evaluation.re3d import GoldCorpus, load_re3d

__all__ = ["GoldCorpus", "evaluate", "format_table", "load_re3d"]
