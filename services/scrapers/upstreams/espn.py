"""ESPN: one team's roster with each player's injury status."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, computed_field, field_validator

from services.scrapers.scrape.base import ScrapeContext, Scraper
from services.scrapers.scrape.params import OptionalDateParams
from services.scrapers.scrape.sources import ESPN
from shared import teams
from shared.names import player_lookup


def _any_case(word: str) -> str:
    return "".join(f"[{c}{c.lower()}]" if c.isalpha() else c for c in word)


# Every abbreviation teams.tricode() knows, in any letter case (and nothing around it), as the document states.
TEAM_PATTERN = f"^(?:{'|'.join(_any_case(a) for a in teams.ABBREVIATIONS)})$"


class RosterParams(OptionalDateParams):
    team: str = Field(
        json_schema_extra={"pattern": TEAM_PATTERN},
        description="NBA tricode, e.g. BOS, GSW, UTA (other sources' abbreviations, any case)",
    )

    @field_validator("team")
    @classmethod
    def _known_team(cls, value: str) -> str:
        code = teams.tricode(value) if re.fullmatch(TEAM_PATTERN, value) else None
        if code is None:
            raise ValueError(f"unknown team {value!r}; expected an NBA tricode such as BOS")
        return code

    @computed_field  # type: ignore[prop-decorator]
    @property
    def espn_team(self) -> str:
        """ESPN's lowercase abbreviation for the path (GSW → gs, UTA → utah)."""
        return (teams.espn_abbreviation(self.team) or self.team).lower()


class EspnRoster(Scraper):
    name = "espn_roster"
    description = "One team's ESPN roster (tricode `team`), with injury status; roster_date = `date`."
    source = ESPN
    endpoint = "roster"
    path = "/apis/site/v2/sports/basketball/nba/teams/{espn_team}/roster"
    params = RosterParams
    table = "nba_raw.espn_rosters"

    def transform(self, payload: Any, ctx: ScrapeContext) -> list[dict[str, Any]]:
        team = payload.get("team") or {}
        athletes = payload["athletes"] if "athletes" in payload else team["athletes"]  # ?enable=roster nests them
        rows = []
        for athlete in athletes:
            name = athlete.get("fullName") or athlete["displayName"]
            injuries = athlete.get("injuries") or []
            status = athlete.get("status") or {}
            rows.append(
                {
                    "roster_date": ctx.params.date,
                    "team_tricode": ctx.params.team,
                    "espn_team_abbr": team.get("abbreviation") or teams.espn_abbreviation(ctx.params.team),
                    "espn_player_id": str(athlete["id"]),
                    "player_name": name,
                    "player_lookup": player_lookup(name),
                    "jersey": athlete.get("jersey"),
                    "position": (athlete.get("position") or {}).get("abbreviation"),
                    "status": status.get("name") or status.get("type"),
                    "injury_status": injuries[0].get("status") if injuries else None,
                }
            )
        return rows

    def data_summary(self, rows: list[dict[str, Any]], params: Any) -> dict[str, Any]:
        return {
            "team": params.team,
            "players": len(rows),
            "injured": sorted(r["player_lookup"] for r in rows if r["injury_status"]),
        }
