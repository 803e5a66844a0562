"""The config detector on YAML, JSON, TOML and dotenv files in the shapes real projects use."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable

import pytest

from aibom.core.model import Role
from aibom.discover.base import Detector, Sink
from aibom.discover.config import DETECTOR
from tests.conftest import names

Detect = Callable[[Detector, str, str | bytes], Sink]


def deps(sink: Sink) -> set[str]:
    return names([r for r in sink.refs if r.role is Role.DEPENDENCY])


def test_training_recipe_yaml(detect: Detect) -> None:
    sink = detect(
        DETECTOR,
        "train.yaml",
        textwrap.dedent("""\
        base_model: meta-llama/Meta-Llama-3-8B
        tokenizer_name_or_path: meta-llama/Meta-Llama-3-8B
        teacher_model: Qwen/Qwen2.5-72B-Instruct
        reward_model: OpenAssistant/reward-model-deberta-v3-large-v2
        model_type: llama
        datasets:
          - path: tatsu-lab/alpaca
            type: alpaca
        output_dir: ./outputs/lora
        hub_model_id: acme/llama3-lora
    """),
    )
    assert deps(sink) == {
        "huggingface:meta-llama/Meta-Llama-3-8B",
        "huggingface:Qwen/Qwen2.5-72B-Instruct",
        "huggingface:OpenAssistant/reward-model-deberta-v3-large-v2",
    }
    assert [r.name for r in sink.refs if r.role is Role.OUTPUT] == ["acme/llama3-lora"]
    first = min(sink.refs, key=lambda r: r.evidence.line)
    assert (first.evidence.line, first.evidence.column) == (1, 13)


def test_litellm_model_list(detect: Detect) -> None:
    sink = detect(
        DETECTOR,
        "litellm_config.yaml",
        textwrap.dedent("""\
        model_list:
          - model_name: chat
            litellm_params:
              model: azure/gpt-4o-prod
          - model_name: local
            litellm_params:
              model: ollama/llama3.1:8b
          - model_name: hf
            litellm_params:
              model: huggingface/mistralai/Mistral-7B-Instruct-v0.3
    """),
    )
    assert deps(sink) == {
        "api-service:azure/gpt-4o-prod",
        "ollama:llama3.1:8b",
        "huggingface:mistralai/Mistral-7B-Instruct-v0.3",
    }
    assert sorted(r.evidence.line for r in sink.refs) == [4, 7, 10]


def test_multi_document_kubernetes(detect: Detect) -> None:
    sink = detect(
        DETECTOR,
        "k8s.yaml",
        textwrap.dedent("""\
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: llama
        spec:
          predictor:
            model:
              modelFormat:
                name: huggingface
              storageUri: hf://meta-llama/Llama-3.2-3B-Instruct
        ---
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
                - name: tgi
                  image: ghcr.io/huggingface/text-generation-inference:2.4
                  env:
                    - name: MODEL_ID
                      value: bigcode/starcoder2-3b
    """),
    )
    assert deps(sink) >= {"huggingface:meta-llama/Llama-3.2-3B-Instruct"}
    assert "huggingface:huggingface/text-generation-inference" not in deps(sink)
    storage = next(r for r in sink.refs if r.name == "meta-llama/Llama-3.2-3B-Instruct")
    assert storage.evidence.line == 10


def test_json_autogen_config_list(detect: Detect) -> None:
    text = json.dumps(
        [
            {"model": "gpt-4o", "api_key": "x"},
            {"model": "claude-3-5-sonnet-20241022", "api_type": "anthropic"},
        ],
        indent=2,
    )
    sink = detect(DETECTOR, "OAI_CONFIG_LIST", text)
    assert deps(sink) == {
        "api-service:openai/gpt-4o",
        "api-service:anthropic/claude-3-5-sonnet-20241022",
    }
    assert sorted(r.evidence.line for r in sink.refs) == [3, 7]


def test_toml(detect: Detect) -> None:
    sink = detect(
        DETECTOR,
        "settings.toml",
        textwrap.dedent("""\
        [llm]
        model_id = "microsoft/Phi-3-mini-4k-instruct"
        [embeddings]
        embedding_model = "nomic-ai/nomic-embed-text-v1.5"
        [data]
        dataset = "squad"
    """),
    )
    assert deps(sink) == {
        "huggingface:microsoft/Phi-3-mini-4k-instruct",
        "huggingface:nomic-ai/nomic-embed-text-v1.5",
    }
    assert sorted(r.evidence.line for r in sink.refs) == [2, 4]


def test_dotenv(detect: Detect) -> None:
    sink = detect(
        DETECTOR,
        ".env",
        "# models\nLLM_MODEL=gpt-4o-mini\nEMBEDDING_MODEL='BAAI/bge-base-en-v1.5'\nPORT=8080\n",
    )
    assert deps(sink) == {"api-service:openai/gpt-4o-mini", "huggingface:BAAI/bge-base-en-v1.5"}


def test_compose_command_goes_through_the_shell_parser(detect: Detect) -> None:
    sink = detect(
        DETECTOR,
        "docker-compose.yml",
        textwrap.dedent("""\
        services:
          vllm:
            image: vllm/vllm-openai:latest
            command: ["--model", "Qwen/Qwen2.5-Coder-7B-Instruct", "--port", "8000"]
    """),
    )
    assert deps(sink) == {"huggingface:Qwen/Qwen2.5-Coder-7B-Instruct"}


def test_crewai_agents_llm(detect: Detect) -> None:
    sink = detect(
        DETECTOR, "agents.yaml", "researcher:\n  role: Researcher\n  llm: openai/gpt-4o\n"
    )
    assert deps(sink) == {"api-service:openai/gpt-4o"}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bad.yaml", "model: [unclosed\n"),
        ("bad.json", '{"model": "org/m",'),
        ("bad.toml", 'model = "unterminated\n'),
    ],
)
def test_malformed_files_are_noted(detect: Detect, name: str, text: str) -> None:
    sink = detect(DETECTOR, name, text)
    assert sink.refs == []
    assert len(sink.skipped) == 1


def test_model_folder_config_is_left_to_the_weights_detector(detect: Detect) -> None:
    text = json.dumps(
        {
            "architectures": ["LlamaForCausalLM"],
            "model_type": "llama",
            "_name_or_path": "meta-llama/Llama-2-7b-hf",
            "teacher_model": "org/t",
        }
    )
    assert detect(DETECTOR, "config.json", text).refs == []


def test_app_config_json_with_provider_objects(detect: Detect) -> None:
    text = json.dumps(
        {
            "models": [
                {"title": "Local", "provider": "ollama", "model": "llama3.1:8b"},
                {"provider": "anthropic", "model": "claude-3-5-sonnet-latest"},
            ]
        }
    )
    sink = detect(DETECTOR, "config.json", text)
    assert deps(sink) == {"ollama:llama3.1:8b", "api-service:anthropic/claude-3-5-sonnet-latest"}


def test_claims() -> None:
    assert not DETECTOR.claims("package-lock.json")
    assert DETECTOR.claims("conf/app.yml")
    assert DETECTOR.claims(".env.production")


def test_command_positions_point_at_the_value(detect: Detect) -> None:
    text = textwrap.dedent("""\
        jobs:
          eval:
            steps:
              - run: |
                  pip install vllm
                  vllm serve Qwen/Qwen2.5-0.5B-Instruct --port 8000
        services:
          tgi:
            command:
              - "--model-id"
              - "HuggingFaceTB/SmolLM2-360M-Instruct"
    """)
    sink = detect(DETECTOR, "ci.yml", text)
    lines = text.splitlines()
    for ref in sink.refs:
        line = lines[ref.evidence.line - 1]
        assert line[ref.evidence.column - 1 :].startswith(ref.raw), (ref.raw, line)
    assert {r.name for r in sink.refs} == {
        "Qwen/Qwen2.5-0.5B-Instruct",
        "HuggingFaceTB/SmolLM2-360M-Instruct",
    }


def test_a_model_registry_names_repositories_beside_weight_files(detect: Detect) -> None:
    text = textwrap.dedent("""\
        # name shown in the menu: where the weights come from
        fast-draft:
          repo: acme/draft-schnell
          base: acme/draft-base
          license: apache-2.0
          file: draft-schnell.safetensors
        quantised:
          repository: acme/chat-7b-GGUF
          files: [chat-7b.Q4_K_M.gguf, chat-7b.Q8_0.gguf]
        remote-only:
          repo: https://huggingface.co/acme/linked-1b
        """)
    sink = detect(DETECTOR, "models.yaml", text)
    assert deps(sink) == {
        "huggingface:acme/draft-schnell",
        "huggingface:acme/chat-7b-GGUF",
        "huggingface:acme/linked-1b",
    }
    first = next(r for r in sink.refs if r.name == "acme/draft-schnell")
    assert (first.evidence.line, first.evidence.column) == (3, 9)


def test_a_model_registry_in_json(detect: Detect) -> None:
    text = json.dumps(
        [
            {"repo": "acme/vae-1b", "filename": "vae.safetensors", "dest": "models/vae"},
            {"repo": "acme/notes", "filename": "README.md"},
        ]
    )
    assert deps(detect(DETECTOR, "downloads.json", text)) == {"huggingface:acme/vae-1b"}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param(
            "sync.yml",
            "group:\n  - repo: acme/website\n    files: [README.md, LICENSE]\n",
            id="files-synced-between-code-repositories",
        ),
        pytest.param(
            "renovate.yaml",
            "repo: acme/tooling\nbranch: main\nbase: develop\n",
            id="a-code-repository-with-branches",
        ),
        pytest.param(
            ".pre-commit-config.yaml",
            "repos:\n  - repo: https://github.com/acme/hooks\n    rev: v1.0.0\n",
            id="pre-commit-hooks",
        ),
        pytest.param(
            "release.yml",
            "repository: acme/cli\nfile: dist/cli.bin\nchecksum: sha256\n",
            id="a-release-asset",
        ),
    ],
)
def test_repo_keys_that_are_not_model_registries(detect: Detect, name: str, text: str) -> None:
    assert deps(detect(DETECTOR, name, text)) == set()
