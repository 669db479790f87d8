"""Team codes of every source map to the NBA.com tricode."""

import pytest

from shared import teams


@pytest.mark.parametrize(
    ("code", "expected"),
    [("GS", "GSW"), ("NY", "NYK"), ("NO", "NOP"), ("SA", "SAS"), ("UTAH", "UTA"), ("WSH", "WAS"), ("PHO", "PHX"),
     ("BRK", "BKN"), ("bos", "BOS"), ("LAC", "LAC"), ("XYZ", None), ("", None), (None, None)],
)  # fmt: skip
def test_tricode_from_any_abbreviation(code, expected):
    assert teams.tricode(code) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Golden State Warriors", "GSW"), ("Los Angeles Clippers", "LAC"), ("LA Clippers", "LAC"),
     ("Philadelphia 76ers", "PHI"), ("Portland Trail Blazers", "POR"), ("Melbourne United", None)],
)  # fmt: skip
def test_tricode_from_full_name(name, expected):
    assert teams.tricode_from_name(name) == expected


@pytest.mark.parametrize(("bdl_id", "expected"), [(1, "ATL"), (2, "BOS"), (3, "BKN"), (11, "HOU"), (19, "NOP"),
                                                  (23, "PHI"), (30, "WAS"), (31, None)])  # fmt: skip
def test_tricode_from_bdl_id(bdl_id, expected):
    assert teams.tricode_from_bdl_id(bdl_id) == expected


@pytest.mark.parametrize(
    ("tricode", "espn"),
    [("GSW", "GS"), ("NYK", "NY"), ("NOP", "NO"), ("SAS", "SA"), ("UTA", "UTAH"), ("WAS", "WSH"), ("BOS", "BOS"),
     ("QQQ", None)],
)  # fmt: skip
def test_espn_abbreviation_round_trips(tricode, espn):
    assert teams.espn_abbreviation(tricode) == espn
    if espn:
        assert teams.tricode(espn) == tricode


def test_thirty_distinct_teams_and_ids():
    assert len({t.tricode for t in teams.TEAMS}) == 30
    assert len({t.nba_id for t in teams.TEAMS}) == 30
    assert teams.tricode_from_nba_id(1610612765) == "DET"
