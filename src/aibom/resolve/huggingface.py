"""Hugging Face models pinned from the local cache (offline) or the Hub (online only)."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from aibom import __version__
from aibom.core import yamlsafe
from aibom.core.frontmatter import front_matter
from aibom.core.model import Pin, PinnedFile, PinSource
from aibom.core.safeio import open_regular, read_up_to
from aibom.resolve.hub import (
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

if TYPE_CHECKING:
    from collections.abc import Iterable

    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import ModelInfo

DEFAULT_ENDPOINT = "https://huggingface.co"
DEFAULT_TIMEOUT = 10.0  # seconds per connect / read, as httpx counts them
CARD_CAP = 256 * 1024  # bytes of a README read for its front matter
LICENSE_CAP = 1024 * 1024  # license texts are tens of kilobytes; more is not a license
REF_CAP = 256
MAX_FILES = 50_000
MAX_VALUE = 512
MAX_ITEMS = 64
CARD_KEYS = ("license", "license_name", "license_link", "base_model")
LICENSE_NAMES = ("license", "license.md", "license.txt")  # in order of preference, any case
_COMMIT = re.compile(r"[0-9a-f]{40}")  # a git commit (sha1), also a git blob id
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SHORT_COMMIT = re.compile(r"[0-9a-f]{7,39}")
_REPO_ID = re.compile(r"(\b[\w\-.]+\b/)?\b[\w\-.]+\b")  # huggingface_hub validate_repo_id

Requests = Sequence[tuple[str, str | None]]
DEFAULT_RETRY = Retry()
_T = TypeVar("_T")


class _Card(NamedTuple):
    license: str | None = None
    name: str | None = None
    link: str | None = None
    base_models: tuple[str, ...] = ()


# --- the local cache (offline) -------------------------------------------------------------


def hub_cache_dir() -> Path:
    """The cache huggingface_hub downloads into, read from the environment now.

    The same order as huggingface_hub's constants (``HF_HUB_CACHE``, the legacy
    ``HUGGINGFACE_HUB_CACHE``, ``HF_HOME/hub``, ``XDG_CACHE_HOME/huggingface/hub``), which that
    module reads once, at import; reading it here keeps the offline path free of that import.
    """
    env = os.environ
    cache = env.get("HF_HUB_CACHE") or env.get("HUGGINGFACE_HUB_CACHE")
    if not cache:
        home = env.get("HF_HOME") or os.path.join(
            env.get("XDG_CACHE_HOME") or "~/.cache", "huggingface"
        )
        cache = os.path.join(home, "hub")
    return Path(os.path.expandvars(cache)).expanduser()


def pin_from_cache(repo_id: str, revision: str | None, cache_dir: Path | None = None) -> Pin | None:
    """The cached snapshot of ``repo_id`` at ``revision`` (``main`` if None); None if not cached.

    Only that repository's folder is read, so a lookup costs what the model holds, not what the
    cache holds. ``refs/<revision>`` gives the commit; each file of ``snapshots/<commit>/`` links
    to ``blobs/<etag>``, the etag being the sha256 of an LFS file or the git blob id of a small
    one. Only the first link names the blob: a blob may link on into the cache-wide Xet store,
    whose names are Xet hashes, not sha256 (huggingface_hub's ``scan_cache_dir`` reads it so).
    A file whose blob is gone is still listed, by the hash its link names, and the reason says so.
    """
    if not _valid_repo_id(repo_id) or (revision is not None and not _valid_revision(revision)):
        return None
    repo = _repo_folder(cache_dir or hub_cache_dir(), repo_id)
    commit = _cached_commit(repo, revision or "main") if repo is not None else None
    if repo is None or commit is None:
        return None
    snapshot = repo / "snapshots" / commit
    files = tuple(sorted(_snapshot_files(snapshot)))
    broken = [f.path for f in files if f.size is None]
    card = _card(_front_matter(_read(snapshot / "README.md", CARD_CAP) or b""))
    return Pin(
        PinSource.HF_CACHE,
        commit=commit,
        requested=revision,
        files=files,
        card_license=card.license,
        card_license_name=card.name,
        card_license_link=card.link,
        base_models=card.base_models,
        license_text_sha256=_cached_license_sha256(snapshot, files),
        reason=f"blob missing (broken link): {', '.join(broken)}" if broken else None,
    )


def _valid_repo_id(repo_id: str) -> bool:
    """An id the Hub can hold (huggingface_hub's rules); also keeps lookups inside the cache."""
    return (
        len(repo_id) <= 96
        and _REPO_ID.fullmatch(repo_id) is not None
        and "--" not in repo_id
        and ".." not in repo_id
    )


def _valid_revision(revision: str) -> bool:
    """A branch, tag or commit name that cannot climb out of ``refs/``."""
    parts = revision.split("/")
    return (
        0 < len(revision) <= 256
        and "\\" not in revision
        and "\0" not in revision
        and all(part not in ("", ".", "..") for part in parts)
    )


def _repo_folder(cache: Path, repo_id: str) -> Path | None:
    """``models--org--name``; the Hub's ids ignore case, so a differently cased folder serves."""
    folder = cache / ("models--" + repo_id.replace("/", "--"))
    if folder.is_dir():
        return folder
    wanted = folder.name.casefold()
    try:
        found = [path for path in cache.iterdir() if path.name.casefold() == wanted]
    except OSError:
        return None
    return found[0] if len(found) == 1 and found[0].is_dir() else None


def _cached_commit(repo: Path, revision: str) -> str | None:
    """The commit a branch or tag names in ``refs/``; a full or unambiguous short commit itself."""
    snapshots = repo / "snapshots"
    ref = _read(repo / "refs" / revision, REF_CAP)
    if ref is not None:
        commit = ref.decode("ascii", "replace").strip()
        return commit if _COMMIT.fullmatch(commit) and (snapshots / commit).is_dir() else None
    if _COMMIT.fullmatch(revision):
        return revision if (snapshots / revision).is_dir() else None
    if _SHORT_COMMIT.fullmatch(revision):
        try:
            found = [path.name for path in snapshots.iterdir() if path.name.startswith(revision)]
        except OSError:
            return None
        if len(found) == 1 and _COMMIT.fullmatch(found[0]):
            return found[0]
    return None


def _snapshot_files(snapshot: Path) -> Iterator[PinnedFile]:
    """Each file below ``snapshot`` (relative posix path), with its size and the blob's name."""
    stack = [("", str(snapshot))]
    count = 0
    while stack and count < MAX_FILES:
        prefix, folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((f"{prefix}{entry.name}/", entry.path))
            elif (found := _cached_file(prefix + entry.name, entry)) is not None:
                count += 1
                yield found


def _cached_file(name: str, entry: os.DirEntry[str]) -> PinnedFile | None:
    """A snapshot entry: a link to its blob (None size when the blob is gone), or a plain copy."""
    etag = ""
    path = Path(entry.path)
    if entry.is_symlink():
        try:
            etag = path.readlink().name
        except OSError:
            return PinnedFile(name)
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        return None
    return PinnedFile(
        name,
        size=info.st_size if info is not None else None,
        sha256=etag if _SHA256.fullmatch(etag) else None,
        git_oid=etag if _COMMIT.fullmatch(etag) else None,
    )


def _cached_license_sha256(snapshot: Path, files: Sequence[PinnedFile]) -> str | None:
    chosen = _license_file(files)
    if chosen is None or chosen.sha256 is not None:
        return chosen.sha256 if chosen else None
    data = _read(snapshot / chosen.path, LICENSE_CAP + 1)
    if data is None or len(data) > LICENSE_CAP:
        return None
    return hashlib.sha256(data).hexdigest()


def _read(path: Path, cap: int) -> bytes | None:
    try:
        with open_regular(path) as handle:
            return read_up_to(handle, cap)
    except OSError:
        return None


# --- model cards and license files, cached or on the Hub -----------------------------------


def _license_file(files: Iterable[PinnedFile]) -> PinnedFile | None:
    """The repository's top-level license text, by the preferred name (any case)."""
    by_name = {f.path.casefold(): f for f in files if "/" not in f.path}
    return next((by_name[name] for name in LICENSE_NAMES if name in by_name), None)


def _front_matter(data: bytes) -> Mapping[object, object]:
    """The YAML mapping between a README's opening ``---`` line and the next; {} when none."""
    text = front_matter(data, CARD_CAP)
    if text is None:
        return {}
    try:
        loaded = yamlsafe.load_untrusted(text)
    except yamlsafe.LOAD_ERRORS:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _card(data: Mapping[object, object]) -> _Card:
    """The card keys that bear on licensing (huggingface_hub ``ModelCardData`` names)."""
    bases = data.get("base_model")
    items = bases[:MAX_ITEMS] if isinstance(bases, list) else [bases]
    return _Card(
        _text(data.get("license")),
        _text(data.get("license_name")),
        _text(data.get("license_link")),
        tuple(dict.fromkeys(text for item in items if (text := _text(item)))),
    )


def _text(value: object) -> str | None:
    return value.strip()[:MAX_VALUE] or None if isinstance(value, str) else None


# --- the Hub (online only) ------------------------------------------------------------------


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
) -> Pin:
    """``repo_id`` at ``revision`` as the Hub describes it: commit, files, gate, card, license.

    Costs one request for the model info (``files_metadata=True``) and one for the LICENSE
    file's text when there is one that is not stored in LFS; retries add to ``calls``. A gated,
    missing or failing repository is a Pin with source NONE and the reason; an unreachable Hub
    raises :class:`HubUnreachable`.
    """
    return _Hub(timeout, retry, calls or CallCount()).pin(repo_id, revision)


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

    def __init__(self, timeout: float, retry: Retry, calls: CallCount) -> None:
        # Telemetry makes huggingface_hub fetch an agent registry from the Hub on its first
        # request and write it under HF_HOME: a request nobody asked for. Off unless set.
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        from huggingface_hub import HfApi

        self.endpoint = hub_endpoint()
        self.timeout, self.retry, self.calls = timeout, retry, calls
        self.api: HfApi = HfApi(
            endpoint=self.endpoint, library_name="aibom", library_version=__version__
        )

    def pin(self, repo_id: str, revision: str | None) -> Pin:
        try:
            info = self._retrying(lambda: self._model_info(repo_id, revision))
            commit = info.sha if isinstance(info.sha, str) else ""
            if not _COMMIT.fullmatch(commit):
                raise HubError(Failure.INVALID, "the answer names no commit")
        except HubError as error:
            return failure_pin(
                error, repo_id, revision, endpoint=self.endpoint, timeout=self.timeout
            )
        files = tuple(
            sorted(_hub_file(s.rfilename, s.size, s.blob_id, s.lfs) for s in info.siblings or ())
        )
        data = info.card_data
        card = _card({key: data.get(key) for key in CARD_KEYS} if data is not None else {})
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
        chosen = _license_file(files)
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
        """huggingface_hub's errors and its transport's (httpx2) as :class:`Failure` kinds."""
        import httpx2
        from huggingface_hub import errors

        if isinstance(exc, errors.OfflineModeIsEnabled):
            raise HubUnreachable(
                "HF_HUB_OFFLINE is set, so huggingface_hub refuses to reach the Hub: unset it to "
                "use --online, or run offline (the default) from the local cache or aibom.lock."
            ) from None
        if isinstance(exc, errors.HfHubHTTPError) and exc.response is not None:
            answer = exc.response
            return http_error(answer.status_code, answer.headers, exc.server_message, _token())
        if isinstance(exc, httpx2.ConnectError | httpx2.ConnectTimeout | httpx2.ProxyError):
            return HubError(Failure.UNREACHABLE, redact(str(exc) or type(exc).__name__, _token()))
        if isinstance(exc, httpx2.TimeoutException):
            return HubError(Failure.TIMEOUT)
        if isinstance(exc, httpx2.TransportError):
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
            sha256=digest if isinstance(digest, str) and _SHA256.fullmatch(digest) else None,
        )
    oid = blob_id if isinstance(blob_id, str) and _COMMIT.fullmatch(blob_id) else None
    return PinnedFile(path, size=size if isinstance(size, int) else None, git_oid=oid)


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
