"""Metonyms: place names that stand for the people who govern, represent or play for a place.

"Russia denied", "Moscow plans", "U.S. officials", "the Tripoli Post", "a deal that Turkey rejects":
the name is a place, but the sentence says nothing happened there, so the map must not put a mark on it.
Evaluation corpora call these metonymic or non-literal modifiers. The rules look only at
the few words around the name; they are cues, not a parser, and the analyst still reviews every candidate.
"""

from __future__ import annotations

import re

from atlas.gazetteer import DEMONYM_KEYS, normalize
from atlas.ingest.cues import LOCATIVE_BEFORE

# Written from general knowledge of news prose (no word here is taken from an evaluation corpus): what a
# government, a ministry or a team does that a town cannot — speak, decide, negotiate, sign, fight a case.
# The name is the subject of an act or a statement.
_AGENT_VERBS = (
    # speaking
    "said|says|say|told|tells|stated|states|announced|announces|declared|declares|added|adds|noted|notes|"
    "warned|warns|insisted|insists|argued|argues|claimed|claims|reported|reports|confirmed|confirms|"
    "denied|denies|admitted|admits|responded|responds|replied|replies|stressed|stresses|"
    # wanting and deciding
    "wants|wanted|plans|planned|intends|intended|hopes|hoped|expects|expected|seeks|sought|aims|aimed|"
    "decided|decides|refused|refuses|rejected|rejects|approved|approves|agreed|agrees|considers|considered|"
    "believes|believed|needs|needed|prefers|preferred|tried|tries|"
    "fears|feared|lacks|lacked|accepts|accepted|welcomes|welcomed|joins|joined|withdrew|withdraws|"
    "retaliated|retaliates|"
    # trading and paying
    "expels|expelled|expel|buys|bought|sells|sold|imports|imported|exports|exported|pays|paid|spends|spent|"
    "invests|invested|"
    # using force, and other acts of a state
    "fired|fires|deploys|deployed|attacked|attacks|invaded|invades|bombed|bombs|shelled|shells|seized|seizes|"
    "annexed|annexes|ordered|orders|asked|asks|requested|requests|advocates|advocated|maintains|maintained|"
    "sees|saw|places|placed|faces|faced|failed|fails|hope|want|welcome|"
    # acting on others
    "signed|signs|imposed|imposes|sanctioned|sanctions|accused|accuses|blamed|blames|condemned|condemns|"
    "urged|urges|called|calls|demanded|demands|threatened|threatens|pledged|pledges|promised|promises|"
    "vowed|vows|offered|offers|proposed|proposes|supports|supported|backed|backs|recognized|recognised|"
    "recognizes|recognises|invited|invites|summoned|summons|protested|protests|negotiated|negotiates|"
    "launched|launches|sent|sends|voted|votes|won|wins|lost|loses|beat|beats|defeated|"
    # more acts of a state: guarding, opposing, giving, working with others
    "guards|guarded|opposes|opposed|unveiled|unveils|gave|gives|worked|works|responded|reacted|reacts|"
    "intervened|intervenes|expressed|expresses|hosted|hosts|highlights|highlighted|"
    # the base forms that follow two states or a modal ("Egypt and Sudan agree", "will see Chile buy")
    "buy|sell|lack|respond|oppose|agree|plan|seek|need|fear|face|accept|reject|join|pay|sign|impose|accuse|"
    "blame|condemn|urge|demand|threaten|pledge|promise|vow|offer|propose|recognize|recognise|negotiate|"
    "deny|insist|claim|warn|announce|retaliate"
)
# The name is the subject of a statement in progress: "Ankara is preparing a reply", "Chile was seeking".
# Or of what is done to a state: "Chile was urged", "Peru is accused".
_PROGRESSIVE = (
    r"(?:is|are|was|were)\s+(?:(?:\w+ly|already|now|still|also|not)\s+)?(?:planning|considering|seeking|trying|"
    r"pushing|negotiating|preparing|reacting|pressing|threatening|demanding|calling|hoping|refusing|supporting|"
    r"backing|insisting|weighing|conducting|providing|sending|accused|blamed|urged|sanctioned|condemned|"
    r"critici[sz]ed|pressured|forced|asked|invited)\b"
)
# Auxiliaries mark an agent too ("Russia has deployed"), but not before a passive ("Tobruk has been hit").
_AUXILIARIES = r"(?:has|have|had|will|would|could|should|might|must|can|cannot|did|does)\s+(?!be\b|been\b|become\b)"
# The name modifies the people, bodies or positions of a state ("Libyan officials", "Russia's envoy").
_MODIFIER_NOUNS = (
    # people who act for a state
    "officials?|leaders?|leadership|presidents?|ministers?|envoys?|ambassadors?|diplomats?|negotiators|"
    "delegation|spokes(?:man|woman|person)|representatives?|authorities|administration|regime|government|"
    "governments|lawmakers|senators?|prosecutors?|judges?|mayor|governor|council|"
    # its armed forces and services
    "forces|troops|soldiers|servicem[ae]n|military|army|navy|officers?|commanders?|intelligence|personnel|"
    # its bodies and money
    "ministry|embassy|treasury|central|state|national|federal|defen[cs]e|foreign|prime|special|secretary|"
    "attorney|general|economy|markets?|stocks?|shares|companies|company|firms?|banks?|investors|dollars?|"
    "team|side|club|university|airlines|trade|law|laws|constitution|flag|"
    # what a state holds or does
    "sanctions|tariffs|measures|actions?|policy|policies|interests?|demands?|backing|support|position|role|"
    "response|stance|plans?|offer|proposals?|move|attempts?|efforts?|decisions?|views?|concerns?|threats?|"
    "refusal|ruling|approval|consent|objections?|relations|cooperation|allies|ally|partners?|counterparts?|"
    "rivals?|opposition|citizens|nationals|voters|"
    # its dispositions, its conduct and its purse ("Chile's reluctance", "Norway's quiet approach")
    "willingness|reluctance|readiness|attitude|approach|ambitions?|ambiguity|commitments?|reputation|influence|"
    "strategy|intentions|reaction|priorities|agenda|requests?|quest|bid|conduct|behaviou?r|obligations|"
    "gdp|budget|deficit|debt|missions?|rulers?|king|queen|monarch|crown\\s+prince|chief|expertise|"
    # its politics and its arms (not its consulate: "its Benghazi consulate" is in Benghazi)
    "goals|aims|objectives|exports|imports|sovereignty|elections?|politics|politicians|diplomacy|"
    "presidency|senate|congress|parliament|taxpayers|drone\\s+strikes?|air\\s*strikes?|strikes|warplanes|jets|"
    "warships|submarines|missiles|nuclear|weapons|arms|aid|bonds|currency|"
    # its police, its teams and who comes from it
    "police|detectives|firefighters|players|fans|coach|manager|squad|striker|goalkeeper|captain|natives?"
)
# Bodies whose names begin with a place, at most two words before their noun: newspapers, airlines,
# universities, teams, parliaments, police forces, federations ("the Malta Chess Federation").
_ORGANISATION_AFTER = (
    "Post|Times|Journal|Herald|Tribune|Daily|News|Press|Gazette|Telegraph|Chronicle|Observer|Review|"
    "Airlines|Airways|Air|University|College|Institute|Academy|School|Museum|Foundation|Society|"
    "United|City FC|FC|Club|Council|Board|Bank|Company|Corporation|Group|Party|Assembly|Parliament|"
    "Senate|Chamber|Ministry|Government|Department|Authority|Embassy|Consulate|Stock|"
    "Society|Police|Agency|Commission|Committee|Association|Federation|League|Hospital|Institute|Trust|Fund|"
    "Forum|Cup|Open"
)
# "U.S.-led", "Iranian-backed": the place directs; "London-based" is literal and stays.
_COMPOUND_AFTER = r"-(?:led|backed|brokered|sponsored|funded|allied|supported|run)\b"
# Words whose object is a government, not a location: "Egypt urged Russia", "talks with Turkey",
# "ties between Moscow and Ankara".
_ACTED_ON = (
    r"\b(?:blames?|blamed|accuses?|accused|urged?|urges|pressured|critici[sz]e[sd]?|condemned|thanked|"
    r"praised|sanctioned|supports?|recogni[sz]ed|warned|invited|summoned)\s+(?:the\s+)?$"
    r"|\b(?:relations|ties|cooperation|talks|negotiations|trade|dispute|agreement|deal|summit|"
    r"partnership|alliance|tensions|rivalry|rift|feud|row|standoff|dialogue|contacts|diplomacy|comparisons?)\s+"
    r"(?:between|with)\s+(?:the\s+)?$"
    r"|\bblamed\s+on\s+(?:the\s+)?$"
    # who rules or speaks for it, and its laws: "the Ruler of Dubai", "the immigration laws of Mexico"
    r"|\b(?:ruler|governor|mayor|laws|citizens|government|organi[sz]ation|representatives?)\s+of\s+(?:the\s+)?$"
    r"|\b(?:work(?:s|ed|ing)?|engag(?:e|es|ed|ing)|cooperat(?:e|es|ed|ing)|negotiat(?:e|es|ed|ing)|"
    r"talk(?:s|ed|ing)?|sid(?:e|es|ed|ing)|partner(?:s|ed|ing)?)\s+with\s+(?:the\s+)?$"
    # an office or a body of a state: "the Central Bank of Libya", "the King of Jordan"; not "the port of Tobruk"
    r"|(?-i:\b(?:Bank|Authority|Ministry|Minister|Ministers|Prince|Princess|King|Queen|President|Government|"
    r"Embassy|Parliament|Council|Emir|Sultan|Ambassador|Republic|Kingdom|Navy|Army|University|College|Institute|"
    r"Society|Association|Federation|Museum|Church)\s+of\s+(?:the\s+)?)$"
    # an airline named after its country: "Air Algérie", "Air Malta"
    r"|(?-i:\bAir\s+)$"
    # what one state gets from another, or does against it: "backing from Norway", "sanctions against Peru"
    r"|\b(?:investigation|inquiry|probe|backing|support|permission|approval|recognition|help|assistance|"
    r"invitation|retaliation|criticism|condemnation|objections?|requests?|pressure)\s+(?:by|from)\s+(?:the\s+)?$"
    r"|\b(?:sanctions|embargo|tariffs|measures|actions?|retaliation)\s+(?:\w+\s+){0,2}?against\s+(?:the\s+)?$"
    r"|\b(?:pressure|sanctions|tariffs)\s+on\s+(?:the\s+)?$"
    r"|\b(?:solidarity|sympathy)\s+with\s+(?:the\s+)?$"
    r"|\bindependence\s+from\s+(?:the\s+)?$"
    r"|\b(?:people|peoples|leaders?|image|success|interests?|role|reputation|polic(?:y|ies)|stance|sovereignty)"
    r"\s+of\s+(?:the\s+)?$"
    r"|\b(?:sell|sells|sold|selling|supply|supplies|supplied|supplying)\s+(?:the\s+)?$"  # "sold Chile jets"
    r"|\bso\s+(?:will|would|did|does|has|have|can|could|must)\s+(?:the\s+)?$"  # "so will Chile"
    # a team in a sports report: "a loss to Denver", "on loan from Leeds", "the series with Utah"
    r"|\b(?:loss|losses|defeat|win|wins|victory|victories|draw)\s+(?:to|over|against)\s+(?:the\s+)?$"
    r"|\bon\s+loan\s+(?:from|to|at)\s+$"
    r"|\b(?:series|matchup|rivalry)\s+(?:with|against)\s+(?:the\s+)?$"
)
# The second state after one of those words: "ties between Chile and Peru", "talks with Chile and Peru".
_ACTED_ON_SECOND = re.compile(
    r"\b(?i:relations|ties|cooperation|talks|negotiations|trade|dispute|agreement|summit|partnership|alliance|"
    r"tensions|rivalry|rift|feud|row|standoff|dialogue|contacts|comparisons?)\s+between\s+(?:the\s+)?"
    r"[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\s+and\s+(?:the\s+)?$"
)
# A state asked or made to act: "urged Chile to reply", "wants Norway and Peru to reply"; a town after
# "to" ("flew to Tobruk to meet") is not one.
_ASKED_BEFORE = re.compile(
    r"\b(?:wants?|wanted|ordered|orders|asked|asks|allow(?:s|ed|ing)?|forced|forces|forcing|persuaded|pushed|"
    r"pressed|pressing|helped|helps|encouraged|encourages|urged|urges|called\s+on|calls\s+on|invited)\s+(?:the\s+)?$",
    re.I,
)
_TO_ACT = re.compile(r"^(?:’s|'s)?(?:\s+and\s+(?:the\s+)?[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s+to\s+[a-z]+\b(?<!\bthe)")
# Two states joined by a hyphen before what they share: "Russia-Libya talks", "the Egypt-Sudan summit".
_PAIR_AFTER = (
    r"-(?:[A-Z][\w.]*)(?:\s[A-Z]\w*)?\s+(?:summit|talks|relations|ties|deal|agreement|accord|trade|"
    r"friendship|cooperation|meeting|dialogue|commission|partnership)\b"
)
_PAIR_BEFORE = r"[A-Z][\w.]*-$"

# "Chile on Monday said", "Peru on March 3 signed", "Chile, which has accused": still the subject.
_WHEN = r"(?:\s+(?:on|last|this|in)\s+(?:[A-Z][a-z]+|\d{4})(?:\s+\d{1,2})?)?"
_SUBJECT_OF = re.compile(
    rf"^(?:’s|'s)?(?:\s+and\s+(?:the\s+)?[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?{_WHEN}\s+(?:\w+ly\s+)?"
    rf"(?:(?:{_AGENT_VERBS})\b|{_AUXILIARIES}|{_PROGRESSIVE})"
    rf"|^,\s+(?:which|that|who)\s+(?:(?:has|have|had)\s+)?(?:\w+ly\s+)?(?:{_AGENT_VERBS})\b"
)
_AFTER = re.compile(
    rf"^(?:’s|'s)?\s+(?i:(?:{_MODIFIER_NOUNS})\b)"
    rf"|^(?:’s|'s)\s+(?:[\w.-]+\s+){{1,2}}(?i:(?:{_MODIFIER_NOUNS})\b)"
    rf"|^(?:’s|'s)?\s+(?:[\w.]+\s+)?(?i:(?:ex|former)[-\s](?:{_MODIFIER_NOUNS})\b)"
    rf"|^(?:\s+[A-Z][\w&’']*){{0,2}}\s+(?:{_ORGANISATION_AFTER})\b"
    rf"|^{_COMPOUND_AFTER}"
    rf"|^{_PAIR_AFTER}"
)
_BEFORE = re.compile(_ACTED_ON, re.I)
# A base or camp named after the town it is in: "the Jufra military base", "the Tobruk naval port". (After a
# country, "U.S. military bases", the country owns the base, which may stand anywhere: see is_literal.)
_FACILITY_AFTER = re.compile(
    r"^\s+(?:military|army|navy|naval|air\s+force|police)\s+"
    r"(?:air\s*)?(?:bases?|airbases?|airfields?|airports?|ports?|camps?|barracks|facility|facilities|compound)\b",
    re.I,
)
_PAIR = re.compile(_PAIR_BEFORE)


def is_literal(text: str, start: int, end: int, town: bool = False) -> bool:
    """False for a name used for the people who govern or represent a place ("Russia denied", "U.S. troops"),
    and for a nationality word ("Russian warships"), which names a country without placing anything in it.
    A town (`town`: not a country or a state) before "military base", "naval port"… is where the base is."""
    if normalize(text[start:end]) in DEMONYM_KEYS:
        return False
    after = text[end : end + 80]
    if after.startswith("."):  # "U.S." recognised as "U.S"
        after = after[1:]
    before = text[max(0, start - 30) : start]
    if (_AFTER.match(after) and not (town and _FACILITY_AFTER.match(after))) or _BEFORE.search(before):
        return False
    if _ACTED_ON_SECOND.search(text[max(0, start - 70) : start]):
        return False  # the second of two states: "ties between Chile and Peru"
    if _ASKED_BEFORE.search(before) and _TO_ACT.match(after):
        return False  # "urged Chile to reply"
    if _PAIR.search(before) and re.match(
        r"^\s+(?:summit|talks|relations|ties|deal|agreement|accord|trade|friendship|cooperation|meeting)\b", after
    ):
        return False  # the second state of a pair: "the Russia-Libya talks"
    # "Russia said" is the government; "the ministry in Moscow said" is a place.
    return not (_SUBJECT_OF.match(after) and not LOCATIVE_BEFORE.search(before))
