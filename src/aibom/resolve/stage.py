"""The resolve stage: pin each reference to exact bytes, from the first source that answers.

Order: ``aibom.lock``, then offline sources (the Hugging Face cache, the weight files themselves,
the Ollama store), then, only when asked with ``--online``, the Hub. A reference nothing pins
stays in the SBOM as unpinned, with the reason. With a lockfile, what is available offline now is
compared with it and every difference is recorded as drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from aibom.core.ids import Classified, Slot, classify
from aibom.core.model import Component, Ecosystem, Messages, Pin, PinSource
from aibom.resolve import hfcache, local, ollama
from aibom.resolve.hashing import HashCache
from aibom.resolve.hubcalls import CallCount
from aibom.resolve.lockfile import Lockfile

OFFLINE_HINT = "not in the local Hugging Face cache (pin it with `aibom lock --online`)"


@dataclass
class ResolveOptions:
    """How to resolve: online or not, with which lockfile, reporting progress where."""

    online: bool = False
    lock: Lockfile | None = None
    progress: Messages | None = None
    concurrency: int = 8
    hub_calls: CallCount = field(default_factory=CallCount)
    cache_dir: Path | None = None  # the Hugging Face cache; None: HF_HUB_CACHE / HF_HOME


def resolve(
    components: tuple[Component, ...], root: Path, options: ResolveOptions
) -> tuple[Component, ...]:
    """Every component with its pin (hosted API models have nothing to pin)."""
    with HashCache() as cache:
        pins = {id(c): _offline(c, root, cache, options) for c in components}
    missing = [c for c in components if _needs_hub(c, pins.get(id(c)), options)]
    if missing:
        from aibom.resolve import hubclient  # online only: huggingface_hub is imported on use

        hub = hubclient.pin_many(
            sorted({(c.name, c.revision) for c in missing}, key=str),
            concurrency=options.concurrency,
            progress=options.progress,
            calls=options.hub_calls,
        )
        for component in missing:
            pins[id(component)] = hub[(component.name, component.revision)]
    return tuple(_with_pin(c, pins.get(id(c))) for c in components)


def _offline(
    component: Component, root: Path, cache: HashCache, options: ResolveOptions
) -> Pin | None:
    if component.ecosystem is Ecosystem.API_SERVICE:
        return None
    here = _here(component, root, cache, options)
    locked = options.lock.get(component) if options.lock else None
    if locked is None:
        return here
    return replace(locked, drift=tuple(drift(component, locked, here)))


def _here(
    component: Component, root: Path, cache: HashCache, options: ResolveOptions
) -> Pin | None:
    """What the machine itself says: the HF cache, the files in the tree, the Ollama store."""
    match component.ecosystem:
        case Ecosystem.HUGGINGFACE:
            return hfcache.pin_from_cache(component.name, component.revision, options.cache_dir)
        case Ecosystem.LOCAL_FILE:
            if component.local is not None:
                return local.pin_local(component.local, root, cache, options.progress)
            return local.pin_path(component.name, root, cache, options.progress)
        case Ecosystem.OLLAMA:
            return ollama.pin_ollama(component.name) or Pin(
                PinSource.NONE,
                requested=component.name.partition(":")[2] or "latest",
                reason="not in the local Ollama store",
            )
        case _:
            return None


def _needs_hub(component: Component, pin: Pin | None, options: ResolveOptions) -> bool:
    return (
        options.online
        and component.ecosystem is Ecosystem.HUGGINGFACE
        and (pin is None or pin.source is PinSource.NONE)
    )


def _with_pin(component: Component, pin: Pin | None) -> Component:
    if component.ecosystem is Ecosystem.API_SERVICE:
        return component
    if pin is None:
        pin = Pin(PinSource.NONE, requested=component.revision, reason=OFFLINE_HINT)
    bases = component.base_models or tuple(_hub_names(pin.base_models))
    return replace(component, pin=pin, base_models=bases)


def _hub_names(values: tuple[str, ...]) -> list[str]:
    names = []
    for value in values:
        found = classify(value, Slot.HF)
        if isinstance(found, Classified):
            names.append(found.name)
    return names


def drift(component: Component, locked: Pin, here: Pin | None) -> list[str]:
    """How the lock entry and the present differ: revision asked, commit, files, license."""
    found: list[str] = []
    asked = component.revision
    if asked and asked not in (locked.requested, locked.commit):
        found.append(
            f"the code asks for revision {asked}, the lock has {locked.requested or locked.commit}"
        )
    if here is None or here.source is PinSource.NONE:
        return found
    if locked.commit and here.commit and locked.commit != here.commit:
        found.append(f"locked commit {locked.commit}, found {here.commit} ({here.source})")
    found.extend(_file_drift(locked, here))
    if locked.card_license and here.card_license and locked.card_license != here.card_license:
        found.append(
            f"the card's license changed from {locked.card_license} to {here.card_license}"
        )
    if (
        locked.license_text_sha256
        and here.license_text_sha256
        and locked.license_text_sha256 != here.license_text_sha256
    ):
        found.append("the license text changed since it was locked")
    return found


def _file_drift(locked: Pin, here: Pin) -> list[str]:
    before = {f.path: f for f in locked.files}
    now = {f.path: f for f in here.files}
    found = [
        f"{path}: sha256 changed"
        for path in sorted(before.keys() & now.keys())
        if before[path].sha256 and now[path].sha256 and before[path].sha256 != now[path].sha256
    ]
    if here.source is PinSource.LOCAL_FILE:
        found += [f"{path}: not in the lock" for path in sorted(now.keys() - before.keys())]
        found += [f"{path}: locked but gone" for path in sorted(before.keys() - now.keys())]
    return found
