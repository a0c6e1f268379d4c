"""The orchestrator of ``kg build``: options checked before anything is touched, progress
told to a callback, a result returned whole (not filled in by the stages)."""

from __future__ import annotations

import dataclasses

import pytest

import kg
from kg import api
from kg.errors import InputError
from kg.resources import example_path


def test_build_reports_progress_to_a_callback_and_returns_a_frozen_result(tmp_path):
    seen = []
    result = kg.build(out=tmp_path / "out", progress=seen.append)
    first, last = seen[0], seen[-1]
    # Told once the store is open, then after each stored batch.
    assert (first.documents, first.chars) == (0, 0)
    assert first.total_chars == example_path().stat().st_size
    assert last.documents == result.documents_added == 1
    assert last.relations == result.claims > 10
    assert last.chars == len(example_path().read_text(encoding="utf-8"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.claims = 0  # type: ignore[misc]

    again = []
    second = kg.build(out=tmp_path / "out", progress=again.append)
    assert (second.documents_added, second.documents_skipped) == (0, 1)
    assert again[-1].skipped == 1 and again[-1].documents == 0


def test_options_are_checked_before_anything_is_written(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(InputError, match="--engine 'spark'"):
        kg.build(out=out, engine="spark")
    with pytest.raises(InputError, match="--since '2017-3'"):
        kg.build(out=out, since="2017-3")
    with pytest.raises(InputError, match="gazetteer file not found"):
        kg.build(out=out, gazetteer=[tmp_path / "missing.ttl"])
    with pytest.raises(TypeError, match="workrs"):
        kg.build(out=out, workrs=2)
    assert not out.exists()


def test_keywords_override_the_option_objects():
    options, analysis = api._options(
        api.BuildOptions(workers=3, batch_size=8),
        api.AnalysisOptions(period="year"),
        {"batch_size": 16, "since": "2017"},
    )
    assert (options.workers, options.batch_size) == (3, 16)
    assert (analysis.period, analysis.since) == ("year", "2017")


def test_the_collector_is_paused_while_publishing_and_resumed_after_a_failure(
    tmp_path, monkeypatch
):
    import gc

    from kg import orchestrator, report

    seen = []
    real = report.write
    monkeypatch.setattr(report, "write", lambda *a: (seen.append(gc.isenabled()), real(*a)))
    kg.build(out=tmp_path / "out")
    assert seen == [False] and gc.isenabled()

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(report, "write", broken)
    with pytest.raises(RuntimeError):
        api.analyse(out=tmp_path / "out")
    assert gc.isenabled()
    # A caller that had paused it itself finds it paused still.
    gc.disable()
    try:
        with orchestrator._collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
