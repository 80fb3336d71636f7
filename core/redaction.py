"""Remove obvious identifiers from free text before it is stored (docs/anonymity.md).

E-mail addresses, phone numbers and NHS numbers are found by pattern. Names of people are
found by rules over the words of a comment, using the first names and surnames that Faker
ships for the countries NHS staff come from (MIT licence, data inside the wheel, nothing
downloaded, loaded once per process on first use):

- a capitalised word after a title ("Dr Smithson", "Sister O'Brien"), the title kept;
- capitalised words next to a known name ("Jane Smithson", "Rowena dela Cruz");
- a known name on its own ("Mohammed on nights"), or a word listed with one ("Cerys and
  Bethan"), or an unknown word that owns something or is thanked ("Claudette's", "thanks
  to Parveen");
- known names in lower case after "dr" or a word like "manager" ("my manager priya
  sharma"), before a known surname, or anywhere in a comment typed all in lower case.

Words that are everyday English ("Grace period", "Will anyone") or that staff use for
wards, departments, jobs and places count as names only when something else says so: a
title, a known name beside them, or a capital letter in the middle of a sentence. Names no
list knows, on their own or in pairs ("Tendai Moyo"), are missed; tests/core/test_redaction.py
measures how often.
"""

import re
import unicodedata
from functools import cache
from importlib import import_module

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# NHS numbers: 10 digits, often written 3-3-4 with spaces or dashes.
NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
# UK phone numbers: 0, +44 or 0044 then 9-10 more digits, allowing spaces, dashes and
# brackets.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)44\s?\(?0?\)?|\(?0)\d(?:[\s\-()]{0,2}\d){8,9}(?!\d)")

REPLACEMENTS = [
    (EMAIL, "[email address removed]"),
    (PHONE, "[phone number removed]"),
    (NHS_NUMBER, "[number removed]"),
]
NAME_REMOVED = "[name removed]"

# Faker locales for the countries NHS staff come from whose names are in Latin script.
NAME_LOCALES = [
    "en_GB", "en_IE", "ga_IE", "en_US", "en_NZ", "en_IN", "en_PK", "en_KE", "en_NG", "yo_NG",
    "ig_NG", "ha_NG", "tw_GH", "sw", "zu_ZA", "pl_PL", "ro_RO", "cs_CZ", "sk_SK", "lt_LT",
    "lv_LV", "hu_HU", "hr_HR", "it_IT", "es_ES", "pt_PT", "pt_BR", "fr_FR", "de_DE", "tr_TR",
    "zh_CN", "zh_TW",
]  # fmt: skip
# Faker's "en" lists are American birth records: many nicknames staff use (Rob, Jess, Bev)
# but also entries such as "Unknown" and "Council", so they count only beside other names.
WEAK_NAME_LOCALES = ["en"]
FIRST_NAME_FIELDS = [
    "first_names", "first_names_male", "first_names_female", "first_names_nonbinary",
    "first_romanized_names",
]  # fmt: skip
SURNAME_FIELDS = ["last_names", "last_romanized_names", "unisex_last_names", "male_last_names"]

# Titles that are always followed by a name; the name is redacted and the title kept.
TITLES = {
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame", "lord", "revd",
}  # fmt: skip
# Titles that are also job words ("Nurse Practitioner"): a name must follow, not a word.
JOB_TITLES = {"sister", "nurse", "matron", "doctor", "father", "rev"}
# Written in lower case, only the abbreviations are sure to be titles ("dr cooper").
LOWER_TITLES = {"dr", "mr", "mrs", "ms", "mx", "prof"}
# Words after which staff give a name, often in lower case ("my manager priya sharma").
ROLE_CUES = {
    "manager", "colleague", "supervisor", "boss", "mentor", "lead", "leader", "matron",
    "consultant", "deputy", "preceptor", "buddy", "called", "named",
}  # fmt: skip
# Before a capitalised word that no list knows, only thanks mark it as a person.
THANKS = {"thank", "thanks"}
# "St George's", "St Mary's": the word after is a saint, and the place is a hospital.
SAINTS = {"st", "saint"}
# Abbreviations whose full stop does not end the name after them ("Dr. Khan", "St. Mary's").
ABBREVIATIONS = TITLES | SAINTS
# Lower-case joiners inside names ("Rowena dela Cruz").
PARTICLES = {"de", "dela", "del", "da", "di", "van", "von", "der", "den", "ap", "bin", "al", "el"}
# Capitalised words before one of these name a place, not a person ("Rose Ward").
PLACE_NOUNS = {
    "ward", "wards", "unit", "suite", "centre", "center", "wing", "house", "hospital",
    "clinic", "building", "lodge", "court", "road", "street", "lane", "avenue", "park",
    "trust", "practice", "surgery", "hub", "lounge", "award", "awards", "foundation", "block",
    "campus", "college", "university", "school", "room", "fund", "hall", "review", "report",
}  # fmt: skip
# Small words: they end a name and are never one.
FUNCTION_WORDS = {
    "i", "we", "our", "my", "the", "a", "an", "he", "she", "they", "it", "its", "this", "that",
    "these", "those", "there", "here", "his", "her", "their", "your", "you", "me", "us",
    "them", "him", "and", "or", "but", "if", "so", "as", "at", "on", "in", "of", "for", "to",
    "by", "with", "from", "since", "when", "while", "after", "before", "during", "every",
    "each", "all", "some", "no", "nobody", "everyone", "anyone", "someone", "none", "not",
    "also", "please", "thanks", "thank", "yes", "ok", "okay", "hi", "dear", "re", "is", "was",
    "are", "were", "be", "been", "has", "have", "had", "do", "does", "did", "can", "could",
    "would", "should", "may", "might", "must", "about", "what", "who", "why", "how",
    "where", "which", "very", "more", "most", "less", "just", "only", "even", "still",
    # contractions ("I'm Jane Doe": the name is Jane Doe, not I'm Jane Doe)
    "i'm", "i've", "i'd", "i'll", "we're", "we've", "we'd", "we'll", "they're", "they've",
    "they'd", "they'll", "you're", "you've", "you'd", "you'll", "he'd", "she'd", "he'll",
    "she'll", "don't", "doesn't", "didn't", "can't", "won't", "isn't", "aren't", "wasn't",
    "weren't", "couldn't", "shouldn't", "wouldn't", "haven't", "hasn't", "hadn't",
    # greetings and sign-offs, which stand beside a name ("Regards, Jane")
    "hello", "hiya", "regards", "cheers", "sincerely", "faithfully", "greetings", "best",
    "wishes", "kind", "warm", "morning", "afternoon", "evening", "apologies", "sorry", "ps",
}  # fmt: skip
# First names that UK staff go by and that Faker's lists lack, mostly short forms.
SHORT_FIRST_NAMES = {
    "will", "pat", "rob", "jen", "bev", "kat", "pete", "matt", "viv", "val", "mo", "jess",
    "becky", "steph", "kev", "nige", "fran", "jules", "bex", "trish", "mags", "tash", "nat",
    "andi", "sal", "debs", "gaz", "baz", "del", "mel", "lou", "em", "abi", "izzy", "ollie",
}  # fmt: skip
# After a name that is also a word, at the start of a sentence, these say it is a person
# ("Rose from HR said", "Hope told us"), where a word would not be followed by them.
SPEAKING = {
    "said", "says", "told", "tells", "asked", "asks", "thinks", "thought", "wants", "wanted",
    "reported", "mentioned", "explained", "emailed", "rang", "phoned", "from",
}  # fmt: skip
# Never a person's name without a title: the words of NHS comments.
NOT_NAMES = {
    # days, months, seasons and holidays
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "spring", "summer", "autumn", "winter", "christmas", "easter",
    "ramadan", "eid", "diwali", "vaisakhi", "hanukkah", "onam", "pride", "xmas", "new", "year",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "st", "saint",
    # the service, its places and its departments
    "nhs", "trust", "trusts", "board", "ward", "wards", "unit", "units", "band", "bands",
    "surgery", "medicine", "medical", "surgical", "theatres", "theatre", "department",
    "directorate", "division", "team", "teams", "service", "services", "hospital", "clinic",
    "community", "outpatients", "inpatients", "emergency", "critical", "care", "intensive",
    "maternity", "paediatrics", "neonates", "neonatal", "oncology", "haematology",
    "cardiology", "radiology", "pathology", "pharmacy", "orthopaedics", "urology",
    "gynaecology", "obstetrics", "endoscopy", "dermatology", "neurology", "respiratory",
    "stroke", "renal", "elderly", "geriatrics", "frailty", "rehab", "rehabilitation",
    "physiotherapy", "therapies", "estates", "facilities", "finance", "hr", "ict",
    "governance", "safeguarding", "chaplaincy", "health", "wellbeing", "occupational",
    "mental", "education", "learning", "innovation", "research", "discharge", "lounge",
    "admissions", "assessment", "resus", "majors", "minors", "acute", "general", "royal",
    "integrated", "infection", "prevention", "control", "freedom", "speak", "guardian",
    "guardians", "datix", "esr", "rota", "rotas", "bank", "agency", "covid", "cqc", "ics",
    "icb", "icu", "itu", "hdu", "ed", "ae", "gp", "gps", "patient", "patients", "experience",
    # element words of the culture framework
    "vision", "values", "goals", "performance", "support", "compassion", "teamwork",
    "equity", "inclusion", "equality", "diversity", "leadership", "culture",
    # jobs and grades
    "staff", "manager", "managers", "director", "directors", "executive", "executives",
    "chief", "senior", "junior", "consultant", "consultants", "registrar", "registrars",
    "nurse", "nurses", "nursing", "sister", "sisters", "matron", "matrons", "doctor",
    "doctors", "practitioner", "practitioners", "advanced", "clinical", "professional",
    "advocate", "lead", "leads", "head", "deputy", "charge", "student", "students",
    "porter", "porters", "domestic", "domestics", "healthcare", "assistant", "assistants",
    "hca", "hcas", "physio", "physios", "therapist", "therapists", "midwife", "midwives",
    "paramedic", "paramedics", "pharmacist", "pharmacists", "secretary", "secretaries",
    "receptionist", "educator", "governor", "governors", "chair", "officer", "fellow",
    # places, peoples and languages
    "england", "scotland", "wales", "ireland", "britain", "uk", "london", "newcastle",
    "sunderland", "gateshead", "durham", "leeds", "york", "manchester", "liverpool",
    "birmingham", "bristol", "sheffield", "nottingham", "leicester", "cardiff", "glasgow",
    "edinburgh", "belfast", "northumbria", "northumberland", "tyne", "wear", "tees", "north",
    "south", "east", "west", "city", "county", "english", "scottish", "welsh", "irish",
    "british", "polish", "indian", "african", "caribbean", "european", "asian", "filipino",
    "spanish", "french", "german", "italian", "portuguese", "romanian", "bulgarian",
    "hungarian", "czech", "slovak", "lithuanian", "latvian", "russian", "ukrainian", "greek",
    "turkish", "arabic", "chinese", "japanese", "korean", "pakistani", "bangladeshi",
    "nigerian", "ghanaian", "kenyan", "zimbabwean", "somali", "jamaican", "american",
    "australian", "canadian", "dutch", "danish", "swedish", "norwegian", "finnish", "latin",
    "urdu", "punjabi", "hindi", "bengali", "tamil", "gujarati", "malayalam", "tagalog",
    "cantonese", "mandarin", "muslim", "christian", "catholic", "hindu", "sikh", "jewish",
    "islam", "god", "black", "white",
}  # fmt: skip
# Names in Faker's lists that are also everyday English words: on their own at the start of
# a sentence, or in lower case, they are read as words ("Grace period", "the bill").
WORD_NAMES = {
    "abbey", "ale", "amber", "angel", "archer", "august", "autumn", "baker", "bale", "ban",
    "barber", "baron", "bass", "bath", "bean", "beck", "beer", "bell", "berry", "bill",
    "birch", "bird", "bishop", "blank", "block", "bond", "bonnet", "booth", "branch",
    "brandy", "bravo", "bridge", "bright", "brown", "buck", "bull", "bus", "bush", "butcher",
    "butler", "canal", "cannon", "carpenter", "carter", "chase", "cherry", "clay", "comfort",
    "cook", "cooper", "coral", "cousin", "crane", "cross", "crystal", "curry", "dale", "dash",
    "date", "dawn", "dean", "diamond", "divine", "drake", "drum", "duke", "earl", "edit",
    "fair", "faith", "fancy", "farmer", "ferry", "finch", "fisher", "fit", "flood", "ford",
    "forum", "fox", "frank", "fresh", "frost", "gamble", "gang", "garland", "gene", "glen",
    "golden", "grace", "grant", "gray", "grey", "guard", "gross", "hall", "ham", "hardy",
    "hare", "harm", "harmony", "harsh", "hay", "hazel", "heath", "heather", "herd", "hide",
    "hill", "holly", "hood", "hook", "hope", "horn", "hunt", "hunter", "iris", "ivory", "ivy",
    "jack", "jade", "job", "joy", "judge", "junior", "king", "kiss", "knight", "lace", "lamb",
    "lance", "lane", "lavender", "lily", "lord", "love", "lower", "loyal", "lucky", "mad",
    "made", "magic", "mall", "mark", "marsh", "mason", "master", "mate", "may", "medic",
    "mercy", "merry", "mile", "miller", "misty", "monk", "moon", "moss", "noble", "oak",
    "olive", "orchard", "pace", "palmer", "pan", "pastor", "patience", "pearl", "peer",
    "penny", "pike", "pop", "pope", "poppy", "potter", "priest", "prince", "purity", "raid",
    "raven", "ray", "reader", "reed", "rice", "ridge", "ring", "robin", "rose", "ruby", "rush",
    "rust", "sad", "said", "sandy", "savage", "senator", "server", "sharp", "shepherd",
    "shine", "silk", "smart", "smith", "snow", "sole", "stack", "stark", "steer", "steward",
    "stone", "stout", "sun", "swift", "tailor", "tank", "tanner", "tea", "till", "topic",
    "toy", "turner", "urban", "victor", "victory", "vigil", "violet", "wade", "walker",
    "ware", "warmer", "warrior", "watt", "weaver", "were", "will", "willow", "winter", "wise",
    "wolf", "wood", "wren", "young", "zero", "long", "green", "little", "rich", "hart",
    "rob", "pat", "mo", "mel", "del", "em", "sal",
}  # fmt: skip

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# Between two words, what ends a sentence (or starts a quote, a bracket or a bullet).
SENTENCE_BREAK = re.compile(r"[.!?:;\n\"“(•*]|\s-\s")
POSSESSIVE = re.compile(r"['’]s$")
# What this module puts in place of an identifier: its words are never a name.
PLACEHOLDER = re.compile(r"\[(?:[a-z]+ )+removed\]")
# O'Brien, D'Souza, McKenzie, MacLeod: these shapes are names whether listed or not.
NAME_SHAPED = re.compile(r"^(?:[OD]['’]|Mc|Mac(?=[A-Z]))[A-Z]")


def _fold(word: str) -> str:
    """Lower case without accents, so "Siân" and "Sian" look the same."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _field(provider, field: str):
    # Faker keeps names as tuples, or as dicts of name to weight; a few locales build a
    # field in a property, which is skipped.
    values = getattr(provider, field, ())
    return values if isinstance(values, dict | tuple | list | set | frozenset) else ()


def _names(locales: list[str], fields: list[str]) -> set[str]:
    names: set[str] = set()
    for locale in locales:
        provider = import_module(f"faker.providers.person.{locale}").Provider
        for field in fields:
            for name in _field(provider, field):
                names.update(_fold(part) for part in name.split() if len(part) > 1)
    return names


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """First names, surnames, weak names and everyday English words, loaded once per
    process."""
    first = _names(NAME_LOCALES, FIRST_NAME_FIELDS) | SHORT_FIRST_NAMES
    last = _names(NAME_LOCALES, SURNAME_FIELDS)
    weak = _names(WEAK_NAME_LOCALES, FIRST_NAME_FIELDS + SURNAME_FIELDS) - first - last
    # Faker's English filler words and job titles: a thousand common words, and the words
    # of jobs ("Nurse, mental health"), which a name list alone would take for names.
    lorem = import_module("faker.providers.lorem.en_US").Provider
    jobs = import_module("faker.providers.job.en_US").Provider
    english = {_fold(word) for word in lorem.word_list}
    english.update(_fold(word) for job in jobs.jobs for word in WORD.findall(job))
    english.update(WORD_NAMES, FUNCTION_WORDS)
    return frozenset(first), frozenset(last), frozenset(weak - english), frozenset(english)


def redact_identifiers(text: str) -> str:
    for pattern, replacement in REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return redact_names(text)


class _Word:
    __slots__ = (
        "start", "end", "text", "key", "capital", "initial", "possessive", "kind", "gap",
        "before",
    )  # fmt: skip

    def __init__(self, match: re.Match, text: str, previous: "_Word | None"):
        word = POSSESSIVE.sub("", match.group())
        self.start, self.end, self.text = match.start(), match.start() + len(word), word
        self.key = _fold(word)
        self.capital = word[0].isupper() and not (len(word) > 1 and word.isupper())
        self.possessive = len(word) < len(match.group())
        self.kind = ""
        # What lies between this word and the one before; that word, if only a space does.
        self.gap = text[previous.end : self.start] if previous else text[: self.start]
        self.initial = previous is None or bool(SENTENCE_BREAK.search(self.gap))
        dotted = self.gap == ". " and previous is not None and previous.key in ABBREVIATIONS
        self.before = previous.key if previous and (self.gap == " " or dotted) else ""


def _kind(word: _Word, first, last, weak, english) -> str:
    """What a word could be: title, job-title, function, stop (a service word), name (a
    listed name), maybe (a listed name that is also a word), weak (a name only in the "en"
    lists), word, or unknown."""
    key = word.key
    if key in TITLES:
        return "title"
    if key in JOB_TITLES:
        return "job-title"
    if key in FUNCTION_WORDS:
        return "function"
    if key in NOT_NAMES:
        return "stop"
    if word.capital and NAME_SHAPED.match(word.text):
        return "name"
    parts = [part for part in re.split(r"[-']", key) if len(part) > 1] or [key]
    common = [part in english or (part[-1:] == "s" and part[:-1] in english) for part in parts]
    listed = [part in first or part in last for part in parts]
    if "-" in key and any(common):
        # "Small-group", "One-page": made of words. "Ratcliffe-Stone": a name in part.
        return "maybe" if any(listed) and not all(common) else "word"
    if any(x and not c for x, c in zip(listed, common, strict=True)):
        return "name"
    if any(listed):
        return "maybe"
    if all(common):
        return "word"
    return "weak" if key in weak else "unknown"


NAMEY = ("name", "maybe", "weak", "unknown")


def _caps_lowered(text: str) -> str:
    """The text with words in capitals ("JANE DOE", "DR PATEL") in lower case, read by the
    lower-case rules; every word keeps its length, so places in it are places in the text."""

    def lower(match: re.Match) -> str:
        word = match.group()
        shouted = len(word) > 1 and word.isupper() and len(word.lower()) == len(word)
        return word.lower() if shouted else word

    return WORD.sub(lower, text)


def redact_names(text: str) -> str:
    first, last, weak, english = _lexicon()
    placeholders = [match.span() for match in PLACEHOLDER.finditer(text)]
    analysed = _caps_lowered(text)
    words: list[_Word] = []
    for match in WORD.finditer(analysed):
        word = _Word(match, analysed, words[-1] if words else None)
        inside = any(start <= word.start < end for start, end in placeholders)
        word.kind = "function" if inside else _kind(word, first, last, weak, english)
        words.append(word)
    names: set[int] = set()
    for run in _capitalised_runs(words):
        names |= _names_in_run(run, words)
    names |= _listed_together(words, names)
    names |= _lower_case_names(words, names, first, last)
    names |= _lower_case_beside(words, names, first, last)
    return _replace(text, words, names)


def _capitalised_runs(words: list[_Word]) -> list[list[int]]:
    """Indexes of capitalised words next to each other, with particles between them."""
    runs: list[list[int]] = []
    for i, word in enumerate(words):
        follows = bool(runs) and runs[-1][-1] == i - 1
        joined = follows and (word.gap == " " or bool(word.before))
        if joined and (word.capital or word.key in PARTICLES):
            runs[-1].append(i)
        elif word.capital:
            runs.append([i])
    for run in runs:
        while run and not words[run[-1]].capital:
            run.pop()
    return [run for run in runs if run]


def _names_in_run(run: list[int], words: list[_Word]) -> set[int]:
    for n, i in enumerate(run):
        if n and words[i].key in PLACE_NOUNS and words[run[n - 1]].kind != "title":
            # "Rose Ward", "Ivy House", "Star Award": named after someone, not a person.
            return _names_in_run(run[n + 1 :], words)
    names: set[int] = set()
    segment: list[int] = []
    before = ""
    for i in run:
        kind = words[i].kind
        if before == "saint":
            before = ""
        elif not segment and before == "title" and kind != "function":
            # Whatever follows Dr or Mrs is a name, even "Dr Ward" or "Mr Porter".
            segment.append(i)
        elif kind in NAMEY:
            segment.append(i)
        else:
            names |= _names_in_segment(segment, words, before)
            segment = []
            before = "saint" if words[i].key in SAINTS else kind
    return names | _names_in_segment(segment, words, before)


def _names_in_segment(segment: list[int], words: list[_Word], before: str) -> set[int]:
    if not segment:
        return set()
    if before in ("title", "job-title"):
        return set(segment)
    if _before_place(segment[-1], words):
        return set()
    kinds = [words[i].kind for i in segment if words[i].capital]
    word = words[segment[0]]
    if "name" in kinds:
        return set(segment)
    if len(kinds) > 1:
        # "Ailsa Grant", "Dean Whitmore": a name that is also a word, next to a word no list
        # knows. Capitalised words that no list knows as names are a department or a
        # product ("Tissue Viability"), not a person.
        return set(segment) if {"maybe", "weak"} & set(kinds) else set()
    # A listed name that is also a word ("Hope", "Mark") is a name mid-sentence, or at the
    # start of one when it speaks or comes from somewhere ("Rose from HR said").
    if kinds == ["maybe"] and (not word.initial or _speaks(segment[-1], words)):
        return set(segment)
    # An unlisted capitalised word owning something ("Claudette's leaving do"), or thanked.
    thanked = word.before in THANKS or (word.before == "to" and _thanks_to(segment[0], words))
    if kinds in (["unknown"], ["weak"]) and (word.possessive or thanked):
        return set(segment)
    return set()


def _speaks(i: int, words: list[_Word]) -> bool:
    nxt = words[i + 1] if i + 1 < len(words) else None
    return nxt is not None and nxt.gap == " " and nxt.key in SPEAKING


def _thanks_to(i: int, words: list[_Word]) -> bool:
    return i > 0 and words[i - 1].before in THANKS


def _before_place(i: int, words: list[_Word]) -> bool:
    """'Cedar unit', "King's Fund": the words before name a place or a thing."""
    nxt = words[i + 1] if i + 1 < len(words) else None
    if nxt is None or nxt.key not in PLACE_NOUNS:
        return False
    return nxt.gap == " " or (words[i].possessive and nxt.capital and nxt.gap == "'s ")


def _listed_together(words: list[_Word], names: set[int]) -> set[int]:
    """'Cerys and Bethan', 'Sophie, Laura and Gemma': a capitalised word listed with a name
    is a name too; so are two listed names ('Rob and Jess'), even if both are also words."""
    pairs = []
    for i in range(len(words) - 1):
        if words[i + 1].gap.strip() in (",", "&"):
            pairs.append((i, i + 1))
        if i + 2 < len(words) and words[i + 1].key == "and" and words[i + 1].gap == " ":
            pairs.append((i, i + 2))
    pairs = [(i, j) for i, j in pairs if words[i].capital and words[j].capital]
    found = set(names)
    for i, j in pairs:
        if {words[i].kind, words[j].kind} <= {"maybe", "weak"}:
            found |= {i, j}
    changed = True
    while changed:
        changed = False
        for i, j in pairs:
            for x, y in ((i, j), (j, i)):
                if x in found and y not in found and words[y].kind in NAMEY:
                    found.add(y)
                    changed = True
    return found - names


def _lower_case_names(words: list[_Word], names: set[int], first, last) -> set[int]:
    """Listed first names in lower case: after a role ("my manager priya"), before a listed
    surname ("lisa brown"), or anywhere in a comment typed all in lower case, which has no
    capitals to go by. After "dr" or "mrs", any word but a small or a service word."""
    lower_case = all(w.text.islower() or w.key == "i" for w in words)
    found: set[int] = set()
    for i, word in enumerate(words):
        if not word.text.islower() or i in names or _before_place(i, words):
            continue
        nxt = words[i + 1] if i + 1 < len(words) and words[i + 1].gap == " " else None
        surname = (
            nxt is not None
            and not nxt.capital
            and nxt.key in last
            and nxt.kind in ("name", "maybe")
        )
        if word.before in LOWER_TITLES:
            is_name = word.kind in NAMEY
        elif word.kind == "name" and word.key in first:
            is_name = word.before in ROLE_CUES or surname or lower_case
        else:
            # "my supervisor anil kumar": an unlisted first name before a listed surname.
            is_name = word.kind in ("unknown", "weak") and word.before in ROLE_CUES and surname
        if is_name:
            found.add(i)
            if surname:
                found.add(i + 1)
    return found


def _lower_case_beside(words: list[_Word], names: set[int], first, last) -> set[int]:
    """A first name or surname typed in lower case beside one found already ("jane Doe",
    "Jane doe")."""
    found: set[int] = set()
    for i in sorted(names):
        before = words[i - 1] if i > 0 and words[i].gap == " " else None
        if before and before.text.islower() and before.kind == "name" and before.key in first:
            found.add(i - 1)
        after = words[i + 1] if i + 1 < len(words) and words[i + 1].gap == " " else None
        # Only a name that is no word: "Jane said", "Jane brown" are not surnames.
        if after and after.text.islower() and after.key in last and after.kind == "name":
            found.add(i + 1)
    return found - names


def _replace(text: str, words: list[_Word], names: set[int]) -> str:
    """One placeholder for each name, however many words it has."""
    out, pos, i = [], 0, 0
    while i < len(words):
        if i not in names:
            i += 1
            continue
        j = i
        while j + 1 in names and words[j + 1].gap == " ":
            j += 1
        out += [text[pos : words[i].start], NAME_REMOVED]
        pos, i = words[j].end, j + 1
    out.append(text[pos:])
    return "".join(out)
