"""The JSON codec of the core types: a report survives the round trip, bad data is named."""

from __future__ import annotations

import json

import pytest

from aibom.core.codec import CodecError, decode, encode
from aibom.core.licensing import Term, TermStatus
from aibom.core.model import (
    Component,
    Ecosystem,
    Evidence,
    LicenseFile,
    LocalModel,
    Pin,
    PinnedFile,
    PinSource,
    Report,
)
from aibom.pipeline import scan
from aibom.policy import load_policy
from aibom.render import json_report
from tests.paths import EXAMPLE

SEEN = (Evidence("app.py", 3, 9, 'load("acme/x")', "python"),)


def test_a_scanned_report_with_findings_survives_the_json_round_trip() -> None:
    report = scan(EXAMPLE, policy=load_policy("enterprise"))
    assert report.findings and any(c.pin and c.pin.files for c in report.components)
    again = json_report.parse(json_report.render(report))
    assert again == report
    assert json_report.render(again) == json_report.render(report)


def test_pins_and_file_hashes_are_in_the_json() -> None:
    pin = Pin(PinSource.LOCAL_FILE, files=(PinnedFile("m.gguf", 12, "ab" * 32),))
    component = Component("models/m.gguf", Ecosystem.LOCAL_FILE, SEEN, pin=pin)
    document = json.loads(json_report.render(Report("p", ".", (component,))))
    assert document["components"][0]["pin"]["files"] == [
        {"path": "m.gguf", "size": 12, "sha256": "ab" * 32, "git_oid": None}
    ]


def test_a_license_file_text_is_not_written() -> None:
    local = LocalModel("models/m", license_files=(LicenseFile("models/m/LICENSE", "00", "text"),))
    encoded = encode(Component("models/m", Ecosystem.LOCAL_FILE, SEEN, local=local))
    assert encoded["local"]["license_files"] == [{"path": "models/m/LICENSE", "sha256": "00"}]


def test_term_values_keep_their_types() -> None:
    term = Term("x", TermStatus.PRESENT, (("flag", True), ("cap", 7), ("who", ("a", "b"))))
    assert decode(Term, json.loads(json.dumps(encode(term)))) == term


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"project": "p", "root": ".", "components": "x"}, "$.components: expected a list"),
        (
            {"project": "p", "root": ".", "components": [{"name": "a", "ecosystem": "nope"}]},
            "$.components[0].ecosystem: 'nope' is not a Ecosystem",
        ),
        ({"project": "p", "root": "."}, "$.components: missing"),
        (
            {"project": "p", "root": ".", "components": [], "hub_calls": True},
            "$.hub_calls: expected int, found bool",
        ),
    ],
)
def test_bad_data_is_named_by_its_path(data: object, message: str) -> None:
    with pytest.raises(CodecError) as raised:
        decode(Report, data)
    assert str(raised.value) == message


def test_unknown_keys_from_a_newer_version_are_ignored() -> None:
    report = decode(Report, {"project": "p", "root": ".", "components": [], "future": 1})
    assert report == Report("p", ".", ())


def test_a_file_that_is_not_a_report_says_what_to_do() -> None:
    with pytest.raises(json_report.ReportFileError, match=r"aibom scan \. -f json=aibom\.json"):
        json_report.parse('{"bomFormat": "CycloneDX"}', "bom.json")
    with pytest.raises(json_report.ReportFileError, match="not valid JSON"):
        json_report.parse("{", "x.json")
