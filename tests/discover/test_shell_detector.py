"""The shell detector on real scripts, Dockerfiles, Makefiles and embedded command lines."""

from __future__ import annotations

import functools
import shlex
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from aibom.core.model import Confidence, Role
from aibom.discover.base import Detector, Sink, SourceFile, Tree
from aibom.discover.shell import DETECTOR, scan_args, scan_commands
from tests.conftest import Files, names, run_detector

Detect = Callable[[Detector, str, str | bytes], Sink]
H, M = Confidence.HIGH, Confidence.MEDIUM
Row = tuple[str, str, str | None, int, int, Confidence]


def run(detect: Detect, path: str, text: str) -> Sink:
    text = textwrap.dedent(text).lstrip("\n")
    assert DETECTOR.claims(path)
    assert DETECTOR.trigger is not None and DETECTOR.trigger.search(text.encode().lower())
    return detect(DETECTOR, path, text)


def rows(sink: Sink, role: Role = Role.DEPENDENCY) -> list[Row]:
    """(ecosystem, name, revision, line, column, confidence) of each reference in ``role``."""
    return [
        (
            r.ecosystem.value,
            r.name,
            r.revision,
            r.evidence.line,
            r.evidence.column,
            r.evidence.confidence,
        )
        for r in sink.refs
        if r.role is role
    ]


def unresolved(sink: Sink) -> list[tuple[str, int, int]]:
    return [(u.expression, u.evidence.line, u.evidence.column) for u in sink.unresolved]


VLLM_DOCKERFILE = """
    # syntax=docker/dockerfile:1.7
    ARG CUDA_VERSION=12.4.1
    FROM nvidia/cuda:${CUDA_VERSION}-devel-ubuntu22.04 AS build
    RUN pip install --no-cache-dir "huggingface_hub[cli]==0.25.2"

    FROM vllm/vllm-openai:v0.6.3 AS runtime
    ARG MODEL_ID=Qwen/Qwen2.5-7B-Instruct
    ARG MODEL_REVISION=bb46c15ee4bb56c5b63245ef50fd7637234d6f75
    ENV HF_HOME=/models \\
        MODEL_ID=${MODEL_ID}
    # Bake the weights into the image so the pod starts offline.
    RUN --mount=type=secret,id=hf_token \\
        HF_TOKEN=$(cat /run/secrets/hf_token) \\
    # (comment lines inside a continued RUN are dropped by the builder)
        huggingface-cli download ${MODEL_ID} \\
            --revision ${MODEL_REVISION} \\
            --local-dir /models/qwen
    EXPOSE 8000
    ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server"]
    CMD ["--model", "/models/qwen", "--served-model-name", "qwen", \\
         "--tokenizer", "Qwen/Qwen2.5-7B-Instruct"]
"""


def test_multi_stage_vllm_dockerfile(detect: Detect) -> None:
    sink = run(detect, "deploy/Dockerfile", VLLM_DOCKERFILE)
    revision = "bb46c15ee4bb56c5b63245ef50fd7637234d6f75"
    assert rows(sink) == [
        ("huggingface", "Qwen/Qwen2.5-7B-Instruct", None, 7, 14, H),
        ("huggingface", "Qwen/Qwen2.5-7B-Instruct", None, 10, 14, M),
        ("huggingface", "Qwen/Qwen2.5-7B-Instruct", revision, 15, 30, M),
        ("huggingface", "Qwen/Qwen2.5-7B-Instruct", None, 21, 22, H),
    ]
    # the baked folder exists only inside the image; the served alias is no model
    assert unresolved(sink) == []
    assert not any(r.raw in ("/models/qwen", "qwen") for r in sink.refs)
    assert sink.refs[-1].evidence.snippet == '"--tokenizer", "Qwen/Qwen2.5-7B-Instruct"]'
    assert sink.refs[-1].evidence.detector == "shell"


def test_entrypoint_and_cmd_combine_and_images_are_not_models(detect: Detect) -> None:
    sink = run(
        detect,
        "Containerfile",
        """
        FROM ollama/ollama:0.5.7 AS ollama
        FROM ghcr.io/huggingface/text-generation-inference:2.0
        ENTRYPOINT ["vllm", "serve"]
        CMD ["meta-llama/Llama-3.2-1B-Instruct", "--max-model-len", "8192"]
    """,
    )
    assert rows(sink) == [("huggingface", "meta-llama/Llama-3.2-1B-Instruct", None, 4, 7, H)]


def test_dockerfile_add_legacy_env_and_run_options(detect: Detect) -> None:
    sink = run(
        detect,
        "Dockerfile",
        """
        FROM nvcr.io/nvidia/tritonserver:24.08-trtllm-python-py3
        ENV DRAFT_MODELS org1/draft-a  org2/draft-b
        ADD https://huggingface.co/TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF/resolve/52e7645/x.gguf /m/
        RUN --mount=type=cache,target=/root/.cache trtllm-serve TinyLlama/TinyLlama-1.1B-Chat-v1.0
        CMD ["vllm", "serve" "x"]
        CMD ["--port", 8000, "--model", "org3/not-a-string-array"]
        """,
    )
    assert rows(sink) == [
        ("huggingface", "org1/draft-a", None, 2, 18, H),
        ("huggingface", "org2/draft-b", None, 2, 32, H),
        ("huggingface", "TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF", "52e7645", 3, 5, H),
        ("huggingface", "TinyLlama/TinyLlama-1.1B-Chat-v1.0", None, 4, 57, H),
    ]


def test_ollama_dockerfile_pulls_and_creates(detect: Detect) -> None:
    sink = run(
        detect,
        "ollama.Dockerfile",
        """
        FROM ollama/ollama:0.5.7
        COPY Modelfile /root/Modelfile
        ENV OLLAMA_MODEL llama3.2:1b
        RUN ollama serve & sleep 5 && ollama pull $OLLAMA_MODEL \\
            && ollama create support-bot -f /root/Modelfile
    """,
    )
    assert rows(sink) == [
        ("ollama", "llama3.2:1b", None, 3, 18, H),
        ("ollama", "llama3.2:1b", None, 4, 43, M),
    ]
    assert rows(sink, Role.OUTPUT) == [("ollama", "support-bot", None, 5, 22, H)]


def test_tgi_launcher_script_with_defaults_and_revision(detect: Detect) -> None:
    sink = run(
        detect,
        "scripts/launch_tgi.sh",
        """
        #!/bin/bash
        # Launch Text Generation Inference for the support bot.
        set -euo pipefail
        model=${1:-HuggingFaceH4/zephyr-7b-beta}
        revision=b70e0c9a2d9e14bd1e812d3c398e5f313e93b473
        volume=$PWD/data

        text-generation-launcher \\
          --model-id "$model" \\
          --revision "$revision" \\
          --quantize bitsandbytes-nf4 \\
          --max-input-length 4096
    """,
    )
    assert rows(sink) == [
        ("huggingface", "HuggingFaceH4/zephyr-7b-beta", None, 4, 12, H),
        (
            "huggingface",
            "HuggingFaceH4/zephyr-7b-beta",
            "b70e0c9a2d9e14bd1e812d3c398e5f313e93b473",
            9,
            15,
            M,
        ),
    ]
    assert sink.refs[1].evidence.snippet == '--model-id "$model" \\'
    assert unresolved(sink) == []


def test_llama_cpp_server_script(tmp_path: Path) -> None:
    script = textwrap.dedent("""\
        #!/usr/bin/env sh
        # Local chat: the main model from the Hub, a draft model and a projector from disk.
        ./build/bin/llama-server \\
            -hf bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M \\
            -md models/draft-q8_0.gguf --mmproj=models/mmproj-f16.gguf \\
            --host 0.0.0.0 --port 8080 -c 8192 2>&1 | tee server.log
        llama-cli -m ./models/Phi-3-mini-4k-instruct-q4.gguf -p "Hello" -n 64
        python -m llama_cpp.server --model models/draft-q8_0.gguf
    """)
    files: Files = {"run.sh": script, "models/draft-q8_0.gguf": b"GGUF\x03\x00\x00\x00"}
    sink = run_detector(DETECTOR, tmp_path, "run.sh", files)
    assert rows(sink) == [
        ("huggingface", "bartowski/Llama-3.2-3B-Instruct-GGUF", None, 4, 9, H),
        ("local-file", "models/draft-q8_0.gguf", None, 5, 9, H),
        ("local-file", "models/mmproj-f16.gguf", None, 5, 41, H),
        ("local-file", "models/Phi-3-mini-4k-instruct-q4.gguf", None, 7, 14, H),
        ("local-file", "models/draft-q8_0.gguf", None, 8, 36, H),
    ]


def test_fine_tune_script_outputs_are_outputs(detect: Detect) -> None:
    sink = run(
        detect,
        "train.sh",
        """
        export BASE_MODEL="mistralai/Mistral-7B-v0.3"
        export HUB_MODEL_ID=acme-ai/mistral-7b-support
        accelerate launch --num_processes 8 train.py \\
          --model_name_or_path=$BASE_MODEL \\
          --model_revision main \\
          --dataset_name HuggingFaceH4/ultrachat_200k \\
          --output_dir ./out/mistral-support \\
          --push_to_hub \\
          --hub_model_id acme-ai/mistral-7b-support-v2
    """,
    )
    assert rows(sink) == [
        ("huggingface", "mistralai/Mistral-7B-v0.3", None, 1, 20, H),
        ("huggingface", "mistralai/Mistral-7B-v0.3", "main", 4, 24, M),
    ]
    assert rows(sink, Role.OUTPUT) == [
        ("huggingface", "acme-ai/mistral-7b-support", None, 2, 21, H),
        ("huggingface", "acme-ai/mistral-7b-support-v2", None, 9, 18, H),
    ]


def test_makefile_targets_and_make_variables(detect: Detect) -> None:
    sink = run(
        detect,
        "Makefile",
        """
        MODEL ?= microsoft/Phi-3-mini-4k-instruct
        PORT := 8000

        .PHONY: serve pull
        serve: ## Start the API server
        \t@echo "serving $(MODEL) on $(PORT)"
        \tvllm serve $(MODEL) --port $(PORT)

        pull:
        \t-ollama pull qwen2.5-coder:7b

        GGUF != ls models/*.gguf | head -n1
        local-model:
        \tllama-server -m $(GGUF)
    """,
    )
    assert rows(sink) == [
        ("huggingface", "microsoft/Phi-3-mini-4k-instruct", None, 1, 10, H),
        ("huggingface", "microsoft/Phi-3-mini-4k-instruct", None, 7, 13, M),
        ("ollama", "qwen2.5-coder:7b", None, 10, 15, H),
    ]
    assert unresolved(sink) == [("$(GGUF)", 14, 18)]


def test_justfile_variables_and_recipes(detect: Detect) -> None:
    sink = run(
        detect,
        "justfile",
        """
        model := "google/gemma-2-2b-it"

        serve-model port="8000":
            vllm serve {{ model }} --port {{ port }}
        """,
    )
    assert rows(sink) == [
        ("huggingface", "google/gemma-2-2b-it", None, 1, 11, H),
        ("huggingface", "google/gemma-2-2b-it", None, 4, 16, M),
    ]


def test_workflow_run_block_through_scan_commands() -> None:
    tree = Tree(Path(), frozenset({".github/workflows/eval.yml"}), frozenset())
    sink = Sink(SourceFile(".github/workflows/eval.yml", b"", tree), "config")
    run_block = textwrap.dedent("""\
        pip install -U "huggingface_hub[cli]"
        huggingface-cli download ${{ matrix.model }} --quiet
        huggingface-cli download sentence-transformers/all-MiniLM-L6-v2 \\
          --revision 8b3219a92973c328a8e22fadcfa821b5dc75636a
        ollama pull nomic-embed-text
    """)
    scan_commands(run_block, sink, 24, 10)
    assert rows(sink) == [
        (
            "huggingface",
            "sentence-transformers/all-MiniLM-L6-v2",
            "8b3219a92973c328a8e22fadcfa821b5dc75636a",
            26,
            36,
            H,
        ),
        ("ollama", "nomic-embed-text", None, 28, 23, H),
    ]
    assert unresolved(sink) == [("${{ matrix.model }}", 25, 36)]
    assert {u.evidence.confidence for u in sink.unresolved} == {Confidence.LOW}
    assert sink.refs[0].evidence.detector == "config"


KSERVE = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: t5-translate
spec:
  predictor:
    model:
      modelFormat:
        name: huggingface
      args:
        - --model_name=t5
        - --model_id
        - google-t5/t5-small
        - "--model_revision=df1b051c49625cf57a3d0d8d3863ed4d13564fe4"
      command: ["sh", "-c", "ollama serve & ollama pull qwen2.5:0.5b"]
"""


def test_yaml_argument_lists_through_scan_args() -> None:
    tree = Tree(Path(), frozenset({"k8s/t5.yaml"}), frozenset())
    sink = Sink(SourceFile("k8s/t5.yaml", KSERVE.encode(), tree), "config")
    args = [
        ("--model_name=t5", 11, 11),
        ("--model_id", 12, 11),
        ("google-t5/t5-small", 13, 11),
        ("--model_revision=df1b051c49625cf57a3d0d8d3863ed4d13564fe4", 14, 12),
    ]
    scan_args(args, sink)
    scan_args(
        [("sh", 15, 18), ("-c", 15, 24), ("ollama serve & ollama pull qwen2.5:0.5b", 15, 30)], sink
    )
    assert rows(sink) == [
        (
            "huggingface",
            "google-t5/t5-small",
            "df1b051c49625cf57a3d0d8d3863ed4d13564fe4",
            13,
            11,
            H,
        ),
        ("ollama", "qwen2.5:0.5b", None, 15, 57, H),
    ]
    assert sink.refs[0].evidence.snippet == "- google-t5/t5-small"
    scan_args([("--model", 99, 1), ("org/outside", 100, 1)], sink)  # lines the file does not have
    assert len(sink.refs) == 2


def test_json_array_cmd_with_sh_c(detect: Detect) -> None:
    sink = run(
        detect,
        "Dockerfile.gpu",
        """
        FROM python:3.11-slim
        ENV EMBEDDING_MODEL=BAAI/bge-small-en-v1.5
        CMD ["sh", "-c", "python -m app --embedding-model $EMBEDDING_MODEL \\
             --reranker-model 'BAAI/bge-reranker-base'"]
    """,
    )
    assert rows(sink) == [
        ("huggingface", "BAAI/bge-small-en-v1.5", None, 2, 21, H),
        ("huggingface", "BAAI/bge-small-en-v1.5", None, 3, 51, M),
        ("huggingface", "BAAI/bge-reranker-base", None, 4, 24, H),
    ]


def test_docker_image_names_are_not_models(detect: Detect) -> None:
    sink = run(
        detect,
        "up.sh",
        """
        docker run -d --gpus=all -v ollama:/root/.ollama -p 11434:11434 --name ollama ollama/ollama
        docker exec -it ollama ollama run llama3.1:8b
        docker run --runtime nvidia --gpus all \\
            -v ~/.cache/huggingface:/root/.cache/huggingface \\
            --env "HUGGING_FACE_HUB_TOKEN=$HF_TOKEN" \\
            -p 8000:8000 --ipc=host \\
            vllm/vllm-openai:latest \\
            --model mistralai/Mistral-7B-v0.1
        docker run -p 8080:80 ghcr.io/huggingface/text-generation-inference:2.0 --model-id gpt2
        docker pull ghcr.io/ggml-org/llama.cpp:server
        docker run --gpus all vllm/vllm-openai:v0.8.5 Qwen/Qwen3-8B --max-model-len 32768
    """,
    )
    assert rows(sink) == [
        ("ollama", "llama3.1:8b", None, 2, 35, H),
        ("huggingface", "mistralai/Mistral-7B-v0.1", None, 8, 13, H),
        ("huggingface", "gpt2", None, 9, 84, H),
        ("huggingface", "Qwen/Qwen3-8B", None, 11, 47, H),
    ]
    assert unresolved(sink) == []


def test_dataset_and_space_downloads_are_not_models(detect: Detect) -> None:
    sink = run(
        detect,
        "fetch.sh",
        """
        huggingface-cli download --repo-type dataset HuggingFaceFW/fineweb-edu --local-dir data
        hf download HuggingFaceH4/ultrachat_200k --repo-type=dataset
        git clone https://huggingface.co/datasets/openai/gsm8k
        git clone https://huggingface.co/spaces/gradio/hello_world
        curl -L https://huggingface.co/docs/hub/index
        hf download gpt2 config.json --revision 607a30d
        GIT_LFS_SKIP_SMUDGE=1 git lfs clone https://huggingface.co/openai/whisper-large-v3
        hf upload acme-ai/whisper-ft ./checkpoints/final
    """,
    )
    assert rows(sink) == [
        ("huggingface", "gpt2", "607a30d", 6, 13, H),
        ("huggingface", "openai/whisper-large-v3", None, 7, 37, H),
    ]
    assert rows(sink, Role.OUTPUT) == [("huggingface", "acme-ai/whisper-ft", None, 8, 11, H)]


def test_resolve_urls_carry_their_revision(detect: Detect) -> None:
    sink = run(
        detect,
        "get_weights.sh",
        """
        REPO=TheBloke/Mistral-7B-Instruct-v0.2-GGUF
        wget -q https://huggingface.co/$REPO/resolve/41b61a3/mistral-7b-instruct-v0.2.Q4_K_M.gguf
        aws s3 cp s3://bucket/hf://not-a-uri . && echo "see https://huggingface.co/meta-llama"
        python train.py --init hf://acme-ai/base-7b@v1.2
    """,
    )
    assert rows(sink) == [
        ("huggingface", "TheBloke/Mistral-7B-Instruct-v0.2-GGUF", "41b61a3", 2, 9, M),
        ("huggingface", "acme-ai/base-7b", "v1.2", 4, 24, H),
    ]


def test_placeholders_and_unknown_variables(detect: Detect) -> None:
    sink = run(
        detect,
        "README_commands.sh",
        """
        vllm serve "<model-id>"
        ollama pull your-model
        python -m vllm.entrypoints.openai.api_server --model "$1" --tokenizer path/to/tokenizer
        text-generation-launcher --model-id $(cat model.txt)
        MODEL_NAME=$2
        lmdeploy serve api_server "${MODEL_NAME}"
    """,
    )
    assert rows(sink) == []
    assert unresolved(sink) == [
        ("$1", 3, 55),
        ("$(cat model.txt)", 4, 37),
        ("${MODEL_NAME}", 6, 28),
    ]


def test_arrays_loops_and_lm_eval_model_args(detect: Detect) -> None:
    sink = run(
        detect,
        "eval.sh",
        """
        MODELS=(
          "meta-llama/Llama-3.2-1B-Instruct"   # the small one (not "google/gemma-2b")
          Qwen/Qwen2.5-1.5B-Instruct
        )
        for model in "${MODELS[@]}"; do
          lm_eval --model hf --model_args pretrained=$model,dtype=bfloat16 --tasks hellaswag
        done
        for model in mistralai/Mistral-7B-v0.1 tiiuae/falcon-7b; do
          echo "$model"
        done
        lm_eval --model vllm --model_args pretrained=EleutherAI/pythia-160m,revision=step100000
    """,
    )
    assert rows(sink) == [
        ("huggingface", "meta-llama/Llama-3.2-1B-Instruct", None, 2, 4, H),
        ("huggingface", "Qwen/Qwen2.5-1.5B-Instruct", None, 3, 3, H),
        ("huggingface", "mistralai/Mistral-7B-v0.1", None, 8, 14, H),
        ("huggingface", "tiiuae/falcon-7b", None, 8, 40, H),
        ("huggingface", "EleutherAI/pythia-160m", None, 11, 46, H),
    ]
    assert unresolved(sink) == []


def test_heredoc_modelfile_and_skipped_heredoc(detect: Detect) -> None:
    sink = run(
        detect,
        "setup_ollama.sh",
        """
        cat > Modelfile <<'EOF'
        FROM mistral:7b-instruct
        # vllm serve not/a-command
        SYSTEM You answer billing questions.
        EOF
        ollama create billing-bot -f Modelfile
        python - <<PY
        print("--model org1/not-shell")
        PY
        bash <<SH
        ollama pull phi3:mini
        SH
    """,
    )
    assert rows(sink) == [
        ("ollama", "mistral:7b-instruct", None, 2, 6, H),
        ("ollama", "phi3:mini", None, 11, 13, H),
    ]
    assert rows(sink, Role.OUTPUT) == [("ollama", "billing-bot", None, 6, 15, H)]


def test_servers_and_their_flags(detect: Detect) -> None:
    sink = run(
        detect,
        "servers.sh",
        """
        vllm serve meta-llama/Llama-3.1-8B-Instruct --revision 0e9e39f \\
          --speculative-model ibm-ai-platform/llama3-8b-accelerator --served-model-name chat \\
          --enable-lora --lora-modules sql=org1/sql-lora '{"name": "b", "path": "org2/b-lora"}'
        lmdeploy serve api_server internlm/internlm2_5-7b-chat --server-port 23333
        python3 -m sglang.launch_server --model-path deepseek-ai/DeepSeek-R1-Distill-Qwen-7B
        mlx_lm.generate --model mlx-community/Mistral-7B-Instruct-v0.3-4bit --prompt "hi"
        trtllm-build --checkpoint_dir ./tllm_ckpt --output_dir ./engines/llama
        uv run vllm serve Qwen/Qwen2.5-0.5B-Instruct
        vllm serve "${BASE:=Qwen/Qwen2.5-1.5B}" --tokenizer=$BASE --model= --lora-modules '{"x": '
        for ((i = 0; i < 3; i++)); do huggingface-cli download org4/m --include \\*.bin; done
    """,
    )
    assert rows(sink) == [
        ("huggingface", "meta-llama/Llama-3.1-8B-Instruct", "0e9e39f", 1, 12, H),
        ("huggingface", "ibm-ai-platform/llama3-8b-accelerator", None, 2, 23, H),
        ("huggingface", "org1/sql-lora", None, 3, 36, H),
        ("huggingface", "org2/b-lora", None, 3, 74, H),
        ("huggingface", "internlm/internlm2_5-7b-chat", None, 4, 27, H),
        ("huggingface", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", None, 5, 46, H),
        ("huggingface", "mlx-community/Mistral-7B-Instruct-v0.3-4bit", None, 6, 25, H),
        ("huggingface", "Qwen/Qwen2.5-0.5B-Instruct", None, 8, 19, H),
        ("huggingface", "Qwen/Qwen2.5-1.5B", None, 9, 21, H),
        ("huggingface", "Qwen/Qwen2.5-1.5B", None, 9, 53, M),
        ("huggingface", "org4/m", None, 10, 56, H),
    ]
    # trtllm-build's checkpoint folder is not in this tree; its engine folder is an output
    assert unresolved(sink) == []


def test_procfile_and_unbalanced_quotes(detect: Detect) -> None:
    sink = run(
        detect,
        "Procfile",
        """
        web: vllm serve Qwen/Qwen2.5-0.5B-Instruct --port $PORT
        worker: python worker.py --embedding-model "BAAI/bge-small-en-v1.5
    """,
    )
    assert rows(sink) == [
        ("huggingface", "Qwen/Qwen2.5-0.5B-Instruct", None, 1, 17, H),
        ("huggingface", "BAAI/bge-small-en-v1.5", None, 2, 45, H),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'vllm serve "unterminated\n',
        "MODEL=(\n",
        "echo ${MODEL:-${NESTED:-x}}\nvllm serve ${MODEL\n",
        "cat <<EOF\nno end\n",
        "huggingface-cli download\nollama run\n--model\nexport\n",
        'sh -c \'sh -c "sh -c \\"sh -c vllm\\""\'\n',
        "docker run\ndocker exec -it\n",
        "\\\n\\",
        "vllm serve $(echo org/x\n",
        functools.reduce(lambda cmd, _: f"sh -c {shlex.quote(cmd)}", range(8), "vllm serve o/deep"),
    ],
)
def test_malformed_input_never_raises(detect: Detect, text: str) -> None:
    for path in ("broken.sh", "Dockerfile", "Makefile"):
        sink = detect(DETECTOR, path, text)
        assert sink.refs == []


def test_not_utf8_is_skipped(detect: Detect) -> None:
    sink = detect(DETECTOR, "latin1.sh", b"MODEL=caf\xe9/model\n")
    assert [s.reason for s in sink.skipped] == ["not UTF-8"]


def test_claims_and_trigger() -> None:
    claimed = [
        "run.sh",
        "a/b/setup.bash",
        "x.zsh",
        "Dockerfile",
        "docker/Dockerfile.cuda",
        "api.Dockerfile",
        "Containerfile",
        "Makefile",
        "rules.mk",
        "Procfile",
        "justfile",
    ]
    assert all(DETECTOR.claims(p) for p in claimed)
    not_claimed = ["serve.py", "docker-compose.yml", "README.md", "Makefile.am", "Modelfile"]
    assert not any(DETECTOR.claims(p) for p in not_claimed)
    assert DETECTOR.trigger is not None
    assert DETECTOR.trigger.search(b"#!/bin/sh\nmake build && ./deploy prod\n") is None
    assert DETECTOR.trigger.search(b"hf download x")


def test_a_script_of_several_lines_given_to_sh_c() -> None:
    text = (
        "args:\n  - |\n    ollama serve &\n    echo ollama pull acme-echo:1b\n"
        "    ollama pull \\\n      acme-a:1b\n"
    )
    tree = Tree(Path(), frozenset({"job.yaml"}), frozenset())
    sink = Sink(SourceFile("job.yaml", text.encode(), tree), "config")
    script = "ollama serve &\necho ollama pull acme-echo:1b\nollama pull \\\n  acme-a:1b\n"
    scan_args([("sh", 1, 1), ("-c", 1, 4), (script, 3, 5)], sink)
    assert names(sink.refs) == {"ollama:acme-a:1b"}
    (ref,) = sink.refs
    assert (ref.evidence.line, ref.evidence.column) == (6, 7)
