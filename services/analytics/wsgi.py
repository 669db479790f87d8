"""gunicorn entry point: `gunicorn -c shared/gunicorn_conf.py services.analytics.wsgi:app`."""

from services.analytics.app import create_app
from shared.boot import boot

app = boot(lambda settings: create_app(settings))
