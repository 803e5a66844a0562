"""Errors that mean "no trustworthy result" (exit 2): bad input from the user or the world."""

from __future__ import annotations


class AibomError(Exception):
    """A problem the user can fix; its message is shown as is, without a traceback."""

    exit_code = 2


class Terminated(BaseException):
    """SIGTERM arrived: stop like Ctrl-C does, leaving every output as it was."""


class OutputError(AibomError):
    """An output file could not be written."""
