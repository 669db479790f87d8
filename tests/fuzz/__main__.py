"""`make fuzz`: schemathesis' CLI with every check against each service served on the stand-ins."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from local import bigquery_standin
from tests.fuzz.apps import SERVICES, service_apps
from tests.fuzz.harness import fuzz
from tests.fuzz.serve import served


def main(argv: list[str] | None = None) -> int:
    """Run the campaign service by service; exit 1 when schemathesis found anything in any of them."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--examples", type=int, default=100, help="test cases per operation (schemathesis -n)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--services", nargs="+", choices=SERVICES, default=list(SERVICES))
    parser.add_argument("--report-dir", type=Path, default=None, help="keep schemathesis' ndjson reports here")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)  # the services log every 4xx; schemathesis' summary is the output here
    failed: list[str] = []
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        bq = stack.enter_context(bigquery_standin.serve(folder / "bq", "courtside-fuzz", ephemeral=True))
        apps = stack.enter_context(service_apps(bq, folder))
        for service in args.services:
            with served(apps[service]) as url:
                run = fuzz(service, url, examples=args.examples, seed=args.seed, report_dir=args.report_dir or folder)
            print(f"=== {service}: seed {args.seed}, {args.examples} examples per operation, exit {run.returncode}")
            print(run.output if run.returncode else run.summary, flush=True)
            failed += [service] if run.returncode else []
    print(
        f"fuzz: seed {args.seed}, {args.examples} examples: "
        + (f"FINDINGS in {', '.join(failed)}" if failed else "clean")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
