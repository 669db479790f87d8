"""The nba_orchestration tables: one module per table owns its SQL (reads and appends), each taking the Warehouse.

workflow_executions, workflow_decisions, scraper_runs, circuit_events (circuit_breaker_events) and
freshness_history (freshness_checks and missing_games_log). Windows are explicit parameters; where a reader
looks back by default, the default is the module's DEFAULT_LOOKBACK.
"""
