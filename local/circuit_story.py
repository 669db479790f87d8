"""What the analytics circuits did during a local run, folded from the shared facts table."""

from __future__ import annotations

from datetime import datetime

from shared.eastern import ET
from shared.orchestration import circuit_events
from shared.resilience.circuit_fold import Step, steps
from shared.warehouse import Warehouse


def _what(step: Step) -> str:
    circuit, kind = step.after, step.fact.kind.value
    if step.effect == "opened":
        return f"OPENED after {circuit.failures} failures"
    if step.effect == "reopened":
        return "REOPENED (trial failed)"
    if step.effect == "failure":
        return f"failure {circuit.failures} (still closed)"
    if step.effect == "closed":
        minutes = round((step.recovered_after_s or 0) / 60)
        how = {"closed_by_readiness": "upstream data arrived", "manual_reset": "reset by hand"}.get(kind, "trial ok")
        return f"CLOSED (recovered after {minutes} min, {how})"
    if step.effect == "trial":
        return "TRIAL (half-open)"
    if step.effect == "counted reset":
        return "failures cleared (succeeded)"
    return f"{kind} ignored (it answered an earlier state)"


def circuit_story(warehouse: Warehouse, since: datetime, *, threshold: int) -> list[str]:
    """One line per circuit fact since `since`: when, which circuit, what it did and why."""
    facts = circuit_events.facts_since(warehouse, since)
    if not facts:
        return ["Circuits: none opened"]
    lines = ["Circuits (facts in nba_orchestration.circuit_breaker_events, folded):"]
    told = [s for key in dict.fromkeys(f.key for f in facts) for s in steps(key, facts, threshold)]
    for step in sorted((s for s in told if s.fact.at >= since), key=lambda s: (s.fact.at, s.fact.id)):
        at = step.fact.at.astimezone(ET).strftime("%Y-%m-%d %H:%M:%S ET")
        lines.append(f"  {at}  {step.fact.key}  {_what(step)}: {step.fact.reason or ''}")
    return lines
