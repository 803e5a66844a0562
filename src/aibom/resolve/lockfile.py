"""``aibom.lock``: the exact revision and file hashes of every model a repository uses.

YAML, sorted, one entry per model, so that a change reads well in a diff. Written by ``aibom
lock``; read first by the resolve stage; checked by ``aibom scan --locked`` and ``aibom lock
--check``. An entry keeps its ``resolved_at`` while what it pins does not change, so re-locking an
unchanged repository gives the same bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aibom.core import yamllines, yamlsafe
from aibom.core.errors import AibomError
from aibom.core.model import Component, Ecosystem, Pin, PinnedFile, PinSource
from aibom.core.reproducible import source_date_epoch
from aibom.core.safeio import read_bounded, reason
from aibom.resolve import lockcheck

LOCK_NAME = "aibom.lock"
VERSION = 1
MAX_LOCK_BYTES = 8 * 1024 * 1024  # a thousand models of fifty files each take about 6 MiB
HEADER = (
    "# aibom.lock: the exact revisions and file hashes of the AI models this repository uses.\n"
    "# Written by `aibom lock`; checked by `aibom scan --locked` and `aibom lock --check`.\n"
    "# Commit it. Each entry: the revision asked for, the commit it resolved to, the files with\n"
    "# their sha256 and size, the license the model card declared and the license text's sha256.\n"
)


class LockfileError(AibomError):
    """aibom.lock cannot be read or is not a valid lockfile."""


def key_of(component: Component) -> str:
    """The lock key of a component: ``ecosystem:name``."""
    return f"{component.ecosystem.value}:{component.name}"


@dataclass(frozen=True)
class Lockfile:
    """The entries of a lockfile, by key (compared case-insensitively)."""

    entries: dict[str, Pin]

    def get(self, component: Component) -> Pin | None:
        return self._folded().get(key_of(component).casefold())

    def _folded(self) -> dict[str, Pin]:
        return {key.casefold(): pin for key, pin in self.entries.items()}


def read(path: Path) -> Lockfile | None:
    """The lockfile at ``path``, None when there is none; LockfileError when it is broken."""
    if not os.path.lexists(path):
        return None
    try:
        # A link is not followed: aibom.lock lives in the scanned tree, and a link there could
        # name any file on the machine (or a FIFO); this file is the tree's own or nothing.
        data = read_bounded(path, MAX_LOCK_BYTES, follow_links=False)
    except OSError as exc:
        raise LockfileError(f"{path}: cannot be read: {reason(exc)}") from None
    try:
        located = yamllines.read(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise LockfileError(f"{path}: cannot be read: not UTF-8 text") from None
    except yamlsafe.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LockfileError(f"{path}:{line}: not valid YAML: {problem}") from None
    problems = lockcheck.check(located)
    if problems:
        raise LockfileError(
            "\n".join(f"{path}:{line}: {message}" for line, message in problems)
            + "\n(fix these lines, or write the file anew with `aibom lock`)"
        )
    raw = located.data if isinstance(located.data, dict) else {}
    return Lockfile({str(key): _pin(body) for key, body in (raw.get("models") or {}).items()})


def _pin(body: dict[str, Any]) -> Pin:
    """A checked entry (see :mod:`aibom.resolve.lockcheck`) as a pin."""
    files = tuple(
        PinnedFile(str(f["path"]), f.get("size"), f.get("sha256"), f.get("git_oid"))
        for f in body.get("files") or ()
    )
    return Pin(
        source=PinSource.LOCKFILE,
        commit=body.get("commit"),
        requested=body.get("requested"),
        files=files,
        gated=body.get("gated"),
        card_license=body.get("card_license"),
        card_license_name=body.get("card_license_name"),
        card_license_link=body.get("card_license_link"),
        base_models=tuple(body.get("base_models") or ()),
        license_text_sha256=body.get("license_text_sha256"),
        resolved_at=str(body["resolved_at"]) if body.get("resolved_at") else None,
    )


def render(components: tuple[Component, ...], previous: Lockfile | None) -> str:
    """The lockfile text for the pinned components (unpinned ones are left out)."""
    now = (source_date_epoch() or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    models: dict[str, Any] = {}
    for component in sorted(components, key=key_of):
        pin = component.pin
        if pin is None or pin.source is PinSource.NONE:
            continue
        before = previous.get(component) if previous else None
        stamp = before.resolved_at if before and _same(before, pin) else now
        models[key_of(component)] = _entry(replace(pin, resolved_at=stamp))
    document = {"version": VERSION, "models": models}
    return HEADER + yamlsafe.dump(document)


def _same(a: Pin, b: Pin) -> bool:
    return (a.commit, sorted(a.files), a.card_license, a.license_text_sha256) == (
        b.commit,
        sorted(b.files),
        b.card_license,
        b.license_text_sha256,
    )


def _entry(pin: Pin) -> dict[str, Any]:
    body: dict[str, Any] = {
        "commit": pin.commit,
        "requested": pin.requested,
        "resolved_at": pin.resolved_at,
        "files": [
            {
                k: v
                for k, v in (
                    ("path", f.path),
                    ("size", f.size),
                    ("sha256", f.sha256),
                    ("git_oid", f.git_oid),
                )
                if v is not None
            }
            for f in sorted(pin.files)
        ],
        "gated": pin.gated,
        "card_license": pin.card_license,
        "card_license_name": pin.card_license_name,
        "card_license_link": pin.card_license_link,
        "base_models": list(pin.base_models) or None,
        "license_text_sha256": pin.license_text_sha256,
    }
    return {k: v for k, v in body.items() if v is not None}


def problems(components: tuple[Component, ...], lock: Lockfile | None) -> list[str]:
    """What ``--locked`` fails on: models with no lock entry, and every drift."""
    found = []
    for component in components:
        if component.ecosystem is Ecosystem.API_SERVICE:
            continue
        pin = component.pin
        if lock is None or lock.get(component) is None:
            found.append(f"{component.name}: not in aibom.lock (run `aibom lock`)")
            continue
        found.extend(f"{component.name}: {d}" for d in (pin.drift if pin else ()))
    return found


def stale_entries(lock: Lockfile, components: tuple[Component, ...]) -> list[str]:
    """Keys of lock entries that no component of the scan references any more."""
    current = {key_of(component).casefold() for component in components}
    return [key for key in sorted(lock.entries) if key.casefold() not in current]
