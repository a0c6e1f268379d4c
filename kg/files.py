"""Files that survive crashes: atomic writes, fsync, and the one-writer lock.

Nothing here knows what is written; the store and the outputs use it alike.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import StoreError

# Temporary names are ``.<name>.tmp-<pid>`` (or ``.<name>-<what>.tmp-<pid>``): whoever next
# holds the writer's lock removes those a killed process left (see :func:`lock_writer`).
TMP_MARK = ".tmp-"
LOCK_SUFFIX = ".lock"


def temporary_name(path: Path, what: str = "") -> Path:
    """The temporary sibling of ``path`` this process uses (``what`` tells uses apart)."""
    stem = f"{path.name}-{what}" if what else path.name
    return path.with_name(f".{stem}{TMP_MARK}{os.getpid()}")


def fsync(path: Path) -> None:
    """Flush a file's or a folder's entry to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success.

    The data is flushed to disk before the rename, so after a crash ``path`` holds the old
    file or the new one, whole. A temporary file left by a killed process is removed by the
    next writer (:func:`lock_writer`).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(path)
    try:
        yield tmp
        fsync(tmp)
        os.replace(tmp, path)
        fsync(path.parent)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through :func:`atomic_path`."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def cache_folder() -> Path:
    """Where kg keeps what it derives once and reuses: ``$XDG_CACHE_HOME/conflict-kg``, or
    ``~/.cache/conflict-kg`` (the XDG base directory specification's default)."""
    base = os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "conflict-kg"


def cached_json(name: str, key: str, build: Callable[[], object]) -> object:
    """``build()`` (JSON data), kept in the cache folder as ``name`` under ``key`` (a digest
    of whatever the data derives from): read back while the key matches, else built and
    written atomically. The data is stored as JSON text with its SHA-256, so a file cut short
    or altered is noticed without walking the data. Never needed: a cache that cannot be read
    or written is built anew, as if there were none."""
    import contextlib
    import hashlib
    import json

    try:
        path = cache_folder() / name
        found = json.loads(path.read_text(encoding="utf-8"))
        text = found["data"]
        if found["key"] == key and found["sha256"] == hashlib.sha256(text.encode()).hexdigest():
            return json.loads(text)
    except (OSError, ValueError, RuntimeError, KeyError, TypeError, AttributeError):
        pass  # RuntimeError: no home folder; the rest: not a cache of ours
    data = build()
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    checked = {"key": key, "sha256": hashlib.sha256(text.encode()).hexdigest(), "data": text}
    with contextlib.suppress(OSError, RuntimeError):  # read-only or full: still good
        write_atomic(cache_folder() / name, json.dumps(checked, ensure_ascii=False))
    return data


def lock_writer(store_path: Path):
    """Take the writer's lock of the store in ``store_path`` (and of the outputs beside it).

    An exclusive ``flock`` on ``.<store>.lock`` next to the store, not waited for: a second
    writer (``kg build``, ``kg analyse``) fails at once with a message naming the first. The
    kernel drops the lock when its holder exits, even on SIGKILL, so a crash never leaves
    the folder locked. Returns the open lock file; closing it releases the lock.
    """
    folder = store_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle = open(folder / f".{store_path.name}{LOCK_SUFFIX}", "a+")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise StoreError(
            f"{folder}: another kg process (pid {holder}) is writing here; wait for it to finish"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    # Holding the lock, we are the only writer: temporary files here are a killed run's.
    remove_stale(folder)
    return handle


def remove_stale(folder: Path) -> None:
    """Remove what killed processes left in ``folder`` under temporary names."""
    for stale in folder.glob(f".*{TMP_MARK}*"):
        if not stale.name.rpartition(TMP_MARK)[2].isdigit():
            continue
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


__all__ = ["atomic_path", "fsync", "lock_writer", "temporary_name", "write_atomic"]
