"""Fault configuration (profiles, overrides, validation) and the seeded injector's determinism and rates."""

from __future__ import annotations

from collections import Counter

import pytest

from local.upstream_standin.faults import DEFAULT_RETRY_AFTER_S, PROFILES, FaultConfigError, parse_config
from local.upstream_standin.injector import FaultInjector


def kinds(config_payload: dict, upstream: str, n: int) -> list[str | None]:
    injector = FaultInjector(parse_config(config_payload))
    return [f.kind if (f := injector.draw(upstream)) else None for _ in range(n)]


def test_same_seed_same_faults_in_arrival_order_other_seed_others():
    payload = {"profile": "standard", "seed": 7}
    assert kinds(payload, "espn", 300) == kinds(payload, "espn", 300)
    assert kinds(payload, "espn", 300) != kinds({**payload, "seed": 8}, "espn", 300)


def test_reconfiguring_restarts_the_sequence():
    injector = FaultInjector(parse_config({"profile": "standard", "seed": 3}))
    first = [injector.draw("bdl") for _ in range(50)]
    injector.configure(parse_config({"profile": "standard", "seed": 3}))
    assert [injector.draw("bdl") for _ in range(50)] == first


@pytest.mark.parametrize("kind", ["429", "5xx", "slow", "reset", "malformed"])
@pytest.mark.parametrize("rate", [0.05, 0.3])
def test_each_kind_fires_at_its_rate(kind, rate):
    field = "rate_" + kind
    drawn = Counter(kinds({"seed": 11, "global": {field: rate}}, "nbacom", 4000))
    assert abs(drawn[kind] / 4000 - rate) < 0.03
    assert set(drawn) == {kind, None}


@pytest.mark.parametrize(
    ("profile", "total"), [("none", 0.0), ("mild", 0.05), ("standard", 0.30)]
)  # fmt: skip
def test_named_profiles_fault_rates(profile, total):
    drawn = kinds({"profile": profile, "seed": 5}, "odds_api", 6000)
    assert abs(sum(k is not None for k in drawn) / 6000 - total) < 0.02


def test_standard_mixes_the_transient_kinds():
    assert set(kinds({"profile": "standard", "seed": 1}, "espn", 2000)) == {None, "429", "5xx", "slow", "reset"}


@pytest.mark.parametrize(
    ("upstream", "explicit", "expected"),
    [("espn", None, DEFAULT_RETRY_AFTER_S), ("nbacom", None, DEFAULT_RETRY_AFTER_S),
     ("bettingpros", None, DEFAULT_RETRY_AFTER_S), ("bdl", None, None), ("odds_api", None, None),
     ("bdl", 5, 5), ("espn", 30, 30)],
)  # fmt: skip
def test_retry_after_on_429_like_the_real_upstreams(upstream, explicit, expected):
    profile = {"rate_429": 1.0} | ({"retry_after_s": explicit} if explicit is not None else {})
    fault = FaultInjector(parse_config({"global": profile})).draw(upstream)
    assert fault is not None and fault.status == 429 and fault.retry_after_s == expected


def test_server_errors_vary_between_500_502_503_and_slow_carries_its_delay():
    injector = FaultInjector(parse_config({"seed": 2, "global": {"rate_5xx": 1.0}}))
    assert {injector.draw("espn").status for _ in range(200)} == {500, 502, 503}  # type: ignore[union-attr]
    slow = FaultInjector(parse_config({"profile": "standard", "slow_s": 2, "global": {"rate_slow": 1.0,
                         "rate_429": 0, "rate_5xx": 0, "rate_reset": 0}})).draw("bdl")  # fmt: skip
    assert slow is not None and slow.kind == "slow" and slow.slow_s == 2


def test_upstream_profiles_inherit_global_fields_and_override_some():
    config = parse_config({"global": {"rate_5xx": 0.1, "latency_s": 0.2}, "upstreams": {"espn": {"rate_429": 0.5}}})
    espn, bdl = config.for_upstream("espn"), config.for_upstream("bdl")
    assert (espn.rate_429, espn.rate_5xx, espn.latency_s) == (0.5, 0.1, 0.2)
    assert (bdl.rate_429, bdl.rate_5xx) == (0.0, 0.1)


def test_quota_profile_exhausts_only_the_odds_api_with_a_long_retry_after():
    config = parse_config("quota")
    assert config.for_upstream("odds_api").quota_exhausted
    assert config.for_upstream("odds_api").retry_after_s == 3600
    assert not config.for_upstream("bdl").quota_exhausted


def test_env_forms_profile_name_or_json():
    assert parse_config("mild").profile == "mild"
    assert parse_config('{"profile": "standard", "seed": 9}').seed == 9
    assert parse_config({}, default_seed=4).seed == 4
    assert set(PROFILES) >= {"none", "mild", "standard", "quota"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"profile": "chaos"}, "profile"),
        ({"global": {"rate_429": 1.5}}, "global.rate_429"),
        ({"global": {"rate_teapot": 0.1}}, "global.rate_teapot"),
        ({"global": {"rate_429": 0.6, "rate_5xx": 0.6}}, "global"),
        ({"global": {"slow_s": -1}}, "global.slow_s"),
        ({"upstreams": {"twitter": {}}}, "upstreams.twitter"),
        ({"upstreams": {"espn": {"quota_exhausted": "yes"}}}, "upstreams.espn.quota_exhausted"),
        ({"seed": "seven"}, "seed"),
        ({"odds_api_credits": -5}, "odds_api_credits"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_configuration_names_the_field(payload, field):
    with pytest.raises(FaultConfigError) as caught:
        parse_config(payload)
    assert caught.value.field == field
