"""Reads of nba_reference tables that more than one room needs."""
