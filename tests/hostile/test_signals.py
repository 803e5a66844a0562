"""SIGTERM and Ctrl-C in the middle of a scan: a documented exit code, no traceback, outputs kept.

The scan is held in the middle by a Hub on 127.0.0.1 that accepts connections and never
answers (``--online``); the signal arrives while aibom waits for it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

LOAD = 'from transformers import AutoModel\nAutoModel.from_pretrained("acme/held-model")\n'


class SilentHub:
    """A TCP server that accepts connections, reads, and never writes a byte."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connected = threading.Event()
        self.clients: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.clients.append(client)
            self.connected.set()

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.server.close()


@pytest.mark.parametrize(
    ("sent", "code", "word"),
    [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")],
)
def test_a_signal_mid_scan_leaves_outputs_as_they_were(
    tmp_path: Path, sent: signal.Signals, code: int, word: str
) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "app.py").write_text(LOAD)
    out = tmp_path / "out.json"
    out.write_text("previous\n")
    hub = SilentHub()
    env = {
        **os.environ,
        "HF_ENDPOINT": f"http://127.0.0.1:{hub.port}",
        "HF_HOME": str(tmp_path / "hf-home"),
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "AIBOM_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("HF_HUB_OFFLINE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "aibom", "scan", str(tree), "--online", "-q", "-fjson=" + str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert hub.connected.wait(30), "the scan never reached the Hub"
        process.send_signal(sent)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
        hub.close()
    assert process.returncode == code
    assert f"aibom: {word}" in err
    assert "Traceback" not in err
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []
