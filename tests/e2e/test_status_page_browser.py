"""The status page in a real headless browser (Debian's chromium driven by playwright), over real HTTP."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from local.orchestration_history import OPEN_REASON, STALE_TABLE, WORKFLOWS, Volume, seed
from services.analytics.app import create_app
from shared.eastern import game_date

pytestmark = pytest.mark.e2e
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AT = datetime(2026, 11, 29, 4, 30, tzinfo=UTC)  # 23:30 ET, the end of game day 2026-11-28
DAYS = 14

if not Path(CHROMIUM).exists():  # `make test` installs it where it can (root + apt); say so loudly where it cannot
    pytest.skip(
        f"SKIPPED LOUDLY: {CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")


@pytest.fixture
def page_url(settings, warehouse) -> Iterator[str]:
    """The analytics app on a real socket, after 14 seeded days ending with one open circuit and one stale table."""
    seed(warehouse, AT, Volume(days=DAYS))
    app = create_app(settings, warehouse=warehouse, clock=lambda: AT)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/status"
    server.shutdown()
    thread.join(5)


def days_with_runs() -> int:
    """Chart days (US/Eastern) on which the seed recorded runs: one a day before AT, dated by when it started."""
    chart = {game_date(AT) - timedelta(days=n) for n in range(DAYS)}
    seeded = {game_date(AT - timedelta(days=d)) for d in range(1, DAYS + 1)}
    return len(chart & seeded)


def test_a_person_reads_the_verdict_the_open_circuit_and_the_stale_table(page_url, tmp_path):
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            response = page.goto(page_url)
            assert response is not None and response.status == 200

            assert page.locator("#verdict .level").inner_text().strip() == "FAILING"
            reasons = page.locator("#verdict .reasons").inner_text()
            assert "open circuits" in reasons and "stale tables" in reasons
            rows = page.locator("tr.open-circuit")
            assert rows.count() == 1
            assert OPEN_REASON in rows.first.inner_text()
            assert page.locator(".stale-table").all_inner_texts() == [STALE_TABLE]

            cards = page.locator(".card.workflow")
            assert cards.count() == len(WORKFLOWS)
            for n in range(cards.count()):
                chart = cards.nth(n).locator("svg.chart")
                assert chart.count() == 1
                assert chart.locator("circle.point").count() == days_with_runs()
                assert chart.locator("polyline.rate").get_attribute("points").count(",") == days_with_runs()
            assert "Not available" in page.locator("#players").inner_text()
            page.screenshot(path=str(tmp_path / "status-desktop.png"), full_page=True)

            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            phone.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            phone.goto(page_url)
            overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"the page is {overflow}px wider than a phone"
            phone.screenshot(path=str(tmp_path / "status-phone.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert (tmp_path / "status-desktop.png").stat().st_size > 10_000
    keep = Path("/tmp/courtside-status-screens")  # a copy outside pytest's rotation, to look at by hand
    keep.mkdir(exist_ok=True)
    for name in ("status-desktop.png", "status-phone.png"):
        shutil.copy(tmp_path / name, keep / name)
