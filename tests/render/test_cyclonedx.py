"""The CycloneDX renderer: valid for 1.5, 1.6 and 1.7 in JSON and XML, exact and byte-stable."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from cyclonedx.validation.xml import XmlValidator

from aibom import __version__
from aibom.core.model import (
    Component,
    Confidence,
    Ecosystem,
    Evidence,
    LocalModel,
    ModelCard,
    ModelRef,
    Report,
    Role,
    WeightFile,
)
from aibom.render.cyclonedx import SPEC_VERSIONS, render_json, render_xml
from aibom.render.properties import PropertyName
from tests.weightfiles import gguf_bytes

COMMIT = "0E9E39F249A16976918F6564B8830BC894C89659"
GGUF = gguf_bytes({"general.architecture": "llama", "general.name": "tiny"}, [("w", (2,), [1, 2])])
GGUF_SHA = hashlib.sha256(GGUF).hexdigest()
LLAMA = "meta-llama/Llama-3.1-8B"


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def seen(
    path: str = "app.py",
    line: int = 12,
    column: int = 5,
    detector: str = "python",
    confidence: Confidence = Confidence.HIGH,
) -> Evidence:
    return Evidence(path, line, column, "load(...)", detector, confidence)


def report(*components: Component, outputs: tuple[ModelRef, ...] = ()) -> Report:
    return Report("demo", "/src/demo", components, outputs=outputs)


# --- the reports every validity test renders ---------------------------------------------------


def hf_pinned() -> Report:
    card = ModelCard(
        "hf/README.md",
        license="llama3.1",
        pipeline_tag="text-generation",
        datasets=("wikitext", "c4"),
    )
    files = (
        WeightFile("hf/model.safetensors", 16, "safetensors", sha256="ab" * 32),
        WeightFile("hf/config.json", 2, "config", sha256="CD" * 32),
    )
    local = LocalModel("hf", files, card=card, architectures=("LlamaForCausalLM",))
    return report(
        Component(LLAMA, Ecosystem.HUGGINGFACE, (seen(),), revisions=(COMMIT,), local=local)
    )


def hf_unpinned() -> Report:
    return report(
        Component(LLAMA, Ecosystem.HUGGINGFACE, (seen(),)),
        Component("Qwen/Qwen2.5-7B", Ecosystem.HUGGINGFACE, (seen(line=3),), revisions=("main",)),
        Component("gpt2", Ecosystem.HUGGINGFACE, (seen(line=4, confidence=Confidence.MEDIUM),)),
    )


def ollama() -> Report:
    return report(
        Component("llama3.1:8b", Ecosystem.OLLAMA, (seen("Modelfile", 1, 6),), provider="ollama"),
        Component("someone/tiny", Ecosystem.OLLAMA, (seen("run.sh", 2, 12),), provider="ollama"),
    )


def api() -> Report:
    return report(
        Component("gpt-4o", Ecosystem.API_SERVICE, (seen("chat.py", 7, 20),), provider="openai"),
        Component("house-model", Ecosystem.API_SERVICE, (seen("chat.py", 9, 20),)),
    )


def local_gguf() -> Report:
    card = ModelCard("models/README.md", license="mit")
    weight = WeightFile("models/tiny.gguf", len(GGUF), "gguf", sha256=GGUF_SHA)
    local = LocalModel("models/tiny.gguf", (weight,), card=card, name_or_path="tiny")
    return report(
        Component("models/tiny.gguf", Ecosystem.LOCAL_FILE, (seen("serve.py", 30, 9),), local=local)
    )


def finetune() -> Report:
    local = LocalModel(
        "ft", card=ModelCard("ft/README.md", license="apache-2.0", base_model=(LLAMA.upper(),))
    )
    return report(
        Component(LLAMA, Ecosystem.HUGGINGFACE, (seen(),)),
        Component(
            "acme/llama-ft",
            Ecosystem.HUGGINGFACE,
            (seen("train.py", 40, 1),),
            local=local,
            base_models=(LLAMA.upper(), "mistralai/Not-In-This-Bom"),
        ),
    )


def license_other() -> Report:
    card = ModelCard(
        "c/README.md",
        license="other",
        license_name="llama3",
        license_link="https://llama.meta.com/llama3/license/",
    )
    return report(
        Component("acme/custom", Ecosystem.HUGGINGFACE, (seen(),), local=LocalModel("c", card=card))
    )


def unicode_names() -> Report:
    card = ModelCard("ü/README.md", license="other", license_name="Licença Ω", pipeline_tag="翻訳")
    return Report(
        "données-ü",
        "/src",
        (
            Component(
                "organisé/模型-ß",
                Ecosystem.HUGGINGFACE,
                (seen("src/naïve.py", 2, 3),),
                local=LocalModel("ü", card=card),
            ),
        ),
    )


def hostile() -> Report:
    """Strings from strangers: control characters, a bad link, a bad hash, odd positions."""
    card = ModelCard(
        "x/README.md",
        license="other",
        license_name="evil\x00\x1bname",
        license_link="C:\\licenses\\evil link.txt",
        pipeline_tag="task\x07",
        datasets=("data\x0bset",),
    )
    weight = WeightFile("x/w\x01.bin", 1, "pickle", sha256="not-a-hash")
    local = LocalModel("x/w\x01.bin", (weight,), card=card, architectures=("Arch\ud800",))
    return Report(
        "pro\x02ject",
        "/src",
        (
            Component(
                "bad\x03name.bin",
                Ecosystem.LOCAL_FILE,
                (seen("a\x04.py", 0, 0),),
                local=local,
                raw_names=("./bad\x03name.bin",),
            ),
        ),
    )


def empty() -> Report:
    return Report("empty", "/src", ())


REPORTS: dict[str, Callable[[], Report]] = {
    f.__name__: f
    for f in (
        hf_pinned,
        hf_unpinned,
        ollama,
        api,
        local_gguf,
        finetune,
        license_other,
        unicode_names,
        hostile,
        empty,
    )
}


# --- helpers -----------------------------------------------------------------------------------


@cache
def json_validator(spec: str) -> JsonStrictValidator:
    return JsonStrictValidator(SchemaVersion.from_version(spec))


@cache
def xml_validator(spec: str) -> XmlValidator:
    return XmlValidator(SchemaVersion.from_version(spec))


def doc(r: Report, spec: str = "1.6") -> dict[str, Any]:
    text = render_json(r, spec)
    assert json_validator(spec).validate_str(text) is None
    parsed: dict[str, Any] = json.loads(text)
    return parsed


def xml(r: Report, spec: str = "1.6") -> ElementTree.Element:
    text = render_xml(r, spec)
    assert xml_validator(spec).validate_str(text) is None
    return ElementTree.fromstring(text)  # noqa: S314 - our own output, checked by the XSD first


def by_ref(document: dict[str, Any], ref: str) -> dict[str, Any]:
    items = document.get("components", []) + document.get("services", [])
    return next(item for item in items if item["bom-ref"] == ref)


def props(item: dict[str, Any], name: PropertyName) -> list[str]:
    return [p["value"] for p in item.get("properties", []) if p["name"] == name]


def depends(document: dict[str, Any], ref: str) -> list[str]:
    edge = next(d for d in document["dependencies"] if d["ref"] == ref)
    found: list[str] = edge.get("dependsOn", [])
    return found


def ns(spec: str) -> str:
    return f"{{http://cyclonedx.org/schema/bom/{spec}}}"


# --- validity ----------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", SPEC_VERSIONS)
@pytest.mark.parametrize("name", REPORTS)
def test_json_is_valid_against_the_strict_schema(name: str, spec: str) -> None:
    errors = json_validator(spec).validate_str(render_json(REPORTS[name](), spec), all_errors=True)
    assert errors is None or [str(e) for e in errors] == []


@pytest.mark.parametrize("spec", SPEC_VERSIONS)
@pytest.mark.parametrize("name", REPORTS)
def test_xml_is_valid_against_the_xsd(name: str, spec: str) -> None:
    errors = xml_validator(spec).validate_str(render_xml(REPORTS[name](), spec), all_errors=True)
    assert errors is None or [str(e) for e in errors] == []


@pytest.mark.parametrize("spec", ["1.4", "2.0", "", "1.6.0", "v1.6"])
def test_an_unsupported_spec_version_is_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="unsupported CycloneDX version"):
        render_json(empty(), spec)
    with pytest.raises(ValueError, match="unsupported CycloneDX version"):
        render_xml(empty(), spec)


def test_the_spec_version_is_the_one_asked_for() -> None:
    for spec in SPEC_VERSIONS:
        assert doc(empty(), spec)["specVersion"] == spec
        assert xml(empty(), spec).tag == f"{ns(spec)}bom"


# --- metadata ----------------------------------------------------------------------------------


def test_the_project_is_the_metadata_component_and_aibom_the_tool() -> None:
    metadata = doc(empty())["metadata"]
    assert metadata["component"] == {"bom-ref": "project", "name": "empty", "type": "application"}
    assert metadata["tools"]["components"] == [
        {"name": "aibom", "type": "application", "version": __version__}
    ]


def test_outputs_are_project_properties_not_components() -> None:
    produced = ModelRef(
        "acme/ft-out", "acme/ft-out", Ecosystem.HUGGINGFACE, seen(), role=Role.OUTPUT
    )
    document = doc(report(outputs=(produced, produced)))
    assert "components" not in document
    assert props(document["metadata"]["component"], PropertyName.OUTPUT_MODEL) == ["acme/ft-out"]


# --- identity: purls, names, versions ----------------------------------------------------------


def test_a_pinned_hub_model_has_the_huggingface_purl_with_the_lowercased_commit() -> None:
    model = by_ref(doc(hf_pinned()), f"model:huggingface/{LLAMA}")
    assert model["type"] == "machine-learning-model"
    assert (model["group"], model["name"], model["version"]) == (
        "meta-llama",
        "Llama-3.1-8B",
        COMMIT,
    )
    assert model["purl"] == f"pkg:huggingface/meta-llama/Llama-3.1-8B@{COMMIT.lower()}"


def test_an_unpinned_hub_model_has_a_purl_without_version() -> None:
    document = doc(hf_unpinned())
    llama = by_ref(document, f"model:huggingface/{LLAMA}")
    assert llama["purl"] == "pkg:huggingface/meta-llama/Llama-3.1-8B"
    assert "version" not in llama
    # A branch is not a commit: purl-spec's huggingface version is the commit hash only.
    qwen = by_ref(document, "model:huggingface/Qwen/Qwen2.5-7B")
    assert (qwen["version"], qwen["purl"]) == ("main", "pkg:huggingface/Qwen/Qwen2.5-7B")
    assert props(qwen, PropertyName.REQUESTED_REVISION) == ["main"]
    gpt2 = by_ref(document, "model:huggingface/gpt2")
    assert ("group" in gpt2, gpt2["purl"]) == (False, "pkg:huggingface/gpt2")


def test_ollama_models_get_a_generic_purl_naming_the_registry() -> None:
    document = doc(ollama())
    llama = by_ref(document, "model:ollama/llama3.1:8b")
    assert (llama["name"], llama["version"]) == ("llama3.1", "8b")
    assert llama["purl"] == "pkg:generic/llama3.1@8b?repository_url=registry.ollama.ai"
    tiny = by_ref(document, "model:ollama/someone/tiny")
    assert (tiny["group"], tiny["name"], "version" in tiny) == ("someone", "tiny", False)
    assert tiny["purl"] == "pkg:generic/someone/tiny?repository_url=registry.ollama.ai"


def test_api_models_are_services_with_their_provider() -> None:
    document = doc(api())
    assert "components" not in document
    gpt = by_ref(document, "model:api-service/openai/gpt-4o")
    assert (gpt["name"], gpt["group"], gpt["provider"]) == ("gpt-4o", "openai", {"name": "openai"})
    assert props(gpt, PropertyName.ECOSYSTEM) == ["api-service"]
    assert props(gpt, PropertyName.OCCURRENCE) == ["chat.py:7:20"]
    house = by_ref(document, "model:api-service/house-model")
    assert "provider" not in house and "group" not in house
    assert sorted(depends(document, "project")) == [
        "model:api-service/house-model",
        "model:api-service/openai/gpt-4o",
    ]


def test_api_services_in_xml() -> None:
    root = xml(api(), "1.7")
    names = [s.findtext(f"{ns('1.7')}name", "") for s in root.iter(f"{ns('1.7')}service")]
    assert sorted(names) == ["gpt-4o", "house-model"]


def test_a_local_gguf_file_carries_its_sha256_in_hashes_and_purl() -> None:
    model = by_ref(doc(local_gguf()), "model:local-file/models/tiny.gguf")
    assert model["hashes"] == [{"alg": "SHA-256", "content": GGUF_SHA}]
    assert model["purl"] == f"pkg:generic/tiny.gguf?checksum=sha256:{GGUF_SHA}"
    assert model["licenses"] == [{"license": {"id": "MIT", "acknowledgement": "declared"}}]
    assert props(model, PropertyName.WEIGHT_FORMAT) == ["gguf"]
    assert props(model, PropertyName.LOCAL_PATH) == ["models/tiny.gguf"]
    assert "components" not in model


def test_a_model_folder_lists_its_files_with_their_hashes() -> None:
    model = by_ref(doc(hf_pinned()), f"model:huggingface/{LLAMA}")
    files = {f["name"]: f for f in model["components"]}
    assert set(files) == {"hf/config.json", "hf/model.safetensors"}
    assert files["hf/config.json"]["type"] == "file"
    assert files["hf/config.json"]["hashes"] == [{"alg": "SHA-256", "content": "cd" * 32}]
    assert props(files["hf/model.safetensors"], PropertyName.WEIGHT_FORMAT) == ["safetensors"]
    assert "hashes" not in model
    assert sorted(props(model, PropertyName.WEIGHT_FORMAT)) == ["config", "safetensors"]


def test_a_malformed_hash_is_left_out_rather_than_made_invalid() -> None:
    model = doc(hostile())["components"][0]
    assert "hashes" not in model
    assert "checksum" not in model["purl"]


# --- licenses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        (ModelCard("R", license="apache-2.0"), {"id": "Apache-2.0"}),
        (ModelCard("R", license="cc-by-nc-4.0"), {"id": "CC-BY-NC-4.0"}),
        (ModelCard("R", license="llama3.1"), {"name": "llama3.1"}),
        (
            ModelCard(
                "R",
                license="other",
                license_name="llama3",
                license_link="https://llama.meta.com/llama3/license/",
            ),
            {"name": "llama3", "url": "https://llama.meta.com/llama3/license/"},
        ),
        (
            ModelCard("R", license="other", license_link="LICENSE"),
            {"name": "other", "url": "LICENSE"},
        ),
        (ModelCard("R", license="other", license_link="C:\\x\\y"), {"name": "other"}),
        (ModelCard("R", license="other", license_link="50%off"), {"name": "other"}),
        (ModelCard("R", license="other", license_link="http://[::1"), {"name": "other"}),
        (
            ModelCard("R", license="openrail", license_link="x y.md"),
            {"name": "openrail", "url": "x%20y.md"},
        ),
    ],
)
def test_a_card_license_is_an_spdx_id_when_it_is_one_else_a_name(
    card: ModelCard, expected: dict[str, str]
) -> None:
    r = report(Component("a/b", Ecosystem.HUGGINGFACE, (seen(),), local=LocalModel("m", card=card)))
    for spec in SPEC_VERSIONS:
        (entry,) = doc(r, spec)["components"][0]["licenses"]
        ack = {"acknowledgement": "declared"} if spec != "1.5" else {}
        assert entry == {"license": expected | ack}


def test_an_spdx_expression_stays_an_expression() -> None:
    card = ModelCard("R", license="mit OR apache-2.0")
    r = report(Component("a/b", Ecosystem.HUGGINGFACE, (seen(),), local=LocalModel("m", card=card)))
    assert doc(r)["components"][0]["licenses"][0]["expression"] == "mit OR apache-2.0"


def test_the_weight_metadata_license_is_used_when_there_is_no_card() -> None:
    local = LocalModel("w.gguf", license="Apache-2.0")
    r = report(Component("w.gguf", Ecosystem.LOCAL_FILE, (seen(),), local=local))
    assert doc(r)["components"][0]["licenses"] == [
        {"license": {"id": "Apache-2.0", "acknowledgement": "declared"}}
    ]


def test_no_license_is_invented() -> None:
    bare = report(Component("a/b", Ecosystem.HUGGINGFACE, (seen(),), local=LocalModel("m")))
    for r in (hf_unpinned(), ollama(), bare):
        assert all("licenses" not in c for c in doc(r)["components"])


def test_a_local_model_without_a_usable_name_is_identified_by_name_not_purl() -> None:
    r = report(Component("/", Ecosystem.LOCAL_FILE, (seen(),)))
    for spec in ("1.6", "1.7"):
        model = doc(r, spec)["components"][0]
        assert "purl" not in model
        assert model["evidence"]["identity"][0]["field"] == "name"


# --- evidence ----------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["1.6", "1.7"])
def test_occurrences_carry_line_and_column_sorted_by_place(spec: str) -> None:
    places = [("z.py", 40, 2), ("b.py", 9, 1), ("a.py", 30, 2), ("a.py", 4, 7), ("a.py", 4, 1)]
    sightings = [seen(*place) for place in places] + [seen("a.py", 4, 1, detector="config")]
    r = report(Component("a/b", Ecosystem.HUGGINGFACE, tuple(sightings)))
    expected = sorted(places)
    occurrences = doc(r, spec)["components"][0]["evidence"]["occurrences"]
    assert [(o["location"], o["line"], o["offset"]) for o in occurrences] == expected
    root = xml(r, spec)
    found = [
        tuple(o.findtext(f"{ns(spec)}{key}") for key in ("location", "line", "offset"))
        for o in root.iter(f"{ns(spec)}occurrence")
    ]
    assert found == [(path, str(line), str(column)) for path, line, column in expected]


def test_occurrences_in_1_5_hold_one_location_per_file() -> None:
    r = report(Component("a/b", Ecosystem.HUGGINGFACE, (seen("a.py", 1, 1), seen("a.py", 9, 1))))
    assert doc(r, "1.5")["components"][0]["evidence"]["occurrences"] == [{"location": "a.py"}]


def test_the_snippet_stays_out_of_the_sbom() -> None:
    secret = Evidence("a.py", 1, 1, 'OpenAI(api_key="sk-live-123", model="gpt-4o")', "python")
    r = report(
        Component("a/b", Ecosystem.HUGGINGFACE, (secret,)),
        Component("gpt-4o", Ecosystem.API_SERVICE, (secret,), provider="openai"),
    )
    for spec in SPEC_VERSIONS:
        assert "sk-live" not in render_json(r, spec) + render_xml(r, spec)


@pytest.mark.parametrize("spec", SPEC_VERSIONS)
def test_identity_confidence_follows_the_best_sighting(spec: str) -> None:
    r = report(
        Component(
            "a/b",
            Ecosystem.HUGGINGFACE,
            (seen(confidence=Confidence.LOW), seen(line=2, confidence=Confidence.MEDIUM)),
        )
    )
    model = doc(r, spec)["components"][0]
    identity = model["evidence"]["identity"]
    identity = identity if spec == "1.5" else identity[0]
    assert (identity["field"], identity["confidence"]) == ("purl", 0.6)
    assert identity["methods"] == [{"technique": "source-code-analysis", "confidence": 0.6}]
    assert props(model, PropertyName.CONFIDENCE) == ["medium"]


def test_properties_record_what_the_fields_cannot() -> None:
    model = Component(
        "a/b",
        Ecosystem.HUGGINGFACE,
        (seen(detector="python"), seen(detector="yaml")),
        revisions=("v1", "v2"),
        raw_names=("a/b", "hf.co/a/b"),
    )
    item = doc(report(model))["components"][0]
    assert props(item, PropertyName.DETECTOR) == ["python", "yaml"]
    assert props(item, PropertyName.REQUESTED_REVISION) == ["v1", "v2"]
    assert props(item, PropertyName.RAW_NAME) == ["hf.co/a/b"]
    assert props(item, PropertyName.ECOSYSTEM) == ["huggingface"]
    assert "version" not in item  # two revisions disagree: none is the version


# --- modelCard ---------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", SPEC_VERSIONS)
def test_the_model_card_gives_task_architecture_and_datasets(spec: str) -> None:
    model = by_ref(doc(hf_pinned(), spec), f"model:huggingface/{LLAMA}")
    assert model["modelCard"] == {
        "modelParameters": {
            "task": "text-generation",
            "modelArchitecture": "LlamaForCausalLM",
            "datasets": [
                {"type": "dataset", "name": "c4"},
                {"type": "dataset", "name": "wikitext"},
            ],
        }
    }
    card = next(xml(hf_pinned(), spec).iter(f"{ns(spec)}modelCard"))
    assert card.findtext(f"{ns(spec)}modelParameters/{ns(spec)}task") == "text-generation"
    datasets = card.findall(f".//{ns(spec)}dataset/{ns(spec)}name")
    assert [d.text for d in datasets] == ["c4", "wikitext"]


def test_no_model_card_without_data() -> None:
    for r in (hf_unpinned(), ollama(), license_other()):
        assert all("modelCard" not in c for c in doc(r)["components"])
        assert next(xml(r).iter(f"{ns('1.6')}modelCard"), None) is None


def test_unicode_survives_both_formats() -> None:
    document = doc(unicode_names())
    model = document["components"][0]
    assert (document["metadata"]["component"]["name"], model["group"], model["name"]) == (
        "données-ü",
        "organisé",
        "模型-ß",
    )
    assert model["licenses"][0]["license"]["name"] == "Licença Ω"
    assert model["modelCard"]["modelParameters"]["task"] == "翻訳"
    assert model["evidence"]["occurrences"][0]["location"] == "src/naïve.py"
    root = xml(unicode_names())
    assert root.findtext(f"{ns('1.6')}components/{ns('1.6')}component/{ns('1.6')}name") == "模型-ß"


def test_characters_xml_forbids_are_replaced_in_both_formats() -> None:
    text = render_json(hostile())
    assert "\x00" not in json.loads(text)["components"][0]["licenses"][0]["license"]["name"]
    assert "evil\ufffd\ufffdname" in text
    root = xml(hostile())
    assert (
        root.findtext(f"{ns('1.6')}metadata/{ns('1.6')}component/{ns('1.6')}name")
        == "pro\ufffdject"
    )


# --- dependencies ------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", SPEC_VERSIONS)
def test_a_fine_tune_depends_on_its_base_model(spec: str) -> None:
    document = doc(finetune(), spec)
    base, tuned = f"model:huggingface/{LLAMA}", "model:huggingface/acme/llama-ft"
    assert sorted(depends(document, "project")) == [tuned, base]
    assert depends(document, tuned) == [base]
    assert depends(document, base) == []
    # A base model outside the BOM is recorded, not invented as a component.
    assert len(document["components"]) == 2
    assert props(by_ref(document, tuned), PropertyName.BASE_MODEL) == [
        LLAMA.upper(),
        "mistralai/Not-In-This-Bom",
    ]
    root = xml(finetune(), spec)
    edges = {
        d.get("ref"): [c.get("ref") for c in d]
        for d in root.iterfind(f"{ns(spec)}dependencies/{ns(spec)}dependency")
    }
    assert edges[tuned] == [base]


def test_a_model_naming_itself_as_base_does_not_depend_on_itself() -> None:
    r = report(Component("a/b", Ecosystem.HUGGINGFACE, (seen(),), base_models=("A/B",)))
    assert depends(doc(r), "model:huggingface/a/b") == []


def test_bom_refs_stay_unique_when_identities_collide() -> None:
    twins = report(
        Component("a/b", Ecosystem.HUGGINGFACE, (seen(line=1),)),
        Component("a/b", Ecosystem.HUGGINGFACE, (seen(line=2),)),
    )
    document = doc(twins)
    refs = sorted(c["bom-ref"] for c in document["components"])
    assert refs == ["model:huggingface/a/b", "model:huggingface/a/b#2"]
    assert render_json(twins) == render_json(twins)


# --- determinism -------------------------------------------------------------------------------


def every_kind() -> Report:
    parts = [f() for f in REPORTS.values()]
    return Report("all", "/src", tuple(c for p in parts for c in p.components))


@pytest.mark.parametrize("spec", SPEC_VERSIONS)
def test_two_renders_give_identical_bytes(spec: str) -> None:
    assert render_json(every_kind(), spec) == render_json(every_kind(), spec)
    assert render_xml(every_kind(), spec) == render_xml(every_kind(), spec)


def test_the_order_of_the_input_does_not_matter() -> None:
    forward = every_kind()
    backward = Report(forward.project, forward.root, tuple(reversed(forward.components)))
    assert render_json(forward) == render_json(backward)
    assert render_xml(forward) == render_xml(backward)


def test_the_bytes_do_not_depend_on_hash_seeds() -> None:
    script = (
        "import sys; from tests.render.test_cyclonedx import every_kind;"
        "from aibom.render.cyclonedx import render_json, render_xml;"
        "sys.stdout.write(render_json(every_kind()) + render_xml(every_kind()))"
    )
    root = Path(__file__).parents[2]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_the_serial_number_is_derived_from_the_content() -> None:
    serial = doc(hf_pinned())["serialNumber"]
    assert re.fullmatch(
        r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", serial
    )
    assert doc(hf_unpinned())["serialNumber"] != serial
    assert doc(hf_pinned(), "1.5")["serialNumber"] != serial
    assert xml(hf_pinned()).get("serialNumber") == serial


def test_without_source_date_epoch_there_is_no_timestamp() -> None:
    assert "timestamp" not in doc(hf_pinned())["metadata"]
    assert xml(hf_pinned()).find(f"{ns('1.6')}metadata/{ns('1.6')}timestamp") is None


def test_source_date_epoch_sets_the_timestamp_but_not_the_serial(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    serial = doc(hf_pinned())["serialNumber"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    document = doc(hf_pinned())
    assert document["metadata"]["timestamp"] == "2023-11-14T22:13:20+00:00"
    assert document["serialNumber"] == serial
    stamp = xml(hf_pinned()).findtext(f"{ns('1.6')}metadata/{ns('1.6')}timestamp")
    assert stamp == "2023-11-14T22:13:20+00:00"


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "99999999999999999999"])
def test_a_malformed_source_date_epoch_is_an_error(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        render_json(empty())


# --- the property names ------------------------------------------------------------------------


def test_every_property_name_is_namespaced_kebab_case() -> None:
    for name in PropertyName:
        assert re.fullmatch(r"aibom:[a-z]+(?:-[a-z]+)*(?::[a-z]+(?:-[a-z]+)*)*", name.value), name


def test_every_emitted_aibom_property_is_in_the_enum() -> None:
    text = render_json(
        Report(
            "all",
            "/src",
            every_kind().components,
            outputs=(ModelRef("o", "o", Ecosystem.HUGGINGFACE, seen()),),
        )
    )
    emitted = set(re.findall(r'"name": "(aibom:[^"]+)"', text))
    known = {name.value for name in PropertyName}
    assert emitted <= known
    # This report has no license stage results: every other property must show up.
    license_stage = {n for n in known if n.startswith(("aibom:terms:", "aibom:license-"))}
    license_stage |= {
        "aibom:multimodal",
        "aibom:lineage",
        "aibom:pin-source",
        "aibom:pinned-commit",
        "aibom:unpinned-reason",
        "aibom:gated",
        "aibom:lock-drift",
    }
    assert emitted == known - license_stage


def test_licenses_come_from_the_report_not_from_the_license_database() -> None:
    """A report licensed with another database renders its own license, named and linked."""
    from aibom.core.licensing import Category, LicenseSource, LicenseSummary, Licensing

    summary = LicenseSummary(
        key="acme-model-license-2",
        name="Acme Model License 2",
        category=Category.CUSTOM_TERMS,
        sbom_id="LicenseRef-acme-model-license-2",
        url="https://acme.example/model-license-2",
        provider="Acme",
    )
    licensing = Licensing(key=summary.key, source=LicenseSource.KNOWN_MODEL, licenses=(summary,))
    component = Component(
        "acme/model", Ecosystem.HUGGINGFACE, (seen("app.py"),), licensing=licensing
    )
    document = doc(report(component))
    (license_,) = by_ref(document, "model:huggingface/acme/model")["licenses"]
    assert license_["license"]["name"] == "LicenseRef-acme-model-license-2"
    assert license_["license"]["url"] == "https://acme.example/model-license-2"
    assert license_["license"]["acknowledgement"] == "concluded"
