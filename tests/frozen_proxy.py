"""A TCP proxy in front of the warehouse stand-in that can freeze: it keeps accepting and never answers."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator


class FreezableProxy:
    """Forwards 127.0.0.1:port to `target_port` until freeze(); then every connection, old or new, goes silent."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.frozen = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def freeze(self) -> None:
        """From now on nothing is forwarded and nothing answered (a partition, not a refusal)."""
        self.frozen.set()

    def close(self) -> None:
        """Stop listening and drop every connection."""
        with contextlib.suppress(OSError):
            self._listener.close()
        for sock in self._held:
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._held.append(client)
            if self.frozen.is_set():
                continue  # accepted, never read, never answered
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self._held.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if self.frozen.is_set():
                    self.frozen.wait()  # swallow it: the caller waits for an answer that never comes
                    continue
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@contextlib.contextmanager
def freezable(endpoint: str) -> Iterator[FreezableProxy]:
    """A FreezableProxy in front of the stand-in at `endpoint` (http://127.0.0.1:PORT)."""
    proxy = FreezableProxy(int(endpoint.rsplit(":", 1)[1]))
    try:
        yield proxy
    finally:
        proxy.close()
