"""The labelled corpus: every reference style a scan must find, scored for recall and precision.

Each folder under ``tests/corpus/cases`` is a small repository fragment with an ``expected.yaml``
saying which models it depends on. The labels are written from the definition of a dependency,
not from what the detectors happen to do, so a miss here is a miss for users.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from aibom.core.model import Component, Ecosystem, Report
from aibom.pipeline import scan

CASES_DIR = Path(__file__).parent / "corpus" / "cases"
MIN_CASES = 60
EXPECTED_FILE = "expected.yaml"
KEYS = frozenset({"description", "components", "revisions", "not_components", "outputs"})
# Providers a hosted model may be labelled with (the names the brief and LiteLLM use).
PROVIDERS = frozenset(
    "openai anthropic google mistral cohere deepseek xai aws-bedrock azure groq together_ai "
    "fireworks_ai openrouter perplexity replicate".split()
)
_LABEL = re.compile(r"^(huggingface|ollama|local-file|api-service):(\S.*)$")
_REVISION = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True)
class Case:
    """One labelled fragment, as its expected.yaml describes it."""

    name: str
    path: Path
    description: str
    components: tuple[str, ...]
    revisions: dict[str, str] = field(default_factory=dict)
    not_components: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        """The reference style family: the case name's prefix (py, yaml, sh, k8s, weights...)."""
        return self.name.split("-", 1)[0]


@dataclass(frozen=True)
class Score:
    """How one scan compares with one case's labels (all sets hold case-folded labels)."""

    expected: frozenset[str]
    found: frozenset[str]

    @property
    def true_positives(self) -> frozenset[str]:
        return self.expected & self.found

    @property
    def false_positives(self) -> frozenset[str]:
        return self.found - self.expected

    @property
    def false_negatives(self) -> frozenset[str]:
        return self.expected - self.found


def _strings(raw: object, key: str, errors: list[str]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, str) and item for item in raw):
        errors.append(f"{key} must be a list of non-empty strings, got {raw!r}")
        return ()
    return tuple(raw)


def _label_errors(label: str) -> list[str]:
    match = _LABEL.match(label)
    if match is None:
        return [f"component {label!r} is not ecosystem:name"]
    ecosystem, name = match.groups()
    if ecosystem == "api-service":
        provider, _, model = name.partition("/")
        if provider not in PROVIDERS or not model:
            return [f"component {label!r} is not api-service:provider/name with a known provider"]
    if ecosystem == "local-file" and (name.startswith(("/", "./")) or ".." in name.split("/")):
        return [f"component {label!r}: local files are named relative to the case folder"]
    return []


def _check_labels(case: Case) -> list[str]:
    errors = [error for label in case.components for error in _label_errors(label)]
    folded = [label.casefold() for label in case.components]
    errors += [
        f"component {label!r} is listed twice" for label in set(folded) if folded.count(label) > 1
    ]
    names = {label.split(":", 1)[1].casefold() for label in case.components}
    for wrong in case.not_components:
        if wrong.casefold() in set(folded) | names:
            errors.append(f"not_components entry {wrong!r} is also an expected component")
    for label, revision in case.revisions.items():
        if label.casefold() not in folded:
            errors.append(f"revision given for {label!r}, which is not an expected component")
        if not _REVISION.match(revision):
            errors.append(f"revision {revision!r} of {label!r} is not a 40-hex commit")
    return errors


def load_case(path: Path) -> Case:
    """Read and check a case's expected.yaml; a broken label file raises with every problem."""
    errors: list[str] = []
    try:
        raw = yaml.safe_load((path / EXPECTED_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path.name}/{EXPECTED_FILE}: unreadable: {exc}") from exc
    if not isinstance(raw, dict):
        raise ValueError(f"{path.name}/{EXPECTED_FILE}: must be a mapping")
    errors += [f"unknown key {key!r}" for key in sorted(set(raw) - KEYS, key=str)]
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        errors.append("description must be a non-empty string")
    if "components" not in raw:
        errors.append("components is required (use [] for a case with none)")
    revisions = raw.get("revisions") or {}
    if not isinstance(revisions, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in revisions.items()
    ):
        errors.append(f"revisions must map component labels to strings, got {revisions!r}")
        revisions = {}
    case = Case(
        name=path.name,
        path=path,
        description=description if isinstance(description, str) else "",
        components=_strings(raw.get("components"), "components", errors),
        revisions=revisions,
        not_components=_strings(raw.get("not_components"), "not_components", errors),
        outputs=_strings(raw.get("outputs"), "outputs", errors),
    )
    errors += _check_labels(case)
    if not any(p.name != EXPECTED_FILE for p in path.rglob("*") if p.is_file()):
        errors.append("the case holds no fixture file")
    if errors:
        raise ValueError(f"{path.name}/{EXPECTED_FILE}: " + "; ".join(errors))
    return case


def label(component: Component) -> str:
    """The label a component is scored under: ecosystem:name, api-service:provider/name."""
    if component.ecosystem is Ecosystem.API_SERVICE:
        return f"api-service:{component.provider}/{component.name}"
    return f"{component.ecosystem.value}:{component.name}"


CASE_DIRS = sorted(
    path for path in CASES_DIR.iterdir() if path.is_dir() and not path.name.startswith(".")
)


@functools.cache
def scan_case(name: str) -> Report:
    """Scan a case once per session: the per-case tests and the summary share the result."""
    return scan(CASES_DIR / name)


def score(case: Case, report: Report) -> Score:
    return Score(
        expected=frozenset(item.casefold() for item in case.components),
        found=frozenset(label(component).casefold() for component in report.components),
    )


def _by_label(report: Report) -> dict[str, Component]:
    return {label(component).casefold(): component for component in report.components}


def problems(case: Case, report: Report) -> list[str]:
    """Everything that differs from the labels, as lines a reader can act on."""
    result = score(case, report)
    shown = {label(c).casefold(): label(c) for c in report.components}
    lines = [
        f"missing: {item}" for item in case.components if item.casefold() in result.false_negatives
    ]
    lines += [f"extra: {shown[item]}" for item in sorted(result.false_positives)]
    components = _by_label(report)
    for wanted, revision in case.revisions.items():
        found = components.get(wanted.casefold())
        got = tuple(r.casefold() for r in found.revisions) if found else ()
        if found is not None and revision.casefold() not in got:
            lines.append(f"revision of {wanted}: expected {revision}, got {list(found.revisions)}")
    names = {ref.name.casefold() for ref in report.outputs}
    lines += [f"output not reported: {out}" for out in case.outputs if out.casefold() not in names]
    for wrong in case.not_components:
        hits = [
            shown[key]
            for key, component in components.items()
            if wrong.casefold() in (key, component.name.casefold())
        ]
        lines += [f"not a component, but reported: {wrong!r} as {hit}" for hit in hits]
    return lines


def test_every_case_has_valid_labels() -> None:
    errors: list[str] = []
    for path in CASE_DIRS:
        try:
            load_case(path)
        except ValueError as exc:
            errors.append(str(exc))
    strays = [p.name for p in CASES_DIR.iterdir() if p.is_file() and p.name != "ruff.toml"]
    errors += [f"stray file in cases/: {name}" for name in strays]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("case_dir", CASE_DIRS, ids=lambda path: path.name)
def test_case(case_dir: Path) -> None:
    case = load_case(case_dir)
    found = problems(case, scan_case(case.name))
    assert not found, f"{case.name}: {case.description}\n  " + "\n  ".join(found)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _family_table(rows: dict[str, list[int]]) -> list[str]:
    lines = [f"{'style':<10} {'cases':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'recall':>7} {'prec':>7}"]
    for key in sorted(rows):
        cases, tp, fp, fn = rows[key]
        recall, precision = _ratio(tp, tp + fn), _ratio(tp, tp + fp)
        lines.append(
            f"{key:<10} {cases:>5} {tp:>4} {fp:>4} {fn:>4} {recall:>7.3f} {precision:>7.3f}"
        )
    return lines


def _detector_table(rows: dict[str, list[int]]) -> list[str]:
    lines = [f"{'detector':<24} {'tp':>4} {'fp':>4} {'prec':>7}"]
    for key in sorted(rows):
        tp, fp = rows[key]
        lines.append(f"{key:<24} {tp:>4} {fp:>4} {_ratio(tp, tp + fp):>7.3f}")
    return lines


def test_corpus_recall_and_precision() -> None:
    cases = [load_case(path) for path in CASE_DIRS]
    families: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    detectors: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # components right, wrong
    failing: list[str] = []
    for case in cases:
        report = scan_case(case.name)
        result = score(case, report)
        tp, fp, fn = (
            len(s) for s in (result.true_positives, result.false_positives, result.false_negatives)
        )
        row = families[case.family]
        for index, value in enumerate((1, tp, fp, fn)):
            row[index] += value
        for component in report.components:
            hit = label(component).casefold() in result.expected
            for name in sorted({evidence.detector for evidence in component.evidence}):
                detectors[name][0 if hit else 1] += 1
        if fp or fn:
            failing.append(f"{case.name} (+{fp} -{fn})")
    tp, fp, fn = (sum(row[i] for row in families.values()) for i in (1, 2, 3))
    recall, precision = _ratio(tp, tp + fn), _ratio(tp, tp + fp)
    print("\n".join(["", *_family_table(families), "", *_detector_table(detectors)]))
    print(f"corpus: {len(cases)} cases, recall {recall:.3f}, precision {precision:.3f}")
    assert len(cases) >= MIN_CASES, f"only {len(cases)} cases, want at least {MIN_CASES}"
    assert (recall, precision) == (1.0, 1.0), (
        f"recall {recall:.3f} ({tp}/{tp + fn}), precision {precision:.3f} ({tp}/{tp + fp}); "
        f"failing cases: {', '.join(failing)}"
    )
