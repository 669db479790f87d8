"""gunicorn entry point: `gunicorn -c shared/gunicorn_conf.py services.scrapers.wsgi:app`."""

from services.scrapers.app import create_app
from shared.boot import boot

app = boot(lambda settings: create_app(settings))
