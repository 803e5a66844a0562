"""Hub URLs are references wherever they are written: scripts, variables, code, configs, Windows
scripts. Datasets and Spaces are not models; a revision in the URL is kept."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from aibom.discover.base import Detector, Sink
from aibom.discover.config import DETECTOR as CONFIG
from aibom.discover.python import DETECTOR as PYTHON
from aibom.discover.shell import DETECTOR as SHELL
from aibom.discover.winscripts import DETECTOR as WINDOWS
from tests.conftest import names

Detect = Callable[[Detector, str, str | bytes], Sink]
SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("detector", "path", "text", "expected"),
    [
        pytest.param(
            SHELL,
            "get.sh",
            """\
            src="https://huggingface.co/acme/speech.cpp"
            pfx="resolve/main/ggml"
            if [ "$tiny" ]; then
                src="https://huggingface.co/beta/tiny-speech.cpp"
            fi
            wget -O "ggml-$model.bin" "$src/$pfx-$model.bin"
            """,
            {"huggingface:acme/speech.cpp", "huggingface:beta/tiny-speech.cpp"},
            id="shell-variable-used-later",
        ),
        pytest.param(
            SHELL,
            "get.sh",
            'curl -LO "https://huggingface.co/acme/gguf-1b/resolve/main/m-$QUANT.gguf"\n',
            {"huggingface:acme/gguf-1b"},
            id="a-variable-after-the-repository",
        ),
        pytest.param(
            PYTHON,
            "fetch.py",
            """\
            WEIGHTS_URL = "https://huggingface.co/acme/detector-1b/resolve/main/w.pt"
            REPO = "acme/seg-1b"
            url = f"https://hf.co/{REPO}/blob/main/model.onnx"
            torch.hub.load_state_dict_from_url(WEIGHTS_URL)
            """,
            {"huggingface:acme/detector-1b", "huggingface:acme/seg-1b"},
            id="python-constants-and-f-strings",
        ),
        pytest.param(
            CONFIG,
            "sources.yaml",
            """\
            weights: https://huggingface.co/acme/vae-1b/resolve/main/vae.safetensors
            data: https://huggingface.co/datasets/acme/corpus
            demo: https://huggingface.co/spaces/acme/demo
            mirror: hf://acme/mirror-1b
            ollama_pull: hf.co/acme/chat-1b-GGUF:Q4_K_M
            """,
            {
                "huggingface:acme/vae-1b",
                "huggingface:acme/mirror-1b",
                "huggingface:acme/chat-1b-GGUF",
            },
            id="config-under-any-key",
        ),
        pytest.param(
            WINDOWS,
            "get.cmd",
            "@echo off\n"
            "rem https://huggingface.co/acme/commented-out\n"
            "set model=%1\n"
            'PowerShell -NoProfile -Command "Start-BitsTransfer -Source '
            "https://huggingface.co/acme/win-1b/resolve/main/ggml-%model%.bin "
            '-Destination x.bin"\n',
            {"huggingface:acme/win-1b"},
            id="powershell-inside-cmd",
        ),
        pytest.param(
            WINDOWS,
            "get.ps1",
            """\
            # Invoke-WebRequest https://huggingface.co/acme/commented-out
            $Repo = "https://huggingface.co/acme/ps-1b"
            Invoke-WebRequest -Uri "$Repo/resolve/main/model.gguf" -OutFile model.gguf
            """,
            {"huggingface:acme/ps-1b"},
            id="powershell-variable",
        ),
    ],
)
def test_hub_urls_anywhere(
    detect: Detect, detector: Detector, path: str, text: str, expected: set[str]
) -> None:
    assert names(detect(detector, path, textwrap.dedent(text)).refs) == expected


def test_url_revision_is_kept(detect: Detect) -> None:
    sink = detect(
        SHELL, "get.sh", f"wget https://huggingface.co/acme/pinned-1b/resolve/{SHA}/f.gguf\n"
    )
    (ref,) = sink.refs
    assert (ref.name, ref.revision) == ("acme/pinned-1b", SHA)


def test_batch_download_wrapper_arguments(detect: Detect) -> None:
    text = textwrap.dedent(
        """\
        @echo off
        set DL_HF=%~dp0..\\setup\\download\\HuggingFace.bat
        pushd %~dp0..\\models\\ControlNet
        call %DL_HF% Flux\\ upscaler.safetensors acme/Flux.1-dev-Upscaler model.safetensors?
        if %ERRORLEVEL% neq 0 ( popd & exit /b 1 )
        """
    )
    sink = detect(WINDOWS, "upscaler.bat", text)
    (ref,) = sink.refs
    assert (ref.name, ref.evidence.line) == ("acme/Flux.1-dev-Upscaler", 4)
    assert ref.evidence.column == 1 + text.splitlines()[3].index("acme/")


def test_shell_download_wrapper_arguments(detect: Detect) -> None:
    sink = detect(SHELL, "fetch.sh", "./scripts/download_hf.sh acme/wrapped-1b models/local\n")
    assert names(sink.refs) == {"huggingface:acme/wrapped-1b"}


@pytest.mark.parametrize(
    ("detector", "path", "text", "expected"),
    [
        pytest.param(
            CONFIG,
            "model.yaml",
            """\
            apiVersion: kubeai.org/v1
            kind: Model
            metadata:
              name: small-chat
            spec:
              features: [TextGeneration]
              url: ollama://acme-chat:2b
              engine: OLlama
            ---
            apiVersion: kubeai.org/v1
            kind: Model
            spec:
              url: ollama://library/acme-embed:latest
            """,
            {"ollama:acme-chat:2b", "ollama:acme-embed"},
            id="kubeai-model-urls",
        ),
        pytest.param(
            CONFIG,
            "models.json",
            '{"models": [{"name": "a", "source": "ollama://acme-tiny:0.5b"}, '
            '{"name": "b", "source": "ollama://"}]}',
            {"ollama:acme-tiny:0.5b"},
            id="json-under-any-key",
        ),
        pytest.param(
            PYTHON,
            "deploy.py",
            """\
            body = {"spec": {"url": "ollama://acme-chat:7b", "engine": "OLlama"}}
            notes = "see ollama://acme-in-prose:1b for details"
            """,
            {"ollama:acme-chat:7b"},
            id="python-strings",
        ),
    ],
)
def test_ollama_urls(
    detect: Detect, detector: Detector, path: str, text: str, expected: set[str]
) -> None:
    assert names(detect(detector, path, textwrap.dedent(text)).refs) == expected
