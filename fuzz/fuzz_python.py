"""Fuzz the Python reader: bounded parsing in pieces, constant flow, commands in strings."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from common import run_detector

    from aibom.discover.python import DETECTOR

# Fragments that steer random bytes toward the reader's interesting paths.
_FRAGMENTS = (
    b'AutoModel.from_pretrained("acme/m-1b")\n',
    b"for m in MODELS:\n    load(m)\n",
    b'MODELS = {"a": "acme/a-1b"}\n',
    b'os.system("ollama pull x")\n',
    b"print 'py2'\n",
    b'x = """\n',
    b"@pytest.mark.parametrize('model_id', ['acme/p-1b'])\ndef test(model_id): pass\n",
)


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    parts = []
    while provider.remaining_bytes():
        if provider.ConsumeBool():
            parts.append(_FRAGMENTS[provider.ConsumeIntInRange(0, len(_FRAGMENTS) - 1)])
        else:
            parts.append(provider.ConsumeBytes(provider.ConsumeIntInRange(0, 64)))
    run_detector(DETECTOR, "app.py", b"".join(parts))


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
