"""The HTTP transport of Hub requests: an overall deadline and a size cap on every answer.

``HF_ENDPOINT`` can name any server. httpx bounds each read, not a request: a server that sends
one byte every two seconds never trips a ten-second read timeout, and one that sends 600 MB
is read whole. So every connection's reads go through a stream that shrinks each read's timeout
to what is left of the request's deadline and counts the bytes of the answer, failing past the
cap. The limits are per request and per thread (huggingface_hub shares one client between the
threads that pin models in parallel); a request sets them when it starts.

This reaches one private attribute of httpcore's connection pool (its network backend); the
versions are bounded in pyproject and a test holds the behaviour.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

import httpcore2
import httpx2

DEFAULT_DEADLINE = 60.0  # seconds for one request, headers and body
DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # a model info with 50,000 files is about 10 MB


class AnswerTooLarge(httpcore2.ReadError):
    """The server sent more than the cap: not an answer the Hub gives."""


class DeadlinePassed(httpcore2.ReadTimeout):
    """The request took longer than its overall deadline."""


class _Budget(threading.local):
    deadline = float("inf")
    left = DEFAULT_MAX_BYTES
    cap = DEFAULT_MAX_BYTES


_BUDGET = _Budget()


class _BoundedStream(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        remaining = _BUDGET.deadline - time.monotonic()
        if remaining <= 0:
            raise DeadlinePassed("no complete answer within the request's deadline")
        try:
            data = self._inner.read(
                max_bytes, remaining if timeout is None else min(timeout, remaining)
            )
        except httpcore2.ReadTimeout:
            if _BUDGET.deadline - time.monotonic() <= 0:  # the deadline, not the read timeout
                raise DeadlinePassed("no complete answer within the request's deadline") from None
            raise
        _BUDGET.left -= len(data)
        if _BUDGET.left < 0:
            raise AnswerTooLarge(f"the answer is larger than {_BUDGET.cap} bytes")
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.NetworkStream:
        return _BoundedStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _BoundedBackend(httpcore2.NetworkBackend):
    def __init__(self, inner: httpcore2.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _BoundedStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore2.NetworkStream:
        return _BoundedStream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class BoundedTransport(httpx2.HTTPTransport):
    """httpx's transport, each request bounded in time and size (see the module docstring)."""

    def __init__(
        self, deadline: float = DEFAULT_DEADLINE, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        super().__init__()
        self.deadline, self.max_bytes = deadline, max_bytes
        pool = self._pool
        pool._network_backend = _BoundedBackend(pool._network_backend)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        _BUDGET.deadline = time.monotonic() + self.deadline
        _BUDGET.left = _BUDGET.cap = self.max_bytes
        return super().handle_request(request)


def bounded_client(
    deadline: float = DEFAULT_DEADLINE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_request: Iterable[Any] = (),
) -> httpx2.Client:
    """An httpx client for huggingface_hub (``set_client_factory``) whose requests are bounded;
    ``on_request`` hooks run before each request (the offline-mode guard)."""
    return httpx2.Client(
        transport=BoundedTransport(deadline, max_bytes),
        event_hooks={"request": list(on_request)},
        follow_redirects=True,
        timeout=None,
    )


def cause(exc: BaseException) -> BaseException | None:
    """The bound an exception comes from (AnswerTooLarge, DeadlinePassed), if one does."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None or isinstance(seen, AnswerTooLarge | DeadlinePassed):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
