"""A test double of the UPSTREAM APIs only: serves the real samples on 127.0.0.1 and injects one fault."""

from __future__ import annotations

import copy
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, request
from werkzeug.serving import make_server

from local.processes import free_port
from tests.fixtures.samples import sample


@dataclass
class Fault:
    """What the next responses do instead of answering normally."""

    status: int | None = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    slow_s: float = 0.0
    reset: bool = False
    truncate: bool = False


def _offers_page(page: int) -> Any:
    """BettingPros offers: page 1 is the sample; page 2 the same offer for another player."""
    body = sample("bettingpros_offers_points.json")
    if page == 2:
        offer = copy.deepcopy(body["offers"][0])
        offer["id"], offer["participants"][0]["name"] = "156f-2", "Luka Dončić"
        offer["participants"][0]["player"]["team"] = "DAL"
        body["offers"] = [offer]
    body["_pagination"]["page"] = page
    return body


def _payload(path: str, args: Any) -> Any:
    if path == "/static/json/staticData/scheduleLeagueV2.json":
        return sample("nbacom_schedule_league_v2_final.json")
    if path == "/wp-json/api/v1/get-game-officials":
        return sample("nbacom_referee_game_officials.json")
    if path == "/v4/sports/basketball_nba/events":
        return sample("oddsapi_events.json")
    if path.startswith("/v4/sports/basketball_nba/events/") and path.endswith("/odds"):
        if "empty" in path:
            return sample("oddsapi_event_odds_empty_bookmakers.json")
        return sample("oddsapi_event_odds_player_points.json")
    if path == "/v3/events":
        return sample("bettingpros_events.json")
    if path == "/v3/offers":
        return _offers_page(int(args.get("page", 1)))
    if path.startswith("/apis/site/v2/sports/basketball/nba/teams/"):
        return sample("espn_team_roster.json")
    if path == "/v1/player_injuries":
        return sample("bdl_player_injuries_last_page.json" if args.get("cursor") else "bdl_player_injuries.json")
    if path == "/v1/box_scores":
        return sample("bdl_box_scores.json")
    return None


class FakeUpstream:
    """The five upstreams on one port; `fault` applies to every request until cleared."""

    def __init__(self) -> None:
        self.fault = Fault()
        self.requests: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = make_server("127.0.0.1", self.port, self._app(), threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> FakeUpstream:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    def clear(self) -> None:
        self.fault, self.requests, self.notifications = Fault(), [], []

    def _app(self) -> Flask:
        app = Flask("fake_upstream", static_folder=None)

        @app.post("/process")
        def process():  # type: ignore[no-untyped-def]
            self.notifications.append(request.get_json())
            return {"ok": True}

        @app.get("/<path:path>")
        def answer(path: str):  # type: ignore[no-untyped-def]
            self.requests.append({"path": "/" + path, "args": request.args.to_dict(), "headers": dict(request.headers)})
            return self._respond("/" + path)

        return app

    def _respond(self, path: str) -> Response:
        fault = self.fault
        if fault.slow_s:
            time.sleep(fault.slow_s)
        if fault.reset:
            # Drop the connection without an answer; the client sees it closed mid-exchange.
            request.environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
            return Response(b"", 500)
        payload = _payload(path, request.args)
        if payload is None:
            return Response(b'{"error": "Not Found"}', 404, content_type="application/json")
        body = fault.body if fault.body is not None else json.dumps(payload).encode()
        if fault.truncate:
            body = body[: len(body) // 2]
        content_type = "text/html" if body.lstrip().startswith(b"<") else "application/json"
        return Response(body, fault.status or 200, headers=fault.headers, content_type=content_type)
