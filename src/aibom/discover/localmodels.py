"""Merge what different detectors saw of one local model (card, config, weights) into one record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from aibom.core.model import LocalModel, WeightFile


def merge_local_models(parts: Iterable[LocalModel]) -> tuple[LocalModel, ...]:
    """One ``LocalModel`` per path: files united, the card's license preferred over weights'."""
    by_path: dict[str, list[LocalModel]] = defaultdict(list)
    for part in parts:
        by_path[part.path].append(part)
    merged = (_merge(path, by_path[path]) for path in sorted(by_path))
    # A license file alone is the project's own license, not a model.
    return tuple(m for m in merged if m.files or m.card is not None)


def _merge(path: str, parts: list[LocalModel]) -> LocalModel:
    parts.sort(key=lambda p: p.card is None)  # card first: it is the declared license
    files: dict[str, WeightFile] = {}
    for part in parts:
        for weight in part.files:
            files.setdefault(weight.path, weight)
    return LocalModel(
        path=path,
        files=tuple(sorted(files.values())),
        card=next((p.card for p in parts if p.card is not None), None),
        name_or_path=next((p.name_or_path for p in parts if p.name_or_path), None),
        architectures=_union(a for p in parts for a in p.architectures),
        base_model=_union(b for p in parts for b in p.base_model),
        license=next((p.license for p in parts if p.license), None),
        license_files=tuple(sorted({f for p in parts for f in p.license_files})),
    )


def _union(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
