"""The command-line vocabulary the shell detector knows: which flags, programs and variables
carry a model, which produce one, and which never do."""

from __future__ import annotations

import re

from aibom.core.model import Role


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Flags whose value is a model; the main ones also take --revision.
MAIN_FLAGS = _names(
    """--model --model-id --model_id --model-path --model_path --model_name_or_path
    --model-name-or-path --pretrained_model_name_or_path --pretrained-model-name-or-path
    --model-name --model_name --hf-path --hf-model --hf_model"""
)
OTHER_FLAGS = _names(
    """--base-model --base_model --tokenizer --tokenizer_name --tokenizer-name --tokenizer_dir
    --draft-model --draft_model --speculative-model --speculative_model --embedding-model
    --embedding_model --reranker-model --reranker_model --teacher_model --teacher-model
    --student_model --student-model --ref_model --ref-model --reward_model --reward-model"""
)
# llama.cpp: -hf takes org/repo[:quant]; -m and friends take a local file.
HUB_REPO_FLAGS = frozenset({"-hf", "-hfr", "--hf-repo", "-hfd", "-hfrd", "--hf-repo-draft"})
GGUF_FLAGS = frozenset({"-m", "--model", "-md", "--model-draft", "--lora", "--mmproj"})
GGUF_URL_FLAGS = frozenset({"-mu", "--model-url"})
TRT_FLAGS = frozenset({"--model_dir", "--checkpoint_dir"})
OUTPUT_FLAGS = _names(
    """--hub_model_id --hub-model-id --push_to_hub_model_id --push-to-hub-model-id
    --output_model --output-model --upload-repo --upload_repo --output_dir --output-dir"""
)
REVISION_FLAGS = ("--revision", "--model_revision", "--model-revision")
HUB_CLI_VALUES = _names(
    """--revision --repo-type --local-dir --cache-dir --token --max-workers --include --exclude
    --local-dir-use-symlinks --etag-timeout --commit-message --commit-description"""
)
OLLAMA_VALUES = frozenset({"-f", "--file", "-q", "--quantize", "--format", "--keepalive"})
OLLAMA_ROLES = {
    "pull": (Role.DEPENDENCY,),
    "run": (Role.DEPENDENCY,),
    "create": (Role.OUTPUT,),
    "push": (Role.OUTPUT,),
    "cp": (Role.DEPENDENCY, Role.OUTPUT),
}
DOCKER_FLAG_ALONE = re.compile(
    r"-[dit]+|-P|--(?:rm|detach|interactive|tty|privileged|init|read-only|publish-all|sig-proxy|"
    r"no-healthcheck|oom-kill-disable)"
)
GGUF_PROGRAM = re.compile(r"^(?:llama-|whisper-|llamafile)|llama[._-]cpp|\.llamafile$")
HF_PROGRAM = re.compile(r"vllm|sglang|lmdeploy|text[-_]generation|mlx_lm|trtllm|tensorrt_llm")
PREFIXES = _names("""sudo exec nohup time then do else elif if while until ! { env command""")
RUNNERS = frozenset(
    {("uv", "run"), ("poetry", "run"), ("pipenv", "run"), ("pdm", "run"), ("pixi", "run")}
)
DECLARE = frozenset({"export", "local", "declare", "readonly", "typeset"})
SKIPPED = _names(
    """echo printf pip pip3 conda mamba apt-get apt apk yum dnf brew npm yarn pnpm cat read
    [ [[ test cd ls mkdir rm source . case"""
)
SHELLS = frozenset({"sh", "bash", "zsh", "dash"})
SCRIPT_READERS = SHELLS | {"ssh"}  # a here-document fed to these is a script
SHELL_C = re.compile(r"-[a-z]*c[a-z]*")  # -c, -lc, -ec
PYTHONS = re.compile(r"python(?:\d(?:\.\d+)?)?")
