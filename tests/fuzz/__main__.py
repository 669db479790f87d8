"""`make fuzz`: a longer schemathesis campaign against every service on the stand-ins; prints cases per endpoint."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

from local import bigquery_standin
from tests.fuzz.apps import SERVICES, service_apps
from tests.fuzz.harness import Campaign, fuzz


def main(argv: list[str] | None = None) -> int:
    """Run the campaign; exit 1 when any case found a problem."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--examples", type=int, default=100, help="valid and invalid cases per endpoint (each)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--services", nargs="+", choices=SERVICES, default=list(SERVICES))
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)  # the services log every 4xx; the campaign's table is the output here
    campaign, started = Campaign(), time.monotonic()
    with (
        tempfile.TemporaryDirectory() as folder,
        bigquery_standin.serve(Path(folder) / "bq", "courtside-fuzz", ephemeral=True) as bq,
        service_apps(bq, Path(folder)) as apps,
    ):
        for service in args.services:
            before = set(campaign.tried)
            fuzz(apps[service], examples=args.examples, seed=args.seed, campaign=campaign)
            for label in sorted(set(campaign.tried) - before):
                answers = {k.rsplit(" ", 1)[1]: n for k, n in campaign.statuses.items() if k.startswith(label)}
                print(f"{service:9} {label:45} {campaign.tried[label]:5} cases  answers {answers}", flush=True)
    print(*campaign.problems, sep="\n")
    total = sum(campaign.tried.values())
    print(f"fuzz: {total} cases, {len(campaign.problems)} problems, {time.monotonic() - started:.0f} s")
    return 1 if campaign.problems else 0


if __name__ == "__main__":
    sys.exit(main())
