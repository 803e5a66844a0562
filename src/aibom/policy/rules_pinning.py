"""Rules about exact bytes: unpinned models, files without hashes, gated repositories, drift."""

from __future__ import annotations

from aibom.core.model import Ecosystem, PinSource, Severity
from aibom.policy.base import Hit, Organisation, Params, Rule, Subject

_LOCK_HINT = "pin it: run `aibom lock --online` and commit aibom.lock"
_SHOWN = 5


def _unpinned(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    component = subject.component
    if component.ecosystem is Ecosystem.API_SERVICE:
        return []  # a hosted model has no bytes to pin
    pin = component.pin
    if pin is not None and pin.source is not PinSource.NONE:
        return []
    asked = f"revision {pin.requested!r} requested; " if pin and pin.requested else ""
    why = pin.reason if pin and pin.reason else "no source could resolve it"
    return [Hit(f"not pinned to exact bytes: {asked}{why}", _LOCK_HINT)]


def _missing_hashes(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    pin = subject.component.pin
    if pin is None or pin.source is PinSource.NONE:
        return []  # unpinned says it
    if not pin.files:
        if pin.source is PinSource.OLLAMA_STORE and pin.commit:
            return []  # the manifest digest names the layers by their sha256
        return [Hit(f"pinned from {pin.source} but no file hashes are recorded", _LOCK_HINT)]
    local = pin.source is PinSource.LOCAL_FILE
    missing = sorted(f.path for f in pin.files if not f.sha256 and (local or not f.git_oid))
    if not missing:
        return []
    shown = ", ".join(missing[:_SHOWN]) + (
        f" and {len(missing) - _SHOWN} more" if len(missing) > _SHOWN else ""
    )
    message = f"{len(missing)} pinned file(s) without a sha256: {shown}"
    return [Hit(message, "re-run `aibom lock` so that every file is hashed")]


def _gated(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    pin = subject.component.pin
    if pin is None or not pin.gated:
        return []
    message = (
        "gated on the Hugging Face Hub: downloading needs an account that accepted the owner's "
        "conditions, and those conditions may add to the license"
    )
    hint = "record who accepted the conditions; give CI a token with access"
    return [Hit(message, hint)]


def _drift(subject: Subject, org: Organisation, params: Params) -> list[Hit]:
    pin = subject.component.pin
    if pin is None or not pin.drift:
        return []
    message = "differs from aibom.lock: " + "; ".join(pin.drift)
    hint = "restore the locked revision, or review the change and run `aibom lock` to record it"
    return [Hit(message, hint)]


RULES = (
    Rule(
        "unpinned",
        Severity.WARNING,
        "a model not pinned to an exact commit or file hashes",
        "Reports every model (hosted API models aside) that no source could pin to exact "
        "bytes: no aibom.lock entry, not in the local Hugging Face cache or Ollama store, and "
        "not a local file. An unpinned model can change under the code without a diff.",
        _unpinned,
    ),
    Rule(
        "missing-hashes",
        Severity.WARNING,
        "a pinned model with files that have no sha256",
        "Reports a pinned model whose pin lists no files, or files without a content hash: a "
        "local file without its sha256, or a Hub file with neither a sha256 (LFS) nor a git "
        "blob id. An Ollama pin is its manifest digest.",
        _missing_hashes,
    ),
    Rule(
        "gated",
        Severity.WARNING,
        "a gated Hugging Face repository (access conditions accepted on the Hub)",
        "Reports a model whose Hub repository is gated: its owner grants access on request, "
        "after the requester accepts conditions that may add to the license, and CI needs a "
        "token with access to download it.",
        _gated,
    ),
    Rule(
        "lock-drift",
        Severity.ERROR,
        "a model that differs from its aibom.lock entry",
        "Reports every difference between a model's aibom.lock entry and what the scan found "
        "(another revision requested, another commit in the cache, a file whose hash changed): "
        "the bytes in use are not the ones that were reviewed.",
        _drift,
    ),
)
