"""The first step of reading a policy: check the raw YAML and collect every problem with its line.

Only a document with no problems goes on to become typed data (:mod:`aibom.policy.document`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from aibom.core.licensing import Category
from aibom.core.model import Severity
from aibom.core.text import suggest
from aibom.core.yamllines import KeyPath, Located, dotted
from aibom.licenses.db import LicenseDb
from aibom.policy.base import Kind, Param, Rule
from aibom.policy.regions import JURISDICTION_NAMES, NOT_ISO, is_region
from aibom.policy.rules import RULES

VERSION = 1
TOP_KEYS = {"version": True, "organisation": True, "rules": False, "waivers": False}
ORGANISATION_KEYS = {
    "monthly_active_users": "count",
    "annual_revenue_usd": "count",
    "regions": "regions",
    "domicile": "region",
    "principal_place_of_business": "region",
    "trains_models": "bool",
    "distributes_models": "bool",
    "commercial": "bool",
    "business": "words",
}
OPTIONAL_ORGANISATION_KEYS = frozenset(
    {"commercial", "business", "domicile", "principal_place_of_business"}
)
RULE_KEYS = ("severity", "enabled")
WAIVER_KEYS = {
    "model": True,
    "rules": False,
    "paths": False,
    "reason": True,
    "owner": False,
    "approver": True,
    "ticket": False,
    "expires": True,
}
SEVERITIES = ", ".join(s.value for s in Severity)


@dataclass
class Problems:
    """Problems found so far, each at the line of the key path it is about."""

    located: Located
    db: LicenseDb
    found: list[tuple[int, str]] = field(default_factory=list)

    def add(self, path: KeyPath, message: str) -> None:
        self.found.append((self.located.line(path), f"{dotted(path)}: {message}"))


def check(located: Located, db: LicenseDb) -> list[tuple[int, str]]:
    """Every problem in a raw policy document, as ``(line, "key.path: message")``, by line."""
    problems = Problems(located, db, list(located.problems))
    if located.data is not None or not located.problems:
        _document(located.data, problems)
    return sorted(problems.found)


def _document(data: object, problems: Problems) -> None:
    if not isinstance(data, dict):
        problems.add((), "a policy must be a mapping with version and organisation")
        return
    _keys(data, (), TOP_KEYS, problems)
    version = data.get("version")
    if "version" in data and (isinstance(version, bool) or version != VERSION):
        problems.add(
            ("version",), f"{version!r} is not a policy version this aibom reads ({VERSION})"
        )
    if "organisation" in data:
        _organisation(data["organisation"], problems)
    if data.get("rules") is not None:
        _rules(data["rules"], problems)
    if data.get("waivers") is not None:
        _waivers(data["waivers"], problems)


def _keys(
    data: dict[object, object], path: KeyPath, spec: dict[str, bool], problems: Problems
) -> None:
    """Unknown keys (with the closest known one) and missing required keys."""
    for key in data:
        if str(key) not in spec:
            problems.add((*path, str(key)), "unknown key" + suggest(str(key), list(spec)))
    for key, required in spec.items():
        if required and key not in data:
            problems.add((*path, key), "required")


def _organisation(data: object, problems: Problems) -> None:
    path: KeyPath = ("organisation",)
    if not isinstance(data, dict):
        problems.add(path, "must be a mapping")
        return
    spec = {k: k not in OPTIONAL_ORGANISATION_KEYS for k in ORGANISATION_KEYS}
    _keys(data, path, spec, problems)
    for key, kind in ORGANISATION_KEYS.items():
        if key in data:
            _CHECK[kind](data[key], (*path, key), problems)


def _count(value: object, path: KeyPath, problems: Problems) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.add(path, f"{value!r} must be a whole number, 0 or more")


def _bool(value: object, path: KeyPath, problems: Problems) -> None:
    if not isinstance(value, bool):
        problems.add(path, f"{value!r} must be true or false")


def _words(value: object, path: KeyPath, problems: Problems) -> list[str]:
    """The strings of a list; a problem for anything else. Only valid items are returned."""
    if not isinstance(value, list):
        problems.add(path, "must be a list")
        return []
    good = []
    for index, item in enumerate(value):
        if isinstance(item, str) and item:
            good.append(item)
        else:
            problems.add((*path, index), f"{item!r} must be a non-empty string")
    return good


def _each(
    value: object, path: KeyPath, problems: Problems, test: Callable[[str], str | None]
) -> None:
    """Check each string of a list: ``test`` returns a problem or None."""
    if not isinstance(value, list):
        problems.add(path, "must be a list")
        return
    for index, item in enumerate(value):
        message = test(item) if isinstance(item, str) and item else f"{item!r} must be a string"
        if message:
            problems.add((*path, index), message)


def _region(code: str) -> str | None:
    if is_region(code):
        return None
    if code in NOT_ISO:
        return f"{code!r} is not an ISO 3166-1 alpha-2 code (use {NOT_ISO[code]!r})"
    hint = f" (did you mean {code.upper()!r}?)" if is_region(code.upper()) else ""
    return f"{code!r} is not an ISO 3166-1 alpha-2 country code or EU{hint}"


def _one_region(value: object, path: KeyPath, problems: Problems) -> None:
    """One ISO 3166-1 alpha-2 code or EU (where the organisation is domiciled)."""
    if not isinstance(value, str) or not value:
        problems.add(path, f"{value!r} must be one ISO 3166-1 alpha-2 country code or EU")
        return
    message = _region(value)
    if message:
        problems.add(path, message)


def _regions(value: object, path: KeyPath, problems: Problems) -> None:
    _each(value, path, problems, _region)
    if isinstance(value, list) and not value:
        problems.add(path, "list at least one region where the organisation operates")


def _rules(data: object, problems: Problems) -> None:
    if not isinstance(data, dict):
        problems.add(("rules",), "must be a mapping of rule id -> settings")
        return
    for rule_id, settings in data.items():
        path: KeyPath = ("rules", str(rule_id))
        rule = RULES.get(str(rule_id))
        if rule is None:
            problems.add(path, "unknown rule" + suggest(str(rule_id), list(RULES)))
        elif settings is not None and not isinstance(settings, dict):
            problems.add(path, "must be a mapping of settings (severity, enabled, parameters)")
        elif settings:
            _rule_settings(rule, settings, path, problems)


def _rule_settings(
    rule: Rule, settings: dict[object, object], path: KeyPath, problems: Problems
) -> None:
    params = {p.name: p for p in rule.params}
    for key, value in settings.items():
        where = (*path, str(key))
        if key == "severity":
            _severity(value, where, problems)
        elif key == "enabled":
            _bool(value, where, problems)
        elif str(key) in params:
            _param(params[str(key)], value, where, problems)
        else:
            allowed = [*RULE_KEYS, *params]
            problems.add(where, f"not a setting of {rule.id}" + suggest(str(key), allowed))


def _severity(value: object, path: KeyPath, problems: Problems) -> None:
    # Membership is tested on text only: a list or mapping there is unhashable.
    if not isinstance(value, str) or value not in {s.value for s in Severity}:
        problems.add(path, f"{value!r} is not one of {SEVERITIES}")


def _param(param: Param, value: object, path: KeyPath, problems: Problems) -> None:
    match param.kind:
        case Kind.BOOL:
            _bool(value, path, problems)
        case Kind.SEVERITY:
            _severity(value, path, problems)
        case Kind.WORDS:
            _words(value, path, problems)
        case Kind.REGIONS:
            _each(value, path, problems, _region)
        case Kind.JURISDICTIONS:
            _each(value, path, problems, _jurisdiction)
        case Kind.CATEGORIES:
            _each(value, path, problems, _category)
        case Kind.LICENSES:
            keys = [entry.key for entry in problems.db.licenses]
            _each(value, path, problems, lambda k: _license(k, keys))


def _jurisdiction(word: str) -> str | None:
    if len(word) == 2 and word.isupper() and word not in JURISDICTION_NAMES:
        return f"no names are known for {word!r}: write the jurisdiction's name instead"
    return None


def _category(word: str) -> str | None:
    names = [c.value for c in Category]
    return None if word in names else f"{word!r} is not a license category" + suggest(word, names)


def _license(key: str, keys: Iterable[str]) -> str | None:
    known = list(keys)
    return None if key in known else f"{key!r} is not a license_db key" + suggest(key, known)


def _waivers(data: object, problems: Problems) -> None:
    if not isinstance(data, list):
        problems.add(("waivers",), "must be a list of waivers")
        return
    for index, waiver in enumerate(data):
        path: KeyPath = ("waivers", index)
        if not isinstance(waiver, dict):
            problems.add(path, "must be a mapping (model, rules, reason, approver, expires...)")
            continue
        _keys(waiver, path, WAIVER_KEYS, problems)
        for key in ("model", "reason", "owner", "approver", "ticket"):
            value = waiver.get(key)
            if key in waiver and (not isinstance(value, str) or not value.strip()):
                problems.add((*path, key), f"{value!r} must be a non-empty string")
        if "rules" in waiver:
            _each(waiver["rules"], (*path, "rules"), problems, _rule_id)
        if "paths" in waiver:
            _words(waiver["paths"], (*path, "paths"), problems)
        if "expires" in waiver and parse_date(waiver["expires"]) is None:
            problems.add(
                (*path, "expires"), f"{waiver['expires']!r} must be an ISO date (2025-12-31)"
            )


def _rule_id(rule_id: str) -> str | None:
    return (
        None if rule_id in RULES else f"{rule_id!r} is not a rule" + suggest(rule_id, list(RULES))
    )


def parse_date(value: object) -> date | None:
    """A YAML date, or a string in ISO 8601 date form."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


_CHECK: dict[str, Callable[[object, KeyPath, Problems], object]] = {
    "count": _count,
    "bool": _bool,
    "regions": _regions,
    "region": _one_region,
    "words": _words,
}
