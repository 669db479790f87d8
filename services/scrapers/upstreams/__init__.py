"""Every scraper, by name: the names are a contract with workflows.yaml."""

from __future__ import annotations

from services.scrapers.scrape.base import Scraper
from services.scrapers.upstreams.bdl import BdlBoxScores, BdlInjuries
from services.scrapers.upstreams.bettingpros import BpEvents, BpPlayerProps
from services.scrapers.upstreams.espn import EspnRoster
from services.scrapers.upstreams.nbacom import NbacRefereeAssignments, NbacSchedule
from services.scrapers.upstreams.oddsapi import OddsaEvents, OddsaPlayerProps

SCRAPERS: dict[str, Scraper] = {
    s.name: s
    for s in (
        NbacSchedule(),
        OddsaEvents(),
        OddsaPlayerProps(),
        BpEvents(),
        BpPlayerProps(),
        EspnRoster(),
        BdlInjuries(),
        BdlBoxScores(),
        NbacRefereeAssignments(),
    )
}
