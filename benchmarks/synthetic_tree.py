"""A deterministic synthetic repository of many small files, shaped like a large monorepo.

Most files mention no model (as in real code bases); a few per cent load one in the ways the
detectors look for. Used by the scan benchmark; not part of the tests.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

_PY_PLAIN = '''"""Module {i}."""

import os
import sys


def handler_{i}(event, context):
    values = [x * {i} for x in range(10)]
    if os.environ.get("DEBUG"):
        print(values, file=sys.stderr)
    return {{"status": 200, "body": sum(values)}}
'''
_PY_MODEL = '''"""Module {i}: inference helper."""

from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL_ID = "org{j}/model-{j}-7b"


def load():
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    return AutoModelForCausalLM.from_pretrained(MODEL_ID, revision="main"), tokenizer
'''
_MD = (
    "# Component {i}\n\nThis component handles requests for tenant {i}.\n\n" + "Lorem ipsum. " * 60
)
_JS = "export function f{i}(a, b) {{\n  return a.map((x) => x + b * {i});\n}}\n" * 8
_YAML_MODEL = "service: svc{i}\nreplicas: 2\nbase_model: org{j}/base-{j}\nport: 8080\n"
_YAML = "service: svc{i}\nreplicas: 2\nresources:\n  cpu: 500m\n  memory: 1Gi\nport: 8080\n"


def generate(root: Path, count: int = 50_000, seed: int = 7) -> int:
    """Write ``count`` files under ``root``; return how many reference a model."""
    rng = random.Random(seed)
    with_models = 0
    for i in range(count):
        folder = root / f"pkg{i % 200}" / f"sub{i % 17}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = rng.random()
        j = rng.randrange(40)
        if kind < 0.40:
            model = rng.random() < 0.03
            with_models += model
            text = (_PY_MODEL if model else _PY_PLAIN).format(i=i, j=j)
            (folder / f"m{i}.py").write_text(text)
        elif kind < 0.55:
            (folder / f"doc{i}.md").write_text(_MD.format(i=i))
        elif kind < 0.70:
            (folder / f"f{i}.js").write_text(_JS.format(i=i))
        elif kind < 0.80:
            model = rng.random() < 0.05
            with_models += model
            (folder / f"c{i}.yaml").write_text((_YAML_MODEL if model else _YAML).format(i=i, j=j))
        elif kind < 0.90:
            (folder / f"d{i}.json").write_text(json.dumps({"id": i, "items": list(range(30))}))
        else:
            (folder / f"t{i}.txt").write_text(f"log line {i}\n" * 40)
    return with_models


# A fixed identity and no user or system configuration, for the git repositories benchmarks make.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
