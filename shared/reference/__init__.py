"""The nba_reference tables: one module per table owns its SQL (reads and writes), each taking the Warehouse.

players, player_source_ids, player_teams, player_aliases, unresolved_players (the queue), resolved_names and
player_coverage. The name pass's set-based statements that join several of them at once live with it in
services/analytics/registry/sql.py, and the processors join them in their SQL files.
"""
