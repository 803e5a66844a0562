"""Turn sightings into components: identical references merge, local models absorb their refs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from aibom.core.ids import Classified, Slot, classify
from aibom.core.model import Component, Discovery, Ecosystem, Evidence, LocalModel, ModelRef, Role


def build_components(discovery: Discovery) -> tuple[Component, ...]:
    """One component per model identity, sorted; outputs of the project are not components."""
    outputs = {ref.key for ref in discovery.refs if ref.role is Role.OUTPUT}
    groups: dict[tuple[str, str, str], list[ModelRef]] = defaultdict(list)
    for ref in discovery.refs:
        if ref.role is Role.DEPENDENCY and ref.key not in outputs:
            groups[ref.key].append(ref)
    components = [_local(model, _claim(model, groups)) for model in discovery.local_models]
    components.extend(_merge(refs) for refs in groups.values())
    return tuple(sorted(components, key=lambda c: (c.ecosystem.value, c.name.casefold())))


def outputs_of(discovery: Discovery) -> tuple[ModelRef, ...]:
    """Models the project produces (push targets, ``hub_model_id``), one sighting each."""
    return _unique(ref for ref in discovery.refs if ref.role is Role.OUTPUT)


def mentions_of(discovery: Discovery) -> tuple[ModelRef, ...]:
    """Models only named in documentation (kept with ``--include-docs``)."""
    return _unique(ref for ref in discovery.refs if ref.role is Role.MENTION)


def _unique(refs: Iterable[ModelRef]) -> tuple[ModelRef, ...]:
    seen: dict[tuple[str, str, str], ModelRef] = {}
    for ref in sorted(refs, key=lambda r: r.evidence):
        seen.setdefault(ref.key, ref)
    return tuple(sorted(seen.values(), key=lambda r: r.name.casefold()))


def _claim(model: LocalModel, groups: dict[tuple[str, str, str], list[ModelRef]]) -> list[ModelRef]:
    """Take the local-file references that point at this model or at a file inside it."""
    folder = model.path.casefold()
    claimed: list[ModelRef] = []
    for key in list(groups):
        ecosystem, _, name = key
        if ecosystem == Ecosystem.LOCAL_FILE.value and (
            name == folder or name.startswith(folder + "/")
        ):
            claimed.extend(groups.pop(key))
    return claimed


def _local(model: LocalModel, refs: list[ModelRef]) -> Component:
    evidence = [ref.evidence for ref in refs]
    evidence.extend(_model_evidence(model))
    return Component(
        name=model.path,
        ecosystem=Ecosystem.LOCAL_FILE,
        evidence=_sorted_evidence(evidence),
        local=model,
        base_models=tuple(_normalised_bases(model.base_model)),
        raw_names=tuple(sorted({ref.raw for ref in refs})),
    )


def _model_evidence(model: LocalModel) -> list[Evidence]:
    """The model's own files are evidence that it is in the tree."""
    if model.card is not None:
        return [Evidence(model.card.path, 1, 1, "model card", "model-card")]
    return [Evidence(f.path, 1, 1, f"{f.format} file", "weights") for f in model.files[:1]]


def _normalised_bases(bases: Iterable[str]) -> Iterable[str]:
    for base in bases:
        found = classify(base, Slot.HF)
        if isinstance(found, Classified):
            yield found.name


def _merge(refs: list[ModelRef]) -> Component:
    refs.sort(key=lambda r: r.evidence)
    first = refs[0]
    return Component(
        name=first.name,
        ecosystem=first.ecosystem,
        evidence=_sorted_evidence(ref.evidence for ref in refs),
        revisions=tuple(sorted({r.revision for r in refs if r.revision})),
        provider=first.provider,
        raw_names=tuple(sorted({r.raw for r in refs})),
    )


def _sorted_evidence(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """Sorted, one per place: two detectors reading the same spot give one piece of evidence."""
    by_place: dict[tuple[str, int, int], Evidence] = {}
    for item in sorted(evidence):
        by_place.setdefault((item.path, item.line, item.column), item)
    return tuple(by_place.values())
