"""SPDX 3.0.1 JSON-LD with the AI profile, read back with the official SPDX 3 Python bindings."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from spdx_python_model import v3_0_1 as spdx3  # type: ignore[attr-defined]

from aibom.render import spdx
from tests.render.reports import demo

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


@pytest.fixture
def document(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return spdx.render_json(demo())


def load(text: str) -> Any:
    """The document as the bindings' object set, linked; fails on any unknown reference."""
    objects = spdx3.SHACLObjectSet()
    spdx3.JSONLDDeserializer().deserialize_data(json.loads(text), objects)
    assert objects.link() == set()  # every id a relationship names is in the document
    return objects


def of(objects: Any, kind: type) -> list[Any]:
    return [o for o in objects.foreach() if type(o) is kind]


def test_the_bindings_read_it_and_write_it_back(document: str) -> None:
    objects = load(document)
    written = spdx3.JSONLDSerializer().serialize_data(objects)  # checks required properties
    again = spdx3.SHACLObjectSet()
    spdx3.JSONLDDeserializer().deserialize_data(written, again)
    assert len(list(again.foreach())) == len(list(objects.foreach()))
    assert json.loads(document)["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"


def test_the_project_is_the_root_and_each_model_an_ai_package(document: str) -> None:
    objects = load(document)
    (doc,) = of(objects, spdx3.SpdxDocument)
    (project,) = doc.rootElement
    assert isinstance(project, spdx3.software_Package) and project.name == "demo-app"
    packages = {p.name: p for p in of(objects, spdx3.ai_AIPackage)}
    assert len(packages) == 11
    assert all(p.software_primaryPurpose.endswith("/model") for p in packages.values())
    (info,) = {p.creationInfo for p in packages.values()}
    assert info.specVersion == "3.0.1" and info.created.isoformat().startswith(
        "2026-01-01T00:00:00"
    )
    llama = packages["meta-llama/Llama-3.1-8B-Instruct"]
    assert (
        llama.software_downloadLocation == "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct"
    )
    assert llama.software_packageVersion == "0e9e39f249a16976918f6564b8830bc894c89659"
    assert llama.software_packageUrl.startswith("pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@")
    assert llama.suppliedBy.name == "meta-llama"
    gguf = packages["models/phi-mini.Q4_K_M.gguf"]
    (digest,) = gguf.verifiedUsing
    assert digest.algorithm.endswith("/sha256") and len(digest.hashValue) == 64
    lora = packages["models/support-bot-lora"]
    assert "derived from meta-llama/Llama-3.1-8B-Instruct" in lora.ai_informationAboutTraining


def test_each_package_has_one_concluded_and_one_declared_license(document: str) -> None:
    objects = load(document)
    relationships = of(objects, spdx3.Relationship)
    for package in of(objects, spdx3.ai_AIPackage):
        for kind in ("hasConcludedLicense", "hasDeclaredLicense"):
            found = [
                r for r in relationships if r.from_ is package and r.relationshipType.endswith(kind)
            ]
            assert len(found) == 1, (package.name, kind)
    expressions = {
        e.simplelicensing_licenseExpression
        for e in of(objects, spdx3.simplelicensing_LicenseExpression)
    }
    assert expressions == {"MIT", "Apache-2.0"}
    (custom,) = of(objects, spdx3.expandedlicensing_CustomLicense)
    assert custom.name == "Llama 3.1 Community License Agreement"
    assert list(custom.expandedlicensing_seeAlso) == [
        "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE"
    ]
    lora = next(p for p in of(objects, spdx3.ai_AIPackage) if p.name == "models/support-bot-lora")
    contains = [
        r for r in relationships if r.from_ is lora and r.relationshipType.endswith("contains")
    ]
    assert {f.name for f in contains[0].to} == {
        "models/support-bot-lora/adapter_config.json",
        "models/support-bot-lora/adapter_model.safetensors",
    }


def test_unknown_licenses_are_no_assertion_not_a_guess(document: str) -> None:
    graph = json.loads(document)["@graph"]
    names = {n.get("spdxId"): n.get("name") for n in graph}
    concluded = {
        names[r["from"]]: r["to"][0]
        for r in graph
        if r.get("relationshipType") == "hasConcludedLicense"
    }
    assert concluded["facebook/bart-large-cnn"] == "expandedlicensing_NoAssertionLicense"
    declared = {
        names[r["from"]]: r["to"][0]
        for r in graph
        if r.get("relationshipType") == "hasDeclaredLicense"
    }
    # BAAI's license comes from aibom's table of families, not from the model's own files.
    assert declared["BAAI/bge-small-en-v1.5"] == "expandedlicensing_NoAssertionLicense"
    assert declared["models/support-bot-lora"] != "expandedlicensing_NoAssertionLicense"


def test_same_report_same_bytes_and_ids_follow_the_content(
    document: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert spdx.render_json(demo()) == document
    other = spdx.render_json(replace(demo(), project="another"))
    first = json.loads(document)["@graph"][1]["spdxId"]
    assert first != json.loads(other)["@graph"][1]["spdxId"]


def test_undecodable_names_still_give_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    report = demo()
    odd = replace(report.components[0], name="bad\udcffname")
    text = spdx.render_json(replace(report, components=(odd, *report.components[1:])))
    text.encode("utf-8")
    load(text)
