"""The status page: one read-only view of the pipeline's health, as HTML (/status) and JSON (/status.json)."""
