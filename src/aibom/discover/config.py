"""Config detector: model ids under model-ish keys in YAML, JSON, TOML and ``.env`` files.

Also reads the command lines that compose files, Kubernetes manifests and CI workflows embed
(``command:``, ``args:``, ``run:``) through the shell detector's parser, so ``--model X`` in a
container spec counts like it does in a script.
"""

from __future__ import annotations

import re
import tomllib

from aibom.discover.base import Sink
from aibom.discover.configdata import load_json, scan_dotenv, scan_parsed
from aibom.discover.configyaml import scan_yaml

NAME = "config"
TRIGGER = re.compile(
    rb"model|hf://|hf\.co/|huggingface|ollama|llm|tokenizer|teacher|vae|rerank|judge|adapter|"
    rb"repo_?id|storageuri|encoder|init_from|pretrained|checkpoint"
)
_YAML = (".yaml", ".yml")
_SKIPPED_NAMES = frozenset(
    {
        "package-lock.json",
        "composer.lock",
        "yarn.lock",
        "pnpm-lock.yaml",
        "poetry.lock",
        "Pipfile.lock",
        "tsconfig.json",
        "tokenizer.json",
        "vocab.json",
        "merges.txt",
        "special_tokens_map.json",
        "tokenizer_config.json",
        "generation_config.json",
        "adapter_config.json",
        "preprocessor_config.json",
        "model_index.json",
        ".eslintrc.json",
    }
)


class ConfigDetector:
    """Claims YAML, JSON, TOML and dotenv files (model folders' own JSON is the weights')."""

    name = NAME
    trigger = TRIGGER

    def claims(self, path: str) -> bool:
        base = path.rsplit("/", 1)[-1]
        if base in _SKIPPED_NAMES:
            return False
        return (
            base.endswith((*_YAML, ".json", ".toml", ".env"))
            or base.startswith(".env")
            or base in ("OAI_CONFIG_LIST", "env", "dotenv")
        )

    def detect(self, sink: Sink) -> None:
        text = sink.text()
        if text is None:
            return
        base = sink.source.path.rsplit("/", 1)[-1]
        if base.endswith(_YAML):
            scan_yaml(text, sink)
        elif base.endswith(".json") or base == "OAI_CONFIG_LIST":
            scan_parsed(text, sink, load_json)
        elif base.endswith(".toml"):
            scan_parsed(text, sink, tomllib.loads)
        else:
            scan_dotenv(text, sink)


DETECTOR = ConfigDetector()
