"""The player registry's pure side: name parts, resolution rules (data files) and the resolver."""

from shared.players.resolver import Candidate, Game, Resolution, Resolver, Scored
from shared.players.rules import Rules, load_rules

__all__ = ["Candidate", "Game", "Resolution", "Resolver", "Rules", "Scored", "load_rules"]
