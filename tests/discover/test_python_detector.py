"""The Python detector on real source: calls, constant flow, clients, and what is not a model."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from aibom.core.model import Confidence, Role
from aibom.discover.base import Detector, Sink
from aibom.discover.python import DETECTOR
from tests.conftest import names

Detect = Callable[[Detector, str, str | bytes], Sink]


def run(detect: Detect, code: str) -> Sink:
    return detect(DETECTOR, "app.py", textwrap.dedent(code))


def deps(sink: Sink) -> set[str]:
    return names([r for r in sink.refs if r.role is Role.DEPENDENCY])


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('AutoModel.from_pretrained("bert-base-uncased")', "huggingface:bert-base-uncased"),
        (
            'AutoModel.from_pretrained(pretrained_model_name_or_path="org1/m1")',
            "huggingface:org1/m1",
        ),
        (
            'from transformers import pipeline\npipeline("ner", model="dslim/bert-base-NER")',
            "huggingface:dslim/bert-base-NER",
        ),
        (
            'from transformers import pipeline\npipeline("ner", "dslim/bert-base-NER")',
            "huggingface:dslim/bert-base-NER",
        ),
        (
            'hf_hub_download(repo_id="TheBloke/Llama-2-7B-GGUF", filename="x.gguf")',
            "huggingface:TheBloke/Llama-2-7B-GGUF",
        ),
        ('snapshot_download("Qwen/Qwen2.5-0.5B")', "huggingface:Qwen/Qwen2.5-0.5B"),
        (
            'SentenceTransformer("all-mpnet-base-v2")',
            "huggingface:sentence-transformers/all-mpnet-base-v2",
        ),
        (
            'CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")',
            "huggingface:cross-encoder/ms-marco-MiniLM-L-6-v2",
        ),
        (
            'from vllm import LLM\nLLM(model="mistralai/Mistral-7B-Instruct-v0.3")',
            "huggingface:mistralai/Mistral-7B-Instruct-v0.3",
        ),
        (
            "from diffusers import StableDiffusionXLPipeline\n"
            'StableDiffusionXLPipeline.from_pretrained("stabilityai/stable-diffusion-xl-base-1.0")',
            "huggingface:stabilityai/stable-diffusion-xl-base-1.0",
        ),
        (
            'InferenceClient(model="HuggingFaceH4/zephyr-7b-beta")',
            "huggingface:HuggingFaceH4/zephyr-7b-beta",
        ),
        ('import ollama\nollama.chat(model="llama3.2:3b", messages=[])', "ollama:llama3.2:3b"),
        ('import ollama\nollama.pull("nomic-embed-text")', "ollama:nomic-embed-text"),
        ('ChatOllama(model="mistral")', "ollama:mistral"),
        (
            "from openai import OpenAI\nc = OpenAI()\n"
            'c.chat.completions.create(model="gpt-4o-mini")',
            "api-service:openai/gpt-4o-mini",
        ),
        (
            "import anthropic\nc = anthropic.Anthropic()\n"
            'c.messages.create(model="claude-3-5-haiku-latest")',
            "api-service:anthropic/claude-3-5-haiku-latest",
        ),
        (
            'import google.generativeai as genai\ngenai.GenerativeModel("gemini-1.5-flash")',
            "api-service:google/gemini-1.5-flash",
        ),
        ('import litellm\nlitellm.completion(model="ollama/llama3", messages=[])', "ollama:llama3"),
        (
            "from unsloth import FastLanguageModel\n"
            'FastLanguageModel.from_pretrained(model_name="unsloth/llama-3-8b-bnb-4bit")',
            "huggingface:unsloth/llama-3-8b-bnb-4bit",
        ),
        (
            "from llama_cpp import Llama\n"
            'Llama.from_pretrained(repo_id="Qwen/Qwen2-0.5B-Instruct-GGUF", '
            'filename="*q8_0.gguf")',
            "huggingface:Qwen/Qwen2-0.5B-Instruct-GGUF",
        ),
        (
            'from llama_cpp import Llama\nLlama(model_path="./models/mistral-7b.Q4_K_M.gguf")',
            "local-file:models/mistral-7b.Q4_K_M.gguf",
        ),
        (
            'from langchain_openai import ChatOpenAI\nChatOpenAI(model="gpt-4o")',
            "api-service:openai/gpt-4o",
        ),
        (
            'from crewai import LLM\nLLM(model="anthropic/claude-3-5-sonnet-20241022")',
            "api-service:anthropic/claude-3-5-sonnet-20241022",
        ),
        ('from pydantic_ai import Agent\nAgent("openai:gpt-4o")', "api-service:openai/gpt-4o"),
        ('config_list = [{"model": "gpt-4", "api_key": "x"}]', "api-service:openai/gpt-4"),
        ('import dspy\ndspy.LM("openai/gpt-4o-mini")', "api-service:openai/gpt-4o-mini"),
    ],
)
def test_call_shapes(detect: Detect, code: str, expected: str) -> None:
    assert deps(run(detect, code)) == {expected}


def test_peft_adapter_is_the_second_argument(detect: Detect) -> None:
    sink = run(
        detect,
        """
        from peft import PeftModel
        from transformers import AutoModelForCausalLM
        base = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf")
        model = PeftModel.from_pretrained(base, "timdettmers/guanaco-7b")
    """,
    )
    assert deps(sink) == {
        "huggingface:meta-llama/Llama-2-7b-hf",
        "huggingface:timdettmers/guanaco-7b",
    }
    assert [u.expression for u in sink.unresolved] == []


def test_constant_flow(detect: Detect) -> None:
    sink = run(
        detect,
        """
        import argparse, os
        from dataclasses import dataclass, field
        ORG = "meta-llama"
        NAME = ORG + "/Llama-3.2-1B"
        EMB = os.getenv("EMB", "BAAI/bge-m3")

        @dataclass
        class ModelArguments:
            model_name_or_path: str = field(default="Qwen/Qwen2.5-1.5B")

        class Settings:
            DRAFT = f"{ORG}/Llama-3.2-1B-Instruct"

        def load(checkpoint="google/gemma-2-2b"):
            return AutoModel.from_pretrained(checkpoint)

        parser = argparse.ArgumentParser()
        parser.add_argument("--teacher", default="microsoft/phi-2")
        args = parser.parse_args()
        AutoTokenizer.from_pretrained(NAME)
        SentenceTransformer(EMB)
        AutoModel.from_pretrained(Settings.DRAFT)
        AutoModel.from_pretrained(args.teacher)
        AutoModel.from_pretrained("{}/{}".format(ORG, "Llama-Guard-3-1B"))
    """,
    )
    assert deps(sink) == {
        "huggingface:meta-llama/Llama-3.2-1B",
        "huggingface:BAAI/bge-m3",
        "huggingface:Qwen/Qwen2.5-1.5B",
        "huggingface:meta-llama/Llama-3.2-1B-Instruct",
        "huggingface:google/gemma-2-2b",
        "huggingface:microsoft/phi-2",
        "huggingface:meta-llama/Llama-Guard-3-1B",
    }
    through_flow = [r for r in sink.refs if r.raw == "microsoft/phi-2"]
    assert through_flow and all(r.evidence.confidence is Confidence.MEDIUM for r in through_flow)


def test_revision_is_captured(detect: Detect) -> None:
    sink = run(detect, 'AutoModel.from_pretrained("org9/m9", revision="4f8e3a1")\n')
    assert [(r.name, r.revision) for r in sink.refs] == [("org9/m9", "4f8e3a1")]


def test_unresolvable_value_is_kept_with_low_confidence(detect: Detect) -> None:
    sink = run(detect, "import sys\nAutoModel.from_pretrained(sys.argv[1])\n")
    assert sink.refs == []
    assert [(u.expression, u.evidence.line, u.evidence.confidence) for u in sink.unresolved] == [
        ("sys.argv[1]", 2, Confidence.LOW)
    ]


def test_evidence_points_at_the_argument(detect: Detect) -> None:
    sink = run(detect, 'x = 1\nm = AutoModel.from_pretrained(\n    "org2/m2",\n)\n')
    (ref,) = sink.refs
    assert (ref.evidence.line, ref.evidence.column, ref.evidence.detector) == (3, 5, "python")


def test_outputs_are_not_dependencies(detect: Detect) -> None:
    sink = run(
        detect,
        """
        args = TrainingArguments(output_dir="out", hub_model_id="acme/tuned-model")
        model.push_to_hub("acme/other-tuned")
    """,
    )
    assert deps(sink) == set()
    assert {r.name for r in sink.refs if r.role is Role.OUTPUT} == {
        "acme/tuned-model",
        "acme/other-tuned",
    }


@pytest.mark.parametrize(
    "code",
    [
        '# AutoModel.from_pretrained("org3/in-a-comment")\n',
        'def f():\n    """Load with AutoModel.from_pretrained("org3/in-a-docstring")."""\n',
        'load_dataset("HuggingFaceH4/ultrachat_200k")\n',
        'hf_hub_download(repo_id="org4/some-dataset", filename="a.csv", repo_type="dataset")\n',
        'AutoModel.from_pretrained("<your-model-id>")\n',
        'AutoModel.from_pretrained("path/to/model")\n',
        "trainer = Trainer(model=model, args=args)\n",
        'open("configs/train.yaml")\n',
    ],
)
def test_not_models(detect: Detect, code: str) -> None:
    assert deps(run(detect, code)) == set()


def test_openai_compatible_server_with_hub_model(detect: Detect) -> None:
    sink = run(
        detect,
        """
        from openai import OpenAI
        client = OpenAI(base_url="http://localhost:8000/v1")
        client.chat.completions.create(model="Qwen/Qwen2.5-7B-Instruct", messages=[])
    """,
    )
    assert deps(sink) == {"huggingface:Qwen/Qwen2.5-7B-Instruct"}


def test_syntax_error_is_noted_not_raised(detect: Detect) -> None:
    sink = run(detect, "def broken(:\n    AutoModel.from_pretrained('org5/m5')\n")
    assert sink.refs == []
    assert sink.skipped and "not parsable as Python" in sink.skipped[0].reason


def test_non_utf8_is_noted(detect: Detect) -> None:
    sink = detect(
        DETECTOR,
        "latin.py",
        'name = "caf\xe9"\nAutoModel.from_pretrained(name)\n'.encode("latin-1"),
    )
    assert [s.reason for s in sink.skipped] == ["not UTF-8"]


def test_trigger_skips_files_without_model_words() -> None:
    assert DETECTOR.trigger is not None
    assert DETECTOR.trigger.search(b"import os\nprint('hello')\n") is None
    assert DETECTOR.trigger.search(b"x.from_pretrained('a/b')") is not None


def test_transformer_lens_aliases_are_left_out(detect: Detect) -> None:
    code = """
        from transformer_lens import HookedTransformer
        a = HookedTransformer.from_pretrained("pythia-70m")
        b = HookedTransformer.from_pretrained_no_processing("gpt2-small")
        c = HookedTransformer.from_pretrained("acme/lens-1b")
        d = HookedTransformer.from_pretrained("gpt2")
        e = AutoModelForCausalLM.from_pretrained("acme-v2-70m")
        """
    assert deps(run(detect, code)) == {
        "huggingface:acme/lens-1b",
        "huggingface:gpt2",
        "huggingface:acme-v2-70m",
    }


def test_a_local_server_named_through_a_litellm_openai_route(detect: Detect) -> None:
    code = """
        import litellm
        litellm.completion(model="openai/gpt-4-turbo", api_base="http://localhost:8000/v1")
        from openai import OpenAI
        client = OpenAI(base_url="http://127.0.0.1:8080/v1")
        client.chat.completions.create(model="openai/acme/served-7b", messages=[])
        client.chat.completions.create(model="openai/local-alias", messages=[])
        """
    assert deps(run(detect, code)) == {"huggingface:acme/served-7b"}
