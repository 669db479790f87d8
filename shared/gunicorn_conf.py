"""gunicorn settings shared by both services: Cloud Run's recommended shape, JSON logs, queue times for shedding."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("GUNICORN_WORKERS", "1"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# gthread, stamping when each request is queued for a thread (shared/load_shedding.py drops one whose caller gave
# up while it waited) and telling the app its thread count. The services run at most threads - 1 requests at once
# (COURTSIDE_<SERVICE>_MAX_IN_FLIGHT) and refuse the rest at once with 429: a thread is always free for /health.
worker_class = "shared.http.arrival.ArrivalThreadWorker"
timeout = 0
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "INFO", "handlers": ["structured"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["structured"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": ["structured"], "propagate": False},
    },
    "handlers": {
        "structured": {
            "class": "google.cloud.logging.handlers.StructuredLogHandler",
            "stream": "ext://sys.stdout",
        }
    },
}
control_socket_disable = True


def on_starting(server: object) -> None:
    """In the master, before the port opens: a bad setting or missing credentials stops the whole server."""
    from shared.preflight import check_or_exit

    check_or_exit()
