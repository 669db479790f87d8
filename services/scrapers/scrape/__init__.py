"""Talking to one upstream: a scraper's declaration, its pages, retries, hedges and parameters."""
