"""Pin local models by the sha256 of their own files (weights, configs, license texts)."""

from __future__ import annotations

import errno
import os
from pathlib import Path, PurePosixPath

from aibom.core.model import LocalModel, Messages, Pin, PinnedFile, PinSource
from aibom.resolve.hashing import HashCache

NOT_IN_TREE = "file not in the scanned tree"


def pin_local(
    model: LocalModel, root: Path, cache: HashCache, progress: Messages | None = None
) -> Pin:
    """Every weight, config and license file of ``model`` with its size and sha256.

    A file that vanished or cannot be read leaves the model unpinned (the bytes it means are no
    longer all known); the reason names each such file and the others are still listed.
    """
    names = sorted({f.path for f in model.files} | {f.path for f in model.license_files})
    if not names:
        return Pin(PinSource.NONE, reason="no weight files to hash")
    pinned: list[PinnedFile] = []
    problems: list[str] = []
    for name in names:
        found = _hash(name, root, cache, progress)
        if isinstance(found, PinnedFile):
            pinned.append(found)
        else:
            problems.append(f"{name}: {found}")
    card = model.card
    licenses = {f.path: f for f in pinned if f.path in {lf.path for lf in model.license_files}}
    return Pin(
        PinSource.NONE if problems else PinSource.LOCAL_FILE,
        files=tuple(pinned),
        card_license=card.license if card else model.license,
        card_license_name=card.license_name if card else None,
        card_license_link=card.license_link if card else None,
        base_models=model.base_model,
        license_text_sha256=_license_text(licenses),
        reason="; ".join(problems) or None,
    )


def pin_path(path: str, root: Path, cache: HashCache, progress: Messages | None = None) -> Pin:
    """A single weight file named in code (``Llama(model_path="models/x.gguf")``), relative to
    the scan root or absolute; pinned only when it lies inside the scanned tree."""
    name = _relative(path, root)
    if name is None:
        return Pin(PinSource.NONE, reason=NOT_IN_TREE)
    found = _hash(name, root, cache, progress)
    if isinstance(found, str):
        return Pin(PinSource.NONE, reason=f"{name}: {found}")
    return Pin(PinSource.LOCAL_FILE, files=(found,))


def _relative(path: str, root: Path) -> str | None:
    """``path`` as a POSIX path relative to ``root`` when it exists inside it (links followed)."""
    written = Path(path)
    try:
        base = root.resolve()
        full = (root / written).resolve()  # an absolute ``written`` replaces ``root``
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return None
    if full == base or not full.is_relative_to(base) or not full.exists():
        return None
    if not written.is_absolute():
        lexical = PurePosixPath(*Path(os.path.normpath(path)).parts)
        if ".." not in lexical.parts:
            return lexical.as_posix()  # as written: a link inside the tree keeps its own name
    return full.relative_to(base).as_posix()


def _hash(name: str, root: Path, cache: HashCache, progress: Messages | None) -> PinnedFile | str:
    """The pinned file, or why it could not be hashed."""
    if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
        return NOT_IN_TREE  # paths from discovery are relative to the root; never step outside
    base = os.path.realpath(root)
    if not os.path.realpath(os.path.join(base, name)).startswith(base + os.sep):
        return "a link out of the scanned tree: not hashed"
    try:
        digest = cache.digest(root / name, progress, label=name)
    except FileNotFoundError:
        return "file vanished since the scan"
    except PermissionError:
        return "cannot be read (permission denied)"
    except OSError as exc:
        if exc.errno == errno.EAGAIN:
            return "changed while being hashed"
        return f"cannot be read ({exc.strerror or type(exc).__name__})"
    return PinnedFile(name, digest.size, digest.sha256)


def _license_text(licenses: dict[str, PinnedFile]) -> str | None:
    """The sha256 of the model's license text: a ``LICENSE``-named file before a ``NOTICE`` or
    use policy, then by path."""

    def rank(path: str) -> tuple[bool, str]:
        base = PurePosixPath(path).name.lower().removeprefix("model_").removeprefix("model-")
        return (not base.startswith(("license", "licence")), path)

    first = min(licenses, key=rank, default=None)
    return licenses[first].sha256 if first is not None else None
