"""An in-process fake of Pub/Sub's Publisher gRPC API that the real PublisherClient can talk to."""

from __future__ import annotations

import threading
import time
from concurrent import futures
from dataclasses import dataclass, field

import grpc
from google.pubsub_v1.types import PublishRequest, PublishResponse


@dataclass
class Received:
    """One published message as the server saw it, and when the server acknowledged it (monotonic)."""

    topic: str
    data: bytes
    attributes: dict[str, str]
    acked_at: float | None = None


@dataclass
class FakePublisher:
    """google.pubsub.v1.Publisher/Publish on 127.0.0.1: records messages, then acks after `ack_delay_s`.

    `fail_with` makes every Publish answer that gRPC status instead of acking.
    """

    ack_delay_s: float = 0.0
    fail_with: grpc.StatusCode | None = None
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        handler = grpc.unary_unary_rpc_method_handler(
            self._publish,
            request_deserializer=PublishRequest.deserialize,
            response_serializer=PublishResponse.serialize,
        )
        self._server.add_generic_rpc_handlers(
            (grpc.method_handlers_generic_handler("google.pubsub.v1.Publisher", {"Publish": handler}),)
        )
        self.port = self._server.add_insecure_port("127.0.0.1:0")

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> FakePublisher:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop(grace=0)

    def _publish(self, request: PublishRequest, context: grpc.ServicerContext) -> PublishResponse:
        seen = [Received(request.topic, m.data, dict(m.attributes)) for m in request.messages]
        with self._lock:
            self.received += seen
        time.sleep(self.ack_delay_s)
        if self.fail_with is not None:
            context.abort(self.fail_with, "injected by the fake publisher")
        for message in seen:
            message.acked_at = time.monotonic()
        return PublishResponse(message_ids=[str(i) for i, _ in enumerate(seen, len(self.received))])
