"""Who serves a model: the enclosing config section, the key's own name, the client's server."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable

import pytest

from aibom.core.model import Role
from aibom.discover.base import Detector, Sink
from aibom.discover.config import DETECTOR as CONFIG
from aibom.discover.infra import DETECTOR as INFRA
from aibom.discover.python import DETECTOR as PYTHON
from tests.conftest import names

Detect = Callable[[Detector, str, str | bytes], Sink]


def found(detect: Detect, detector: Detector, path: str, text: str) -> set[str]:
    sink = detect(detector, path, textwrap.dedent(text))
    return names([r for r in sink.refs if r.role is Role.DEPENDENCY])


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param(
            "settings.yaml",
            """\
            ollama:
              llm_model: llama3.1
              embedding_model: nomic-embed-text
            gemini:
              embedding_model: models/embedding-001
            azure_openai:
              chat:
                deployment_name: gpt-4o
            """,
            {
                "ollama:llama3.1",
                "ollama:nomic-embed-text",
                "api-service:google/embedding-001",
                "api-service:azure/gpt-4o",
            },
            id="yaml-sections",
        ),
        pytest.param(
            ".env",
            "AZURE_OPENAI_MODEL_NAME=gpt-35-turbo-16k\nOPENAI_MODEL=llama3\nOLLAMA_MODEL=phi3\n",
            {"api-service:azure/gpt-35-turbo-16k", "ollama:phi3"},
            id="env-key-names",
        ),
        pytest.param(
            "values.yaml",
            """\
            servingEngineSpec:
              modelSpec:
                - name: chat
                  repository: vllm/vllm-openai
                  modelURL: acme/helm-8b
            loraAdapters:
              - adapterSource:
                  type: huggingface
                  repository: acme/adapter-8b
            """,
            {"huggingface:acme/helm-8b", "huggingface:acme/adapter-8b"},
            id="helm-values-keys",
        ),
        pytest.param(
            "model.json",
            """\
            {"model_parameters": {"model_name": "openai/acme/routed-32b",
              "provider": "openai", "base_url": "https://router.example/v1"}}
            """,
            {"huggingface:acme/routed-32b"},
            id="openai-route-to-a-hub-model",
        ),
        pytest.param(
            "deploy.json",
            """\
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              // comments are allowed in ARM templates
              "parameters": {
                "OpenAIModelName": {"type": "string", "defaultValue": "gpt-35-turbo"},
              }
            }
            """,
            {"api-service:azure/gpt-35-turbo"},
            id="arm-template-default-with-comments",
        ),
        pytest.param(
            "eval.yaml",
            "task:\n  hf_repo: acme/dataset-one\n  hf_subset: main\n  evaluation_splits: [test]\n",
            set(),
            id="a-repository-beside-dataset-keys-is-a-dataset",
        ),
    ],
)
def test_config_providers(detect: Detect, path: str, text: str, expected: set[str]) -> None:
    assert found(detect, CONFIG, path, text) == expected


def test_infrastructure_templates(detect: Detect) -> None:
    bicep = """\
        param openAIModelName string = 'gpt-35-turbo-16k'
        param embeddingModelName string = 'text-embedding-ada-002'
        param location string = 'eastus'
        resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2023-05-01' = {
          properties: {
            model: {
              format: 'OpenAI'
              name: 'gpt-4o'
            }
          }
        }
        """
    assert found(detect, INFRA, "main.bicep", bicep) == {
        "api-service:azure/gpt-35-turbo-16k",
        "api-service:azure/text-embedding-ada-002",
        "api-service:azure/gpt-4o",
    }
    terraform = """\
        resource "azurerm_cognitive_deployment" "chat" {
          model {
            format = "OpenAI"
            name   = "gpt-4o-mini"
          }
        }
        variable "embedding_model" {
          default = "acme/embed-1b"
        }
        """
    assert found(detect, INFRA, "main.tf", terraform) == {
        "api-service:azure/gpt-4o-mini",
        "huggingface:acme/embed-1b",
    }


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param(
            """
            import os
            WATSONX_CONFIG = {
                "generation_model": os.getenv("WATSONX_CHAT_MODEL", "ibm/granite-13b-chat-v2"),
            }
            OLLAMA_CONFIG = {"generation_model": os.getenv("GENERATION_MODEL", "qwen3:8b")}
            """,
            {"api-service:watsonx/ibm/granite-13b-chat-v2", "ollama:qwen3:8b"},
            id="dict-sections",
        ),
        pytest.param(
            """
            LLM = {"provider": "ollama", "model": "acme/namespaced-model"}
            """,
            {"ollama:acme/namespaced-model"},
            id="sibling-provider-keeps-an-ollama-namespace",
        ),
        pytest.param(
            """
            from transformers import AutoModel
            import litellm
            AutoModel.from_pretrained("databricks/dbrx-instruct")
            litellm.completion(model="databricks/dbrx-instruct", messages=[])
            """,
            {"huggingface:databricks/dbrx-instruct", "api-service:databricks/dbrx-instruct"},
            id="the-call-decides-the-ecosystem",
        ),
        pytest.param(
            """
            from langchain_aws import ChatBedrock
            import boto3
            ChatBedrock(model_id="anthropic.claude-v2")
            boto3.client("bedrock-runtime").invoke_model(modelId="amazon.titan-embed-text-v2:0")
            prefixes = ("amazon.titan", "meta.llama")  # vendor prefixes, not ids
            """,
            {
                "api-service:aws-bedrock/anthropic.claude-v2",
                "api-service:aws-bedrock/amazon.titan-embed-text-v2:0",
            },
            id="bedrock-ids",
        ),
        pytest.param(
            """
            from google import genai
            client = genai.Client()
            MODEL = "models/lyria-realtime-exp"
            client.aio.live.music.connect(model=MODEL)
            GoogleGenerativeAIEmbeddings(model="models/embedding-001")
            """,
            {"api-service:google/lyria-realtime-exp", "api-service:google/embedding-001"},
            id="gemini-resource-names",
        ),
        pytest.param(
            """
            import ollama
            ollama.pull("x/z-image-turbo")
            ollama.chat(model="someone/tuned:q4", messages=[])
            ollama.chat(model="hf.co/acme/chat-1b-GGUF:Q4_K_M", messages=[])
            """,
            {
                "ollama:x/z-image-turbo",
                "ollama:someone/tuned:q4",
                "huggingface:acme/chat-1b-GGUF",
            },
            id="ollama-namespaces-and-hub-pulls",
        ),
        pytest.param(
            """
            from sentence_transformers import SentenceTransformer
            SentenceTransformer("nq-distilbert-base-v1")
            SentenceTransformer("allenai-specter")
            SentenceTransformer("bert-base-uncased")
            """,
            {
                "huggingface:sentence-transformers/nq-distilbert-base-v1",
                "huggingface:sentence-transformers/allenai-specter",
                "huggingface:bert-base-uncased",
            },
            id="bare-sentence-transformers-names",
        ),
    ],
)
def test_python_providers(detect: Detect, code: str, expected: set[str]) -> None:
    assert found(detect, PYTHON, "app.py", code) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param(
            """
            from openai import OpenAI
            client = OpenAI(base_url="http://localhost:8000/v1", api_key="none")
            client.chat.completions.create(model="gpt-3.5-turbo", messages=[])
            client.chat.completions.create(model="acme/served-7b", messages=[])
            """,
            {"huggingface:acme/served-7b"},
            id="a-local-server-serves-aliases-and-hub-ids",
        ),
        pytest.param(
            """
            import openai
            openai.api_base = "http://100.64.1.2:8000/v1"
            openai.Completion.create(model="text-davinci-003", prompt="hi")
            """,
            set(),
            id="module-setting-on-a-private-address",
        ),
        pytest.param(
            """
            from openai import OpenAI
            client = OpenAI(base_url="https://api.groq.com/openai/v1")
            client.chat.completions.create(model="acme/hosted-70b", messages=[])
            """,
            {"api-service:groq/acme/hosted-70b"},
            id="a-hosted-provider-by-its-host",
        ),
        pytest.param(
            """
            import llama_cpp
            llm = llama_cpp.Llama.from_pretrained(repo_id="acme/local-1b-GGUF", filename="*.gguf")
            model = "gpt-3.5-turbo"
            llm.create_chat_completion_openai_v1(model=model, messages=[])
            """,
            {"huggingface:acme/local-1b-GGUF"},
            id="a-local-engine-takes-aliases",
        ),
        pytest.param(
            """
            from openai import OpenAI
            class Sampler:
                def __init__(self, model="gpt-3.5-turbo", base_url="http://localhost:8000/v1"):
                    self.client = OpenAI(base_url=base_url)
                    self.model = model
                def __call__(self, prompt):
                    return self.client.chat.completions.create(model=self.model, messages=[])
            """,
            set(),
            id="a-default-model-for-a-default-local-server",
        ),
        pytest.param(
            """
            from openai import OpenAI
            client = OpenAI(base_url="https://dashscope-intl.aliyuncs.com/compatible-mode/v1")
            client.chat.completions.create(model="qwen-vl-max", messages=[])
            """,
            {"api-service:dashscope/qwen-vl-max"},
            id="a-hosted-provider-by-its-host-dashscope",
        ),
        pytest.param(
            """
            import anthropic
            client = anthropic.Anthropic()
            def judge(model="qwen3.5:4b"):
                if model.startswith("claude-"):
                    client.messages.create(model=model, max_tokens=10, messages=[])
            """,
            {"ollama:qwen3.5:4b"},
            id="a-first-party-client-does-not-serve-other-names",
        ),
        pytest.param(
            """
            import openai
            url = f"{openai.api_base}/openai/deployments/{name}/embeddings"
            version = openai.api_version
            def embed(model_name="text-embedding-ada-002"):
                return openai.Embedding.create(engine=model_name)
            """,
            {"api-service:azure/text-embedding-ada-002"},
            id="a-module-set-up-for-azure",
        ),
        pytest.param(
            """
            from langchain_openai import OpenAIEmbeddings
            from langchain_community.embeddings import BedrockEmbeddings
            embeddings = OpenAIEmbeddings()
            BedrockEmbeddings(model_id="amazon.titan-embed-text-v2:0")
            """,
            {"api-service:aws-bedrock/amazon.titan-embed-text-v2:0"},
            id="a-module-named-like-a-client-variable-is-not-that-client",
        ),
        pytest.param(
            """
            from contextual import ContextualAI
            client = ContextualAI(api_key=KEY)
            model = "acme-rerank-en-v1"
            client.rerank.create(query=q, documents=docs, model=model)
            """,
            {"api-service:contextual/acme-rerank-en-v1"},
            id="a-rerank-call-on-a-contextual-client",
        ),
        pytest.param(
            """
            model = "acme-rerank-en-v1"
            client.rerank.create(query=q, documents=docs, model=model)
            """,
            {"api-service:None/acme-rerank-en-v1"},
            id="an-unknown-client-says-no-provider",
        ),
        pytest.param(
            """
            trainer = Trainer(args=TrainingArguments(output_dir="acme-tuned-3b"))
            trainer.save_model("acme-tuned-3b")
            model = AutoModelForCausalLM.from_pretrained("acme-tuned-3b")
            """,
            set(),
            id="loading-back-what-the-script-saved",
        ),
    ],
)
def test_clients_and_servers(detect: Detect, code: str, expected: set[str]) -> None:
    assert found(detect, PYTHON, "app.py", code) == expected


def test_paths_outside_the_tree_are_not_components(detect: Detect) -> None:
    code = """
        from llama_cpp import Llama
        Llama(model_path="../models/7B/ggml-model.bin")
        Llama(model_path="/opt/models/x.gguf")
        Llama(model_path="./models/13B/ggml-model.bin")
        AutoModel.from_pretrained("models/Qwen2.5-7B")
        AutoModel.from_pretrained("outputs/run-7")
        """
    assert found(detect, PYTHON, "app.py", code) == {
        "local-file:models/13B/ggml-model.bin",
        "local-file:models/Qwen2.5-7B",
    }


def test_outputs_are_listed_as_outputs(detect: Detect) -> None:
    sink = detect(PYTHON, "train.py", 'model.save_pretrained("acme-out-7b")\n')
    assert [(r.name, r.role) for r in sink.refs] == [("acme-out-7b", Role.OUTPUT)]


def test_json_with_comments_keeps_lines(detect: Detect) -> None:
    text = '{\n  // a comment\n  "model": "acme/commented-1b", /* and another */\n}\n'
    sink = detect(CONFIG, "conf.json", text)
    (ref,) = sink.refs
    assert (ref.name, ref.evidence.line, ref.evidence.column) == ("acme/commented-1b", 3, 13)
    assert json.loads('{"x": 1}') == {"x": 1}


def test_a_template_that_is_not_yaml_is_read_line_by_line(detect: Detect) -> None:
    template = textwrap.dedent(
        """\
        apiVersion: apps/v1
        kind: Deployment
        spec:
          {{- if .Values.gpu }}
          containers:
            - name: server
              env:
                - name: EMBEDDING_MODEL
              model_id: "acme/templated-7b"  # written literally
              tokenizer: {{ .Values.tokenizer }}
          {{- end }}
        """
    )
    sink = detect(CONFIG, "templates/deployment.yaml", template)
    assert [(r.name, r.evidence.line, r.evidence.column) for r in sink.refs] == [
        ("acme/templated-7b", 9, 18)
    ]
    (note,) = sink.skipped
    assert note.reason.startswith("not parsable as YAML")
    assert note.reason.endswith("its key: value lines were read one by one")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param(
            """
            settings = yaml.safe_load(open("settings.yaml"))
            settings["llm"]["model"] = "gpt-4o"
            settings["llm"]["type"] = "azure_openai_chat" if AZURE else "openai_chat"
            """,
            {"api-service:azure/gpt-4o", "api-service:openai/gpt-4o"},
            id="a-provider-chosen-by-a-flag-serves-a-fixed-model-either-way",
        ),
        pytest.param(
            """
            cfg["embed"]["type"] = "azure_openai_embedding" if AZURE else "openai_embedding"
            cfg["embed"]["model"] = EMBED_DEPLOYMENT if AZURE else "text-embedding-3-large"
            """,
            {"api-service:openai/text-embedding-3-large"},
            id="one-flag-pairs-the-arms",
        ),
        pytest.param(
            """
            body = {}
            body["api_type"] = "azure"
            body["model"] = "gpt-4o-mini"
            other = {}
            other["model"] = "gpt-4o"
            """,
            {"api-service:azure/gpt-4o-mini", "api-service:openai/gpt-4o"},
            id="only-the-same-dict-is-attributed",
        ),
        pytest.param(
            """
            os.environ["AZURE_OPENAI_MODEL"] = "gpt-4.1"
            params["embedding_model"] = "nomic-embed-text"
            params["provider"] = "ollama"
            row["reranker"] = "acme/rerank-base"
            row["note"] = "acme/not-a-slot-1b"
            """,
            {
                "api-service:azure/gpt-4.1",
                "ollama:nomic-embed-text",
                "huggingface:acme/rerank-base",
            },
            id="the-key-names-the-slot",
        ),
    ],
)
def test_settings_written_key_by_key(detect: Detect, code: str, expected: set[str]) -> None:
    assert found(detect, PYTHON, "app.py", code) == expected


def test_a_graphrag_style_settings_file(detect: Detect) -> None:
    text = """\
        models:
          default_chat_model:
            type: azure_openai_chat
            model: gpt-4o
            deployment_name: chat
          default_embedding_model:
            type: openai_embedding
            model: text-embedding-3-small
        """
    assert found(detect, CONFIG, "settings.yaml", text) == {
        "api-service:azure/gpt-4o",
        "api-service:openai/text-embedding-3-small",
    }
