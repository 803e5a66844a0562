"""Hugging Face models pinned offline, from the local cache huggingface_hub downloads into.

The cache is read directly (no huggingface_hub import on the offline path): only the folder of
the model asked for, its ``refs/``, and the links of one snapshot.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from aibom.core.model import Pin, PinnedFile, PinSource
from aibom.core.safeio import open_regular, read_up_to
from aibom.resolve.hfcard import (
    CARD_CAP,
    COMMIT,
    LICENSE_CAP,
    SHA256,
    card_fields,
    card_front_matter,
    license_file,
)

REF_CAP = 256
MAX_FILES = 50_000
_SHORT_COMMIT = re.compile(r"[0-9a-f]{7,39}")
_REPO_ID = re.compile(r"(\b[\w\-.]+\b/)?\b[\w\-.]+\b")  # huggingface_hub validate_repo_id


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
    card = card_fields(card_front_matter(_read(snapshot / "README.md", CARD_CAP) or b""))
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
        return commit if COMMIT.fullmatch(commit) and (snapshots / commit).is_dir() else None
    if COMMIT.fullmatch(revision):
        return revision if (snapshots / revision).is_dir() else None
    if _SHORT_COMMIT.fullmatch(revision):
        try:
            found = [path.name for path in snapshots.iterdir() if path.name.startswith(revision)]
        except OSError:
            return None
        if len(found) == 1 and COMMIT.fullmatch(found[0]):
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
        sha256=etag if SHA256.fullmatch(etag) else None,
        git_oid=etag if COMMIT.fullmatch(etag) else None,
    )


def _cached_license_sha256(snapshot: Path, files: Sequence[PinnedFile]) -> str | None:
    chosen = license_file(files)
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
