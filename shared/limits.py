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
NOTIFY_HTTP_ATTEMPTS = 6  # local notices: tries of one notice (Pub/Sub redelivers up to 10 in production)
NOTIFY_HTTP_DEADLINE_S = 300.0  # local notices: all tries of one notice, waits included (a busy analytics sheds)
NOTIFY_HTTP_RETRY_BASE_S = 1.0  # local notices: first wait (full jitter, doubling; Retry-After when it is longer)
NOTIFY_HTTP_RETRY_CAP_S = 30.0  # local notices: longest wait between tries
NOTIFY_PUBLISH_TIMEOUT_S = 10.0  # a scrape waits this long at most for Pub/Sub's ack before answering
GCS_DEADLINE_S = 15.0  # one archive call to Cloud Storage, retries included: archiving first must not hang a scrape

# Workflow ticks.
MAX_CONCURRENT_RUNS = 2  # workflow requests per process: runs + calls in flight must fit the server's threads
REUSE_DECISIONS = timedelta(minutes=30)  # /execute-workflows acts on an /evaluate this recent, else decides itself

# Load shedding (shared/load_shedding.py).
HEALTH_THREADS = 1  # server threads kept free of work by default, so /health always finds one
SHED_RETRY_AFTER_S = 1  # a 429 "overloaded" asks for this; a slot frees as soon as one request ends
# A request queued longer than this without an X-Courtside-Deadline is dropped: no caller of ours waits longer (the
# push subscription's --ack-deadline in deploy/pubsub.sh; Pub/Sub has redelivered it by then).
QUEUED_AT_MOST_S = 600.0
HEALTH_WAREHOUSE_S = 0.5  # /health's warehouse ping: it answers within 1 s whatever the warehouse does
