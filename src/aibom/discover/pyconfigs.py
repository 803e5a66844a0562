"""A loader's model inside a dict of its settings: ``Embeddings({"path": ...})``,
``ChatGroq(**settings)``, ``embeddings.config["path"] = ...``.

Some loaders take their settings as one dict instead of keywords (txtai's ``Embeddings``), and
code often keeps a loader's keywords in a dict it spreads into the call. The model is then the
value under a key the loader reads: one of its rule's keywords, or ``path``, ``model``... A
``method`` beside it naming the library says how a bare name is read: sentence-transformers
reads ``clip-ViT-B-32`` as ``sentence-transformers/clip-ViT-B-32``.
"""

from __future__ import annotations

import ast

from aibom.core.ids import WEIGHT_SUFFIXES, Slot, hf_id
from aibom.core.model import Confidence
from aibom.discover.pyclients import rule_for
from aibom.discover.pycontext import Context, record
from aibom.discover.pyrules import CallRule
from aibom.discover.pyscope import Choices, Item, Scope, dotted

# Keys of a settings dict that hold the loader's model, after the rule's own keywords.
MODEL_KEYS = ("path", "model", "model_name", "model_id", "model_name_or_path")
_LIBRARY_KEYS = ("method", "backend")
_LIBRARY_SLOTS = {
    "sentence-transformers": Slot.SENTENCE_TRANSFORMERS,
    "sentence_transformers": Slot.SENTENCE_TRANSFORMERS,
    "transformers": Slot.HF,
}


def call_slot(ctx: Context, call: ast.Call, rule: CallRule, scopes: tuple[Scope, ...]) -> Slot:
    """How the call reads its model: as its rule says, or as the library a ``method=`` names."""
    for keyword in call.keywords:
        if keyword.arg in _LIBRARY_KEYS:
            named = ctx.flow.resolve(keyword.value, scopes) or ""
            return _LIBRARY_SLOTS.get(named.lower(), rule.slot)
    return rule.slot


def config_values(
    ctx: Context, rule: CallRule, node: ast.expr, scopes: tuple[Scope, ...], slot: Slot
) -> tuple[tuple[str, ...], Slot]:
    """The model a settings dict given in a rule's place holds, and how it is read."""
    found = ctx.flow.container(node, scopes)
    if not isinstance(found, dict):
        return (), slot
    for key in _LIBRARY_KEYS:
        named = found.get(key)
        if isinstance(named, str):
            slot = _LIBRARY_SLOTS.get(named.lower(), slot)
    for key in dict.fromkeys((*rule.keywords, *MODEL_KEYS)):
        picks = _strings(found.get(key))
        if picks:
            return picks, slot
    return (), slot


def spread(
    ctx: Context, call: ast.Call, rule: CallRule, scopes: tuple[Scope, ...]
) -> list[tuple[ast.expr, str]]:
    """``Loader(**settings)``: the values a literal dict spread into the call gives the rule's
    keywords, each with the node to point at."""
    found: list[tuple[ast.expr, str]] = []
    for keyword in call.keywords:
        mapping = ctx.flow.container(keyword.value, scopes) if keyword.arg is None else None
        if isinstance(mapping, dict):
            for key in rule.keywords:
                found += [(keyword.value, pick) for pick in _strings(mapping.get(key))]
    return found


def repo_file(ctx: Context, value: str) -> str:
    """``org/repo/model.gguf`` names a file of the Hub repository ``org/repo`` (txtai, and the
    llama.cpp loaders behind it, download it so), unless the tree holds that path."""
    parts = value.split("/")
    if len(parts) < 3 or value.startswith(("/", ".", "~")):
        return value
    if not value.lower().endswith(WEIGHT_SUFFIXES):
        return value
    source = ctx.sink.source
    if source.tree.locate(value, source.directory) is not None:
        return value
    repo = "/".join(parts[:2])
    return repo if hf_id(repo) is not None else value


def config_store(
    ctx: Context, target: ast.Subscript, value: ast.expr, scopes: tuple[Scope, ...]
) -> bool:
    """``embeddings.config["path"] = "org/name"``: a model key of the settings a loader object
    keeps, read when it loads again; False when ``target`` is no such key."""
    owner = target.value
    if not (isinstance(owner, ast.Attribute) and owner.attr == "config"):
        return False
    held = ctx.instances.get(dotted(owner.value))
    rule = rule_for(held.split(".")) if held else None
    if rule is None or "config" not in rule.keywords:
        return False
    key = ctx.flow.resolve(target.slice, scopes)
    if key not in (*rule.keywords, *MODEL_KEYS):
        return False
    for pick in ctx.flow.arms(value, scopes):
        name = repo_file(ctx, pick) if rule.repo_files else pick
        record(ctx, name, value, rule.slot, Confidence.MEDIUM, role=rule.role)
    return True


def _strings(item: Item) -> tuple[str, ...]:
    if isinstance(item, str):
        return (item,)
    return item.values if isinstance(item, Choices) else ()
