"""Values that reach a model call through more than one name: tuples, loops, lookups, narrowing,
parametrized tests, and lists of models the code picks from."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from aibom.core.model import Role
from aibom.discover.base import Detector, Sink
from aibom.discover.python import DETECTOR
from tests.conftest import names

Detect = Callable[[Detector, str, str | bytes], Sink]


def deps(detect: Detect, code: str) -> set[str]:
    sink = detect(DETECTOR, "app.py", textwrap.dedent(code))
    return names([r for r in sink.refs if r.role is Role.DEPENDENCY])


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param(
            """
            encoder, decoder = "acme/enc-1b", "acme/dec-1b"
            AutoModel.from_pretrained(encoder)
            AutoModel.from_pretrained(decoder)
            """,
            {"huggingface:acme/enc-1b", "huggingface:acme/dec-1b"},
            id="tuple-assignment",
        ),
        pytest.param(
            """
            def load():
                first, second = ("acme/a-2b", "acme/b-2b")
                return AutoModel.from_pretrained(second)
            """,
            {"huggingface:acme/b-2b"},
            id="tuple-assignment-in-a-function",
        ),
        pytest.param(
            """
            CHECKPOINTS = ["acme/x-1b", "acme/y-1b"]
            for name in CHECKPOINTS:
                AutoTokenizer.from_pretrained(name)
            """,
            {"huggingface:acme/x-1b", "huggingface:acme/y-1b"},
            id="loop-over-a-named-list",
        ),
        pytest.param(
            """
            PAIRS = {"small": "acme/s-1b", "large": "acme/l-9b"}
            for size, repo in PAIRS.items():
                AutoModel.from_pretrained(repo)
            for repo in PAIRS.values():
                AutoTokenizer.from_pretrained(repo)
            """,
            {"huggingface:acme/s-1b", "huggingface:acme/l-9b"},
            id="loop-over-dict-items-and-values",
        ),
        pytest.param(
            """
            for org, name in [("acme", "p-1b"), ("beta", "q-1b")]:
                AutoModel.from_pretrained(f"{org}/{name}")
            """,
            {"huggingface:acme/p-1b", "huggingface:beta/q-1b"},
            id="loop-rows-keep-their-pairs",
        ),
        pytest.param(
            """
            for i, repo in enumerate(("acme/e-1b",)):
                AutoModel.from_pretrained(repo)
            """,
            {"huggingface:acme/e-1b"},
            id="enumerate",
        ),
        pytest.param(
            """
            from langchain_openai import ChatOpenAI
            def chat(llm_name):
                if llm_name in ["gpt-4o", "gpt-4o-mini"]:
                    return ChatOpenAI(model=llm_name)
                elif llm_name == "o3-mini":
                    return ChatOpenAI(model=llm_name)
            """,
            {
                "api-service:openai/gpt-4o",
                "api-service:openai/gpt-4o-mini",
                "api-service:openai/o3-mini",
            },
            id="membership-and-equality-narrowing",
        ),
        pytest.param(
            """
            from dataclasses import dataclass, field
            @dataclass
            class Presets:
                FAST: list = field(default_factory=lambda: ["acme/fast-1b", "acme/faster-1b"])
            class Loader:
                def check(self):
                    if self.model in Presets().FAST:
                        self.kind = "fast"
            """,
            {"huggingface:acme/fast-1b", "huggingface:acme/faster-1b"},
            id="membership-list-of-a-preset-class",
        ),
        pytest.param(
            """
            REGISTRY = {"chat": "acme/chat-7b", "code": "acme/code-7b"}
            AutoModel.from_pretrained(REGISTRY["code"])
            AutoTokenizer.from_pretrained(REGISTRY.get("chat"))
            """,
            {"huggingface:acme/code-7b", "huggingface:acme/chat-7b"},
            id="lookups-with-literal-keys",
        ),
        pytest.param(
            """
            REGISTRY = {"chat": "acme/chat-7b", "code": "acme/code-7b"}
            def load(kind):
                return AutoModel.from_pretrained(REGISTRY[kind])
            """,
            {"huggingface:acme/chat-7b", "huggingface:acme/code-7b"},
            id="a-lookup-the-call-picks-from",
        ),
        pytest.param(
            """
            def fetch(name):
                repos = {"dev": "acme/dev-onnx", "fast": "acme/fast-onnx"}
                repo_id = repos[name]
                hf_hub_download(repo_id=repo_id, filename="model.onnx")
            """,
            {"huggingface:acme/dev-onnx", "huggingface:acme/fast-onnx"},
            id="a-lookup-through-a-variable",
        ),
        pytest.param(
            """
            MODEL_ID = "us.anthropic.claude-3-haiku-20240307-v1:0"
            client.converse(modelId="global." + MODEL_ID[3:], messages=[])
            """,
            {
                "api-service:aws-bedrock/us.anthropic.claude-3-haiku-20240307-v1:0",
                "api-service:aws-bedrock/global.anthropic.claude-3-haiku-20240307-v1:0",
            },
            id="slices",
        ),
        pytest.param(
            """
            AutoModel.from_pretrained("/".join(["acme", "joined-1b"]))
            """,
            {"huggingface:acme/joined-1b"},
            id="join",
        ),
    ],
)
def test_values_reach_calls(detect: Detect, code: str, expected: set[str]) -> None:
    assert deps(detect, code) == expected


def test_parametrized_tests_feed_their_parameters(detect: Detect) -> None:
    code = """
        import pytest

        @pytest.mark.parametrize("model_id", ["acme/t1-1b", pytest.param("acme/t2-1b")])
        def test_load(model_id):
            AutoModel.from_pretrained(model_id)

        @pytest.mark.parametrize(
            "repo,revision",
            [("acme/t3-1b", "main"), ("acme/t4-1b", "v2")],
        )
        @pytest.mark.parametrize("dtype", ["fp16"])
        def test_pinned(repo, revision, dtype):
            AutoModel.from_pretrained(repo, revision=revision)
        """
    assert deps(detect, code) == {
        "huggingface:acme/t1-1b",
        "huggingface:acme/t2-1b",
        "huggingface:acme/t3-1b",
        "huggingface:acme/t4-1b",
    }


def test_lists_under_plural_model_names_count_only_when_read(detect: Detect) -> None:
    code = """
        EMBEDDING_MODELS = ["acme/emb-1b", "acme/emb-2b"]
        fourbit_models = ["acme/menu-1b", "acme/menu-2b"]  # a menu nobody reads
        choices.extend(EMBEDDING_MODELS)
        """
    assert deps(detect, code) == {"huggingface:acme/emb-1b", "huggingface:acme/emb-2b"}


def test_derived_lists_are_not_model_lists(detect: Detect) -> None:
    code = """
        CONFIGS = {"acme/cfg-1b-sharded": {"model_id": "acme/cfg-1b"}}
        models = list(CONFIGS.keys())
        run(models)
        """
    assert deps(detect, code) == {"huggingface:acme/cfg-1b"}


def test_bounded_loops_fall_back_to_reading_once(detect: Detect) -> None:
    many = ", ".join(f'"acme/m{k}-1b"' for k in range(100))
    code = f"for name in [{many}]:\n    AutoModel.from_pretrained(name)\n"
    sink = detect(DETECTOR, "app.py", code)
    assert sink.refs == [] and [u.expression for u in sink.unresolved] == ["name"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param(
            """
            AutoModel.from_pretrained("acme/big-7b" if large else "acme/small-1b")
            """,
            {"huggingface:acme/big-7b", "huggingface:acme/small-1b"},
            id="a-loader-argument",
        ),
        pytest.param(
            """
            client.chat.completions.create(model=DEPLOYMENT if AZURE else "gpt-4o", messages=[])
            """,
            {"api-service:openai/gpt-4o"},
            id="a-model-keyword-with-one-arm-unknown",
        ),
        pytest.param(
            """
            embedding_model = os.environ["EMBED"] if cloud else "acme/embed-small"
            """,
            {"huggingface:acme/embed-small"},
            id="an-assignment-under-a-model-name",
        ),
        pytest.param(
            """
            CHECKPOINT = "acme/gpu-13b" if torch.cuda.is_available() else "acme/cpu-1b"
            def load():
                return AutoModel.from_pretrained(CHECKPOINT)
            """,
            {"huggingface:acme/gpu-13b", "huggingface:acme/cpu-1b"},
            id="a-module-constant-read-by-a-loader",
        ),
        pytest.param(
            """
            def load(fast):
                repo = "acme/fast-1b" if fast else ("acme/medium-3b" if medium else "acme/slow-7b")
                return AutoTokenizer.from_pretrained(repo)
            """,
            {"huggingface:acme/fast-1b", "huggingface:acme/medium-3b", "huggingface:acme/slow-7b"},
            id="nested-arms-in-a-function",
        ),
        pytest.param(
            """
            settings = {"model": "gpt-4o-mini" if cheap else "gpt-4o"}
            """,
            {"api-service:openai/gpt-4o-mini", "api-service:openai/gpt-4o"},
            id="a-dict-value",
        ),
        pytest.param(
            """
            from langchain_community.embeddings import BedrockEmbeddings
            def embeddings(model_id=None):
                return (
                    BedrockEmbeddings(model_id=model_id)
                    if model_id
                    else BedrockEmbeddings(model_id="amazon.titan-embed-text-v2:0")
                )
            """,
            {"api-service:aws-bedrock/amazon.titan-embed-text-v2:0"},
            id="a-factory-returning-either-construction",
        ),
        pytest.param(
            """
            label = "acme/not-a-slot-1b" if verbose else "quiet"
            """,
            set(),
            id="not-under-a-model-name",
        ),
    ],
)
def test_both_arms_of_a_conditional_expression(
    detect: Detect, code: str, expected: set[str]
) -> None:
    assert deps(detect, code) == expected


def test_parametrize_over_a_named_list(detect: Detect) -> None:
    code = """
        import pytest

        CHECKPOINTS = ["acme/named-1b", "acme/named-2b"]
        CASES = [
            ("causal", "acme/row-1b", "task-a"),
            ("seq2seq", "acme/row-2b", "task-b"),
        ]

        @pytest.mark.parametrize("checkpoint", CHECKPOINTS)
        def test_strings(checkpoint):
            AutoModel.from_pretrained(checkpoint)

        @pytest.mark.parametrize("kind,model_id,task", CASES)
        def test_rows(kind, model_id, task):
            tokenizer = AutoTokenizer.from_pretrained(model_id)
        """
    assert deps(detect, code) == {
        "huggingface:acme/named-1b",
        "huggingface:acme/named-2b",
        "huggingface:acme/row-1b",
        "huggingface:acme/row-2b",
    }


def test_a_test_class_set_up_feeds_its_tests(detect: Detect) -> None:
    code = """
        import unittest

        class TestLoad(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                cls.repo = "acme/fixture-1b"

            def setUp(self):
                try:
                    self.tiny = "acme/tiny-random"
                except ImportError:
                    pass

            def test_load(self):
                AutoModel.from_pretrained(self.repo)
                AutoTokenizer.from_pretrained(self.tiny)

        class Other:
            def __init__(self):
                self.label = "acme/not-read-1b"
        """
    assert deps(detect, code) == {"huggingface:acme/fixture-1b", "huggingface:acme/tiny-random"}


def test_pretrained_keyword_of_an_evaluation_wrapper(detect: Detect) -> None:
    code = """
        import pytest
        from lm_eval.models.huggingface import HFLM

        class TestHarness:
            @classmethod
            def setup_class(cls):
                cls.LM = HFLM(pretrained="acme/eval-160m", batch_size=1)

        model = timm.create_model("resnet50", pretrained=True)
        backbone = build_backbone(pretrained="imagenet")
        detector = Detector(pretrained="torchvision://resnet50")
        """
    assert deps(detect, code) == {"huggingface:acme/eval-160m"}
