"""Country codes (ISO 3166-1 alpha-2), the EU as a group, and names that identify a jurisdiction."""

from __future__ import annotations

import re
from collections.abc import Iterable

# ISO 3166-1 alpha-2, the officially assigned codes.
ISO_COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW
    """.split()
)

EU = "EU"
# The 27 member states (since 1 February 2020). ISO writes Greece GR where the EU writes EL.
EU_MEMBERS = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)

# Common non-ISO spellings, so that the error can say what to write instead.
NOT_ISO = {"UK": "GB", "EL": "GR"}

# Words that name a jurisdiction in a license's governing-law clause, by country code: enough
# for the countries whose law license_db entries choose. Other jurisdictions are denied by name.
JURISDICTION_NAMES: dict[str, tuple[str, ...]] = {
    "AE": ("United Arab Emirates", "UAE", "Abu Dhabi", "Dubai"),
    "CH": ("Switzerland", "Swiss"),
    "CN": ("China", "PRC", "Hangzhou", "Beijing", "Shanghai"),
    "DE": ("Germany", "German"),
    "FR": ("France", "French"),
    "GB": ("United Kingdom", "England", "Wales", "Scotland"),
    "IL": ("Israel",),
    "IN": ("India",),
    "JP": ("Japan",),
    "KR": ("Korea",),
    "RU": ("Russia", "Russian Federation"),
    "SG": ("Singapore",),
    "US": ("United States", "USA", "U.S.", "California", "Delaware", "New York"),
}


def is_region(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code or the ``EU`` group."""
    return code == EU or code in ISO_COUNTRIES


def expand(codes: Iterable[str]) -> frozenset[str]:
    """The countries the codes cover: ``EU`` stands for its member states, and a member state
    also counts as ``EU``."""
    found: set[str] = set()
    for code in codes:
        if code == EU:
            found |= EU_MEMBERS | {EU}
        else:
            found.add(code)
            if code in EU_MEMBERS:
                found.add(EU)
    return frozenset(found)


def overlap(restricted: Iterable[str], where: Iterable[str]) -> tuple[str, ...]:
    """The organisation's own codes (as written) that fall inside the restricted regions."""
    covered = expand(restricted)
    return tuple(sorted(code for code in set(where) if code in covered))


def names_jurisdiction(text: str, deny: str) -> bool:
    """Whether a governing-law value names ``deny`` (a code of :data:`JURISDICTION_NAMES`, or a
    name), as whole words, ignoring case."""
    for word in JURISDICTION_NAMES.get(deny, (deny,)):
        if re.search(rf"(?<![\w.]){re.escape(word)}(?!\w)", text, re.IGNORECASE):
            return True
    return False
