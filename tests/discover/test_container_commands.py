"""Scripts inside container specs: ``sh -c`` blocks in Kubernetes ``command:``, a program in
one key and its arguments in another (compose ``entrypoint``/``command``, Kubernetes
``command``/``args``), and either half merged in from a YAML anchor."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from aibom.core.model import Role
from aibom.discover.base import Detector, Sink
from aibom.discover.config import DETECTOR
from tests.conftest import names

Detect = Callable[[Detector, str, str | bytes], Sink]


def deps(sink: Sink) -> set[str]:
    return names([r for r in sink.refs if r.role is Role.DEPENDENCY])


def test_a_job_script_in_a_block(detect: Detect) -> None:
    text = textwrap.dedent("""\
        apiVersion: batch/v1
        kind: Job
        spec:
          template:
            spec:
              containers:
              - name: loader
                image: ollama/ollama:latest
                command:
                - /bin/sh
                - -c
                - |
                  /bin/ollama serve &
                  sleep 10
                  # ollama pull acme-commented:1b
                  echo "pulling acme-in-echo:1b"
                  if ! /bin/ollama pull acme-chat:0.5b; then
                    exit 1
                  fi
                  ollama pull \\
                    acme-embed:latest
        """)
    sink = detect(DETECTOR, "job.yaml", text)
    assert deps(sink) == {"ollama:acme-chat:0.5b", "ollama:acme-embed"}
    lines = text.splitlines()
    for ref in sink.refs:
        line = lines[ref.evidence.line - 1]
        assert line[ref.evidence.column - 1 :].startswith(ref.raw), (ref.raw, line)


def test_kubernetes_command_runs_its_args(detect: Detect) -> None:
    text = textwrap.dedent("""\
        spec:
          containers:
            - name: pull
              command: ["sh", "-c"]
              args: ["ollama serve & sleep 5 && ollama pull acme-chat:1b"]
            - name: serve
              command: ["python3", "serve.py"]
              args:
                - --model
                - acme/served-1b
        """)
    assert deps(detect(DETECTOR, "pod.yaml", text)) == {
        "ollama:acme-chat:1b",
        "huggingface:acme/served-1b",
    }


def test_compose_entrypoint_runs_its_command_through_anchors(detect: Detect) -> None:
    text = textwrap.dedent("""\
        x-init: &init
          image: ollama/ollama:latest
          entrypoint: /bin/sh
          command:
            - "-c"
            - "sleep 3; ollama pull acme-small:3b"

        x-shell: &shell
          image: ollama/ollama:latest
          entrypoint: ["/bin/sh", "-c"]

        services:
          init-cpu:
            <<: *init
            profiles: ["cpu"]
          init-extra:
            <<: *shell
            command: ["ollama pull acme-merged:1b && ollama pull acme-second:2b"]
          app:
            image: acme/app:latest
            entrypoint: ./start.sh
            command: ["--port", "8080"]
        """)
    assert deps(detect(DETECTOR, "docker-compose.yml", text)) == {
        "ollama:acme-small:3b",
        "ollama:acme-merged:1b",
        "ollama:acme-second:2b",
    }


def test_a_command_string_is_still_a_command_line(detect: Detect) -> None:
    text = textwrap.dedent("""\
        services:
          pull:
            entrypoint: /bin/sh -c
            command: ollama pull acme-string:1b
        """)
    assert deps(detect(DETECTOR, "compose.yaml", text)) == {"ollama:acme-string:1b"}


def test_the_first_of_several_merged_anchors_wins(detect: Detect) -> None:
    text = textwrap.dedent("""\
        x-shell: &shell
          entrypoint: ["/bin/sh", "-c"]
        x-python: &python
          entrypoint: ["python3", "-c"]
        services:
          pull:
            <<: [*shell, *python]
            command: ["ollama pull acme-listed:1b"]
        """)
    assert deps(detect(DETECTOR, "compose.yaml", text)) == {"ollama:acme-listed:1b"}
