"""Decide each component's license from every source that speaks, strongest first.

Order of strength: a LICENSE text beside the weights (identified by fingerprint), the model
card's ``license`` / ``license_name`` / ``license_link``, the license in weight metadata (GGUF
``general.license``, safetensors ``__metadata__``), and last the curated known-models table. Every
source's claim is kept, so that a card that says ``apache-2.0`` beside a Llama LICENSE file shows
up as a conflict instead of disappearing.
"""

from __future__ import annotations

from collections.abc import Iterator

from aibom.core.licensing import LicenseClaim, LicenseSource, Licensing
from aibom.core.model import Component, Ecosystem, LocalModel, ModelCard
from aibom.licenses.db import LicenseDb
from aibom.licenses.fingerprint import identify
from aibom.licenses.known import KnownModel, KnownModels

_WEIGHT_LICENSE_KEYS = ("general.license", "license", "modelspec.license")
_NOT_A_LICENSE = frozenset({"other", "unknown", ""})
API_NOTE = "hosted API model: governed by the provider's terms of service, not a model license"


def decide(component: Component, db: LicenseDb, known: KnownModels) -> Licensing:
    """The license of one component, with every claim and how sure the decision is."""
    if component.ecosystem is Ecosystem.API_SERVICE:
        return Licensing(None, LicenseSource.NONE, notes=(API_NOTE,))
    claims = list(_claims(component, db))
    rule = _known_rule(component, known)
    if rule is not None:
        claims.append(
            LicenseClaim(LicenseSource.KNOWN_MODEL, rule.pattern, rule.license, rule.note)
        )
    decided = next((c for c in claims if c.key is not None), None)
    notes = [
        f"{c.source}: {c.declared!r} is not a license aibom knows"
        for c in claims
        if c.key is None and c.declared.lower() not in _NOT_A_LICENSE
    ]
    changed = any(
        c.source is LicenseSource.LICENSE_FILE and c.detail and "differs" in c.detail
        for c in claims
    )
    if decided is None:
        source = claims[0].source if claims else LicenseSource.NONE
        return Licensing(None, source, tuple(claims), notes=tuple(notes))
    unverified = changed or (
        decided.source is LicenseSource.KNOWN_MODEL and rule is not None and rule.unverified
    )
    return Licensing(
        decided.key,
        decided.source,
        tuple(claims),
        unverified=unverified,
        multimodal=bool(rule and rule.multimodal),
        changed_text=changed,
        notes=tuple(notes),
    )


def _claims(component: Component, db: LicenseDb) -> Iterator[LicenseClaim]:
    local = component.local
    if local is None:
        yield from _pinned_card_claims(component, db)
        return
    yield from _file_claims(local, db)
    yield from _card_claims(local, db)
    for weight in local.files:
        metadata = dict(weight.metadata)
        for key in _WEIGHT_LICENSE_KEYS:
            value = metadata.get(key)
            if value:
                entry = db.find(value)
                yield LicenseClaim(
                    LicenseSource.WEIGHTS,
                    value,
                    entry.key if entry else None,
                    f"{weight.path}: {key}",
                )
                break


def _file_claims(local: LocalModel, db: LicenseDb) -> Iterator[LicenseClaim]:
    for found in local.license_files:
        if "licen" not in found.path.rsplit("/", 1)[-1].lower():
            continue  # a USE_POLICY or NOTICE is a companion, not the license itself
        result = identify(found.text, db)
        if result.key is None:
            yield LicenseClaim(
                LicenseSource.LICENSE_FILE, found.path, None, "not a license text aibom knows"
            )
        elif result.changed:
            yield LicenseClaim(
                LicenseSource.LICENSE_FILE,
                found.path,
                result.key,
                f"text differs from the official {result.key} text "
                f"({result.similarity:.0%} similar): a changed or different version"
                + (f"; e.g. {result.differences[0]}" if result.differences else ""),
            )
        else:
            detail = (
                "identical to the official text"
                if result.exact
                else (
                    f"the official {result.key} text, reformatted ({result.similarity:.0%} similar)"
                )
            )
            yield LicenseClaim(LicenseSource.LICENSE_FILE, found.path, result.key, detail)


def _card_claims(local: LocalModel, db: LicenseDb) -> Iterator[LicenseClaim]:
    card = local.card
    if card is None:
        return
    candidates = [card.license or "", card.license_name or ""]
    for value in candidates:
        if value and value.lower() not in _NOT_A_LICENSE:
            entry = db.find(value)
            yield LicenseClaim(LicenseSource.CARD, value, entry.key if entry else None, card.path)
            return
    if card.license_link:
        entry = db.find_link(card.license_link)
        yield LicenseClaim(
            LicenseSource.CARD, card.license_link, entry.key if entry else None, card.path
        )
    elif card.license:
        yield LicenseClaim(LicenseSource.CARD, card.license, None, card.path)


def _pinned_card_claims(component: Component, db: LicenseDb) -> Iterator[LicenseClaim]:
    """The card as the Hub or the local cache showed it when the model was pinned."""
    pin = component.pin
    if pin is None:
        return
    card = ModelCard(
        f"{pin.source} card", pin.card_license, pin.card_license_name, pin.card_license_link
    )
    yield from _card_claims(LocalModel(component.name, card=card), db)


def _known_rule(component: Component, known: KnownModels) -> KnownModel | None:
    if component.ecosystem is Ecosystem.HUGGINGFACE:
        return known.match("huggingface", component.name)
    if component.ecosystem is Ecosystem.OLLAMA:
        return known.match("ollama", component.name)
    return None
