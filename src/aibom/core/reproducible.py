"""Reproducible output: the timestamp that SOURCE_DATE_EPOCH asks for, checked.

See reproducible-builds.org/specs/source-date-epoch: a whole number of seconds since the epoch.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

from aibom.core.errors import AibomError


class InvalidSourceDateEpoch(AibomError, ValueError):
    """SOURCE_DATE_EPOCH is set but is not a usable time."""


def source_date_epoch() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, or None when it is not set."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not raw:
        return None
    if not re.fullmatch(r"[0-9]+", raw):
        raise InvalidSourceDateEpoch(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {raw!r}"
        )
    try:
        return datetime.fromtimestamp(int(raw), tz=UTC)
    except (OverflowError, OSError, ValueError) as error:
        raise InvalidSourceDateEpoch(f"SOURCE_DATE_EPOCH is out of range: {raw!r}") from error
