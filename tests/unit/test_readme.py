"""The README is part of the contract: its commands and settings table match the code."""

from pathlib import Path

from shared.settings import ENV_PREFIX, Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_every_setting_is_in_the_settings_table():
    missing = [
        f"{ENV_PREFIX}{name.upper()}"
        for name in Settings.model_fields
        if name not in ("build_commit", "revision") and f"`{ENV_PREFIX}{name.upper()}`" not in README
    ]
    assert not missing, f"README settings table lacks {missing}"


def test_two_commands_come_first():
    first_block = README.split("```", 2)[1]
    assert "make run" in first_block and "make test" in first_block
