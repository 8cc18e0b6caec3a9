#!/usr/bin/env python3
"""Build the bundled actor gazetteer (assets/gazetteer.tsv) and the title list
(assets/titles.tsv) for Stance Tracker.

Inputs
  * the PETRARCH2 / Phoenix TABARI-format dictionaries (Open Event Data
    Alliance, MIT licence), 2014 snapshot:
      Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
      Phoenix.MilNonState.actors.txt, Phoenix.agents.txt
  * tools/gazetteer/supplement.tsv        hand-written entities (wins on merge)
  * tools/gazetteer/titles_supplement.tsv hand-written title phrases
  * tools/gazetteer/common_words.txt      lower-case English words that must
                                          not be used as one-word aliases

Output format of gazetteer.tsv (UTF-8, LF, '#' comment lines at the top):
  kind <TAB> canonical <TAB> affiliation <TAB> alias|alias|... <TAB> title@from..to;...

Python 3.11, standard library only.  Output is deterministic (sorted).

Usage (from the repository root):
  python3 tools/gazetteer/build.py --petrarch ../shared/data/petrarch
"""

from __future__ import annotations

import argparse
import calendar
import collections
import difflib
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

KINDS = ("state", "organization", "group", "person")

# ---------------------------------------------------------------------------
# Static tables
# ---------------------------------------------------------------------------

# ISO3 (as used by CAMEO/PETRARCH) -> canonical state name.  The canonical
# names must match the `state` lines of supplement.tsv.  Codes missing here
# are not turned into states (their persons get no affiliation).
ISO3 = {
    "AFG": "Afghanistan", "ALB": "Albania", "DZA": "Algeria", "AND": "Andorra",
    "AGO": "Angola", "AIA": "Anguilla", "ATG": "Antigua and Barbuda",
    "ARG": "Argentina", "ARM": "Armenia", "ABW": "Aruba", "AUS": "Australia",
    "AUT": "Austria", "AZE": "Azerbaijan", "BHS": "Bahamas", "BHR": "Bahrain",
    "BGD": "Bangladesh", "BRB": "Barbados", "BLR": "Belarus", "BEL": "Belgium",
    "BLZ": "Belize", "BEN": "Benin", "BMU": "Bermuda", "BTN": "Bhutan",
    "BOL": "Bolivia", "BIH": "Bosnia and Herzegovina", "BWA": "Botswana",
    "BRA": "Brazil", "BRN": "Brunei", "BGR": "Bulgaria", "BFA": "Burkina Faso",
    "BDI": "Burundi", "KHM": "Cambodia", "CMR": "Cameroon", "CAN": "Canada",
    "CPV": "Cape Verde", "CYM": "Cayman Islands",
    "CAF": "Central African Republic", "TCD": "Chad", "CHL": "Chile",
    "CHN": "China", "COL": "Colombia", "COM": "Comoros",
    "COG": "Republic of the Congo", "COK": "Cook Islands", "CRI": "Costa Rica",
    "CIV": "Ivory Coast", "HRV": "Croatia", "CUB": "Cuba", "CYP": "Cyprus",
    "CSK": "Czechoslovakia", "CZE": "Czech Republic",
    "COD": "Democratic Republic of the Congo", "DNK": "Denmark",
    "DJI": "Djibouti", "DMA": "Dominica", "DOM": "Dominican Republic",
    "ECU": "Ecuador", "EGY": "Egypt", "SLV": "El Salvador",
    "GNQ": "Equatorial Guinea", "ERI": "Eritrea", "EST": "Estonia",
    "ETH": "Ethiopia", "KNA": "Saint Kitts and Nevis", "FJI": "Fiji",
    "FIN": "Finland", "FRA": "France", "GAB": "Gabon", "GMB": "Gambia",
    "GEO": "Georgia", "DDR": "East Germany", "DEU": "Germany", "GHA": "Ghana",
    "GBR": "United Kingdom", "GRC": "Greece", "GRD": "Grenada",
    "GTM": "Guatemala", "GIN": "Guinea", "GNB": "Guinea-Bissau",
    "GUY": "Guyana", "HTI": "Haiti", "HND": "Honduras", "HKG": "Hong Kong",
    "HUN": "Hungary", "ISL": "Iceland", "IND": "India", "IDN": "Indonesia",
    "IRN": "Iran", "IRQ": "Iraq", "IRL": "Ireland", "ISR": "Israel",
    "ITA": "Italy", "JAM": "Jamaica", "JPN": "Japan", "JOR": "Jordan",
    "KAZ": "Kazakhstan", "KEN": "Kenya", "KIR": "Kiribati",
    "KGZ": "Kyrgyzstan", "KWT": "Kuwait", "LAO": "Laos", "LVA": "Latvia",
    "LBN": "Lebanon", "LSO": "Lesotho", "LBR": "Liberia", "LBY": "Libya",
    "LIE": "Liechtenstein", "LTU": "Lithuania", "LUX": "Luxembourg",
    "MKD": "North Macedonia", "MDG": "Madagascar", "MWI": "Malawi",
    "MYS": "Malaysia", "MDV": "Maldives", "MLI": "Mali", "MLT": "Malta",
    "MHL": "Marshall Islands", "MRT": "Mauritania", "MUS": "Mauritius",
    "MEX": "Mexico", "FSM": "Micronesia", "MDA": "Moldova", "MCO": "Monaco",
    "MNG": "Mongolia", "MNE": "Montenegro", "MAR": "Morocco",
    "MOZ": "Mozambique", "MMR": "Myanmar", "NAM": "Namibia", "NRU": "Nauru",
    "NPL": "Nepal", "NLD": "Netherlands", "NZL": "New Zealand",
    "NIC": "Nicaragua", "NER": "Niger", "NGA": "Nigeria",
    "PRK": "North Korea", "KSV": "Kosovo", "NOR": "Norway", "OMN": "Oman",
    "PAK": "Pakistan", "PLW": "Palau", "PSE": "Palestine", "PAN": "Panama",
    "PNG": "Papua New Guinea", "PRY": "Paraguay", "PER": "Peru",
    "PHL": "Philippines", "POL": "Poland", "PRT": "Portugal", "QAT": "Qatar",
    "ZAF": "South Africa", "ROU": "Romania", "SUN": "Soviet Union",
    "RUS": "Russia", "RWA": "Rwanda", "LCA": "Saint Lucia",
    "VCT": "Saint Vincent and the Grenadines", "WSM": "Samoa",
    "SMR": "San Marino", "STP": "São Tomé and Príncipe",
    "SAU": "Saudi Arabia", "SEN": "Senegal", "SRB": "Serbia",
    "SCG": "Serbia and Montenegro", "YUG": "Yugoslavia", "SYC": "Seychelles",
    "SLE": "Sierra Leone", "SGP": "Singapore", "SVN": "Slovenia",
    "SVK": "Slovakia", "SLB": "Solomon Islands", "SOM": "Somalia",
    "KOR": "South Korea", "SSD": "South Sudan", "ESP": "Spain",
    "LKA": "Sri Lanka", "SDN": "Sudan", "SUR": "Suriname", "SWZ": "Eswatini",
    "SWE": "Sweden", "CHE": "Switzerland", "SYR": "Syria", "TWN": "Taiwan",
    "TJK": "Tajikistan", "THA": "Thailand", "TMP": "Timor-Leste",
    "TLS": "Timor-Leste", "TGO": "Togo", "TON": "Tonga",
    "TTO": "Trinidad and Tobago", "TUN": "Tunisia", "TUR": "Turkey",
    "TKM": "Turkmenistan", "TUV": "Tuvalu", "UGA": "Uganda", "UKR": "Ukraine",
    "ARE": "United Arab Emirates", "URY": "Uruguay", "USA": "United States",
    "TZA": "Tanzania", "UZB": "Uzbekistan", "VUT": "Vanuatu",
    "VAT": "Vatican City", "VEN": "Venezuela", "VNM": "Vietnam",
    "YEM": "Yemen", "ZMB": "Zambia", "ZWE": "Zimbabwe", "GGY": "Guernsey",
}

# PETRARCH country-header roots (normalised) that are states.  Roots with a
# bare ISO3 code but another name (IRAQI_KURDISTAN, LEIPZIG, MAYOTTE,
# TRANSNISTRIA, ...) are regions and are not turned into states.
STATE_ROOTS = {
    "RUSSIAN SFSR": None,  # folded into nothing (Soviet-era body)
    "SOVIET UNION": "SUN",
    "FEDERATION OF SAINT KITTS AND NEVIS": "KNA",
    "GERMAN DEMOCRATIC REPUBLIC": "DDR",
    "CZECHOSLOVAKIA": "CSK",
    "SERBIA AND MONTENEGRO": "SCG",
}

# Surname-first naming conventions (for surname detection).
SURNAME_FIRST = {"China", "Taiwan", "Hong Kong", "North Korea", "South Korea",
                 "Cambodia", "Vietnam"}
HISPANIC = {"Spain", "Mexico", "Argentina", "Chile", "Colombia", "Peru",
            "Venezuela", "Ecuador", "Bolivia", "Paraguay", "Uruguay", "Cuba",
            "Guatemala", "Honduras", "El Salvador", "Nicaragua", "Costa Rica",
            "Panama", "Dominican Republic", "Equatorial Guinea"}
SURNAME_FIRST_ISO = {"CHN", "TWN", "HKG", "PRK", "KOR", "KHM", "VNM"}
NO_SURNAME = {"Myanmar", "Indonesia", "Iceland"}
# Lower-case the part after a hyphen in given names ("Ki-moon", "Ing-wen").
HYPHEN_LOWER = {"KOR", "PRK", "TWN"}

# CAMEO IGO codes -> canonical organisation (longest prefix wins).
IGO_CODES = {
    "IGOUNO": "United Nations",
    "IGOUNOIAE": "International Atomic Energy Agency",
    "IGOUNOHLHWHO": "World Health Organization",
    "IGOUNODEVWBK": "World Bank",
    "IGOUNOKID": "UNICEF",
    "IGOUNOREFHCR": "UNHCR",
    "IGOUNOLABILO": "International Labour Organization",
    "IGOUNOJUDICJ": "International Court of Justice",
    "IGOUNOWFP": "World Food Programme",
    "IGOUNOHRIHCH": "Office of the UN High Commissioner for Human Rights",
    "IGOBUSIMF": "International Monetary Fund",
    "IGOBUSWTO": "World Trade Organization",
    "IGOBUSOPC": "OPEC",
    "IGOWSTNAT": "NATO",
    "IGOWSTBUS": "OECD",
    "IGOEUREEC": "European Union",
    "IGOEURCOE": "Council of Europe",
    "IGOMEAARL": "Arab League",
    "IGOAFRAFU": "African Union",
    "IGOAFROAU": "Organisation of African Unity",
    "IGOOAS": "Organization of American States",
    "IGOSEAASN": "ASEAN",
    "IGOJUDICC": "International Criminal Court",
    "IGOCOPITP": "Interpol",
    "IGOCWN": "Commonwealth of Nations",
    "IGOPGSGCC": "Gulf Cooperation Council",
    "IGOCASCIS": "Commonwealth of Independent States",
    "IGOCAS": "Shanghai Cooperation Organisation",
    "IGOWAFWAS": "ECOWAS",
    "IGOEAFEAC": "East African Community",
    "IGOSAFDEVSAD": "Southern African Development Community",
    "IGOASADEVADB": "Asian Development Bank",
    "IGOEURDEVEBR": "European Bank for Reconstruction and Development",
    "IGONAMDEV": "Inter-American Development Bank",
    "IGOMOS": "Organisation of Islamic Cooperation",
    "IGOMOSOIC": "Organisation of Islamic Cooperation",
}

# Words allowed around a country name in an official/long form.
OFFICIAL_WORDS = set("""
republic of the kingdom state states people's peoples democratic islamic federal
socialist arab united union federation commonwealth principality sultanate emirate
grand duchy plurinational bolivarian oriental co-operative cooperative independent
hashemite country nation proper and
""".split())

# Words that mark a PETRARCH entry as an institution / collective, not a person.
INSTITUTION_WORDS = set("""
ACADEMY ADMINISTRATION AGENCY ALLIANCE ARMY ASSEMBLY ASSOCIATION AUTHORITY BANK
BATTALION BATTALIONS BOARD BRIGADE BRIGADES BUREAU CABINET CAMP CENTER CENTRE
CHAMBER CITY COALITION COLLEGE COMMAND COMMISSION COMMITTEE COMMUNITY COMPANY
CONFERENCE CONGRESS CORP CORPORATION CORPS COUNCIL COURT DEPARTMENT DIRECTORATE
DIVISION EMBASSY FACTION FAMILY FEDERATION FORCE FORCES FOUNDATION FRONT FUND
GOVERNMENT GROUP GROUPS GUARD GUARDS INC INSTITUTE INTERNATIONAL JUNTA LEAGUE
LIBERATION MILITIA MINISTRY MISSION MOVEMENT NETWORK OFFICE ORGANISATION
ORGANIZATION PARLIAMENT PARTY POLICE PROGRAM PROGRAMME PROJECT REGIME REPUBLIC
SECRETARIAT SERVICE SERVICES SOCIETY SUPPORTERS TRIBUNAL TRUST UNION UNIT UNITS
UNIVERSITY ARMED MILITARY REBELS REBEL TROOPS SOLDIERS OPPOSITION
KINGDOM STATE STATES ISLANDS TREATY COMMUNITY CATHOLIC PROVINCE REGION NATIONAL FEDERAL DUMA SENATE
INDUSTRIES SYSTEMS HOLDINGS LTD LIMITED CORPS. REFORM SOCIALIST COMMUNIST
DEMOCRATIC ISLAMIC POPULAR PEOPLE PEOPLES PEOPLE'S CABINET_MEETING DELEGATION
""".split())

# Title words stripped from the front of PETRARCH person aliases.
PREFIX_WORDS = set("""
FORMER EX EX- LATE THE MR MR. GOV GOV. MRS MRS. MS MS. DR DR. SIR DAME LORD LADY BARON
BARONESS HIS HER MAJESTY HRH INTERIM ACTING DEPUTY VICE FIRST CHIEF PRESIDENT
PRESIDENT-ELECT PRIME MINISTER MINISTERS PREMIER SECRETARY SECRETARY-GENERAL
GENERAL GEN GEN. FOREIGN DEFENSE DEFENCE INTERIOR FINANCE STATE AMBASSADOR
ENVOY SENATOR SEN SEN. REP REP. REPRESENTATIVE CONGRESSMAN CONGRESSWOMAN
GOVERNOR KING QUEEN PRINCE PRINCESS CROWN EMIR AMIR SULTAN SHEIKH SHEIK SHAIKH
LEADER CHAIRMAN CHAIRWOMAN CHAIR COMMANDER COLONEL COL COL. MAJOR LIEUTENANT
LT LT. CAPTAIN CAPT ADMIRAL ADM MARSHAL FIELD BRIGADIER SPOKESMAN SPOKESWOMAN
SPOKESPERSON OFFICIAL DIRECTOR DIRECTOR-GENERAL HEAD CHANCELLOR AYATOLLAH
GRAND MULLAH MAULANA CLERIC IMAM POPE CARDINAL ARCHBISHOP BISHOP REV REV.
REVEREND FATHER JUDGE JUSTICE ATTORNEY PROSECUTOR MAYOR SPEAKER DICTATOR
STRONGMAN OPPOSITION REBEL MILITANT MILITARY EXECUTIVE SUPREME HIGH
REPRESENTATIVE COMMISSIONER UN U.N. NATO EU US U.S. AMERICAN RULER TYCOON
ACTIVIST DISSIDENT AUTHOR JOURNALIST REPORTER CORRESPONDENT EDITOR PRESS
SECRETARY_OF_STATE CIA C.I.A. FBI DEPARTMENT DEP. DEP MINISTRY HOUSE SENATE
MOSCOW PARTY CHIEF_OF_STAFF STAFF NATIONAL SECURITY ADVISER ADVISOR COUNSELOR
BUNDESKANZLER BUNDESKANZLERIN KANZLER KANZLERIN HERR FRAU MONSIEUR MADAME
PRESIDENTE PRESIDENTA PRÄSIDENT PRASIDENT MINISTRE PREMIER-MINISTRE SENOR SEÑOR
HOJATOLISLAM HOJATOLESLAM HOJJATOLESLAM SAYYED SAYYID SHRI SMT H.E. EXCELLENCY HON HON. HONORABLE HONOURABLE
""".split())

# Honorifics that are part of how some people are named ("Prince Alois").
NAME_TITLES_KEPT = set("""
SHEIKH SHEIK SHAIKH PRINCE PRINCESS KING QUEEN EMIR AMIR SULTAN LORD LADY SIR DAME
BARON BARONESS CROWN GRAND AYATOLLAH MULLAH MAULANA IMAM POPE CARDINAL
""".split())

# PETRARCH alias words that reveal a non-name alias (kept out of person aliases).
NON_NAME_WORDS = set("""
GOVERNMENT REGIME ADMINISTRATION FORCES LOYALISTS SUPPORTERS CAMP FAMILY
CABINET OFFICE MINISTRY PARTY ARMY TROOPS MILITIA ERA CLAN DYNASTY FOLLOWERS
LOYALIST FACTION BLOC WING MOVEMENT ALLIANCE COALITION SUPPORTER
""".split())

PERSON_PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "di", "do",
                    "dos", "das", "del", "della", "van", "von", "der", "den",
                    "du", "la", "le", "ter", "ten", "y", "zu", "ul", "ud"}
ORG_SMALL = {"of", "the", "and", "for", "in", "on", "at", "to", "a", "an",
             "by", "with", "de", "la", "du", "des", "le", "les", "et", "el",
             "y", "del", "da", "di", "und", "der", "against", "from", "or",
             "wa", "fi", "li", "bi"}
KNOWN_ACRONYMS = set("""
UN US USA UK EU NATO AIDS HIV OPEC ASEAN IAEA ICC ICJ IMF WTO WHO UNICEF UNESCO
UNHCR UNDP UNEP UNFPA UNRWA OSCE OECD G7 G8 G20 BBC CNN AFP AP ABC NBC CBS
PLO PKK IRA ETA FARC ELN ISIS ISIL AQAP AQIM LTTE SPLA SPLM MEND ANC EPRDF
TPLF ICRC MSF NGO NGOS OIC GCC CIS SCO AU OAU SADC ECOWAS IGAD EAC BRICS
FSB KGB CIA FBI NSA DIA MI5 MI6 IDF IRGC SDF YPG PYD HTS AQI ISI KDP PUK
ZANU ZANU-PF PF MDC RUF UNITA MPLA FRELIMO RENAMO SWAPO APEC NAFTA
""".split())

VOWELS = set("AEIOUYaeiouyÀ-ÿ")


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s)
                   if not unicodedata.combining(c))


def normkey(s: str) -> str:
    """Loose matching key: accent-, case-, punctuation-insensitive."""
    s = strip_accents(s).casefold()
    s = s.replace("’", "'")
    s = re.sub(r"[.'`]", "", s)
    s = re.sub(r"[-_/,()]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def has_vowel(tok: str) -> bool:
    return any(c in "AEIOUYaeiouy" for c in strip_accents(tok))


def decode_lines(path: str) -> list[str]:
    out = []
    with open(path, "rb") as fh:
        for raw in fh.read().split(b"\n"):
            raw = raw.rstrip(b"\r")
            try:
                out.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                out.append(raw.decode("latin-1"))
    return out


def parse_date(tok: str) -> str | None:
    """PETRARCH YYMMDD (50-99 -> 19xx) or YYYYMMDD -> ISO (day/month may be
    dropped when invalid)."""
    if not tok.isdigit():
        return None
    if len(tok) == 6:
        yy = int(tok[:2])
        year = 1900 + yy if yy >= 50 else 2000 + yy
        month, day = int(tok[2:4]), int(tok[4:6])
    elif len(tok) == 8:
        year, month, day = int(tok[:4]), int(tok[4:6]), int(tok[6:8])
    else:
        return None
    if not 1800 <= year <= 2030:
        return None
    if not 1 <= month <= 12:
        return f"{year:04d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


CODE_RE = re.compile(r"\[([^\]\[]*)\]")


def parse_codes(text: str) -> list[tuple[str, str | None, str | None, bool]]:
    """-> list of (code, from, to, dated)."""
    res = []
    for body in CODE_RE.findall(text):
        parts = body.split()
        if not parts:
            continue
        code = parts[0]
        frm = to = None
        dated = False
        spec = "".join(parts[1:])
        if spec:
            dated = True
            if spec.startswith(">"):
                frm = parse_date(spec[1:])
            elif spec.startswith("<"):
                to = parse_date(spec[1:])
            elif "-" in spec:
                a, _, b = spec.partition("-")
                frm, to = parse_date(a), parse_date(b)
                if frm is None and to is None:
                    dated = False
            else:
                dated = False
        res.append((code, frm, to, dated))
    return res


# ---------------------------------------------------------------------------
# TABARI actor dictionary reader
# ---------------------------------------------------------------------------

class Raw:
    """One PETRARCH dictionary entry."""

    def __init__(self, source: str, root: str, line: int, section: str | None,
                 comment: str, block: str):
        self.source = source
        self.root = root
        self.line = line
        self.section = section      # ISO3 of the current country section
        self.comment = comment
        self.block = block          # International file: IGO/NGO/MNC/MED block
        self.aliases: list[str] = []
        self.codes: list[tuple[str, str | None, str | None, bool]] = []

    def __repr__(self):
        return f"Raw({self.root!r}, {self.aliases[:3]}, {self.codes[:3]})"


def clean_phrase(s: str) -> str:
    s = s.strip().replace(" ", "_")
    s = re.sub(r"_+", "_", s).strip("_")
    return s


def read_actor_file(path: str, source: str) -> list[Raw]:
    lines = decode_lines(path)
    entries: list[Raw] = []
    cur: Raw | None = None
    cur_inline_codes = False
    prev_was_root = False
    in_block = False          # inside a contiguous (no blank line) entry
    section = None
    block = None
    for i, line in enumerate(lines, 1):
        if not line.strip():
            prev_was_root = False
            in_block = False
            continue
        if line.startswith("#"):
            low = line.lower()
            if "multinational corporations" in low:
                block = "MNC"
            elif "####   ngos" in low or "#####   ngos" in low:
                block = "NGO"
            elif "media sources" in low:
                block = "MED"
            elif "the united nations" in low or "other igos" in low:
                block = "IGO"
            prev_was_root = False
            continue
        if line.startswith("Source:"):
            if "MNC" in line:
                block = "MNCBULK"
            prev_was_root = False
            continue
        body, _, comment = line.partition("#")
        if line[0] in " \t":
            # code line (possibly with a stray name in front)
            if cur is not None:
                cur.codes.extend(parse_codes(body))
            prev_was_root = False
            continue
        if line[0] == "+":
            if cur is None:
                continue
            text = body[1:]
            codes = parse_codes(text)
            text = CODE_RE.sub("", text)
            for piece in text.split("+"):
                piece = clean_phrase(piece)
                if piece:
                    cur.aliases.append(piece)
            cur.codes.extend(codes)
            prev_was_root = False
            continue
        # a root line
        codes = parse_codes(body)
        name = clean_phrase(CODE_RE.sub("", body).split("{")[0])
        if not name:
            continue
        if (cur is not None and (prev_was_root or in_block) and not cur_inline_codes
                and not codes and not cur.codes):
            # consecutive code-less roots: synonyms of the first one
            cur.aliases.append(name)
            continue
        cur = Raw(source, name, i, section, comment.strip(), block)
        cur.codes.extend(codes)
        cur_inline_codes = bool(codes)
        entries.append(cur)
        prev_was_root = True
        in_block = True
        if source == "countries":
            iso = state_iso_for(cur)
            if iso:
                section = iso
                cur.section = iso
    # state detection needs the following code lines too: second pass
    if source == "countries":
        section = None
        for e in entries:
            iso = state_iso_for(e)
            if iso:
                section = iso
            e.section = section
    return entries


def state_iso_for(e: Raw) -> str | None:
    key = normkey(e.root)
    if key.upper() in STATE_ROOTS:
        return STATE_ROOTS[key.upper()]
    bare = [c for c, *_ in e.codes if re.fullmatch(r"[A-Z]{3}", c)]
    if not bare:
        return None
    iso = bare[-1]
    if iso not in ISO3:
        return None
    # the root must look like the country's own name, not a region in it
    cand = normkey(ISO3[iso])
    if key == cand or key in PETRARCH_STATE_NAMES.get(iso, ()):
        return iso
    if difflib.SequenceMatcher(None, key, cand).ratio() >= 0.8:
        return iso
    return None


PETRARCH_STATE_NAMES = {
    "BRN": ("brunei darussalam",), "COG": ("congo",),
    "CIV": ("cote divoire",), "GBR": ("united kingdom",),
    "MDG": ("madagaskar",), "RUS": ("russian federation",),
    "ZAF": ("republic of south africa",), "USA": ("united states of america",),
    "TZA": ("united republic of tanzania",), "TMP": ("timor leste",),
    "SWZ": ("swaziland",), "MKD": ("macedonia",), "CPV": ("cape verde",),
    "KNA": ("saint kitts and nevis",), "KSV": ("kosovo",),
    "CZE": ("czech republic",), "STP": ("sao tome and principe",),
    "VCT": ("saint vincent and the grenadines",), "GNB": ("guinea bissau",),
}


# ---------------------------------------------------------------------------
# Casing
# ---------------------------------------------------------------------------

def cap_word(w: str) -> str:
    if not w:
        return w
    return w[0].upper() + w[1:].lower()


def case_person_token(tok: str, pos: int, n: int, hyphen_lower: bool) -> str:
    if re.fullmatch(r"(?:[A-Z]\.)+", tok):            # initials "V." "H.W."
        return tok
    if re.fullmatch(r"[A-Z]", tok):
        return tok + "."
    if tok in {"II", "III", "IV", "VI", "VII", "VIII"}:
        return tok
    if tok in {"JR", "JR.", "SR", "SR."}:
        return cap_word(tok)
    if tok.startswith("(") or tok.endswith(")"):
        return tok
    low = tok.lower()
    if 0 < pos < n - 1 and low in PERSON_PARTICLES:
        return low
    parts = tok.split("-")
    out = []
    for j, p in enumerate(parts):
        pl = p.lower()
        if pl in ("al", "el") and len(parts) > 1 and j < len(parts) - 1:
            out.append(pl if (pos > 0 or j > 0 or True) else cap_word(p))
            continue
        if j > 0 and hyphen_lower:
            out.append(pl)
            continue
        out.append(case_simple(p))
    return "-".join(out)


def case_simple(p: str) -> str:
    if not p:
        return p
    if p.upper().startswith("MC") and len(p) > 3 and p.isalpha():
        return "Mc" + cap_word(p[2:])
    if "'" in p:
        a, _, b = p.partition("'")
        if len(a) == 1 and a.upper() == "O":
            return "O'" + cap_word(b)
        if len(a) == 1 and a.upper() in "DL":
            return a.lower() + "'" + cap_word(b)
        return cap_word(a) + "'" + b.lower()
    return cap_word(p)


def case_person(raw: str, iso: str | None = None) -> str:
    toks = [t for t in raw.replace("_", " ").split() if t]
    hl = iso in HYPHEN_LOWER
    out = [case_person_token(t, i, len(toks), hl) for i, t in enumerate(toks)]
    # "Al Gore": a leading particle is capitalised
    if out and out[0] in PERSON_PARTICLES:
        out[0] = cap_word(out[0])
    if out and out[0].startswith("al-"):
        out[0] = "al-" + out[0][3:]
    return " ".join(out)


def case_org(raw: str, single_upper_len: int = 4) -> str:
    toks = [t for t in raw.replace("_", " ").split() if t]
    out = []
    for i, t in enumerate(toks):
        bare = t.strip("()")
        if t.startswith("(") and t.endswith(")"):
            out.append("(" + bare.upper() + ")")
            continue
        if len(toks) == 1:
            if ("." in t or not has_vowel(t) or len(t) <= single_upper_len
                    or t in KNOWN_ACRONYMS):
                out.append(t)
            else:
                out.append("-".join(case_simple(p) for p in t.split("-")))
            continue
        low = t.lower()
        if i > 0 and low in ORG_SMALL:
            out.append(low)
        elif t in KNOWN_ACRONYMS or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", t):
            out.append(t)
        elif not has_vowel(t) and t.isalpha() and len(t) >= 2:
            out.append(t)
        elif re.fullmatch(r"[IVX]{2,4}", t):
            out.append(t)
        else:
            parts = t.split("-")
            pp = []
            for j, p in enumerate(parts):
                if p.lower() in ("al", "el") and j == 0 and len(parts) > 1:
                    pp.append(cap_word(p) if i == 0 else p.lower())
                else:
                    pp.append(case_simple(p))
            out.append("-".join(pp))
    return " ".join(out)


# ---------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------

class Entity:
    def __init__(self, kind: str, canonical: str, affiliation: str = "",
                 origin: str = "petrarch"):
        self.kind = kind
        self.canonical = canonical
        self.affiliation = affiliation
        self.aliases: list[str] = [canonical]
        # alias -> "supp" | "pet" | "auto"
        self.alias_src: dict[str, str] = {canonical: origin}
        self.roles: list[tuple[str, str, str]] = []
        self.origin = origin
        self.codes: list = []
        self.iso: str | None = None
        self.last_active: str = ""   # ISO date of latest known activity

    def add_alias(self, a: str, src: str):
        a = re.sub(r"\s+", " ", a).strip()
        if not a:
            return
        if a not in self.alias_src:
            self.aliases.append(a)
            self.alias_src[a] = src
        elif src == "supp":
            self.alias_src[a] = "supp"

    def drop_alias(self, a: str):
        if a in self.alias_src and a != self.canonical:
            del self.alias_src[a]
            self.aliases.remove(a)

    def __repr__(self):
        return f"<{self.kind} {self.canonical}>"


def skeleton(name: str) -> str:
    """Consonant skeleton for transliteration variants (Aleksandr/Alexander)."""
    n = name.lower().replace("x", "ks").replace("ph", "f").replace("kh", "h")
    n = re.sub(r"[aeiouyhjw'\-]", "", n)
    return re.sub(r"(.)\1+", r"\1", n)


def _name_tok_eq(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:                 # initials
        return a[0] == b[0]
    if difflib.SequenceMatcher(None, a, b).ratio() >= 0.8:
        return True
    sa, sb = skeleton(a), skeleton(b)
    return len(sa) >= 4 and sa == sb


def given_names_match(p: list[str], s: list[str]) -> bool:
    """The shorter list of given names appears, in order, in the longer one."""
    short, long_ = (p, s) if len(p) <= len(s) else (s, p)
    i = 0
    for t in short:
        while i < len(long_) and not _name_tok_eq(t, long_[i]):
            i += 1
        if i == len(long_):
            return False
        i += 1
    return True


def surname_alias_key(a: str) -> str | None:
    """Key of a one-name alias ("Putin", "al-Assad", "Al Assad"), else None."""
    k = normkey(a)
    parts = k.split()
    if len(parts) == 2 and parts[0] in ("al", "el") and not a.startswith(("Al ", "El ")) is False:
        return parts[1]
    if len(parts) == 2 and parts[0] in ("al", "el"):
        return parts[1]
    if len(parts) == 1:
        return parts[0]
    return None


def tokens(s: str) -> list[str]:
    return [t for t in s.replace("_", " ").split() if t]


def strip_person_prefix(toks: list[str], keep_min: int) -> list[str]:
    i = 0
    while i < len(toks) - keep_min:
        t = toks[i].upper().rstrip(",")
        if (t in PREFIX_WORDS or t.endswith("'S") or t.endswith("-BASED")
                or t in DEMONYMS_UPPER or t in ("OF", "FOR", "AND", "TO")
                or t.startswith("EX-")
                or TITLE_TOKEN_RE.search(t)):
            i += 1
            continue
        break
    return toks[i:]


DEMONYMS_UPPER: set[str] = set()
TITLE_TOKEN_RE = re.compile(r"PRESIDENT|MINISTER|SECRETARY|CHAIRMAN|GOVERNOR|"
                            r"COMMANDER|SPOKES|AMBASSADOR|SENATOR|CONGRESS")   # filled from supplement state aliases


def looks_like_person(name_toks: list[str], given: set[str]) -> bool:
    if not 2 <= len(name_toks) <= 6:
        return False
    up = [t.upper().strip("()") for t in name_toks]
    if any(t in INSTITUTION_WORDS or t in ORG_WORDS for t in up):
        return False
    if any(t.lower() in ORG_SMALL - {"de", "da", "di", "del", "la", "le", "el", "y", "du"}
           for t in up):
        return False
    if any(not re.fullmatch(r"[A-ZÀ-Þ][A-ZÀ-Þ.'\-]*|[A-Z]\.", t) for t in up):
        return False
    return True


def person_dates(codes) -> tuple[str, str, bool]:
    """-> (latest end or '', latest start, has_open_or_undated_only)."""
    dated = [(f, t) for _c, f, t, d in codes if d]
    if not dated:
        return "", "", True
    ends = []
    open_ended = False
    for f, t in dated:
        if t is None and f is not None:
            open_ended = True
        if t:
            ends.append(t)
    starts = [f for f, _t in dated if f]
    return (max(ends) if ends else ""), (max(starts) if starts else ""), open_ended


def affiliation_from_codes(codes, section: str | None) -> tuple[str, str | None]:
    """-> (affiliation canonical, iso3) using the most recent dated code."""
    best = None
    best_key = ""
    for c, f, t, d in codes:
        aff = code_affiliation(c)
        if not aff[0]:
            continue
        key = (t or ("9999" if d and f else "")) + "|" + (f or "")
        if not d:
            key = "0000|"   # undated: weakest
        if best is None or key > best_key:
            best, best_key = aff, key
    if best is None and section and section in ISO3:
        return ISO3[section], section
    return best if best else ("", None)


def code_affiliation(code: str) -> tuple[str, str | None]:
    if code.startswith("IGO"):
        best = ""
        for k in IGO_CODES:
            if code.startswith(k) and len(k) > len(best):
                best = k
        return (IGO_CODES[best], None) if best else ("", None)
    iso = code[:3]
    if iso in ISO3:
        return ISO3[iso], iso
    if iso == "USR" and code[3:6] in ISO3:       # Soviet republics
        return ISO3["SUN"], "SUN"
    return "", None


GOV_RE = re.compile(r"^[A-Z]{3}GOV")


def overlaps(a, b) -> bool:
    a0, a1 = a[1] or "0000", a[2] or "9999"
    b0, b1 = b[1] or "0000", b[2] or "9999"
    return a0 <= b1 and b0 <= a1
PERSON_CUTOFF = "2006-01-01"

# IGO codes specific enough to fold PETRARCH organisation entries into the
# supplement organisation (IGOUNO, IGOEUREEC, IGOMOS cover many bodies).
IGO_MERGE_CODES = {k: v for k, v in IGO_CODES.items()
                   if k not in ("IGOUNO", "IGOEUREEC", "IGOMOS")}

JUNK_ORG_RE = re.compile(r"(?i)\b(vessel|mncs?|ngos?|government organi[sz]ation|"
                         r"foreign owned|peacekeepers?|contingent|countries|"
                         r"defen[cs]e ministers|journalist|reporter)\b")


# ---------------------------------------------------------------------------
# Supplement
# ---------------------------------------------------------------------------

def read_supplement(path: str) -> list[Entity]:
    ents = []
    for n, line in enumerate(decode_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) < 2:
            sys.exit(f"{path}:{n}: too few fields")
        f += [""] * (5 - len(f))
        kind, canon, aff, aliases, roles = (x.strip() for x in f[:5])
        if kind not in KINDS:
            sys.exit(f"{path}:{n}: bad kind {kind!r}")
        e = Entity(kind, canon, aff, origin="supp")
        for a in aliases.split("|"):
            if a.strip():
                e.add_alias(a.strip(), "supp")
        for r in roles.split(";"):
            r = r.strip()
            if not r:
                continue
            m = re.fullmatch(r"([a-z][a-z \-'’]*[a-z])@([0-9-]*)\.\.([0-9-]*)", r)
            if not m:
                sys.exit(f"{path}:{n}: bad role {r!r}")
            for d in (m.group(2), m.group(3)):
                if d and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d):
                    sys.exit(f"{path}:{n}: bad date {d!r}")
            e.roles.append((m.group(1), m.group(2), m.group(3)))
        e.line = n
        ents.append(e)
    return ents


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

class Builder:
    def __init__(self, petrarch: str, supplement: str, words: set[str],
                 verbose: bool = False):
        self.petrarch = petrarch
        self.words = words
        self.verbose = verbose
        self.supp = read_supplement(supplement)
        self.stats = collections.Counter()
        self.warnings: list[str] = []
        for e in self.supp:
            if e.kind == "state":
                for a in e.aliases:
                    if " " not in a:
                        DEMONYMS_UPPER.add(strip_accents(a).upper())
                        DEMONYMS_UPPER.add(strip_accents(a).upper() + "'S")

    def warn(self, msg: str):
        self.warnings.append(msg)

    # -- PETRARCH ----------------------------------------------------------
    def load(self):
        P = self.petrarch
        self.raw_c = read_actor_file(os.path.join(P, "Phoenix.Countries.actors.txt"), "countries")
        self.raw_i = read_actor_file(os.path.join(P, "Phoenix.International.actors.txt"), "international")
        self.raw_m = read_actor_file(os.path.join(P, "Phoenix.MilNonState.actors.txt"), "milnonstate")
        # given names: first tokens of CountryInfo persons
        self.given = set()
        self.surnames = set()
        for e in self.raw_c:
            if "countryinfo" in e.comment.lower():
                toks = tokens(e.root)
                if len(toks) >= 2:
                    self.given.add(toks[0].upper())
                    self.surnames.add(toks[-1].upper())
        self.given |= {"ABU", "ABD", "ABDUL", "ABDEL", "ABDUL-", "SHEIKH", "SHEIK",
                       "MULLAH", "MAULANA", "HAJI", "SAYYED", "SAYYID", "MAWLAWI"}
        self.given -= INSTITUTION_WORDS
        self.given -= {"THE", "AL", "EL", "NEW", "WORLD", "NORTH", "SOUTH", "EAST",
                       "WEST", "UNITED", "GREAT", "FREE", "ARAB", "ASIAN",
                       "AFRICAN", "EUROPEAN", "AMERICAN", "SAINT", "ST.", "RED",
                       "HOLY", "GREEN", "BLACK", "WHITE", "GOLDEN", "JOINT",
                       "ANTI", "REVOLUTIONARY", "FRIENDS", "HUMAN", "SPECIAL"}

    def person_alias(self, raw_alias: str, iso: str | None, canon: str) -> str | None:
        toks = tokens(raw_alias)
        if any("," in t for t in toks):
            return None
        toks = strip_person_prefix(toks, keep_min=1)
        if not toks:
            return None
        up = {t.upper() for t in toks}
        if up & NON_NAME_WORDS or up & INSTITUTION_WORDS:
            return None
        if any(TITLE_TOKEN_RE.search(t) for t in up):
            return None
        if any(t.upper() in PREFIX_WORDS - {"LATE"} for t in toks) and len(toks) > 1:
            # a title inside the alias ("SECRETARY_OF_STATE_X") -> skip
            if any(t.upper() in {"PRESIDENT", "MINISTER", "SECRETARY", "SPOKESMAN",
                                 "CHIEF", "LEADER", "GENERAL"} for t in toks):
                return None
        if any(not re.fullmatch(r"[A-Za-zÀ-ÿ.'\-()]+", t) for t in toks):
            return None
        cased = case_person("_".join(toks), iso)
        # must carry the surname (last token; first for surname-first names)
        # or a close transliteration of it
        ck = normkey(canon).split()
        ak = normkey(cased).split()
        if not ck or not ak:
            return None
        if iso in SURNAME_FIRST_ISO:
            sur_c, sur_a = ck[0], ak[0]
        else:
            sur_c, sur_a = ck[-1], ak[-1]
        if sur_c != sur_a and sur_c not in ak and \
                difflib.SequenceMatcher(None, sur_c, sur_a).ratio() < 0.75:
            return None
        return cased

    def build_petrarch(self):
        ents: list[Entity] = []
        # --- states
        states: dict[str, Entity] = {}
        for r in self.raw_c:
            iso = state_iso_for(r)
            if not iso:
                continue
            st = states.get(iso)
            if st is None:
                st = Entity("state", ISO3[iso])
                st.iso = iso
                states[iso] = st
            st.raw_aliases = getattr(st, "raw_aliases", []) + [r.root] + r.aliases
        self.pet_states = states
        # --- persons and groups in the country file
        for r in self.raw_c:
            if state_iso_for(r):
                continue
            self._classify(r, ents)
        for r in self.raw_i:
            self._classify(r, ents)
        for r in self.raw_m:
            self._classify(r, ents)
        self.pet_ents = ents

    def _classify(self, r: Raw, ents: list[Entity]):
        root_toks = tokens(r.root)
        if not root_toks or any("," in t for t in root_toks):
            self.stats["skip_comma"] += 1
            return
        if re.search(r"\bTHEN\b", r.root.replace("_", " ")):
            return
        codes = [c for c in r.codes if c[0] not in ("---",)]
        info = "countryinfo" in r.comment.lower()
        stripped = strip_person_prefix(root_toks, keep_min=2)
        if root_toks[0].upper() in ("LORD", "LADY", "SIR", "DAME", "BARON", "BARONESS") \
                and len(root_toks) >= 2 and not any(t.upper() in ORG_WORDS for t in root_toks):
            info = True
        is_person = info or (looks_like_person(stripped, self.given)
                             and (stripped[0].upper() in self.given
                                  or any(d for *_x, d in codes)
                                  or re.fullmatch(r"[A-Z]\.", stripped[0] or "")
                                  or (r.source == "international" and r.block == "IGO"
                                      and any(c.startswith("IGO") for c, *_x in codes))))
        if r.source == "international" and r.block in ("NGO", "MNC", "MNCBULK", "MED"):
            if is_person and not any(c.startswith("IGO") or GOV_RE.match(c)
                                     for c, *_ in codes):
                return   # NGO/company staff: not kept
        if is_person:
            self._person(r, stripped, codes, ents)
            return
        # --- non-person
        if r.source == "countries":
            kind = None
            if any(re.match(r"^[A-Z]{3}(REB|INS|UAF)", c) or c.startswith("IMG")
                   for c, *_ in codes):
                kind = "group"
            if kind is None:
                self.stats["skip_institution"] += 1
                return
        elif r.source == "milnonstate":
            kind = "group"
        else:
            if r.block == "MNCBULK":
                m = re.search(r"\$([\d,]+)", r.comment + " " + " ".join(r.aliases))
                rev = int(m.group(1).replace(",", "")) if m else 0
                if rev < 10_000_000_000:
                    return
            kind = "organization"
        self._org(r, kind, codes, ents)

    def _person(self, r: Raw, toks, codes, ents):
        last_end, last_start, open_or_undated = person_dates(codes)
        if not open_or_undated and last_end and last_end < "1990":
            self.stats["person_pre1990"] += 1
            return
        # size budget: office holders whose last non-"elite" (ELI) period ended
        # before PERSON_CUTOFF are dropped (ELI = former officials)
        active = [(f, t) for c, f, t, d in codes if d and c[3:6] != "ELI" and c != "ELI"]
        if (active and all(t and t < PERSON_CUTOFF for f, t in active)
                and len(r.aliases) < 2):    # many aliases: a prominent person
            self.stats["person_before_cutoff"] += 1
            return
        if r.source == "countries" and not codes and not (
                "countryinfo" in r.comment.lower() or r.aliases):
            return
        aff, iso = affiliation_from_codes(codes, r.section)
        if iso is None and r.section:
            iso_for_case = r.section
        else:
            iso_for_case = iso
        if toks and toks[0].upper() in PREFIX_WORDS - NAME_TITLES_KEPT:
            self.stats["person_title_only"] += 1   # "MINISTER_ABDULLAH", "MR._TSANG"
            return
        canon = case_person("_".join(toks), iso_for_case)
        if len(canon) < 4:
            return
        e = Entity("person", canon, aff)
        e.iso = iso
        e.codes = codes
        e.last_active = max(last_end, last_start, "9999" if open_or_undated and any(
            d for *_x, d in codes) else "")
        for a in [r.root] + r.aliases:
            ca = self.person_alias(a, iso_for_case, canon)
            if ca:
                e.add_alias(ca, "pet")
        for c, f, t, d in codes:
            if GOV_RE.match(c) and d and f and t:
                e.roles.append(("government", f, t))
            elif GOV_RE.match(c) and d and f and not t:
                e.open_roles = getattr(e, "open_roles", []) + [("government", f, "")]
        ents.append(e)

    def org_alias_ok(self, toks: list[str]) -> bool:
        up = [t.upper() for t in toks]
        if not up:
            return False
        if up[0] in {"SPOKESMAN", "SPOKESPERSON", "SPOKESWOMAN"}:
            return False
        if any(t in {"PRESIDENT", "SECRETARY", "SECRETARY-GENERAL", "SPOKESMAN",
                     "SPOKESWOMAN", "SPOKESPERSON", "OFFICIAL", "OFFICIALS",
                     "CHIEF", "HEAD", "DIRECTOR", "DIRECTOR-GENERAL", "CHAIRMAN",
                     "MR", "MR.", "LEADER", "SECY", "SEC.", "QATAR-BASED",
                     "DUBAI-BASED", "HAGUE-BASED", "BROADCASTER", "JOURNALIST",
                     "REPORTER", "LINKED", "OPERATIVES", "OFFSHOOT", "AFFILIATED",
                     "MEMBERS", "MEMBER", "FIGHTERS", "MILITANTS", "SUSPECTS",
                     "SYMPATHIZERS", "OPERATIVE"} or t.endswith(("-LINKED", "-AFFILIATED",
                                                                 "-BACKED", "-ALLIED"))
               for t in up):
            return False
        # two capitalised words sharing nothing with the name: a person
        # ("OKOT_ODHIAMBO" under the Lord's Resistance Army)
        if (len(up) == 2 and all(re.fullmatch(r"[A-Z][A-Z'\-]{2,}", t) and has_vowel(t)
                                 for t in up)
                and not any(t in ORG_WORDS or t in INSTITUTION_WORDS for t in up)
                and not (set(normkey(" ".join(up)).split()) & self._root_keys)):
            return False
        # leaders listed as aliases of their group ("KHALED_MESHAAL")
        core = [t for t in up if t not in ("AL", "EL")]
        if (2 <= len(up) <= 5 and (up[0] in self.given or up[0].startswith("ABU"))
                and not any(t in INSTITUTION_WORDS for t in up)
                and not any(t in ORG_WORDS for t in up)):
            return False
        if len(core) == 1:
            w = re.sub(r"^(AL|EL)-", "", core[0])
            if w in self.surnames and w not in self.group_words:
                return False
        # "MONER_MOHAMMAD_ABU_SALHA": a given name inside, no organisation word
        if (3 <= len(up) <= 5 and any(t in self.given for t in up[1:])
                and not any(t in ORG_WORDS or t in INSTITUTION_WORDS
                            or t.lower() in ORG_SMALL for t in up)):
            return False
        # "HAITHAM_AL-BADRI", "ABU_OMAR_AL-KURDI": Arabic personal names
        if (2 <= len(up) <= 5 and not any(t in ORG_WORDS or t in INSTITUTION_WORDS
                                          or t.lower() in ORG_SMALL for t in up)
                and re.match(r"^(AL|EL)-[A-Z]", up[-1])):
            return False
        return True

    def _org(self, r: Raw, kind: str, codes, ents):
        names = [r.root] + r.aliases
        self._root_keys = set(normkey(r.root).replace("-", " ").split()) - {"al", "el", "the", "of"}
        single_len = 6 if (r.source == "international" and r.block in ("IGO", "NGO", None)) else 4
        e = None
        for idx, n in enumerate(names):
            toks = tokens(n)
            # "NAME_(ACR)" -> NAME + ACR
            acr = [t.strip("()") for t in toks if t.startswith("(") and t.endswith(")")]
            toks = [t for t in toks if not (t.startswith("(") and t.endswith(")"))]
            if toks and toks[0].upper() == "THE" and len(toks) > 1:
                toks = toks[1:]
            if idx > 0 and not self.org_alias_ok(toks):
                continue
            forms = []
            if toks:
                forms.append(case_org("_".join(toks), single_len))
            for a in acr:
                if 2 <= len(a) <= 6 and re.fullmatch(r"[A-Z0-9/\-&.]+", a):
                    forms.append(a)
            forms = [f for f in forms if "(" not in f and ")" not in f
                     and re.search(r"[A-Za-z]{2}", f)]
            for f in forms:
                if e is None:
                    e = Entity(kind, f)
                    e.codes = codes
                    e.raw_block = r.block
                else:
                    e.add_alias(f, "pet")
        if e is None:
            return
        if JUNK_ORG_RE.search(e.canonical):
            self.stats["junk_org"] += 1
            return
        distinct = {c for c, *_x in codes}
        if kind == "organization" and len(distinct) == 1:
            code = next(iter(distinct))
            if code in IGO_MERGE_CODES:
                e.merge_target = IGO_MERGE_CODES[code]
        ents.append(e)

    # -- merge -------------------------------------------------------------
    def merge(self):
        supp = self.supp
        out: list[Entity] = []
        by_canon: dict[tuple[str, str], Entity] = {}

        # 1. states: supplement state lines + PETRARCH states by ISO3
        supp_states = {e.canonical: e for e in supp if e.kind == "state"}
        for iso, pst in sorted(self.pet_states.items()):
            se = supp_states.get(ISO3[iso])
            if se is None:
                se = Entity("state", ISO3[iso], origin="petrarch")
                supp_states[se.canonical] = se
                self.warn(f"state {se.canonical} has no supplement line")
            se.iso = iso
            ref = [normkey(a) for a in se.aliases]
            ctoks = set(normkey(se.canonical).split())
            for ra in pst.raw_aliases:
                if "(" in ra or "," in ra:
                    continue
                toks = tokens(ra)
                if toks and toks[0].upper() == "THE":
                    toks = toks[1:]
                if not toks:
                    continue
                a = case_org("_".join(toks), 3)
                k = normkey(a)
                if len(k) < 4 or not k.replace(" ", "").isalpha():
                    continue
                # spelling variants of the country name itself (not of its
                # capital: that is how other cities crept in), or long forms
                ck = normkey(se.canonical)
                close = (k[:1] == ck[:1] and len(k.split()) == len(ck.split())
                         and difflib.SequenceMatcher(None, k, ck).ratio()
                         >= (0.8 if len(ck) >= 8 else 0.85))
                extra = set(k.split()) - ctoks
                official = ctoks <= set(k.split()) and extra <= OFFICIAL_WORDS
                if close or official:
                    se.add_alias(a, "pet")
        for se in supp_states.values():
            out.append(se)
        self.iso_of_state = {e.canonical: e.iso for e in out if e.iso}

        # 2. supplement orgs/groups/persons: index by normkey of aliases
        supp_index: dict[tuple[str, str], list[Entity]] = collections.defaultdict(list)
        for e in supp:
            if e.kind == "state":
                continue
            for a in e.aliases:
                if e.kind == "person" and " " not in a.strip() and a != e.canonical:
                    continue   # persons match on full names only
                lst = supp_index[(e.kind, normkey(a))]
                if not any(x is e for x in lst):
                    lst.append(e)
            out.append(e)

        supp_canon_keys = {normkey(e.canonical) for e in supp if e.kind == "person"}
        supp_by_surname: dict[tuple[str, str], list[Entity]] = collections.defaultdict(list)
        for e in supp:
            if e.kind != "person":
                continue
            keys = set()
            for a in e.aliases:
                toks = normkey(a).split()
                if len(toks) >= 2:
                    keys.add(toks[-1])
                    if e.affiliation in SURNAME_FIRST:
                        keys.add(toks[0])
            for k in keys:
                supp_by_surname[(e.affiliation, k)].append(e)
        supp_org_canon_keys = {normkey(e.canonical) for e in supp
                               if e.kind in ("organization", "group")
                               and len(e.canonical.split()) >= 2}

        # 3. PETRARCH non-states
        pet_groups: dict[tuple[str, str], Entity] = {}
        for pe in self.pet_ents:
            target = None
            mt = getattr(pe, "merge_target", None)
            if mt:
                cands = [s for s in supp if s.canonical == mt]
                if cands:
                    target = cands[0]
            # organisations: the PETRARCH canonical name against any supplement
            # name (PETRARCH aliases are too loose: several groups call
            # themselves "People's Liberation Army")
            keys = [normkey(pe.canonical)]
            if pe.kind == "person":
                # PETRARCH canonical vs any supplement name, or any PETRARCH
                # full name vs the supplement canonical (never alias-to-alias)
                keys = [normkey(pe.canonical)]
                canon_hits = [k for k in (normkey(a) for a in pe.aliases if " " in a)
                              if k in supp_canon_keys]
                keys += canon_hits
            # kind flexibility: a PETRARCH group may be a supplement org and v.v.
            kinds = [pe.kind] + (["group", "organization"] if pe.kind != "person" else [])
            for k in (keys if target is None else []):
                for kd in kinds:
                    cands = supp_index.get((kd, k), [])
                    if pe.kind == "person":
                        cands = [c for c in cands if self._aff_compatible(c, pe)]
                    if len(cands) == 1:
                        target = cands[0]
                        break
                if target:
                    break
            if target is None and pe.kind == "person":
                target = self._fuzzy_person_target(pe, supp_by_surname)
                if target is not None:
                    self.stats["fuzzy_person_merge"] += 1
            if target is not None:
                self._absorb(target, pe)
                self.stats["merged_into_supplement"] += 1
                continue
            # merge PETRARCH duplicates among themselves (same canonical key)
            key = (pe.kind, normkey(pe.canonical))
            prev = pet_groups.get(key)
            if prev is not None:
                if pe.kind == "person" and not self._aff_compatible(prev, pe):
                    # two different people with one name: keep the more recent
                    self.stats["person_name_clash"] += 1
                    if pe.last_active > prev.last_active:
                        pet_groups[key] = pe
                    continue
                self._absorb(prev, pe, keep_canonical=True)
                continue
            pet_groups[key] = pe
        seen = set()
        for pe in pet_groups.values():
            if id(pe) in seen:
                continue
            seen.add(id(pe))
            # close open-ended 2014-era government periods: not emitted
            out.append(pe)
        self.entities = out

    @staticmethod
    def _fuzzy_person_target(pe: Entity, index) -> Entity | None:
        """Same person under a fuller or differently transliterated name:
        "Celso Luiz Nunes Amorim" / "Celso Amorim", "K. Annan" / "Kofi Annan",
        "Vitaliy Churkin" / "Vitaly Churkin" (same affiliation and surname, and
        the shorter list of given names found, in order, in the longer one)."""
        if not pe.affiliation or pe.affiliation in NO_SURNAME:
            return None
        sf = pe.affiliation in SURNAME_FIRST
        found = []
        for pa in pe.aliases:
            pt = [t for t in normkey(pa).split() if t not in ("al", "el", "bin", "ibn", "bint")]
            if len(pt) < 2:
                continue
            sur = pt[0] if sf else pt[-1]
            for cand in index.get((pe.affiliation, sur), []):
                for sa in cand.aliases:
                    st = [t for t in normkey(sa).split() if t not in ("al", "el", "bin", "ibn", "bint")]
                    if len(st) < 2:
                        continue
                    if sf:
                        if st[0] != pt[0]:
                            continue
                        ok = "".join(pt[1:]) == "".join(st[1:])
                    else:
                        if st[-1] != pt[-1]:
                            continue
                        patronymic = bool({"bin", "ibn", "bint"} & (
                            set(normkey(pa).split()) | set(normkey(sa).split())))
                        if patronymic:   # "Abdullah bin Khalifa" is not "Abdullah bin Nasser"
                            ok = (len(pt) == len(st) and
                                  all(_name_tok_eq(x, y) for x, y in zip(pt, st)))
                        else:
                            ok = given_names_match(pt[:-1], st[:-1])
                    if ok and not any(c is cand for c in found):
                        found.append(cand)
        return found[0] if len(found) == 1 else None

    @staticmethod
    def _aff_compatible(a: Entity, b: Entity) -> bool:
        if not a.affiliation or not b.affiliation:
            return True
        if a.affiliation == b.affiliation:
            return True
        if {a.affiliation, b.affiliation} <= {"Russia", "Soviet Union"}:
            return True
        # persons listed under an IGO in one file and a state in another
        return a.affiliation not in ISO3.values() or b.affiliation not in ISO3.values()

    def _absorb(self, target: Entity, pe: Entity, keep_canonical: bool = True):
        for a in pe.aliases:
            target.add_alias(a, pe.alias_src.get(a, "pet"))
        if target.kind == "person":
            if target.origin == "supp":
                # supplement roles are authoritative; keep only PETRARCH
                # government periods that overlap none of them
                for r in pe.roles:
                    if not any(overlaps(r, s) for s in target.roles):
                        target.roles.append(r)
            else:
                target.roles.extend(r for r in pe.roles if r not in target.roles)
                if not target.affiliation:
                    target.affiliation = pe.affiliation
                target.last_active = max(target.last_active, pe.last_active)

    # -- aliases -----------------------------------------------------------
    def finalize(self):
        ents = self.entities
        # canonical names unique
        canon_count = collections.Counter(e.canonical for e in ents)
        for c, n in canon_count.items():
            if n > 1:
                kinds = sorted(e.kind + ":" + e.origin for e in ents if e.canonical == c)
                self.warn(f"duplicate canonical {c!r}: {kinds}")
        # drop duplicates (keep supplement, then first)
        seen = {}
        keep = []
        for e in sorted(ents, key=lambda x: (x.origin != "supp",)):
            if e.canonical in seen:
                continue
            seen[e.canonical] = e
            keep.append(e)
        ents = keep

        # word filter for one-word aliases not from the supplement
        for e in ents:
            for a in list(e.aliases):
                if e.alias_src.get(a) == "supp":
                    continue
                if " " not in a and "." not in a and a.casefold() in self.words:
                    if a == e.canonical:
                        e.drop_me = True
                    e.drop_alias(a)
        ents = [e for e in ents if not getattr(e, "drop_me", False)]

        # persons: surnames
        persons = [e for e in ents if e.kind == "person"]
        sur_owners: dict[str, set[int]] = collections.defaultdict(set)
        for e in persons:
            for k in self._surname_keys(e):
                sur_owners[k].add(id(e))
        for e in persons:
            for a in list(e.aliases):
                k = surname_alias_key(a)
                if k is None:
                    continue
                owners = sur_owners.get(k, set())
                if len(owners - {id(e)}) > 0:
                    if a == e.canonical:
                        continue
                    e.drop_alias(a)
            # automatic surname alias when unique
            sk = self._surname_form(e)
            if sk:
                k = normkey(sk)
                k2 = k[3:] if k.startswith("al ") else k
                if (len(sur_owners.get(k2, ())) == 1 and len(k2) >= 3
                        and k2 not in self.words and sk.casefold() not in self.words):
                    e.add_alias(sk, "auto")
                    if sk.startswith(("al-", "el-")):
                        bare = sk[3:]
                        if bare.casefold() not in self.words:
                            e.add_alias(bare, "auto")

        # organisation/group aliases that are really people's names
        person_keys = set()
        for e in persons:
            for a in e.aliases:
                k = normkey(a)
                person_keys.add(k[3:] if k.startswith("al ") else k)
        for e in ents:
            if e.kind not in ("organization", "group"):
                continue
            for a in list(e.aliases):
                if e.alias_src.get(a) == "supp" or a == e.canonical:
                    continue
                k = normkey(a)
                if (k[3:] if k.startswith("al ") else k) in person_keys:
                    e.drop_alias(a)
                    self.stats["org_alias_is_person"] += 1

        # alias conflicts across entities
        owners: dict[str, list[Entity]] = collections.defaultdict(list)
        for e in ents:
            for a in e.aliases:
                owners[a].append(e)
        for a, es in owners.items():
            if len(es) < 2:
                continue
            winner = None
            canon = [e for e in es if e.canonical == a]
            supp = [e for e in es if e.alias_src.get(a) == "supp"]
            states = [e for e in es if e.kind == "state"]
            if len(canon) == 1:
                winner = canon[0]
            elif len(supp) == 1:
                winner = supp[0]
            elif len(states) == 1:
                winner = states[0]
            elif len(supp) > 1:
                self.warn(f"supplement alias {a!r} claimed by {es}")
            for e in es:
                if e is not winner:
                    e.drop_alias(a)
            self.stats["alias_conflicts"] += 1
        self.entities = ents

        # affiliation validity
        names = {e.canonical: e for e in ents}
        for e in ents:
            if e.kind != "person":
                e.affiliation = ""
                continue
            if e.affiliation and (e.affiliation not in names or
                                  names[e.affiliation].kind not in ("state", "organization")):
                self.warn(f"{e.canonical}: affiliation {e.affiliation!r} not a state/org line")
                e.affiliation = ""

    def _surname_form(self, e: Entity) -> str | None:
        toks = e.canonical.split()
        if len(toks) < 2:
            return None
        if e.affiliation in SURNAME_FIRST:
            return toks[0]
        if e.affiliation in HISPANIC and len(toks) >= 3:
            return None     # double surnames: "Goni Carrasco", not "Carrasco"
        last = toks[-1]
        if last.rstrip(".") in ("Jr", "Sr") or re.fullmatch(r"[IVX]+", last):
            last = toks[-2] if len(toks) > 2 else None
        if not last or len(last) < 3 or last.endswith("."):
            return None
        return last

    def _surname_keys(self, e: Entity) -> set[str]:
        keys = set()
        for a in e.aliases:
            toks = a.split()
            if len(toks) < 2:
                continue
            cand = [toks[-1]]
            if e.affiliation in SURNAME_FIRST:
                cand = [toks[0]]
            for c in cand:
                k = normkey(c)
                if k.startswith("al "):
                    k = k[3:]
                keys.add(k)
        return keys

    # -- output ------------------------------------------------------------
    def write(self, path: str):
        order = {k: i for i, k in enumerate(KINDS)}
        rows = []
        for e in self.entities:
            aliases = [e.canonical] + sorted((a for a in e.aliases if a != e.canonical),
                                             key=lambda s: (s.casefold(), s))
            roles = sorted(set(e.roles), key=lambda r: (r[1] or "", r[2] or "9999", r[0]))
            role_s = ";".join(f"{t}@{f}..{to}" for t, f, to in roles)
            for fld in (e.canonical, e.affiliation, *aliases):
                if "\t" in fld or "|" in fld or "\n" in fld:
                    sys.exit(f"bad character in {fld!r}")
            rows.append((order[e.kind], e.canonical.casefold(), e.canonical,
                         f"{e.kind}\t{e.canonical}\t{e.affiliation}\t{'|'.join(aliases)}\t{role_s}"))
        rows.sort()
        counts = collections.Counter(e.kind for e in self.entities)
        header = [
            "# Stance Tracker actor gazetteer. GENERATED by tools/gazetteer/build.py - do not edit by hand.",
            "# Sources: PETRARCH2/Phoenix dictionaries (Open Event Data Alliance, MIT; see GAZETTEER-NOTICE.md)",
            "#          + tools/gazetteer/supplement.tsv (hand-written).",
            "# Fields: kind<TAB>canonical<TAB>affiliation<TAB>alias|alias...<TAB>title@from..to;...",
            "# Counts: " + ", ".join(f"{k}={counts.get(k, 0)}" for k in KINDS),
        ]
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(header) + "\n")
            for *_k, line in rows:
                fh.write(line + "\n")
        return counts


def validate(path: str):
    """Check the invariants the app relies on; exit non-zero when broken."""
    role_re = re.compile(r"[a-z][a-z \-'’]*@(\d{4}(-\d\d(-\d\d)?)?)?\.\."
                         r"(\d{4}(-\d\d(-\d\d)?)?)?")
    kinds, owner, errors = {}, {}, []
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            if len(f) != 5:
                errors.append(f"line {n}: {len(f)} fields")
                continue
            rows.append((n, f))
            kind, canon, _aff, aliases, roles = f
            if kind not in KINDS:
                errors.append(f"line {n}: kind {kind!r}")
            if canon in kinds:
                errors.append(f"line {n}: duplicate canonical {canon!r}")
            kinds[canon] = kind
            al = aliases.split("|")
            if al[0] != canon or len(set(al)) != len(al) or "" in al:
                errors.append(f"line {n}: alias list of {canon!r}")
            for a in al:
                if a in owner and owner[a] != canon:
                    errors.append(f"line {n}: alias {a!r} also on {owner[a]!r}")
                owner[a] = canon
            for r in filter(None, roles.split(";")):
                if not role_re.fullmatch(r):
                    errors.append(f"line {n}: role {r!r}")
    for n, f in rows:
        if f[2] and kinds.get(f[2]) not in ("state", "organization"):
            errors.append(f"line {n}: affiliation {f[2]!r} is not a state/organization")
    if errors:
        for e in errors[:50]:
            print("invalid:", e, file=sys.stderr)
        sys.exit(f"{path}: {len(errors)} problems")


# ---------------------------------------------------------------------------
# titles.tsv
# ---------------------------------------------------------------------------

TITLE_HEADS = {
    "minister": "gov", "secretary": "gov", "president": "gov", "premier": "gov",
    "chancellor": "gov", "spokesman": "gov", "spokeswoman": "gov",
    "spokesperson": "gov", "ambassador": "diplomat", "envoy": "diplomat",
    "diplomat": "diplomat", "consul": "diplomat", "emissary": "diplomat",
    "adviser": "gov", "advisor": "gov", "director": "gov", "governor": "gov",
    "mayor": "gov", "senator": "gov", "lawmaker": "gov", "legislator": "gov",
    "congressman": "gov", "congresswoman": "gov", "commissioner": "gov",
    "official": "gov", "general": "gov", "judge": "gov", "prosecutor": "gov",
    "king": "royal", "queen": "royal", "prince": "royal", "princess": "royal",
    "emir": "royal", "sultan": "royal", "emperor": "royal", "empress": "royal",
    "commander": "mil", "colonel": "mil", "admiral": "mil", "officer": "mil",
    "chief": "gov", "leader": "gov", "chairman": "gov", "chairwoman": "gov",
    "editor": "media", "journalist": "media", "correspondent": "media",
    "reporter": "media", "columnist": "media", "anchor": "media",
    "professor": "expert", "analyst": "expert", "scholar": "expert",
    "economist": "expert", "researcher": "expert", "scientist": "expert",
    "executive": "business", "ceo": "business", "businessman": "business",
    "businesswoman": "business", "entrepreneur": "business", "investor": "business",
    "tycoon": "business", "banker": "business", "magnate": "business",
    "cleric": "other", "imam": "other", "bishop": "other", "archbishop": "other",
    "cardinal": "other", "pope": "other", "ayatollah": "other", "rabbi": "other",
    "activist": "other", "dissident": "other", "monarch": "royal",
    "dictator": "gov", "attorney": "gov", "marshal": "mil", "brigadier": "mil",
    "lieutenant": "mil", "sergeant": "mil", "captain": "mil", "major": "mil",
    "deputy": "gov", "representative": "gov", "mp": "gov", "speaker": "gov",
    "auditor": "gov", "inspector": "gov", "regent": "royal",
}
CAT_BY_CODE = [("MIL", "mil"), ("UAF", "mil"), ("REB", "mil"), ("SPY", "gov"),
               ("COP", "gov"), ("MED", "media"), ("BUS", "business"),
               ("EDU", "expert"), ("LEG", "gov"), ("JUD", "gov"), ("GOV", "gov"),
               ("ELI", "gov")]


def build_titles(agents_path: str, supp_path: str, words: set[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    subst = {}
    for line in decode_lines(agents_path):
        m = re.match(r"^!(\w+)!\s*=\s*(.*)$", line)
        if m:
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        if not line.strip() or line.startswith("#"):
            continue
        body = line.split("#")[0]
        m = re.search(r"\[~?([A-Z]+)\]?", body)
        code = m.group(1) if m else ""
        phrase = re.split(r"[\[{]", body)[0].strip()
        if not phrase:
            continue
        phrase = phrase.replace(" ", "_")
        # expand !MINIST! -> MINISTER, !PERSON! -> MAN/WOMAN/PERSON
        variants = [phrase]
        if "!PERSON!" in phrase:
            variants = [phrase.replace("!PERSON!", w) for w in ("MAN", "WOMAN", "PERSON")]
        variants = [v.replace("!MINIST!", "MINISTER") for v in variants]
        for v in variants:
            if "!" in v:
                continue
            v = re.sub(r"_+", " ", v).strip(" _").lower()
            if re.search(r"\bminist$", v):
                v = v[:-len("minist")] + "minister"
            if not re.fullmatch(r"[a-z][a-z '\-]*[a-z]", v):
                continue
            toks = v.split()
            if len(toks) > 5 or toks[-1] in ("of", "for", "to", "at", "in", "and"):
                continue
            if any(t in ("ministry", "ministries", "department", "dept") for t in toks):
                continue
            head = toks[-1]
            cat = None
            # "minister of foreign affairs": head is the first noun
            for t in toks:
                if t in ("minister", "secretary", "director", "chief", "head",
                         "ambassador", "envoy", "commissioner"):
                    if "of" in toks or "for" in toks:
                        head = t
                        break
            if head not in TITLE_HEADS:
                continue
            cat = TITLE_HEADS[head]
            if head in GENERIC_HEADS:
                for c, cc in CAT_BY_CODE:
                    if c in code:
                        if cc in ("mil", "media", "business"):
                            cat = cc
                        break
            if head in ("ambassador", "envoy", "consul", "diplomat", "emissary"):
                cat = "diplomat"
            if any(w in words and w not in TITLE_OK_WORDS for w in toks if len(toks) == 1) and head not in TITLE_HEADS:
                continue
            if any(t in TITLE_BAD_TOKENS for t in toks):
                continue
            if re.search(r"\b(minister|secretary) (for|of) (the )?"
                         r"(foreign|home|civil|state|government)$", v):
                continue
            titles.setdefault(v, cat)
    # hand-written list wins
    for line in decode_lines(supp_path):
        if not line.strip() or line.startswith("#"):
            continue
        p, _, c = line.partition("\t")
        p, c = p.strip().lower(), c.strip()
        if c == "-":
            titles.pop(p, None)
            continue
        if c not in ("gov", "mil", "diplomat", "expert", "media", "business", "royal", "other"):
            sys.exit(f"titles supplement: bad category {c!r} for {p!r}")
        titles[p] = c
    return titles


TITLE_OK_WORDS = set()
# heads whose category follows the CAMEO agent code ("army chief" -> mil,
# "trade official" -> business); ministers and secretaries stay "gov".
GENERIC_HEADS = {"chief", "official", "officer", "leader", "director", "adviser",
                 "advisor", "head", "executive", "representative", "commander"}
TITLE_BAD_TOKENS = {"administerration", "office", "ngo", "ngos", "left", "right",
                    "sheriff", "gunnery", "materials", "progress", "equipment",
                    "ores", "sub-district", "subdistrict", "moslem", "hindu", "buddhist", "christian", "torah", "fire", "fireman", "firewoman", "firefighter", "grader",
                    "jute", "parlaimentary", "ent", "manafacture", "monastary",
                    "officer's", "policewoman", "thief"}


# ---------------------------------------------------------------------------

def load_words(path: str) -> set[str]:
    if not os.path.exists(path):
        return set()
    return {w.strip() for w in decode_lines(path) if w.strip() and not w.startswith("#")}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--petrarch", default=os.path.join(REPO, "..", "shared", "data", "petrarch"),
                    help="directory holding the Phoenix.*.txt dictionaries "
                         "(default: ../shared/data/petrarch relative to the repo root)")
    ap.add_argument("--supplement", default=os.path.join(HERE, "supplement.tsv"))
    ap.add_argument("--titles-supplement", default=os.path.join(HERE, "titles_supplement.tsv"))
    ap.add_argument("--words", default=os.path.join(HERE, "common_words.txt"),
                    help="lower-case common English words (one-word aliases to drop)")
    ap.add_argument("--refresh-words", metavar="DICT", nargs="+",
                    help="regenerate --words from system word lists (e.g. "
                         "/usr/share/dict/american-english); only words that "
                         "collide with a candidate one-word alias are kept")
    ap.add_argument("--out", default=os.path.join(REPO, "assets", "gazetteer.tsv"))
    ap.add_argument("--titles-out", default=os.path.join(REPO, "assets", "titles.tsv"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    for f in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
              "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt"):
        if not os.path.exists(os.path.join(args.petrarch, f)):
            sys.exit(f"missing {f} in {args.petrarch} (use --petrarch DIR)")

    words = load_words(args.words)
    if args.refresh_words:
        words = set()
    b = Builder(args.petrarch, args.supplement, words, args.verbose)
    b.load()
    b.group_words = set()
    b.build_petrarch()
    b.merge()

    if args.refresh_words:
        dict_words = set()
        for p in args.refresh_words:
            for w in decode_lines(p):
                w = w.strip()
                if w and w == w.lower() and w.isalpha():
                    dict_words.add(w)
        cands = set()
        for e in b.entities:
            for a in e.aliases:
                if " " not in a:
                    cands.add(a.casefold())
            if e.kind == "person":
                for t in e.canonical.split():
                    cands.add(t.casefold())
        keep = sorted(cands & dict_words)
        with open(args.words, "w", encoding="utf-8", newline="\n") as fh:
            fh.write("# Lower-case English words (from Debian's wamerican/wbritish lists) that\n"
                     "# collide with candidate one-word aliases. Generated by build.py\n"
                     "# --refresh-words; hand edits allowed. One-word aliases from PETRARCH or\n"
                     "# generated surnames that appear here are dropped (supplement aliases are kept).\n")
            for w in keep:
                fh.write(w + "\n")
        print(f"wrote {len(keep)} words to {args.words}")
        words = set(keep)
        b = Builder(args.petrarch, args.supplement, words, args.verbose)
        b.load()
        b.group_words = set()
        b.build_petrarch()
        b.merge()

    b.finalize()
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    counts = b.write(args.out)
    validate(args.out)
    titles = build_titles(os.path.join(args.petrarch, "Phoenix.agents.txt"),
                          args.titles_supplement, words)
    with open(args.titles_out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Title / agent phrases (lower case) and their category. GENERATED by\n"
                 "# tools/gazetteer/build.py from Phoenix.agents.txt (PETRARCH2, MIT) and\n"
                 "# tools/gazetteer/titles_supplement.tsv. Categories: gov mil diplomat\n"
                 "# expert media business royal other.\n")
        for p in sorted(titles):
            fh.write(f"{p}\t{titles[p]}\n")
    for w in b.warnings:
        print("warning:", w, file=sys.stderr)
    print(f"wrote {args.out}: " + ", ".join(f"{k}={counts.get(k, 0)}" for k in KINDS)
          + f"; {os.path.getsize(args.out)} bytes")
    print(f"wrote {args.titles_out}: {len(titles)} titles")
    if args.verbose:
        print(dict(b.stats))


ORG_WORDS = set("""
ARMY BRIGADE BRIGADES FRONT MOVEMENT ORGANIZATION ORGANISATION PARTY COUNCIL
FORCES GROUP NETWORK FOUNDATION LEAGUE UNION JIHAD MUJAHIDEEN MUJAHIDIN ANSAR
JAMAAT JAMA'AT JAISH JAYSH HARAKAT TANZIM TANZEEM KATAIB LIWA FATAH HEZBOLLAH
HIZBALLAH HIZB HIZBUL HAMAS QAEDA TEHRIK TEHREEK TAHRIK TANZEEM KATAEB LASHKAR
SIPAH JUNDALLAH JUND ASBAT SARAYA FEDAYEEN FIDAYEEN MUJAHIDEEN MUJAHEDIN ISLAMI AL-QAEDA SHABAAB AL-SHABAAB TALIBAN ISLAMIC STATE
BATTALION BATTALIONS COMMITTEE COMMITTEES CELLS CELL NUCLEI NUCLEUS ACTION
RESISTANCE REVOLUTIONARY LIBERATION SOLIDARITY
""".split())


if __name__ == "__main__":
    main()
