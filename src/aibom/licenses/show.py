"""License entries as a reader sees them: JSON with every term cited, or a plain-text summary."""

from __future__ import annotations

import json
from typing import Any

from aibom.core.licensing import Term, TermStatus
from aibom.licenses.db import LicenseDb
from aibom.licenses.fingerprint import Identification
from aibom.licenses.model import License
from aibom.licenses.schema import TERM_FIELDS


def as_json(entry: License) -> str:
    """The entry with each term at the top level (``user_threshold.monthly_active_users``...)."""
    document: dict[str, Any] = {
        "key": entry.key,
        "name": entry.name,
        "version": entry.version,
        "provider": {"name": entry.provider.name, "country": entry.provider.country},
        "category": entry.category.value,
        "spdx": entry.spdx,
        "license_ref": entry.license_ref,
        "sbom_id": entry.sbom_id,
        "scancode": entry.scancode,
        "huggingface": list(entry.huggingface),
        "aliases": list(entry.aliases),
        "urls": list(entry.urls),
    }
    for name in TERM_FIELDS:
        document[name] = _term_json(entry.term(name))
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _term_json(term: Term) -> Any:
    """A term as JSON: its status first, so that "the text says nothing" (absent) never reads
    like "not checked" (unverified), the regional clauses included."""
    body: dict[str, Any] = {"status": term.status.value}
    if term.name == "geographic_restrictions":
        body["items"] = [
            {
                "region": i.region,
                "reaches": i.reaches.value,
                "scope": i.scope,
                "clause": i.clause,
                "quote": i.quote,
                "document": i.document,
            }
            for i in term.items
        ]
    for key, value in term.fields:
        body[key] = list(value) if isinstance(value, tuple) else value
    if term.status is TermStatus.PRESENT:
        body.update(clause=term.clause, quote=term.quote, document=term.document)
    if term.note:
        body["note"] = term.note
    return body


def as_text(entry: License) -> str:
    """A summary a lawyer can check against the text: each present term with its clause."""
    lines = [
        f"{entry.name} ({entry.key})",
        f"  provider: {entry.provider.name} ({entry.provider.country or '?'})",
        f"  category: {entry.category.value}; SBOM id: {entry.sbom_id}",
    ]
    if entry.huggingface:
        lines.append(f"  Hugging Face ids: {', '.join(entry.huggingface)}")
    for name in TERM_FIELDS:
        term = entry.term(name)
        label = name.replace("_", " ")
        if term.status is TermStatus.PRESENT:
            lines.extend(_present(label, term))
        elif term.status is TermStatus.UNVERIFIED:
            lines.append(f"  {label}: unverified ({term.note})")
        else:
            lines.append(f"  {label}: not in the text")
    return "\n".join(lines) + "\n"


def _present(label: str, term: Term) -> list[str]:
    if term.items:
        return [
            f"  {label}: {i.region}, reaching licensees by {i.reaches.value} ({i.scope}) "
            f'\u00a7{i.clause}: "{i.quote}"'
            for i in term.items
        ]
    values = ", ".join(f"{k}={'; '.join(v) if isinstance(v, tuple) else v}" for k, v in term.fields)
    where = f"\u00a7{term.clause}" + (
        f" of the {term.document}" if term.document != "license" else ""
    )
    return [f"  {label}: {values or 'yes'} ({where})", f'      "{term.quote}"']


def listing(db: LicenseDb) -> str:
    """One line per license: key, category, provider country, name."""
    rows = [f"{'KEY':<36}{'CATEGORY':<16}{'CC':<4}NAME"]
    for entry in sorted(db.licenses, key=lambda e: e.key):
        rows.append(
            f"{entry.key:<36}{entry.category.value:<16}"
            f"{entry.provider.country or '-':<4}{entry.name}"
        )
    return "\n".join(rows) + "\n"


def identification_text(path: str, result: Identification, db: LicenseDb) -> str:
    if result.key is None:
        return f"{path}: not a license text aibom knows\n"
    entry = db.get(result.key)
    name = entry.name if entry else result.key
    if result.exact:
        verdict = "identical to the official text"
    elif result.changed:
        verdict = (
            f"resembles it but differs ({result.similarity:.0%} similar): a changed or "
            "different version; read it before relying on this entry's terms"
        )
    else:
        verdict = f"the official text, reformatted ({result.similarity:.0%} similar)"
    lines = [f"{path}: {result.key} ({name}), confidence {result.confidence:.2f}: {verdict}"]
    lines += [f"  differs: {difference}" for difference in result.differences]
    return "\n".join(lines) + "\n"
