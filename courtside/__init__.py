"""The `courtside` command line: local stack, warehouse, reports and operator checks."""
