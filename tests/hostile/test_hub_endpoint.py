"""A hostile ``HF_ENDPOINT``: an answer that trickles, an answer that never ends.

The real huggingface_hub client talks to servers on 127.0.0.1 that misbehave the way a hostile
endpoint would; each request must end within its overall deadline and read at most its cap.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aibom.core.model import PinSource
from aibom.resolve.hubcalls import Retry
from aibom.resolve.hubclient import pin_from_hub
from tests.resolve.hubserver import isolate

Handler = Callable[[socket.socket], None]


def _serve(handler: Handler) -> Iterator[str]:
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def loop() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                client, _ = server.accept()
            except OSError:
                continue
            threading.Thread(target=_handle, args=(handler, client, stop), daemon=True).start()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    server.close()


def _handle(handler: Handler, client: socket.socket, stop: threading.Event) -> None:
    with client:
        client.recv(65536)  # the request
        with contextlib.suppress(OSError):  # the client hung up: what the bound is for
            handler(client)


def _trickle(client: socket.socket) -> None:
    """One byte of an answer every 0.2 s, for ever: each read succeeds, none ends the answer."""
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Pad: " + b"a" * 10_000:
        client.sendall(bytes([byte]))
        time.sleep(0.2)


def _flood(client: socket.socket) -> None:
    """A 600 MB answer announced and sent as fast as the client reads it."""
    client.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b'Content-Length: 600000000\r\n\r\n{"id": "'
    )
    chunk = b"x" * 65536
    for _ in range(600_000_000 // len(chunk)):
        client.sendall(chunk)


@pytest.fixture
def endpoint(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    for url in _serve(request.param):
        isolate(monkeypatch, tmp_path, url)
        yield url


@pytest.mark.parametrize("endpoint", [_trickle], indirect=True)
def test_an_answer_that_trickles_ends_at_the_deadline(endpoint: str) -> None:
    start = time.monotonic()
    pin = pin_from_hub("acme/model", None, deadline=2.0, retry=Retry(attempts=3, base=0.01))
    elapsed = time.monotonic() - start
    assert pin.source is PinSource.NONE
    assert "deadline" in (pin.reason or "")
    assert elapsed < 6  # one attempt of 2 s: a deadline is not retried


@pytest.mark.parametrize("endpoint", [_flood], indirect=True)
def test_an_answer_without_end_is_cut_at_the_cap(endpoint: str) -> None:
    start = time.monotonic()
    pin = pin_from_hub("acme/model", None, max_bytes=4 * 1024 * 1024, retry=Retry(attempts=3))
    assert pin.source is PinSource.NONE
    assert "larger than 4194304 bytes" in (pin.reason or "")
    assert time.monotonic() - start < 10
