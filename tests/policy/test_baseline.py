"""Reading a previous SBOM as a baseline: real SBOMs written by aibom, and files that are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aibom.cli import run
from aibom.pipeline import scan
from aibom.policy.baseline import BaselineError, baseline_models, identity, new_models
from tests.conftest import write_tree
from tests.paths import EXAMPLE

LOAD = 'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("{}")\n'


def sbom(tree: Path, target: Path, *extra: str) -> Path:
    """Write ``tree``'s SBOM as a user would, through the command line."""
    assert run(["scan", str(tree), "-q", "-f", f"cyclonedx-json={target}", *extra]) == 0
    return target


@pytest.mark.parametrize("spec", ["1.5", "1.6", "1.7"])
def test_every_model_of_the_example_is_in_its_own_sbom(tmp_path: Path, spec: str) -> None:
    models = baseline_models(sbom(EXAMPLE, tmp_path / "bom.json", "--spec-version", spec))
    report = scan(EXAMPLE)
    assert models == {identity(c) for c in report.components}
    assert len(models) == len(report.components) > 5
    assert "model:api-service/anthropic/claude-3-5-haiku-20241022" in models  # a service
    assert "model:ollama/qwen2.5:7b-instruct" in models
    assert "model:local-file/models/phi-mini.q4_k_m.gguf" in models  # case-folded
    assert new_models(report, models) == set()


def test_only_models_missing_from_the_baseline_are_new(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    write_tree(tree, {"a.py": LOAD.format("Acme/Old-Model")})
    baseline = baseline_models(sbom(tree, tmp_path / "before.json"))
    assert baseline == {"model:huggingface/acme/old-model"}
    # The same model spelt with other capitals is not new; another model is.
    write_tree(tree, {"a.py": LOAD.format("acme/old-model"), "b.py": LOAD.format("acme/new-model")})
    assert new_models(scan(tree), baseline) == {"acme/new-model"}


def test_an_sbom_without_models_is_an_empty_baseline(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    write_tree(tree, {"a.py": "x = 1\n"})
    assert baseline_models(sbom(tree, tmp_path / "bom.json")) == frozenset()


def test_a_repeated_bom_ref_counts_as_the_same_model(tmp_path: Path) -> None:
    path = sbom(EXAMPLE, tmp_path / "bom.json")
    document = json.loads(path.read_text())
    first = document["components"][0]
    document["components"].append({**first, "bom-ref": first["bom-ref"] + "#2"})
    document["components"].append({**first, "bom-ref": "model:local-file/run#7"})
    path.write_text(json.dumps(document))
    models = baseline_models(path)
    assert first["bom-ref"].casefold() in models
    assert first["bom-ref"].casefold() + "#2" not in models
    assert "model:local-file/run#7" in models  # no `model:local-file/run` beside it: a real name


def test_the_xml_rendering_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "bom.xml"
    assert run(["scan", str(EXAMPLE), "-q", "-f", f"cyclonedx-xml={path}"]) == 0
    with pytest.raises(BaselineError, match=r"only the JSON rendering is read .*cyclonedx-json="):
        baseline_models(path)


def test_aibom_json_report_is_not_a_cyclonedx_bom(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    assert run(["scan", str(EXAMPLE), "-q", "-f", f"json={path}"]) == 0
    with pytest.raises(BaselineError, match="not a CycloneDX BOM"):
        baseline_models(path)


def test_a_bom_from_another_tool_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "python.cdx.json"
    document = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {"tools": {"components": [{"type": "application", "name": "cyclonedx-py"}]}},
        "components": [{"type": "library", "name": "requests", "bom-ref": "pkg:pypi/requests@2"}],
    }
    path.write_text(json.dumps(document))
    with pytest.raises(BaselineError, match="aibom did not write"):
        baseline_models(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"bomFormat": "CycloneDX", "components": [', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b"[]", "not a CycloneDX BOM"),
        (b'{"bomFormat": "SPDX"}', "not a CycloneDX BOM"),
        (b"", "not valid JSON"),
    ],
)
def test_malformed_files_raise_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(content)
    with pytest.raises(BaselineError, match=message) as raised:
        baseline_models(path)
    assert "\n" not in str(raised.value)
    assert raised.value.exit_code == 2


def test_the_read_is_bounded(tmp_path: Path) -> None:
    path = sbom(EXAMPLE, tmp_path / "bom.json")
    size = path.stat().st_size
    assert baseline_models(path, max_bytes=size)
    with pytest.raises(BaselineError, match="larger than"):
        baseline_models(path, max_bytes=size - 1)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="cannot read"):
        baseline_models(tmp_path / "missing.json")


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="cannot read"):
        baseline_models(tmp_path)
