"""Resilience building blocks: the retry policy (retry.py) and the circuit breaker (breaker.py)."""
