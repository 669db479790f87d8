"""The freshness endpoint end to end: stand-in warehouse, a real local webhook server, history, the CLI."""

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import functions_framework
import pytest
from pydantic import SecretStr

from courtside.cli import main
from services.freshness.alerts import Webhook
from services.freshness.app import create_app
from services.freshness.config import load_config, parse_config
from shared.eastern import eastern_today
from shared.web import HEALTH_PATH, MAX_BODY_BYTES

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)
TODAY = date(2026, 11, 28)
MAIN = Path(__file__).resolve().parents[2] / "services" / "freshness" / "main.py"


@dataclass
class Hook:
    """A webhook receiver on a free 127.0.0.1 port answering the scripted statuses (the last one repeats)."""

    statuses: list[int]
    retry_after: str | None = None
    bodies: list[dict] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def webhook() -> Iterator:
    servers = []

    def start(*statuses: int, retry_after: str | None = None) -> Hook:
        hook = Hook(list(statuses), retry_after)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                hook.bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                status = hook.statuses.pop(0) if len(hook.statuses) > 1 else hook.statuses[0]
                self.send_response(status)
                if hook.retry_after and status == 429:
                    self.send_header("Retry-After", hook.retry_after)
                if status in (301, 302, 307, 308):
                    self.send_header("Location", self.path)  # back to itself: a redirect loop
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        hook.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/T000/B000"
        return hook

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def client(settings, warehouse, *, hook: Hook | None = None, attempts: int = 3, config=None, sleeps=None):
    """The app as create_app builds it, with the clock fixed and sleeps recorded."""
    update = {"alert_webhook_url": SecretStr(hook.url) if hook else None, "alert_webhook_attempts": attempts}
    settings = settings.model_copy(update=update)
    sleep = (sleeps if sleeps is not None else []).append
    return create_app(settings, warehouse=warehouse, config=config, clock=lambda: NOW, sleep=sleep).test_client()


def seed(warehouse, *, injuries_hours_old: float = 30.0, now: datetime = NOW) -> None:
    """Stale injuries; one final game yesterday (ET) with 9 players in the box score, one with none."""
    yesterday = eastern_today(now) - timedelta(days=1)
    warehouse.load_rows(
        "nba_raw.bdl_injuries",
        [
            {
                "report_date": yesterday,
                "bdl_player_id": 1,
                "player_name": "Nikola Jokić",
                "player_lookup": "nikolajokic",
                "processed_at": now - timedelta(hours=injuries_hours_old),
            }
        ],
    )
    warehouse.load_rows(
        "nba_raw.nbac_schedule",
        [
            {"game_id": g, "game_date": yesterday, "game_status": 3, "home_team_tricode": h, "away_team_tricode": a,
             "processed_at": now}
            for g, h, a in (("0022600301", "DEN", "LAL"), ("0022600302", "BOS", "NYK"))
        ],
    )  # fmt: skip
    warehouse.load_rows(
        "nba_raw.bdl_box_scores",
        [
            {"game_date": yesterday, "team_tricode": "DEN", "home_team_tricode": "DEN", "away_team_tricode": "LAL",
             "bdl_player_id": i, "player_name": f"P{i}", "player_lookup": f"p{i}", "processed_at": now}
            for i in range(9)
        ],
    )  # fmt: skip


def alerts(caplog) -> list[tuple[int, dict]]:
    return [
        (r.levelno, r.json_fields)
        for r in caplog.records
        if getattr(r, "json_fields", {}).get("event") == "freshness_alert"
    ]


def test_alert_reaches_the_webhook_and_history_is_recorded(settings, warehouse, webhook, caplog):
    hook = webhook(200)
    seed(warehouse)
    http = client(settings, warehouse, hook=hook)
    warehouse.calls.clear()
    with caplog.at_level(logging.WARNING, logger="courtside.freshness"):
        response = http.post("/", json={"lookback_days": 3})
    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "alert_sent"
    assert body["alert"] == {"channel": "webhook", "sent": True, "error": None, "attempts": 1}
    injuries = next(t for t in body["stale_tables"] if t["table"] == "nba_raw.bdl_injuries")
    assert injuries == {
        "table": "nba_raw.bdl_injuries",
        "column": "processed_at",
        "hours_stale": 30.0,
        "warn_after": 12.0,
        "error_after": 24.0,
        "severity": "ERROR",
        "issue": "STALE",
        "reason": "newest processed_at 2026-11-27T11:00:00Z is 30.0 h old, error after 24 h",
    }
    assert [(g["game_id"], g["issue"], g["players_found"]) for g in body["games"]] == [
        ("0022600301", "incomplete", 9),
        ("0022600302", "missing", 0),
    ]
    assert body["missing_games_count"] == 2 and body["stale_tables_count"] == len(body["stale_tables"])
    [sent] = hook.bodies
    assert sent["text"].endswith(f"{body['stale_tables_count']} stale table(s), 2 missing game(s)")
    assert "*nba_raw.bdl_injuries*.processed_at: STALE (30.0 h" in sent["blocks"][1]["text"]["text"]
    assert "NYK@BOS (0022600302): missing" in sent["blocks"][1]["text"]["text"]
    logged = alerts(caplog)
    assert (logging.ERROR, "nba_raw.bdl_injuries") in [(level, f.get("table")) for level, f in logged]
    assert any(f.get("kind") == "missing_games" and f["game_ids"] == ["0022600301", "0022600302"] for _, f in logged)
    assert (logging.CRITICAL, "nba_raw.oddsa_player_props") in [(level, f.get("table")) for level, f in logged]
    assert dict(warehouse.calls) == {"query": 2, "append": 2}
    rows = warehouse.query(
        "SELECT table_name, status, hours_stale FROM nba_orchestration.freshness_checks WHERE check_id = @c",
        c=body["check_id"],
    )
    assert len(rows) == len(load_config().enabled_checks) == len({r["table_name"] for r in rows})
    assert {"table_name": "nba_raw.bdl_injuries", "status": "STALE", "hours_stale": 30.0} in rows
    logged_games = warehouse.query(
        "SELECT game_id, issue FROM nba_orchestration.missing_games_log WHERE check_id = @c ORDER BY game_id",
        c=body["check_id"],
    )
    assert logged_games == [
        {"game_id": "0022600301", "issue": "incomplete"},
        {"game_id": "0022600302", "issue": "missing"},
    ]


def test_failing_webhook_gives_alert_failed_with_its_status(settings, warehouse, webhook):
    hook = webhook(500)
    seed(warehouse)
    sleeps: list[float] = []
    body = client(settings, warehouse, hook=hook, attempts=3, sleeps=sleeps).post("/").get_json()
    assert body["status"] == "alert_failed"
    assert body["alert"] == {"channel": "webhook", "sent": False, "error": "webhook answered 500", "attempts": 3}
    assert len(hook.bodies) == 3 and len(sleeps) == 2


def test_no_channel_configured_is_alert_failed_but_logged(settings, warehouse, caplog):
    seed(warehouse, now=datetime.now(UTC))  # create_app runs on the real clock
    with caplog.at_level(logging.WARNING, logger="courtside.freshness"):
        body = create_app(settings, warehouse=warehouse).test_client().get("/?lookback_days=2").get_json()
    assert body["status"] == "alert_failed"
    assert body["alert"]["channel"] is None and body["alert"]["error"].startswith("no channel configured")
    assert len(alerts(caplog)) == body["stale_tables_count"] + 1  # one per stale table, one per missing-game set


def test_everything_fresh_is_ok_and_nothing_is_sent(settings, warehouse, webhook):
    hook = webhook(200)
    seed(warehouse, injuries_hours_old=2)
    warehouse.load_rows(
        "nba_raw.bdl_box_scores",
        [
            {"game_date": TODAY - timedelta(days=1), "team_tricode": "BOS", "home_team_tricode": "BOS",
             "away_team_tricode": "NYK", "bdl_player_id": 7, "player_name": "P7", "player_lookup": "p7",
             "processed_at": NOW}
        ],
    )  # fmt: skip
    config = parse_config(
        {
            "checks": [
                {"table": "nba_raw.bdl_injuries", "column": "processed_at", "warn_after": 12, "error_after": 24}
            ],
            "missing_games": {"sources": [{"table": "nba_raw.bdl_box_scores", "min_players": 1}]},
        }
    )
    body = client(settings, warehouse, hook=hook, config=config).post("/", json={}).get_json()
    assert (body["status"], body["stale_tables"], body["games"]) == ("ok", [], [])
    assert body["checks"] == [{"table": "nba_raw.bdl_injuries", "status": "OK"}]
    assert body["alert"] == {"channel": "webhook", "sent": False, "error": None}
    assert hook.bodies == []


@pytest.mark.parametrize(
    ("method", "path", "payload", "field", "words"),
    [
        ("get", "/?lookback_days=3&verbose=1", None, "verbose", "unknown parameter(s): verbose"),
        ("post", "/", {"dry_run": True, "since": "x", "foo": 1}, "foo", "unknown parameter(s): foo, since"),
        ("post", "/?lookback_days=0", None, "lookback_days", "greater than or equal to 1"),
        ("get", "/?dry_run=maybe", None, "dry_run", "valid boolean"),
        ("post", "/", [1, 2], "body", "JSON object"),
    ],
)
def test_bad_request_parameters_are_400_naming_them(settings, warehouse, method, path, payload, field, words):
    http = create_app(settings, warehouse=warehouse).test_client()
    response = getattr(http, method)(path, json=payload) if payload is not None else getattr(http, method)(path)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == field and words in error["message"]


def test_dry_run_records_and_sends_nothing(settings, warehouse, webhook, caplog):
    hook = webhook(200)
    seed(warehouse)
    with caplog.at_level(logging.WARNING, logger="courtside.freshness"):
        body = client(settings, warehouse, hook=hook).get("/?dry_run=true").get_json()
    assert body["dry_run"] is True and body["stale_tables_count"] > 0
    assert (body["status"], body["alert"]["sent"]) == ("alert_failed", False)
    assert hook.bodies == [] and alerts(caplog) == []
    assert warehouse.query("SELECT COUNT(*) AS n FROM nba_orchestration.freshness_checks") == [{"n": 0}]


def test_missing_games_query_failure_is_error_and_checks_still_run(settings, warehouse):
    seed(warehouse)
    warehouse.client.delete_table(warehouse.table_id("nba_raw.bdl_box_scores"))
    response = client(settings, warehouse).post("/")
    body = response.get_json()
    assert (response.status_code, body["status"]) == (503, "error")
    assert body["errors"][0].startswith("missing games: query failed") and "bdl_box_scores" in body["errors"][0]
    assert {"table": "nba_raw.bdl_injuries", "status": "STALE"} in body["checks"]


@pytest.mark.parametrize(
    ("statuses", "retry_after", "sent", "attempts", "sleeps", "error"),
    [
        ((429, 200), "2", True, 2, [2.0], None),  # Retry-After honoured
        ((503, 503, 200), None, True, 3, None, None),
        ((400,), None, False, 1, [], "webhook answered 400"),  # never retried
        ((429,), "60", False, 1, [], "webhook answered 429"),  # Retry-After past the deadline: fail fast
    ],
)
def test_webhook_retry(webhook, statuses, retry_after, sent, attempts, sleeps, error):
    hook = webhook(*statuses, retry_after=retry_after)
    recorded: list[float] = []
    delivery = Webhook(hook.url, attempts=4, timeout_s=5, deadline_s=20, base_s=0.5, sleep=recorded.append).send(
        {"text": "x"}
    )
    assert (delivery.sent, delivery.attempts, delivery.error) == (sent, attempts, error)
    assert len(hook.bodies) == attempts
    if sleeps is not None:
        assert recorded == sleeps
    else:
        assert len(recorded) == attempts - 1 and all(0 <= s <= 2.0 for s in recorded)


def test_unreachable_webhook_is_bounded():
    from local.processes import free_port

    recorded: list[float] = []
    delivery = Webhook(
        f"http://127.0.0.1:{free_port()}/x", attempts=3, timeout_s=5, deadline_s=20, sleep=recorded.append
    ).send({"text": "x"})
    assert (delivery.sent, delivery.attempts) == (False, 3)
    assert delivery.error == "webhook unreachable (ConnectionError)"


def test_functions_framework_entry_point_and_history_command(settings, warehouse, webhook, monkeypatch, capsys,
                                                             restore_logging):  # fmt: skip
    from shared.settings import settings_from_env

    hook = webhook(200)
    seed(warehouse, now=datetime.now(UTC))  # this path runs on the real clock
    env = {"BQ_ENDPOINT": str(settings.bq_endpoint), "GCP_PROJECT": settings.gcp_project, "AUTH_ENABLED": "false",
           "BQ_RETRY_DEADLINE_S": "3", "ALERT_WEBHOOK_URL": hook.url}  # fmt: skip
    for name, value in env.items():
        monkeypatch.setenv(f"COURTSIDE_{name}", value)
    settings_from_env.cache_clear()
    try:
        http = functions_framework.create_app(target="check_completeness", source=str(MAIN)).test_client()
        assert http.get(HEALTH_PATH).get_json()["service"] == "freshness"
        assert http.get("/?bogus=1").status_code == 400
        too_big = http.post("/", data=b" " * (MAX_BODY_BYTES + 1), content_type="application/json")
        assert (too_big.status_code, too_big.get_json()["error"]["field"]) == (413, "body")
        body = http.post("/", json={"lookback_days": 2}).get_json()
    finally:
        settings_from_env.cache_clear()
    assert body["status"] == "alert_sent" and len(hook.bodies) == 1
    assert body["missing_games_count"] == 2
    capsys.readouterr()
    assert main(["freshness", "history", "--days", "7"]) == 0
    out = capsys.readouterr().out
    assert "nba_raw.bdl_injuries" in out and "NO_DATA" in out
    assert "0022600302" in out and "missing" in out


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (None, "webhook failed: redirect loop (TooManyRedirects)"),
        ("http://", "webhook failed: invalid URL (InvalidURL)"),
    ],
    ids=["redirect-loop", "invalid-url"],
)
def test_a_webhook_that_cannot_be_reached_is_alert_failed_with_the_reason_and_history(
    settings, warehouse, webhook, url, reason
):
    hook = webhook(307)
    hook.url = url or hook.url
    seed(warehouse)
    response = client(settings, warehouse, hook=hook, attempts=3).post("/")
    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "alert_failed"
    assert body["alert"] == {"channel": "webhook", "sent": False, "error": reason, "attempts": 1}
    recorded = warehouse.query(
        "SELECT COUNT(*) AS n FROM nba_orchestration.freshness_checks WHERE check_id = @c", c=body["check_id"]
    )
    assert recorded == [{"n": len(load_config().enabled_checks)}]


def test_webhook_retries_have_their_own_event_name(settings, warehouse, webhook, caplog):
    seed(warehouse)
    with caplog.at_level(logging.WARNING):
        client(settings, warehouse, hook=webhook(503, 200), attempts=3).post("/")
    events = [getattr(r, "json_fields", {}).get("event") for r in caplog.records]
    assert events.count("alert_webhook_retry") == 1
    assert "retry_attempt" not in events  # that name counts workflow retries only
