"""Scrapers service (phase 1): /scrape per upstream endpoint and the workflow executor."""

from __future__ import annotations

import datetime as dt
import threading

from flask import Flask

from services.scrapers import api
from services.scrapers.archive.choose import archive_from_settings
from services.scrapers.archive.store import Archive
from services.scrapers.budget.store import BudgetStore
from services.scrapers.budget.upstream_budget import UpstreamBudget
from services.scrapers.pipeline.notify import Notifier, notifier_from_settings
from services.scrapers.pipeline.scrape_service import ScrapeService
from services.scrapers.replay.replayer import Replayer
from services.scrapers.routes import budget_routes, replay_routes, scrape_routes
from services.scrapers.scrape.sources import upstream_names
from services.scrapers.workflows.client import ScrapeClient
from services.scrapers.workflows.config import WorkflowsFile, load_workflows
from services.scrapers.workflows.executor import Executor
from services.scrapers.workflows.routes import workflow_routes
from services.scrapers.workflows.service import WorkflowService
from shared.clock import Clock
from shared.http.caller_guard import guard_from_settings
from shared.http.id_tokens import CachedTokens, TokenSource
from shared.limits import BUDGET_CALL_S, BUDGET_DEADLINE_S, MAX_CONCURRENT_RUNS
from shared.load_shedding import bound_for, server_threads_from_env
from shared.openapi import add_openapi
from shared.resilience.budget import BudgetRules
from shared.resilience.policy import RetryPolicy
from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse
from shared.web import service_app

SERVICE = "scrapers"
# Who may call each mutating route when auth is on: the Settings field listing the verified callers.
CALLERS = {
    "POST /scrape": "callers_scrape",
    "POST /evaluate": "callers_workflows",
    "POST /execute-workflows": "callers_workflows",
    "POST /execute-workflow": "callers_workflows",
    "POST /replay": "callers_replay",
    "POST /budgets/reopen": "callers_budgets",
}


def call_slots(settings: Settings, server_threads: int | None = None) -> int:
    """How many /scrape calls this process may have in flight.

    The executor runs inside this service and POSTs its own /scrape: a workflow request holds one server
    thread while its calls need threads too. With at most MAX_CONCURRENT_RUNS requests running and at most
    work - MAX_CONCURRENT_RUNS calls in flight (and never more than executor_max_parallel), every call
    finds a free thread and is admitted, so the pool can never exhaust the server (gunicorn --threads,
    GUNICORN_THREADS); `work` is the load shedding's bound (the threads but the one kept for the health route)
    or, shedding off, the threads.
    """
    threads = server_threads or server_threads_from_env() or 8
    work = (bound_for(SERVICE, settings, threads) or threads) if settings.shedding_enabled else threads
    return max(1, min(settings.executor_max_parallel, work - MAX_CONCURRENT_RUNS))


def upstream_budget(settings: Settings, warehouse: Warehouse) -> UpstreamBudget | None:
    """The per-upstream budget shared through the warehouse, or None when COURTSIDE_BUDGET_ENABLED is false."""
    if not settings.budget_enabled:
        return None
    rules = BudgetRules(
        retry_ratio=settings.retry_budget_ratio,
        retry_capacity=settings.retry_budget_reserve,
        window=dt.timedelta(minutes=settings.retry_budget_window_minutes),
        daily_credits=settings.odds_api_daily_credits,
    )
    store = BudgetStore(
        # The budget never blocks a scrape for long: a down or frozen warehouse answers within 3 s and half the
        # caller's time left (and is remembered for budget_cache_s).
        warehouse.fail_fast(BUDGET_DEADLINE_S, call_s=BUDGET_CALL_S, call_share=0.5),
        rules,
        reset_day=settings.odds_api_reset_day,
        cache_s=settings.budget_cache_s,
        clock=settings.clock(),
    )
    return UpstreamBudget(store)


def workflow_service(
    settings: Settings,
    warehouse: Warehouse,
    archive: Archive,
    config: WorkflowsFile,
    token_source: TokenSource | None,
    budget: UpstreamBudget | None = None,
) -> WorkflowService:
    """The workflow service with its executor calling this service's /scrape over real HTTP."""
    slots = call_slots(settings)
    client = ScrapeClient(
        str(settings.scrapers_url),
        token_source=token_source or (CachedTokens() if settings.auth_enabled else None),
        pool_size=slots,
    )
    policy, semaphore = RetryPolicy.from_settings(settings), threading.BoundedSemaphore(slots)

    def make_executor(wall_clock: Clock) -> Executor:
        return Executor(
            config, client.scrape, policy, max_parallel=slots, slots=semaphore, wall_clock=wall_clock, budget=budget
        )

    return WorkflowService(config, warehouse, make_executor, archive)


def create_app(
    settings: Settings | None = None,
    *,
    warehouse: Warehouse | None = None,
    archive: Archive | None = None,
    notifier: Notifier | None = None,
    token_source: TokenSource | None = None,
    workflows: WorkflowsFile | None = None,
) -> Flask:
    """Build the scrapers app; the one place its real adapters are wired (a bad workflows.yaml stops the start)."""
    settings = settings or load_settings()
    warehouse = warehouse or Warehouse.from_settings(settings)
    archive = archive or archive_from_settings(settings)
    notifier = notifier or notifier_from_settings(settings)
    config = workflows or load_workflows()
    budget = upstream_budget(settings, warehouse)
    clock = settings.clock()
    scrapes = ScrapeService(settings, warehouse, archive, notifier, clock=clock, budget=budget)
    runs = workflow_service(settings, warehouse, archive, config, token_source, budget)
    # A workflow run's own warehouse calls end within its deadline (each also bounded by fail_fast).
    app = service_app(__name__, SERVICE, settings, warehouse, {"/execute-workflow": settings.workflow_deadline_s})
    replayer = Replayer(archive, warehouse, notifier, ledger=scrapes.ledger, load_deadline_s=settings.bq_job_timeout_s)
    app.register_blueprint(scrape_routes(scrapes))
    app.register_blueprint(replay_routes(replayer))
    app.register_blueprint(budget_routes(budget, upstream_names()))
    app.register_blueprint(workflow_routes(runs, config, simulated_time=settings.environment == "local", clock=clock))
    documented = api.endpoints(scrapes.scrapers, list(config.workflows), settings.environment == "local")
    add_openapi(app, SERVICE, settings.build_commit, documented)
    guard_from_settings(app, settings, "scrapers_url", CALLERS)
    app.extensions["scrape_service"] = scrapes
    app.extensions["workflow_service"] = runs
    app.extensions["replayer"] = replayer
    app.extensions["upstream_budget"] = budget
    return app
