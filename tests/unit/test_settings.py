"""Settings: defaults, environment, and one clear line for a bad value."""

import pytest

from shared.errors import ConfigError
from shared.settings import load_settings


def test_defaults_are_valid_and_breaker_defaults_match_design(monkeypatch):
    monkeypatch.delenv("COURTSIDE_BREAKER_THRESHOLD", raising=False)
    settings = load_settings()
    assert settings.breaker_threshold == 5
    assert settings.breaker_timeout_minutes == 30
    assert settings.build_commit == "dev"


def test_environment_overrides_with_one_prefix(monkeypatch):
    monkeypatch.setenv("COURTSIDE_RETRY_MAX_ATTEMPTS", "7")
    monkeypatch.setenv("BUILD_COMMIT", "abc123")
    settings = load_settings()
    assert settings.retry_max_attempts == 7
    assert settings.build_commit == "abc123"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("COURTSIDE_RETRY_MAX_ATTEMPTS", "many", "COURTSIDE_RETRY_MAX_ATTEMPTS"),
        ("COURTSIDE_BQ_ENDPOINT", "127.0.0.1:9050", "COURTSIDE_BQ_ENDPOINT"),
        ("COURTSIDE_ENVIRONMENT", "staging", "'local' or 'production'"),
        ("COURTSIDE_WORKFLOW_DEADLINE_S", "-1", "greater than 0"),
    ],
)
def test_bad_value_names_variable_and_expected_form(monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = caught.value.message
    assert variable in message
    assert expected in message
    assert "\n" not in message


def test_secrets_do_not_show_in_repr(monkeypatch):
    monkeypatch.setenv("COURTSIDE_ODDS_API_KEY", "super-secret-key")
    settings = load_settings()
    assert "super-secret-key" not in repr(settings)
    assert settings.odds_api_key.get_secret_value() == "super-secret-key"


def test_a_bad_secret_is_named_but_not_echoed(monkeypatch):
    monkeypatch.setenv("COURTSIDE_ALERT_WEBHOOK_URL", "hooks.slack.com/services/T0/B0/token-xyz")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "COURTSIDE_ALERT_WEBHOOK_URL" in caught.value.message
    assert "token-xyz" not in caught.value.message


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("COURTSIDE_RETRY_BUDGET_RATIO", "0", "greater than 0"),
        ("COURTSIDE_RETRY_BUDGET_RATIO", "1.5", "less than or equal to 1"),
        ("COURTSIDE_RETRY_BUDGET_RESERVE", "0.5", "greater than or equal to 1"),
        ("COURTSIDE_RETRY_BUDGET_WINDOW_MINUTES", "2000", "less than or equal to 1440"),
        ("COURTSIDE_ODDS_API_DAILY_CREDITS", "-3", "greater than or equal to 1"),
        ("COURTSIDE_ODDS_API_DAILY_CREDITS", "plenty", "valid integer"),
        ("COURTSIDE_ODDS_API_RESET_DAY", "31", "less than or equal to 28"),
        ("COURTSIDE_BUDGET_CACHE_S", "-1", "greater than or equal to 0"),
    ],
)
def test_a_budget_setting_out_of_range_stops_the_scrapers_service_naming_it(monkeypatch, variable, value, expected):
    from services.scrapers.app import create_app

    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        create_app()  # the service's start: settings are read before any adapter is built
    assert variable in caught.value.message
    assert expected in caught.value.message


@pytest.mark.parametrize(
    ("environment", "url", "accepted"),
    [
        ("production", "https://hooks.slack.com/services/T0/B0/x", True),
        ("production", "http://hooks.slack.com/services/T0/B0/x", False),
        ("local", "http://127.0.0.1:9/hook", True),
    ],
)
def test_production_accepts_only_https_webhooks(monkeypatch, environment, url, accepted):
    monkeypatch.setenv("COURTSIDE_ENVIRONMENT", environment)
    monkeypatch.setenv("COURTSIDE_ALERT_WEBHOOK_URL", url)
    if accepted:
        assert load_settings().alert_webhook_url is not None
        return
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "COURTSIDE_ALERT_WEBHOOK_URL" in caught.value.message and "https://" in caught.value.message
    assert "services/T0" not in caught.value.message
