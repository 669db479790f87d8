"""One /scrape request: fetch, archive first, load, record the run, notify."""
