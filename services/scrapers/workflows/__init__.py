"""Workflows of the scrapers service: workflows.yaml, decisions, the executor, records and routes."""
