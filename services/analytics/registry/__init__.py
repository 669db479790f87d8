"""The player registry's warehouse side: read and write nba_reference, rebuild, resolve prop names, coverage."""
