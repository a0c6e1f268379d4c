"""The HTML form of ``kg serve`` at ``/``: a query box and the answer as a table, from the
template ``kg/serve/form.html``. Every value from the query or the store is escaped here."""

from __future__ import annotations

import html
from functools import lru_cache
from importlib import resources
from string import Template

# What the box holds before anything is asked.
EXAMPLE = """SELECT ?source ?predicate ?target WHERE {
  ?claim ckg:subject ?s ; ckg:predicate ?p ; ckg:object ?o ; ckg:negated false .
  ?s skos:prefLabel ?source . ?o skos:prefLabel ?target .
  BIND (STRAFTER(STR(?p), "#") AS ?predicate)
} LIMIT 50"""


@lru_cache(maxsize=1)
def _template() -> Template:
    return Template((resources.files("kg.serve") / "form.html").read_text(encoding="utf-8"))


def page(query: str | None, results: str = "") -> str:
    """The form holding ``query`` (the example when None), above ``results`` (HTML made by
    :func:`results_table` or :func:`message`).

    >>> "&lt;x&gt;" in page("SELECT <x>")
    True
    """
    text = query if query is not None else EXAMPLE
    return _template().substitute(query=html.escape(text), results=results)


def results_table(data: dict) -> str:
    """SPARQL JSON results (SELECT or ASK) as an HTML table, every value escaped.

    >>> results_table({"head": {"vars": ["a"]}, "results": {"bindings": [{"a": {"value": "<b>"}}]}})
    '<p>1 rows</p><table><tr><th>a</th></tr><tr><td>&lt;b&gt;</td></tr></table>'
    """
    if "boolean" in data:
        return f"<p>{'true' if data['boolean'] else 'false'}</p>"
    columns = data["head"]["vars"]
    rows = data["results"]["bindings"]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(row.get(c, {}).get('value', ''))}</td>" for c in columns)
        + "</tr>"
        for row in rows
    )
    return f"<p>{len(rows)} rows</p><table><tr>{head}</tr>{body}</table>"


def message(text: str, *, error: bool = False) -> str:
    """A line of text under the form, escaped."""
    css = ' class="error"' if error else ""
    return f"<p{css}>{html.escape(text)}</p>"
