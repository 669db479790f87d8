"""The raw payload archive (local folder or GCS) and the ledger of each payload's load state."""
