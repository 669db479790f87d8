"""Pipeline health: the checks and the one verdict that `courtside verify` and the status page both show."""
