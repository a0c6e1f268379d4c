"""The actors of a build of all of re3d-dev, as an analyst reads the list: named actors and
generic agents, never a common noun, a text, a place phrase or a rank without a name."""

from __future__ import annotations

import re

import pytest

from kg import api

# What builds of re3d-dev listed as actors before (issue 14, and an analyst's reading since):
# common nouns, name fragments, texts, places and ranks.
NOT_ACTORS = [
    "family", "families", "member", "members", "community", "communities", "people", "friends",
    "allies", "partners", "international community", "political settlement", "Defense",
    "Defence", "Global", "Summit", "Government of", "Governments of", "Federal Government of",
    "Counter-", "Inquiry on", "Joint and", "Office of Foreign Assets Control.[3",
    "Passcode 3080897", "Law of Armed Conflict", "Tiyas Military Airfield", "jihadist", "qewl",
    "m3/s", "Brig", "Sgt", "Navy Capt", "Near Palmyra", "Near Ar Raqqah", "Near Tal Afar",
    "Samarra Barrage", "intelligence", "liberating neighborhoods", "border security",
    "insurgency", "Arabic", "Eid", "Pro-", "Aleppo", "Samarra",
]  # fmt: skip
PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "ibn ", "bin ", "abu ", "de ", "van ", "von ")


@pytest.fixture(scope="module")
def actors(re3d_build) -> list[dict]:
    return api.named("actors", out=re3d_build.out)


@pytest.mark.slow
def test_re3d_lists_no_common_noun_among_its_actors(actors):
    labels = {a["label"] for a in actors}
    # generic agents carry their document: "civilians (Minister for the Middle…)"
    bare = {re.sub(r" \([^)]*\)$", "", label) for label in labels}
    assert not sorted(set(NOT_ACTORS) & (labels | bare))


@pytest.mark.slow
def test_re3d_actor_names_are_names_or_generic_agents(actors):
    for a in actors:
        label = a["label"]
        if "/actor/agent/" in a["actor"]:
            # a generic agent of one document is named by the document
            assert re.search(r" \(.+\)$", label), label
            continue
        lowered = label.lower()
        assert label[:1].isupper() or label[:1].isdigit() or lowered.startswith(PARTICLES), label
