"""The error types every room raises and the command line turns into one line and an exit code.

Each message is one line a user can act on; no room prints a traceback for these.
"""

from __future__ import annotations


class InputError(Exception):
    """Bad input: the message is one line a user can act on."""


class InputWarning(UserWarning):
    """A problem with one document or line that was skipped or repaired."""


class StoreError(Exception):
    """The store cannot be opened or changed; the message is one line."""


__all__ = ["InputError", "InputWarning", "StoreError"]
