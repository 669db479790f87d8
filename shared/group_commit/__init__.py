"""Group commit: concurrent writes to one table share one warehouse write; a fan-out step's wait for its siblings."""
