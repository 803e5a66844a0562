"""The shipped known-models table, read with the real license_db: lookups, order and coverage."""

from __future__ import annotations

import fnmatch
from typing import Any

import pytest
import yaml

from aibom.core.data import data_dir
from aibom.licenses.db import KNOWN_MODELS_FILE
from aibom.licenses.db import load_default as load_db
from aibom.licenses.known import KnownModel, KnownModels, load_default

HF = "huggingface"
OLLAMA = "ollama"

# The licenses whose terms single out multimodal models: the Llama 3.2 and Llama 4 acceptable
# use policies withhold the section 1(a) grant from EU-domiciled licensees for them.
MULTIMODAL_LICENSES = frozenset({"llama3.2", "llama4"})

# (ecosystem, id as code writes it, license key, unverified, multimodal)
EXPECTED: list[tuple[str, str, str, bool, bool]] = [
    # Llama: per version, Vision and Llama 4 flagged multimodal, guards by their base
    (HF, "meta-llama/Llama-3.2-11B-Vision-Instruct", "llama3.2", False, True),
    (HF, "meta-llama/Llama-3.2-90B-Vision", "llama3.2", False, True),
    (HF, "meta-llama/Llama-3.2-1B-Instruct", "llama3.2", False, False),
    (HF, "meta-llama/Llama-3.3-70B-Instruct", "llama3.3", False, False),
    (HF, "meta-llama/Meta-Llama-3.1-8B-Instruct", "llama3.1", False, False),
    (HF, "meta-llama/Llama-3.1-405B", "llama3.1", False, False),
    (HF, "meta-llama/Meta-Llama-3-8B-Instruct", "llama3", False, False),
    (HF, "meta-llama/Llama-2-7b-chat-hf", "llama2", False, False),
    (HF, "meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8", "llama4", False, True),
    (HF, "codellama/CodeLlama-7b-Instruct-hf", "llama2", False, False),
    (HF, "meta-llama/Llama-Guard-3-8B", "llama3.1", False, False),
    (HF, "meta-llama/Llama-Guard-3-11B-Vision", "llama3.2", False, True),
    (HF, "meta-llama/LlamaGuard-7b", "llama2", False, False),
    (HF, "meta-llama/Llama-5-8B", "llama4", True, True),
    # Gemma: 2024 terms, 2025 terms, Apache-2.0 from Gemma 4
    (HF, "google/gemma-7b-it", "gemma-2024-04-01", False, False),
    (HF, "google/gemma-2-9b-it", "gemma-2024-04-01", False, False),
    (HF, "google/codegemma-7b", "gemma-2024-04-01", False, False),
    (HF, "google/paligemma-3b-pt-224", "gemma-2024-04-01", False, False),
    (HF, "google/gemma-3-27b-it", "gemma-2025-03-24", False, False),
    (HF, "google/gemma-3n-E4B-it", "gemma-2025-03-24", False, False),
    (HF, "google/gemma-4-E4B-it", "apache-2.0", False, False),
    (HF, "google/gemma-5-9b", "apache-2.0", True, False),
    (HF, "google/medgemma-4b-it", "hai-def", False, False),
    (HF, "google/medgemma-27b-text-it", "hai-def", False, False),
    (HF, "google/medsiglip-448", "hai-def", False, False),
    (HF, "google/txgemma-2b-predict", "hai-def", True, False),
    (HF, "unsloth/medgemma-27b-it-GGUF", "hai-def", True, False),
    (HF, "unsloth/txgemma-2b-predict", "hai-def", True, False),
    (HF, "google/shieldgemma-9b", "gemma-2024-04-01", True, False),
    # Qwen: per generation and size
    (HF, "Qwen/Qwen-7B-Chat", "tongyi-qianwen", False, False),
    (HF, "Qwen/Qwen-1_8B-Chat", "tongyi-qianwen-research", False, False),
    (HF, "Qwen/Qwen1.5-0.5B-Chat", "tongyi-qianwen-research", False, False),
    (HF, "Qwen/Qwen1.5-14B-Chat", "tongyi-qianwen", False, False),
    (HF, "Qwen/Qwen2-7B-Instruct", "apache-2.0", False, False),
    (HF, "Qwen/Qwen2-72B-Instruct", "tongyi-qianwen", False, False),
    (HF, "Qwen/Qwen2-VL-72B-Instruct", "tongyi-qianwen", False, False),
    (HF, "Qwen/Qwen2.5-72B-Instruct", "qwen-2024", False, False),
    (HF, "Qwen/Qwen2.5-VL-72B-Instruct", "qwen-2024", False, False),
    (HF, "Qwen/Qwen2.5-3B", "qwen-research-2024", False, False),
    (HF, "Qwen/Qwen2.5-Coder-3B-Instruct", "qwen-research-2024", False, False),
    (HF, "Qwen/Qwen2.5-32B-Instruct", "apache-2.0", False, False),
    (HF, "Qwen/Qwen2.5-7B-Instruct", "apache-2.0", False, False),
    (HF, "Qwen/Qwen3-30B-A3B-Instruct-2507", "apache-2.0", False, False),
    (HF, "Qwen/QwQ-32B", "apache-2.0", False, False),
    (HF, "Qwen/Qwen3.7-8B", "apache-2.0", True, False),
    # DeepSeek: Model License to MIT; the Llama distills keep Llama's license
    (HF, "deepseek-ai/deepseek-llm-7b-chat", "deepseek-license", False, False),
    (HF, "deepseek-ai/DeepSeek-V2-Lite-Chat", "deepseek-license", False, False),
    (HF, "deepseek-ai/DeepSeek-V3", "deepseek-license", False, False),
    (HF, "deepseek-ai/DeepSeek-V3-Base", "deepseek-license", False, False),
    (HF, "deepseek-ai/DeepSeek-V3-0324", "mit", True, False),
    (HF, "deepseek-ai/DeepSeek-V3.1", "mit", False, False),
    (HF, "deepseek-ai/DeepSeek-R1", "mit", False, False),
    (HF, "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "mit", False, False),
    (HF, "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "llama3.1", False, False),
    (HF, "deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "llama3.3", False, False),
    (HF, "deepseek-ai/DeepSeek-V4-Pro", "mit", False, False),
    (HF, "deepseek-ai/DeepSeek-V5", "mit", True, False),
    # Kimi, GLM, MiniMax
    (HF, "moonshotai/Kimi-K2-Instruct", "kimi-k2-modified-mit", False, False),
    (HF, "moonshotai/Kimi-K2.5", "kimi-k2.5-modified-mit", False, False),
    (HF, "moonshotai/Kimi-K2-Thinking", "kimi-k2-modified-mit", False, False),
    (HF, "moonshotai/Kimi-K2.6", "kimi-k2.5-modified-mit", True, False),
    (HF, "moonshotai/Kimi-K3", "kimi-k2.5-modified-mit", True, False),
    (HF, "unsloth/Kimi-K2.5-GGUF", "kimi-k2.5-modified-mit", True, False),
    (HF, "unsloth/Kimi-K2-Instruct-GGUF", "kimi-k2-modified-mit", True, False),
    (HF, "THUDM/chatglm3-6b", "chatglm3-6b", False, False),
    (HF, "THUDM/glm-4-9b-chat", "glm-4", False, False),
    (HF, "THUDM/GLM-4-9B-0414", "mit", False, False),
    (HF, "zai-org/GLM-4.5-Air", "mit", False, False),
    (HF, "zai-org/GLM-4.6", "mit", True, False),
    (HF, "MiniMaxAI/MiniMax-Text-01", "minimax-model-2025-01", False, False),
    (HF, "MiniMaxAI/MiniMax-M1-80k", "apache-2.0", False, False),
    (HF, "MiniMaxAI/MiniMax-M2.5", "minimax-m2.5-model", False, False),
    # Mistral: Apache-2.0 releases, MRL, MNPL
    (HF, "mistralai/Mistral-7B-Instruct-v0.3", "apache-2.0", False, False),
    (HF, "mistralai/Mixtral-8x7B-Instruct-v0.1", "apache-2.0", False, False),
    (HF, "mistralai/Mistral-Nemo-Instruct-2407", "apache-2.0", False, False),
    (HF, "mistralai/Mistral-Small-3.1-24B-Instruct-2503", "apache-2.0", False, False),
    (HF, "mistralai/Mistral-Small-Instruct-2409", "mistral-research-license", False, False),
    (HF, "mistralai/Mistral-Large-Instruct-2407", "mistral-research-license", False, False),
    (HF, "mistralai/Ministral-8B-Instruct-2410", "mistral-research-license", False, False),
    (HF, "mistralai/Codestral-22B-v0.1", "mistral-non-production-license", False, False),
    # Phi, Falcon, Stable Diffusion, OpenAI open weights
    (HF, "microsoft/Phi-3-mini-4k-instruct", "mit", False, False),
    (HF, "microsoft/phi-2", "mit", False, False),
    (HF, "microsoft/phi-4", "mit", True, False),
    (HF, "tiiuae/falcon-11B", "falcon-2-11b-tii-1.0", False, False),
    (HF, "tiiuae/falcon-40b-instruct", "apache-2.0", False, False),
    (HF, "tiiuae/falcon-180B", "falcon-180b-tii-1.0", False, False),
    (HF, "tiiuae/Falcon3-7B-Instruct", "tii-falcon-llm-2.0", False, False),
    (HF, "CompVis/stable-diffusion-v1-4", "creativeml-openrail-m", False, False),
    (HF, "stabilityai/stable-diffusion-2-1", "openrail-pp-m", False, False),
    (HF, "stabilityai/stable-diffusion-xl-base-1.0", "openrail-pp-m", False, False),
    (HF, "stabilityai/stable-diffusion-3.5-large", "stability-ai-community", False, False),
    (HF, "openai/whisper-large-v3", "apache-2.0", False, False),
    (HF, "openai/gpt-oss-20b", "apache-2.0", False, False),
    # Encoders and embedding models, including legacy bare names
    (HF, "google-bert/bert-base-uncased", "apache-2.0", False, False),
    (HF, "bert-base-uncased", "apache-2.0", False, False),
    (HF, "roberta-base", "mit", False, False),
    (HF, "FacebookAI/xlm-roberta-base", "mit", False, False),
    (HF, "sentence-transformers/all-MiniLM-L6-v2", "apache-2.0", False, False),
    (HF, "sentence-transformers/all-mpnet-base-v2", "apache-2.0", False, False),
    (HF, "BAAI/bge-m3", "mit", False, False),
    (HF, "BAAI/bge-large-en-v1.5", "mit", True, False),
    (HF, "nomic-ai/nomic-embed-text-v1.5", "apache-2.0", False, False),
    # NVIDIA, Apple, BigCode, BigScience, xAI
    (HF, "nvidia/NVIDIA-Nemotron-Nano-9B-v2", "nvidia-open-model-2025-10-24", True, False),
    (HF, "apple/OpenELM-270M-Instruct", "apple-ascl", False, False),
    (HF, "apple/MobileCLIP-S2", "apple-amlr", True, False),
    (HF, "bigcode/starcoder2-15b", "bigcode-openrail-m", False, False),
    (HF, "bigcode/starcoder", "bigcode-openrail-m", False, False),
    (HF, "bigscience/bloom-560m", "bigscience-bloom-rail-1.0", False, False),
    (HF, "xai-org/grok-2", "grok2-community", False, False),
    # Re-uploads carry their base model's license, as a guess
    (HF, "unsloth/Llama-3.2-11B-Vision-Instruct-bnb-4bit", "llama3.2", True, True),
    (HF, "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", "llama3.1", True, False),
    (HF, "TheBloke/Llama-2-7B-Chat-GGUF", "llama2", True, False),
    (HF, "NousResearch/Meta-Llama-3-8B-Instruct", "llama3", True, False),
    (HF, "mlx-community/Llama-4-Scout-17B-16E-Instruct-4bit", "llama4", True, True),
    (HF, "lmstudio-community/Qwen2.5-72B-Instruct-GGUF", "qwen-2024", True, False),
    (HF, "unsloth/gemma-3-4b-it", "gemma-2025-03-24", True, False),
    (HF, "unsloth/DeepSeek-R1-Distill-Llama-8B-GGUF", "llama3.1", True, False),
    # Ollama library names, sizes by tag
    (OLLAMA, "llama3.2-vision:11b", "llama3.2", False, True),
    (OLLAMA, "llama3.2", "llama3.2", False, False),
    (OLLAMA, "llama3.1:8b-instruct-q4_K_M", "llama3.1", False, False),
    (OLLAMA, "llama3", "llama3", False, False),
    (OLLAMA, "llama4:scout", "llama4", False, True),
    (OLLAMA, "llama2:13b", "llama2", False, False),
    (OLLAMA, "codellama:7b", "llama2", False, False),
    (OLLAMA, "llama5", "llama4", True, True),
    (OLLAMA, "gemma:7b", "gemma-2024-04-01", False, False),
    (OLLAMA, "gemma2:9b", "gemma-2024-04-01", False, False),
    (OLLAMA, "gemma3:27b", "gemma-2025-03-24", False, False),
    (OLLAMA, "gemma4", "apache-2.0", False, False),
    (OLLAMA, "qwen:14b", "tongyi-qianwen", False, False),
    (OLLAMA, "qwen2:72b", "tongyi-qianwen", False, False),
    (OLLAMA, "qwen2", "apache-2.0", False, False),
    (OLLAMA, "qwen2.5:72b-instruct-q4_K_M", "qwen-2024", False, False),
    (OLLAMA, "qwen2.5:3b", "qwen-research-2024", False, False),
    (OLLAMA, "qwen2.5", "apache-2.0", False, False),
    (OLLAMA, "qwen2.5-coder:3b", "qwen-research-2024", False, False),
    (OLLAMA, "qwen2.5-coder:32b", "apache-2.0", False, False),
    (OLLAMA, "qwen3:8b", "apache-2.0", False, False),
    (OLLAMA, "qwen3.7:8b", "apache-2.0", True, False),
    (OLLAMA, "deepseek-r1:70b", "llama3.3", False, False),
    (OLLAMA, "deepseek-r1:14b", "mit", False, False),
    (OLLAMA, "deepseek-coder-v2", "deepseek-license", True, False),
    (OLLAMA, "mistral", "apache-2.0", False, False),
    (OLLAMA, "mistral-small:22b", "mistral-research-license", False, False),
    (OLLAMA, "mistral-small:24b", "apache-2.0", False, False),
    (OLLAMA, "mistral-large", "mistral-research-license", False, False),
    (OLLAMA, "codestral:22b", "mistral-non-production-license", False, False),
    (OLLAMA, "phi3:mini", "mit", False, False),
    (OLLAMA, "falcon2", "falcon-2-11b-tii-1.0", False, False),
    (OLLAMA, "falcon3:10b", "tii-falcon-llm-2.0", False, False),
    (OLLAMA, "falcon:180b", "falcon-180b-tii-1.0", False, False),
    (OLLAMA, "starcoder2:3b", "bigcode-openrail-m", False, False),
    (OLLAMA, "nomic-embed-text", "apache-2.0", False, False),
    (OLLAMA, "all-minilm", "apache-2.0", False, False),
    (OLLAMA, "bge-m3", "mit", False, False),
    (OLLAMA, "kimi-k2", "kimi-k2-modified-mit", False, False),
    (OLLAMA, "alibayram/medgemma", "hai-def", True, False),
    (OLLAMA, "kimi-k2.5", "kimi-k2.5-modified-mit", True, False),
    (OLLAMA, "glm4:9b", "glm-4", False, False),
    (OLLAMA, "gpt-oss:20b", "apache-2.0", False, False),
]

# Ids no rule may claim: licenses license_db does not hold, and unrelated models.
UNMATCHED: list[tuple[str, str]] = [
    (HF, "tiiuae/falcon-mamba-7b"),
    (HF, "facebook/dinov3-vitl16-pretrain-lvd1689m"),
    (HF, "acme/internal-classifier"),
    (OLLAMA, "falcon-mamba"),
    (OLLAMA, "acme-model:1b"),
]

# Each family's last rule: a release newer than the table gets the latest known license.
CATCH_ALLS: list[tuple[str, str]] = [
    (HF, "meta-llama/*"),
    (HF, "google/gemma-*"),
    (HF, "google/*gemma*"),
    (HF, "Qwen/*"),
    (HF, "deepseek-ai/*"),
    (HF, "moonshotai/*"),
    (HF, "THUDM/*"),
    (HF, "zai-org/*"),
    (HF, "MiniMaxAI/*"),
    (HF, "mistralai/*"),
    (HF, "microsoft/phi-*"),
    (HF, "stabilityai/*"),
    (HF, "sentence-transformers/*"),
    (HF, "BAAI/bge-*"),
    (HF, "nomic-ai/nomic-embed-*"),
    (HF, "nvidia/*Nemotron*"),
    (HF, "apple/*"),
    (HF, "bigcode/*"),
    (HF, "xai-org/*"),
    (HF, "black-forest-labs/*"),
    (HF, "CohereForAI/*"),
    (HF, "CohereLabs/*"),
    (HF, "intfloat/*"),
    (HF, "jinaai/*"),
    (HF, "Snowflake/*"),
    (HF, "ibm-granite/*"),
    (HF, "01-ai/*"),
    (OLLAMA, "llama*"),
    (OLLAMA, "gemma*"),
    (OLLAMA, "*gemma*"),
    (OLLAMA, "qwen*"),
    (OLLAMA, "deepseek*"),
    (OLLAMA, "mistral*"),
    (OLLAMA, "phi*"),
    (OLLAMA, "kimi*"),
    (OLLAMA, "glm*"),
    (OLLAMA, "minimax*"),
    (OLLAMA, "aya*"),
    (OLLAMA, "granite*"),
]


def table() -> KnownModels:
    return load_default(load_db())


def raw_table() -> dict[str, Any]:
    raw = yaml.safe_load((data_dir("license_db") / KNOWN_MODELS_FILE).read_text(encoding="utf-8"))
    assert isinstance(raw, dict)
    return raw


def rules(ecosystem: str) -> list[KnownModel]:
    return [rule for rule in table().rules if rule.ecosystem == ecosystem]


def test_every_license_the_table_names_is_in_the_db() -> None:
    db = load_db()
    named = {rule["license"] for eco in (HF, OLLAMA) for rule in raw_table()[eco]}
    missing = sorted(key for key in named if db.get(key) is None)
    assert not missing, f"license_db lacks: {missing}"


def test_the_table_covers_both_ecosystems() -> None:
    assert len(rules(HF)) >= 150
    assert len(rules(OLLAMA)) >= 60


@pytest.mark.parametrize(
    ("ecosystem", "name", "key", "unverified", "multimodal"),
    EXPECTED,
    ids=[f"{eco}:{name}" for eco, name, *_ in EXPECTED],
)
def test_known_ids_get_their_license(
    ecosystem: str, name: str, key: str, unverified: bool, multimodal: bool
) -> None:
    rule = table().match(ecosystem, name)
    assert rule is not None, name
    assert (rule.license, rule.unverified, rule.multimodal) == (key, unverified, multimodal), (
        rule.pattern
    )


@pytest.mark.parametrize(("ecosystem", "name"), UNMATCHED, ids=[n for _, n in UNMATCHED])
def test_ids_outside_every_family_match_nothing(ecosystem: str, name: str) -> None:
    rule = table().match(ecosystem, name)
    assert rule is None, rule.pattern


def test_matching_ignores_case() -> None:
    upper = table().match(HF, "QWEN/QWEN2.5-72B-INSTRUCT")
    assert upper is not None
    assert upper.license == "qwen-2024"


def test_no_rule_is_shadowed_by_an_earlier_one() -> None:
    # A rule whose own pattern an earlier rule matches can never win: it is dead data.
    shadowed = [
        f"{rule.ecosystem}: {rule.pattern!r} is caught first by {earlier.pattern!r}"
        for eco in (HF, OLLAMA)
        for index, rule in enumerate(rules(eco))
        for earlier in rules(eco)[:index]
        if earlier.matches(rule.pattern)
    ]
    assert not shadowed, "\n".join(shadowed)


def test_the_shadow_check_catches_a_general_rule_placed_first() -> None:
    # The check above uses a pattern as its own sample; make sure that can fail.
    general, specific = "Qwen/*", "Qwen/Qwen2.5-72B*"
    assert fnmatch.fnmatch(specific.lower(), general.lower())
    assert not fnmatch.fnmatch(general.lower(), specific.lower())


@pytest.mark.parametrize(("ecosystem", "pattern"), CATCH_ALLS, ids=[p for _, p in CATCH_ALLS])
def test_family_catch_alls_are_unverified(ecosystem: str, pattern: str) -> None:
    found = [rule for rule in rules(ecosystem) if rule.pattern == pattern]
    assert len(found) == 1, pattern
    assert found[0].unverified
    assert found[0].note


def test_organisation_wide_patterns_are_unverified() -> None:
    wide = [rule for rule in rules(HF) if rule.pattern.endswith("/*")]
    assert wide
    assert [rule.pattern for rule in wide if not rule.unverified] == []


def test_verified_rules_cite_where_the_mapping_is_stated() -> None:
    uncited = [
        rule.pattern
        for rule in table().rules
        if not rule.unverified and not (rule.source or "").startswith("https://")
    ]
    assert not uncited


def test_reuploads_come_after_every_publisher_rule() -> None:
    hub = rules(HF)
    reuploads = [index for index, rule in enumerate(hub) if rule.pattern.startswith("*/")]
    publishers = [index for index, rule in enumerate(hub) if not rule.pattern.startswith("*")]
    assert reuploads
    assert min(reuploads) > max(publishers)
    assert all(hub[index].unverified for index in reuploads)


def test_multimodal_is_flagged_only_where_the_license_singles_it_out() -> None:
    flagged = {rule.license for rule in table().rules if rule.multimodal}
    assert flagged <= MULTIMODAL_LICENSES
    vision = [
        rule
        for rule in table().rules
        if rule.license == "llama3.2" and "vision" in rule.pattern.lower()
    ]
    assert vision
    assert [rule.pattern for rule in vision if not rule.multimodal] == []


def test_a_guess_keeps_the_flags_of_the_release_whose_license_it_assumes() -> None:
    # Llama 4 is natively multimodal: a rule that assumes its license, a family catch-all
    # included, carries the flag, or a newer Llama 4 name would lose the EU clause. Only the
    # text classifiers of Prompt Guard 2 are not multimodal, by their card.
    for ecosystem, name in ((HF, "meta-llama/Llama-4.1-Omni"), (OLLAMA, "llama5-vision")):
        guess = table().match(ecosystem, name)
        assert guess is not None and guess.unverified and guess.multimodal, name
    unflagged = [
        rule.pattern for rule in table().rules if rule.license == "llama4" and not rule.multimodal
    ]
    assert unflagged == ["meta-llama/Llama-Prompt-Guard-2-*"]


@pytest.mark.parametrize(
    ("ecosystem", "name"),
    [
        (HF, "google/medgemma-1.5-4b-it"),
        (HF, "google/txgemma-27b-chat"),
        (HF, "bartowski/google_medgemma-27b-it-GGUF"),
        (HF, "unsloth/txgemma-2b-predict"),
        (OLLAMA, "medgemma"),
        (OLLAMA, "hf.co/unsloth/medgemma-4b-it-GGUF"),
    ],
)
def test_no_gemma_catch_all_takes_a_health_model(ecosystem: str, name: str) -> None:
    # MedGemma and TxGemma are built on Gemma but carry the Health AI Developer Foundations
    # terms: a Gemma catch-all giving them the Gemma terms would be a wrong answer.
    rule = table().match(ecosystem, name)
    assert rule is not None and rule.license == "hai-def", rule and rule.pattern
