"""Metonyms: place names that stand for the people who govern, represent or play for a place.

"Russia denied", "Moscow plans", "U.S. officials", "the Washington Post", "which Russia adamantly denies":
the name is a place, but the sentence says nothing happened there, so the map must not put a mark on it.
GeoWebNews annotates these as Metonymic, Non_Literal_Modifier and Embedded_Non_Lit. The rules look only at
the few words around the name; they are cues, not a parser, and the analyst still reviews every candidate.
"""

from __future__ import annotations

import re

from atlas.gazetteer import DEMONYM_KEYS, normalize
from atlas.ingest.cues import LOCATIVE_BEFORE

# The name is the subject of an act or a statement.
_AGENT_VERBS = (
    "said|says|say|told|tells|announced|announces|accused|accuses|denied|denies|wants|wanted|plans|planned|"
    "signed|signs|imposed|imposes|sent|sends|warned|warns|agreed|agrees|called|calls|threatened|threatens|"
    "urged|urges|launched|launches|refused|refuses|rejected|rejects|responded|claimed|claims|insisted|insists|"
    "hopes|hope|hoped|expects|expected|believes|condemned|condemns|supports|supported|backed|backs|blamed|"
    "blames|demanded|demands|pledged|pledges|vowed|vows|offered|offers|proposed|proposes|approved|approves|"
    "voted|won|wins|beat|beats|defeated|lost|declared|declares|recognized|recognised|recognizes|recognises|"
    "aims|seeks|sought|tried|tries|considers|needs|intends|reported|reports|confirmed|confirms|stated|"
    "added|adds|argued|argues|suggested|suggests|noted|notes|admitted|admits|welcome|welcomes|welcomed|"
    "maintains|advocates|appreciates|leaves|retaliated|deploys|deployed|expelled|expels"
)
# Auxiliaries mark an agent too ("Russia has deployed"), but not before a passive ("Tobruk has been hit").
_AUXILIARIES = r"(?:has|have|had|will|would|could|should|might|must|can|cannot|did|does)\s+(?!be\b|been\b|become\b)"
# The name modifies the people or things of a state, a team or a market.
_MODIFIER_NOUNS = (
    "officials?|government|governments|forces|troops|soldiers|servicem[ae]n|military|army|navy|presidents?|"
    "minister|ministers|ministry|embassy|authorities|envoy|diplomats?|ambassador|leaders?|leadership|team|"
    "companies|company|firms?|markets?|economy|stocks?|shares|dollar|sanctions|tariffs|measures|actions?|"
    "administration|intelligence|lawmakers|senators?|congressman|rep|spokes(?:man|woman|person)|media|"
    "counterparts?|delegation|negotiators|regime|side|defen[cs]e|foreign|prime|central|state|national|federal|"
    "officers?|commanders?|allies|investors|banks?|treasury|policy|policies|interests?|demands?|backing|"
    "support|partners?|voters|citizens|nationals|special|secretary|attorney|general|coach|players?|fans|club|"
    "mayor|governor|council|prosecutors?|judges?|university|college|fc|employers|airlines|goals|trade|"
    "view|views|concerns?|threats?|decisions?|position|role|response|stance|plans?|offer|proposals?|move|"
    "attempts?|efforts?|lead|refusal|ruling|personnel|equipment|dollars?|rivals?|ally|relations|cooperation|"
    "opposition|representatives?|decision-makers|objections?|approval|consent|envoys"
)
# Bodies whose names begin with a place: "Washington Post", "Air France KLM", "Liverpool FC".
_ORGANISATION_AFTER = (
    "Post|Times|Journal|Herald|Tribune|Daily|News|Press|Chronicle|Gazette|Telegraph|University|College|"
    "Airlines|Airways|Lottery|United|Rovers|Wanderers|Athletic|FC|Film|Society|Council|Chrome|Board|Bank|"
    "Company|Corporation|Group|Club|Institute|Foundation|Museum|Party|Assembly|Parliament|KLM|Academy|"
    "Rangers|Department|Authority|Senate|Chamber|Embassy|Consulate|Ministry|Government|Stock"
)
# "U.S.-led", "Iranian-backed": the place directs; "London-based" is literal and stays.
_COMPOUND_AFTER = r"-(?:led|backed|brokered|sponsored|funded|allied|supported|run)\b"
# Words whose object is a government or a team, not a location: "Britain blames Russia", "relations
# between Rome and Paris", "cooperation with China", "independence from Britain", "Air Zimbabwe".
_ACTED_ON = (
    r"\b(?:blames?|blamed|accuses?|accused|urged?|urges|charged|pressured|critici[sz]ed|condemned|thanked|"
    r"praised|sanctioned|supports?)\s+(?:the\s+)?$"
    r"|\b(?:relations|ties|cooperation|talks|trade|deficit|dispute|agreement|deal|solidarity|summit|"
    r"partnership|friendship)\s+(?:between|with)\s+(?:the\s+)?$"
    r"|\bindependence\s+from\s+(?:the\s+)?$"
    r"|(?-i:\bAir\s+)$"
)

_SUBJECT_OF = re.compile(
    rf"^(?:’s|'s)?(?:\s+and\s+(?:the\s+)?[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s+(?:\w+ly\s+)?"
    rf"(?:(?:{_AGENT_VERBS})\b|{_AUXILIARIES})"
)
_AFTER = re.compile(
    rf"^(?:’s|'s)?\s+(?i:(?:{_MODIFIER_NOUNS})\b)"
    rf"|^(?:’s|'s)\s+\w+\s+(?i:(?:{_MODIFIER_NOUNS})\b)"
    rf"|^\s+(?:{_ORGANISATION_AFTER})\b"
    rf"|^{_COMPOUND_AFTER}"
)
_BEFORE = re.compile(_ACTED_ON, re.I)


def is_literal(text: str, start: int, end: int) -> bool:
    """False for a name used for the people who govern or represent a place ("Russia denied", "U.S. troops"),
    and for a nationality word ("Russian warships"), which names a country without placing anything in it."""
    if normalize(text[start:end]) in DEMONYM_KEYS:
        return False
    after = text[end : end + 80]
    if after.startswith("."):  # "U.S." recognised as "U.S"
        after = after[1:]
    before = text[max(0, start - 30) : start]
    if _AFTER.match(after) or _BEFORE.search(before):
        return False
    # "Russia said" is the government; "the ministry in Moscow said" is a place.
    return not (_SUBJECT_OF.match(after) and not LOCATIVE_BEFORE.search(before))
