"""The first names BettingPros prints: nicknames players go by, nicknames the package knows, long forms."""

from __future__ import annotations

from local.upstream_standin.book_names import first_is_unique
from local.upstream_standin.model import Player

# First names BettingPros prints as the nickname players go by.
NICKNAMES = {
    "Herbert": "Herb",
    "Cameron": "Cam",
    "Robert": "Rob",
    "Moritz": "Moe",
    "Kenrich": "Kenny",
    "Joshua": "Josh",
    "Patrick": "Pat",
    "Michael": "Mike",
    "Mohamed": "Mo",
    "Nicolas": "Nic",
    "Alexandre": "Alex",
    "Nicholas": "Nick",
    "Christopher": "Chris",
    "Matthew": "Matt",
}
# Short names BettingPros prints that the resolver's old hand-kept list did not have: the nicknames package links
# each to the registry's first name.
PACKAGE_NICKNAMES = {
    "Andrew": "Drew",
    "Thomas": "Tom",
    "Donovan": "Don",
    "Kevin": "Kev",
    "David": "Dave",
    "Stephen": "Steph",
    "Ronald": "Ron",
    "Dominick": "Nick",
    "Julian": "Jules",
    "Harrison": "Harry",
    "Caleb": "Cal",
    "Isaac": "Ike",
    "Dennis": "Denny",
}
# Long forms BettingPros prints against a registry's short first name ('Nicolas Claxton' for Nic Claxton).
LONG_FORMS = {
    "Cam": "Cameron",
    "Nic": "Nicolas",
    "Zach": "Zachary",
    "Mo": "Mohamed",
    "Bub": "Carlton",
    "Bones": "Nah'Shon",
    "GG": "Gregory",
    "Tim": "Timothy",
    "Alex": "Alexander",
    "Ron": "Ronald",
    "Nick": "Nicholas",
    "Josh": "Joshua",
    "Matt": "Matthew",
    "Chris": "Christopher",
    "Ben": "Benjamin",
    "Max": "Maximilian",
    "Sam": "Samuel",
    "Mike": "Michael",
    "Herb": "Herbert",
}


def book_first(player: Player) -> str:
    """The first name BettingPros prints: the nickname players go by, a nickname only the nicknames package knows,
    or the long form of a short registry name; the package's and long forms only where they name him alone."""
    first = player.first_name
    if first in NICKNAMES:
        return NICKNAMES[first]
    other = PACKAGE_NICKNAMES.get(first) or LONG_FORMS.get(first)
    return other if other and first_is_unique(player, other) else first
