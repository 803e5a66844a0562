"""The license_db entry format, as data: which keys and term fields exist, and their types.

Kept apart from the loader so that the format reads like its documentation
(``license_db/README.md``) and tests can check the two agree.
"""

from __future__ import annotations

# A field's type: bool, int, str, or "list" (of strings).
FieldType = type[bool] | type[int] | type[str] | str
LIST = "list"

TERM_FIELDS: dict[str, dict[str, FieldType]] = {
    "commercial_use": {"value": bool, "conditions": LIST},
    "user_threshold": {"monthly_active_users": int, "consequence": str},
    "revenue_threshold": {"amount": int, "currency": str, "period": str, "consequence": str},
    "restricts_training_other_models": {"applies_to": LIST, "scope": str},
    "attribution": {"requirements": LIST, "display_text": str, "model_name_prefix": str},
    "acceptable_use_policy": {"url": str, "flows_down": bool},
    "geographic_restrictions": {"items": "items"},
    "export_control": {"scope": str},
    "governing_law": {"value": str},
    "venue": {"value": str},
    "research_only": {"value": bool},
    "non_commercial": {"value": bool},
    "redistribution": {"conditions": LIST},
    "derivatives_inherit": {"value": bool, "scope": str},
    "share_alike": {"value": bool, "scope": str},
    "termination": {"triggers": LIST},
}
COMMON_TERM_FIELDS = frozenset({"status", "clause", "quote", "document", "note"})
GEO_ITEM_FIELDS: dict[str, FieldType] = {
    "region": str,
    "scope": str,
    "clause": str,
    "quote": str,
    "document": str,
    "reaches": str,
}
TRAINING_TARGETS = frozenset({"model", "outputs"})

ENTRY_FIELDS: dict[str, FieldType] = {
    "key": str,
    "name": str,
    "version": str,
    "provider": "provider",
    "urls": LIST,
    "spdx": str,
    "license_ref": str,
    "scancode": str,
    "huggingface": LIST,
    "aliases": LIST,
    "links": LIST,
    "category": str,
    "texts": "texts",
    "fingerprint": "fingerprint",
    "terms": "terms",
    "note": str,
}
REQUIRED_ENTRY_FIELDS = ("key", "name", "provider", "category", "terms")
