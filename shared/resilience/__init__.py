"""Resilience building blocks: retry (classify.py, policy.py, retrier.py) and the circuit breaker (breaker.py)."""
