"""Hugging Face models pinned online, through huggingface_hub: the one module that imports it.

Only with ``--online``. Failures are classified through huggingface_hub's own exception types
(its HTTP errors, and the transport errors it re-exports as ``errors.HTTPError``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from aibom import __version__
from aibom.core.model import Pin, PinnedFile, PinSource
from aibom.resolve import hubtransport
from aibom.resolve.hfcard import CARD_KEYS, COMMIT, LICENSE_CAP, SHA256, card_fields, license_file
from aibom.resolve.hubcalls import (
    CallCount,
    Failure,
    HubError,
    HubUnreachable,
    Retry,
    describe,
    failure_pin,
    http_error,
    redact,
    run_bounded,
    unreachable,
    with_retry,
)
from aibom.resolve.hubtransport import bounded_client

if TYPE_CHECKING:
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import ModelInfo

DEFAULT_ENDPOINT = "https://huggingface.co"
DEFAULT_TIMEOUT = 10.0  # seconds per connect / read, as httpx counts them
Requests = Sequence[tuple[str, str | None]]
DEFAULT_RETRY = Retry()
_T = TypeVar("_T")
# Names in the transport's exception hierarchy (httpx's, which huggingface_hub re-exports the
# base of as ``errors.HTTPError``): a connection that never opened means the Hub is unreachable.
_UNREACHABLE = frozenset({"ConnectError", "ConnectTimeout", "ProxyError"})


def hub_endpoint() -> str:
    """``HF_ENDPOINT`` as set now (huggingface_hub reads it once, at import)."""
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def pin_from_hub(
    repo_id: str,
    revision: str | None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    retry: Retry = DEFAULT_RETRY,
    calls: CallCount | None = None,
    deadline: float = hubtransport.DEFAULT_DEADLINE,
    max_bytes: int = hubtransport.DEFAULT_MAX_BYTES,
) -> Pin:
    """``repo_id`` at ``revision`` as the Hub describes it: commit, files, gate, card, license.

    Costs one request for the model info (``files_metadata=True``) and one for the LICENSE
    file's text when there is one that is not stored in LFS; retries add to ``calls``. A gated,
    missing or failing repository is a Pin with source NONE and the reason; an unreachable Hub
    raises :class:`HubUnreachable`. Each request has ``deadline`` seconds and ``max_bytes``
    bytes in all (see :mod:`aibom.resolve.hubtransport`).
    """
    hub = _Hub(timeout, retry, calls or CallCount(), deadline, max_bytes)
    return hub.pin(repo_id, revision)


def pin_many(
    requests: Requests,
    *,
    concurrency: int = 8,
    progress: Callable[[str], None] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retry: Retry = DEFAULT_RETRY,
    calls: CallCount | None = None,
) -> dict[tuple[str, str | None], Pin]:
    """:func:`pin_from_hub` for each distinct ``(repo_id, revision)``, ``concurrency`` at a time."""
    hub = _Hub(timeout, retry, calls or CallCount())
    return run_bounded(
        requests,
        lambda request: hub.pin(*request),
        concurrency=concurrency,
        progress=progress,
        label=lambda request: f"{request[0]}@{request[1]}" if request[1] else request[0],
    )


class _Hub:
    """One endpoint's client, its limits and its call count, shared by the worker threads."""

    def __init__(
        self,
        timeout: float,
        retry: Retry,
        calls: CallCount,
        deadline: float = hubtransport.DEFAULT_DEADLINE,
        max_bytes: int = hubtransport.DEFAULT_MAX_BYTES,
    ) -> None:
        # Telemetry makes huggingface_hub fetch an agent registry from the Hub on its first
        # request and write it under HF_HOME: a request nobody asked for. Off unless set.
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        from huggingface_hub import HfApi, set_client_factory

        set_client_factory(lambda: bounded_client(deadline, max_bytes, [_offline_guard]))
        self.endpoint = hub_endpoint()
        self.timeout, self.retry, self.calls = timeout, retry, calls
        self.api: HfApi = HfApi(
            endpoint=self.endpoint, library_name="aibom", library_version=__version__
        )

    def pin(self, repo_id: str, revision: str | None) -> Pin:
        try:
            info = self._retrying(lambda: self._model_info(repo_id, revision))
            commit = info.sha if isinstance(info.sha, str) else ""
            if not COMMIT.fullmatch(commit):
                raise HubError(Failure.INVALID, "the answer names no commit")
        except HubError as error:
            return failure_pin(
                error, repo_id, revision, endpoint=self.endpoint, timeout=self.timeout
            )
        files = tuple(
            sorted(_hub_file(s.rfilename, s.size, s.blob_id, s.lfs) for s in info.siblings or ())
        )
        data = info.card_data
        card = card_fields({key: data.get(key) for key in CARD_KEYS} if data is not None else {})
        license_sha256, problem = self._license(repo_id, commit, files)
        return Pin(
            PinSource.HUB,
            commit=commit,
            requested=revision,
            files=files,
            gated=bool(info.gated) if info.gated is not None else None,  # False, "auto" or "manual"
            card_license=card.license,
            card_license_name=card.name,
            card_license_link=card.link,
            base_models=card.base_models,
            license_text_sha256=license_sha256,
            reason=problem,
        )

    def _retrying(self, request: Callable[[], _T]) -> _T:
        return with_retry(request, retry=self.retry, calls=self.calls)

    def _model_info(self, repo_id: str, revision: str | None) -> ModelInfo:
        try:
            return self.api.model_info(
                repo_id, revision=revision, files_metadata=True, timeout=self.timeout
            )
        except Exception as exc:  # classified; what is not a Hub failure propagates
            raise self._classify(exc) from None

    def _license(
        self, repo_id: str, commit: str, files: Sequence[PinnedFile]
    ) -> tuple[str | None, str | None]:
        """The sha256 of the LICENSE text, or why there is none (None, None: no LICENSE)."""
        chosen = license_file(files)
        if chosen is None or chosen.sha256 is not None:  # an LFS file: the Hub gave its sha256
            return (chosen.sha256 if chosen else None), None
        try:
            data = self._retrying(lambda: self._download(repo_id, commit, chosen.path))
        except HubError as error:
            if error.failure is Failure.UNREACHABLE:
                raise unreachable(self.endpoint, error.detail) from None
            return None, f"{chosen.path} not read: {describe(error, repo_id, commit, self.timeout)}"
        if data is None:
            return None, f"{chosen.path} is larger than {LICENSE_CAP} bytes: not hashed"
        return hashlib.sha256(data).hexdigest(), None

    def _download(self, repo_id: str, commit: str, path: str) -> bytes | None:
        """A small file at ``commit``, LICENSE_CAP bytes at most (None beyond); no cache writes."""
        from huggingface_hub import get_session, hf_hub_url
        from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]

        url = hf_hub_url(repo_id, path, revision=commit, endpoint=self.endpoint)
        headers = build_hf_headers(library_name="aibom", library_version=__version__)
        try:
            with get_session().stream("GET", url, headers=headers, timeout=self.timeout) as answer:
                self.calls.add(len(answer.history))  # redirects followed are requests too
                if answer.status_code != 200:
                    raise http_error(answer.status_code, answer.headers, None, _token())
                return _bounded(answer.iter_bytes(), LICENSE_CAP)
        except HubError:
            raise
        except Exception as exc:  # classified; what is not a Hub failure propagates
            raise self._classify(exc) from None

    def _classify(self, exc: Exception) -> HubError:
        """huggingface_hub's errors, and its transport's, as :class:`Failure` kinds."""
        from huggingface_hub import errors

        bound = hubtransport.cause(exc)
        if isinstance(bound, hubtransport.AnswerTooLarge):
            return HubError(Failure.INVALID, f"{bound} (not an answer the Hub gives)")
        if isinstance(bound, hubtransport.DeadlinePassed):
            return HubError(Failure.INVALID, f"{bound} (a server this slow is not the Hub)")
        if isinstance(exc, errors.OfflineModeIsEnabled):
            raise HubUnreachable(
                "HF_HUB_OFFLINE is set, so huggingface_hub refuses to reach the Hub: unset it to "
                "use --online, or run offline (the default) from the local cache or aibom.lock."
            ) from None
        if isinstance(exc, errors.HfHubHTTPError) and exc.response is not None:
            answer = exc.response
            return http_error(answer.status_code, answer.headers, exc.server_message, _token())
        transport = errors.HTTPError  # type: ignore[attr-defined]  # re-exported, not in __all__
        if isinstance(exc, transport):  # the transport: no answer came
            kinds = {cls.__name__ for cls in type(exc).__mro__}
            if kinds & _UNREACHABLE:
                detail = redact(str(exc) or type(exc).__name__, _token())
                return HubError(Failure.UNREACHABLE, detail)
            if "TimeoutException" in kinds:
                return HubError(Failure.TIMEOUT)
            return HubError(Failure.SERVER, type(exc).__name__)
        if isinstance(exc, errors.HFValidationError):
            return HubError(Failure.INVALID, "not a valid Hub repository id")
        if isinstance(exc, KeyError | TypeError | ValueError):  # the JSON is not a model info
            return HubError(Failure.INVALID, f"malformed answer ({type(exc).__name__})")
        raise exc


def _hub_file(
    path: str, size: int | None, blob_id: str | None, lfs: Mapping[str, object] | None
) -> PinnedFile:
    """A sibling as the cache would show it: sha256 for LFS files, the git blob id otherwise."""
    if lfs:
        digest, lfs_size = lfs.get("sha256"), lfs.get("size")
        return PinnedFile(
            path,
            size=lfs_size if isinstance(lfs_size, int) else size,
            sha256=digest if isinstance(digest, str) and SHA256.fullmatch(digest) else None,
        )
    oid = blob_id if isinstance(blob_id, str) and COMMIT.fullmatch(blob_id) else None
    return PinnedFile(path, size=size if isinstance(size, int) else None, git_oid=oid)


def _offline_guard(request: object) -> None:
    """What huggingface_hub's own client does first: no request at all in offline mode."""
    from huggingface_hub import constants, errors

    if constants.is_offline_mode():
        raise errors.OfflineModeIsEnabled("offline mode is enabled (HF_HUB_OFFLINE)")


def _token() -> str | None:
    """The token as huggingface_hub finds it in the environment: only to blank it in messages."""
    return os.environ.get("HF_TOKEN") or os.environ.get("HUGGING_FACE_HUB_TOKEN")


def _bounded(chunks: Iterable[bytes], cap: int) -> bytes | None:
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > cap:
            return None
    return bytes(data)
