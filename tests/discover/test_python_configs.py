"""Loaders that take their model in a settings dict, a spread dict or a ``path`` argument:
txtai's pipelines and embeddings, and any rule's keywords given through ``**settings``."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from aibom.core.model import Role
from aibom.discover.base import Detector, Sink
from aibom.discover.python import DETECTOR
from tests.conftest import names, run_detector

Detect = Callable[[Detector, str, str | bytes], Sink]


def deps(detect: Detect, code: str) -> set[str]:
    sink = detect(DETECTOR, "app.py", textwrap.dedent(code))
    return names([r for r in sink.refs if r.role is Role.DEPENDENCY])


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param(
            """
            from txtai import Embeddings
            a = Embeddings(path="acme/embed-base")
            b = Embeddings(content=True, path="acme/embed-large", maxlength=512)
            """,
            {"huggingface:acme/embed-base", "huggingface:acme/embed-large"},
            id="embeddings-path-keyword",
        ),
        pytest.param(
            """
            from txtai.embeddings import Embeddings
            Embeddings({"path": "acme/embed-dict"})
            SETTINGS = {"path": "acme/embed-constant", "content": True}
            Embeddings(SETTINGS)
            Embeddings(config={"path": "acme/embed-config"})
            """,
            {
                "huggingface:acme/embed-dict",
                "huggingface:acme/embed-constant",
                "huggingface:acme/embed-config",
            },
            id="embeddings-settings-dict",
        ),
        pytest.param(
            """
            from txtai import Embeddings
            Embeddings({"method": "sentence-transformers", "path": "all-acme-small-v1"})
            Embeddings(method="sentence-transformers", path="acme-clip-v2")
            Embeddings({"method": "transformers", "path": "all-acme-bare"})
            """,
            {
                "huggingface:sentence-transformers/all-acme-small-v1",
                "huggingface:sentence-transformers/acme-clip-v2",
            },
            id="a-method-naming-the-library-reads-bare-names-its-way",
        ),
        pytest.param(
            """
            from txtai.pipeline import Summary, Translation, Transcription, TextToSpeech, Labels
            Summary("acme/summarise-6-6")
            Translation("t5-small", findmodels=False)
            Transcription(path="acme/whisper-tiny")
            TextToSpeech("acme/tts-onnx")
            Labels()
            """,
            {
                "huggingface:acme/summarise-6-6",
                "huggingface:t5-small",
                "huggingface:acme/whisper-tiny",
                "huggingface:acme/tts-onnx",
            },
            id="pipelines-take-path-first",
        ),
        pytest.param(
            """
            from txtai import RAG, LLM, Embeddings
            embeddings = Embeddings()
            rag = RAG(embeddings, "acme/chat-0.6b", template=template, output="reference")
            llm = LLM("acme/chat-4b")
            api = LLM("gpt-4o-mini")
            routed = LLM(path="ollama/llama3.1")
            """,
            {
                "huggingface:acme/chat-0.6b",
                "huggingface:acme/chat-4b",
                "api-service:openai/gpt-4o-mini",
                "ollama:llama3.1",
            },
            id="rag-second-and-llm-routes",
        ),
        pytest.param(
            """
            from txtai.pipeline import HFTrainer, HFOnnx
            trainer = HFTrainer()
            model, tokenizer = trainer("acme/bert-tiny-base", data, columns=("text", "label"))
            onnx = HFOnnx()("acme/classifier-small", task="text-classification")
            """,
            {"huggingface:acme/bert-tiny-base", "huggingface:acme/classifier-small"},
            id="calling-a-trainer-object",
        ),
        pytest.param(
            """
            from txtai import Embeddings
            embeddings = Embeddings({"method": "sentence-transformers", "path": "clip-acme-B"})
            embeddings.config["path"] = "acme/clip-multilingual"
            embeddings.model = embeddings.loadvectors()
            other = {}
            other["path"] = "acme/not-a-loader"
            """,
            {
                "huggingface:sentence-transformers/clip-acme-B",
                "huggingface:acme/clip-multilingual",
            },
            id="a-loader-object-settings-key",
        ),
        pytest.param(
            """
            from txtai import LLM, Embeddings
            LLM(path="acme/chat-GGUF/chat-Q4_K_M.gguf")
            Embeddings(path="acme/embed-GGUF/embed-Q8_0.gguf", content=True)
            LLM(path="models/chat-7b/chat-Q4_K_M.gguf")
            LLM(path="./acme/chat/local.gguf")
            LLM(path="acme/chat-GGUF/README.md")
            """,
            {
                "huggingface:acme/chat-GGUF",
                "huggingface:acme/embed-GGUF",
                "local-file:models/chat-7b/chat-Q4_K_M.gguf",
                "local-file:acme/chat/local.gguf",
            },
            id="a-file-of-a-hub-repository",
        ),
        pytest.param(
            """
            from txtai import LLM, Embeddings
            LLM(path="openai/gpt-4-turbo", api_base="http://localhost:8001/v1")
            Embeddings(path="openai/gpt-4-turbo", vectors={"api_base": "http://localhost:8000/v1"})
            """,
            set(),
            id="a-local-server-alias",
        ),
    ],
)
def test_txtai(detect: Detect, code: str, expected: set[str]) -> None:
    assert deps(detect, code) == expected


def test_generic_class_names_need_txtai(detect: Detect) -> None:
    code = """
        from myapp.text import Summary, Labels, Embeddings
        Summary("acme/not-txtai-1b")
        Labels("acme/not-txtai-2b")
        Embeddings({"path": "acme/not-txtai-3b"})
        trainer = Trainer()
        trainer("acme/not-a-base-1b")
        from txtai.pipeline import HFTrainer
        runner = HFTrainer()
        runner = Runner()
        runner("acme/not-a-base-2b")
        """
    assert deps(detect, code) == set()


def test_a_repository_file_the_tree_holds_is_local(tmp_path: Path) -> None:
    code = 'from txtai import LLM\nLLM(path="acme/chat/weights.gguf")\n'
    files: dict[str, str | bytes] = {"app.py": code, "acme/chat/weights.gguf": b"GGUF"}
    sink = run_detector(DETECTOR, tmp_path, "app.py", files)
    assert names(sink.refs) == {"local-file:acme/chat/weights.gguf"}


def test_settings_spread_into_a_loader(detect: Detect) -> None:
    code = """
        from langchain_groq import ChatGroq
        SETTINGS = {"model": "acme-chat-8b-instant", "temperature": 0}
        llm = ChatGroq(**SETTINGS)
        from transformers import AutoModel
        LOAD = {"pretrained_model_name_or_path": "acme/spread-1b", "trust_remote_code": True}
        AutoModel.from_pretrained(**LOAD)
        """
    assert deps(detect, code) == {
        "api-service:groq/acme-chat-8b-instant",
        "huggingface:acme/spread-1b",
    }


def test_a_settings_dict_passed_to_a_known_loader(detect: Detect) -> None:
    code = """
        from sentence_transformers import SentenceTransformer
        OPTIONS = {"model_name_or_path": "acme/st-base", "device": "cpu"}
        SentenceTransformer(OPTIONS)
        SentenceTransformer({"device": "cpu"})
        """
    sink = detect(DETECTOR, "app.py", textwrap.dedent(code))
    assert names(sink.refs) == {"huggingface:acme/st-base"}
    assert sink.unresolved == []  # a settings dict without a model: the loader's default


def test_an_exported_model_loaded_back_is_the_project_s_own(detect: Detect) -> None:
    code = """
        from txtai.pipeline import HFOnnx
        from txtai import Embeddings
        onnx = HFOnnx()
        onnx("acme/minilm-base", "pooling", "vectors.onnx", quantize=True)
        onnx("acme/classifier-base", task="text-classification", output="labels.onnx")
        Embeddings({"path": "vectors.onnx", "tokenizer": "acme/minilm-base"})
        Embeddings(path="labels.onnx")
        """
    assert deps(detect, code) == {
        "huggingface:acme/minilm-base",
        "huggingface:acme/classifier-base",
    }
