"""`courtside verify [--hours N]`: after a deploy, one PASS/FAIL line per health check; exit 1 on any FAIL."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from courtside.commands.common import local_settings, now, warehouse
from shared.evidence import STATUS_PAGE_HOURS, Span, gather
from shared.health.checks import Thresholds, evaluate
from shared.health.verdict import verdict


def _positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    """An argparse type: `kind`, at least 0."""

    def parse(text: str) -> float:
        value = kind(text)
        if value < 0:
            raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
        return value

    parse.__name__ = getattr(kind, "__name__", "number")  # argparse names the type in its error
    return parse


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `verify` command with its thresholds."""
    parser = groups.add_parser(
        "verify",
        help="after-deploy check: workflow failures, retries, circuits, stale tables, upstream budgets",
        description="Reads the warehouse (BigQuery in production, the stand-in locally): the same evidence and "
        "verdict as the status page. Exit 1 when any line FAILs.",
    )
    defaults = Thresholds()
    parser.add_argument(
        "--hours",
        type=_positive(float),
        default=STATUS_PAGE_HOURS,
        metavar="N",
        help=f"window (default {STATUS_PAGE_HOURS:g}, as the status page's verdict; --hours 6 right after a deploy)",
    )
    parser.add_argument(
        "--max-failure-rate",
        type=_positive(float),
        default=defaults.max_failure_rate,
        help="failed runs / runs per workflow (default 0.10)",
    )
    parser.add_argument(
        "--max-calls-lost-share",
        type=_positive(float),
        default=None,
        help="a partial run that lost more of its calls counts as failed (default COURTSIDE_CALLS_LOST_SHARE, 0.10)",
    )
    for option, kind, default, meaning in (
        ("--max-retries-per-scraper", int, defaults.max_retries_per_scraper, "retry attempts of one scraper"),
        ("--max-auto-resets", int, defaults.max_auto_resets, "circuit auto-resets"),
        ("--max-open-circuits", int, defaults.max_open_circuits, "circuits open now"),
        ("--max-stale-tables", int, defaults.max_stale_tables, "STALE/NO_DATA/CHECK_FAILED tables"),
        ("--max-freshness-age-hours", float, defaults.max_freshness_age_h, "age of the latest freshness run"),
        ("--max-short-circuits", int, defaults.max_short_circuits, "calls an upstream budget short-circuited"),
        ("--max-skipped-retries", int, defaults.max_skipped_retries, "retries an upstream budget skipped"),
    ):
        parser.add_argument(option, type=_positive(kind), default=default, help=f"{meaning} (default {default:g})")
    parser.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace) -> int:
    settings = local_settings()
    thresholds = Thresholds(
        max_failure_rate=args.max_failure_rate,
        max_calls_lost_share=settings.calls_lost_share
        if args.max_calls_lost_share is None
        else args.max_calls_lost_share,
        max_retries_per_scraper=args.max_retries_per_scraper,
        max_auto_resets=args.max_auto_resets,
        max_open_circuits=args.max_open_circuits,
        max_stale_tables=args.max_stale_tables,
        max_freshness_age_h=args.max_freshness_age_hours,
        max_short_circuits=args.max_short_circuits,
        max_skipped_retries=args.max_skipped_retries,
    )
    evidence, _ = gather(warehouse(), Span(now(), args.hours, thresholds.max_calls_lost_share))
    lines = evaluate(evidence, thresholds)
    for line in lines:
        print(line)
    for coverage in evidence.coverage:  # WARN lines: they never fail verify
        print(coverage)
    failed = sum(not line.ok for line in lines)
    print(verdict(lines))
    print(
        f"verify: {len(lines) - failed} passed, {failed} failed (project {settings.gcp_project}, last {args.hours:g} h)"
    )
    return 1 if failed else 0
