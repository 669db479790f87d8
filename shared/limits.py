"""Fixed time limits the code relies on, one line each on why; what an operator tunes is a setting instead."""

from __future__ import annotations

from datetime import timedelta

# Warehouse calls made while serving a request get one attempt within these, so an outage never holds a request.
LOAD_DEADLINE_S = 0.5  # /scrape: when the warehouse is down the payload waits in the archive for a replay
WAREHOUSE_DEADLINE_S = 1.0  # workflow ticks: when the warehouse is down they decide from the ledger instead
BUDGET_DEADLINE_S = 0.5  # upstream budgets: the budget never blocks a scrape, a down warehouse answers "no facts"
BUDGET_CALL_S = 3.0  # each budget read's own bound, beside the budget deadline (at most half the caller's time)

# Waits between requests.
MAX_WAIT_S = 3.0  # a fan-out sibling that never shows up (another instance, a lost request) holds the others this long
LOAD_PENDING_RETRY_AFTER_S = 60  # a 503 "load pending" tells the caller this; the data arrives with the next replay
NOTIFY_HTTP_TIMEOUT_S = 30.0  # analytics runs its processors before answering (1–2 s each locally)
NOTIFY_PUBLISH_TIMEOUT_S = 10.0  # a scrape waits this long at most for Pub/Sub's ack before answering
GCS_DEADLINE_S = 15.0  # one archive call to Cloud Storage, retries included: archiving first must not hang a scrape

# Workflow ticks.
MAX_CONCURRENT_RUNS = 2  # workflow requests per process: runs + calls in flight must fit the server's threads
REUSE_DECISIONS = timedelta(minutes=30)  # /execute-workflows acts on an /evaluate this recent, else decides itself
