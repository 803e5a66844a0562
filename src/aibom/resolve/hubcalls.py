"""Asking the Hub politely: bounded retries with backoff, bounded concurrency, failures as pins."""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

from aibom.core.errors import AibomError
from aibom.core.model import Pin, PinSource

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

NOT_FOUND = "not found on the Hub"
_TOKEN_SHAPE = re.compile(r"hf_[A-Za-z0-9]{8,}")
MAX_DETAIL = 300


class HubUnreachable(AibomError):
    """The Hub was asked for (``--online``) and cannot be reached at all: no trustworthy result."""


class Failure(StrEnum):
    """What went wrong with one Hub request, as far as the resolve stage cares."""

    GATED = "gated"  # the repository exists; its owner grants access on request
    REPO_NOT_FOUND = "repo-not-found"  # missing, or private and the token cannot see it
    REVISION_NOT_FOUND = "revision-not-found"
    ENTRY_NOT_FOUND = "entry-not-found"
    FORBIDDEN = "forbidden"
    RATE_LIMITED = "rate-limited"
    TIMEOUT = "timeout"
    SERVER = "server"  # 5xx, 408, a dropped connection: worth another try
    UNREACHABLE = "unreachable"  # connection refused, DNS, connect timeout
    INVALID = "invalid"  # an id the Hub cannot hold, or an answer that is not the Hub's


RETRYABLE = frozenset({Failure.RATE_LIMITED, Failure.TIMEOUT, Failure.SERVER, Failure.UNREACHABLE})


class HubError(Exception):
    """One failed Hub request, classified by the adapter; never carries a token."""

    def __init__(
        self,
        failure: Failure,
        detail: str = "",
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{failure.value}: {detail}" if detail else failure.value)
        self.failure = failure
        self.detail = detail
        self.status = status
        self.retry_after = retry_after
        self.attempts = 1


# The Hub's ``X-Error-Code`` header says what a 4xx means better than the status does.
_ERROR_CODES = {
    "GatedRepo": Failure.GATED,
    "RevisionNotFound": Failure.REVISION_NOT_FOUND,
    "EntryNotFound": Failure.ENTRY_NOT_FOUND,
    "RepoNotFound": Failure.REPO_NOT_FOUND,
}


def http_error(
    status: int, headers: Mapping[str, str], message: str | None, secret: str | None
) -> HubError:
    """An HTTP error answer as the Hub means it: its ``X-Error-Code`` first, then the status."""
    detail = redact(headers.get("X-Error-Message") or message or "", secret)
    kind = _ERROR_CODES.get(headers.get("X-Error-Code") or "")
    if kind is not None:
        return HubError(kind, detail, status=status)
    if status == 429:
        return HubError(Failure.RATE_LIMITED, status=status, retry_after=retry_after(headers))
    if status == 408 or status >= 500:
        return HubError(Failure.SERVER, detail, status=status)
    if status == 401 and "credentials" in detail.casefold():
        return HubError(Failure.FORBIDDEN, f"{detail} (check HF_TOKEN)", status=status)
    if status in (401, 404):  # the Hub answers 401 to strangers for a missing repository
        return HubError(Failure.REPO_NOT_FOUND, detail, status=status)
    if status == 403:
        return HubError(Failure.FORBIDDEN, detail, status=status)
    return HubError(Failure.INVALID, f"unexpected HTTP {status}", status=status)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """``Retry-After`` in seconds (RFC 9110, 10.2.3); an HTTP date is left to the backoff."""
    try:
        seconds = float(headers.get("Retry-After", ""))
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


@dataclass(frozen=True)
class Retry:
    """How hard to try: attempts per request, exponential backoff from ``base`` up to ``cap``.

    A ``Retry-After`` from the Hub replaces the backoff; one beyond ``max_wait`` is not waited
    for. An unreachable Hub is tried ``unreachable_attempts`` times only: refusal rarely passes.
    """

    attempts: int = 4
    base: float = 0.5
    cap: float = 8.0
    max_wait: float = 60.0
    unreachable_attempts: int = 2

    def delay(self, error: HubError, attempt: int) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or None when it is not worth it."""
        limit = self.unreachable_attempts if error.failure is Failure.UNREACHABLE else self.attempts
        if error.failure not in RETRYABLE or attempt >= limit:
            return None
        if error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.max_wait else None
        backoff = min(self.cap, self.base * 2.0 ** (attempt - 1))
        # Jitter so that workers rate-limited together do not come back together.
        return backoff * (0.5 + random.random() / 2)  # noqa: S311 - timing, not security


class CallCount:
    """HTTP requests made to the Hub (retries and redirects included); safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    @property
    def value(self) -> int:
        return self._value

    def add(self, count: int = 1) -> None:
        with self._lock:
            self._value += count


def with_retry(
    request: Callable[[], T],
    *,
    retry: Retry,
    calls: CallCount,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``request()`` (one HTTP request each time), again after a pause while that is worth it."""
    attempt = 0
    while True:
        attempt += 1
        calls.add()
        try:
            return request()
        except HubError as error:
            error.attempts = attempt
            pause = retry.delay(error, attempt)
            if pause is None:
                raise
            sleep(pause)


def failure_pin(
    error: HubError, repo_id: str, revision: str | None, *, endpoint: str, timeout: float
) -> Pin:
    """A model the Hub would not pin, as data; an unreachable Hub raises :class:`HubUnreachable`."""
    if error.failure is Failure.UNREACHABLE:
        raise unreachable(endpoint, error.detail)
    reason = describe(error, repo_id, revision, timeout)
    gated = True if error.failure is Failure.GATED else None
    return Pin(PinSource.NONE, requested=revision, gated=gated, reason=reason)


def describe(error: HubError, repo_id: str, revision: str | None, timeout: float) -> str:
    """Why the Hub did not answer for ``repo_id``, in words for the SBOM and the user."""
    status = f" (HTTP {error.status})" if error.status else ""
    tries = f" after {error.attempts} attempts" if error.attempts > 1 else ""
    match error.failure:
        case Failure.GATED:
            hint = "request access on the model page, then set HF_TOKEN"
            return f"gated: {error.detail or repo_id}{status}; {hint}"
        case Failure.REPO_NOT_FOUND:
            private = " (or private, and the token cannot see it)" if error.status == 401 else ""
            return f"{NOT_FOUND}: no repository {repo_id}{private}"
        case Failure.REVISION_NOT_FOUND:
            return f"{NOT_FOUND}: repository {repo_id} has no revision {revision}"
        case Failure.ENTRY_NOT_FOUND:
            return f"{NOT_FOUND}: {error.detail}"
        case Failure.FORBIDDEN:
            return f"forbidden{status}: {error.detail or 'the token lacks access'}"
        case Failure.RATE_LIMITED:
            wait = error.retry_after or 0
            asks = f"; it asks to wait {wait:g} s" if wait >= 1 else ""
            return f"rate limited by the Hub{status}{tries}{asks}"
        case Failure.TIMEOUT:
            return f"the Hub did not answer within {timeout:g} s{tries}"
        case Failure.SERVER:
            return f"the Hub failed{status}{tries}: {error.detail}".rstrip(": ")
        case Failure.INVALID:
            return f"cannot pin on the Hub: {error.detail}"
        case Failure.UNREACHABLE:  # pragma: no cover - raised by failure_pin before this
            return "the Hub is unreachable"


def unreachable(endpoint: str, cause: str) -> HubUnreachable:
    """The error for a Hub that does not answer at all, with the ways forward."""
    return HubUnreachable(
        f"cannot reach the Hugging Face Hub at {display_url(endpoint)} ({cause}). "
        "Check the network or HF_ENDPOINT, run without --online (offline is the default: "
        "the local Hugging Face cache is used), or commit an aibom.lock made where the Hub "
        "is reachable."
    )


def display_url(url: str) -> str:
    """``url`` without any user:password part, fit for a message."""
    parts = urlsplit(url)
    if parts.hostname is None or "@" not in parts.netloc:
        return url
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=host))


def redact(text: str, secret: str | None) -> str:
    """``text`` (a server's message, an exception) bounded, with any token in it blanked."""
    if secret:
        text = text.replace(secret, "***")
    return _TOKEN_SHAPE.sub("hf_***", " ".join(text.split()))[:MAX_DETAIL]


def run_bounded(
    keys: Sequence[K],
    work: Callable[[K], T],
    *,
    concurrency: int,
    progress: Callable[[str], None] | None = None,
    label: Callable[[K], str] = str,
) -> dict[K, T]:
    """``work(key)`` for each distinct key on at most ``concurrency`` threads.

    ``progress`` is called on the caller's thread. The first exception (an unreachable Hub)
    cancels the work not yet started and propagates.
    """
    distinct = list(dict.fromkeys(keys))
    results: dict[K, T] = {}
    if not distinct:
        return results
    from concurrent.futures import ThreadPoolExecutor, as_completed  # online only

    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(distinct)))) as pool:
        futures = {pool.submit(work, key): key for key in distinct}
        try:
            for done, future in enumerate(as_completed(futures), 1):
                key = futures[future]
                results[key] = future.result()
                if progress is not None:
                    progress(f"Hub {done}/{len(distinct)}: {label(key)}")
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return results
