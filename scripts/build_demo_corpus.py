#!/usr/bin/env python3
"""Build the bundled demo job-posting corpus from the O*NET 27.0 text files.

Usage:
    scripts/build_demo_corpus.py --onet data/onet --out data/demo/postings.jsonl.gz \
        [--per-occupation N] [--seed S]

Every posting is built from one O*NET occupation and carries its O*NET-SOC code
as a ground-truth label.  Title, description, responsibilities and tools come
from the O*NET data; company, location, salary, posting date, URL, employment
type and remote mode are synthetic and listed as such in each posting's
"synthetic" field (see data/README.md).

The output is deterministic: the same input files, --per-occupation and --seed
give a byte-identical gzip file (gzip mtime is fixed to 0, no file name is
stored, every occupation uses its own random.Random seeded from sha256 of the
seed and the O*NET-SOC code, and all inputs are processed in sorted order).

Posting dates lie in the POSTING_WINDOW_DAYS days before REFERENCE_DATE; the
service is expected to rebase them when loading the corpus.

Standard library only; runs on Python 3.11.  Bad input (missing file, missing
column, malformed value) prints one error line naming the file/column and
exits with status 2.
"""

import argparse
import csv
import datetime
import gzip
import hashlib
import json
import os
import random
import re
import sys
import time

# Fixed reference date of the corpus: every posted_at lies in the
# POSTING_WINDOW_DAYS days before it.  Documented in data/README.md.
REFERENCE_DATE = datetime.datetime(2026, 11, 1, 0, 0, 0, tzinfo=datetime.timezone.utc)
POSTING_WINDOW_DAYS = 60

DEFAULT_SEED = 1
DEFAULT_PER_OCCUPATION = 11

PROVIDER = "demo"
URL_PREFIX = "https://jobs.example.org/demo/"
SYNTHETIC_FIELDS = ["company", "location", "salary", "posted_at", "url",
                    "employment_type", "remote"]

CODE = "O*NET-SOC Code"
# file name -> columns the generator reads from it
ONET_FILES = {
    "occupations": ("Occupation Data.txt", [CODE, "Title", "Description"]),
    "alternate": ("Alternate Titles.txt", [CODE, "Alternate Title", "Short Title"]),
    "reported": ("Sample of Reported Titles.txt", [CODE, "Reported Job Title"]),
    "tasks": ("Task Statements.txt", [CODE, "Task ID", "Task", "Task Type"]),
    "technology": ("Technology Skills.txt", [CODE, "Example", "Hot Technology"]),
    "zones": ("Job Zones.txt", [CODE, "Job Zone"]),
}

CODE_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
WS_RE = re.compile(r"\s+")
ACRONYM_RE = re.compile(r"[A-Z0-9.&/\-]+")

# ---------------------------------------------------------------------------
# Synthetic vocabularies
# ---------------------------------------------------------------------------

# SOC major groups whose work is obviously physical: almost always on site.
PHYSICAL_GROUPS = {"35", "37", "45", "47", "49", "51", "53"}
# Patient-, client- or public-facing groups (healthcare, protective service,
# personal care): mostly on site, some hybrid or telehealth.
IN_PERSON_GROUPS = {"29", "31", "33", "39"}

COMPANY_PREFIXES = [
    "Alder", "Amberfield", "Aspen", "Atlas", "Bayview", "Beacon", "Blue Harbor",
    "Bluestone", "Brightwater", "Brookside", "Cardinal", "Cedar Ridge", "Clearwater",
    "Cobalt", "Copper Creek", "Crescent", "Eastgate", "Evergreen", "Fairview",
    "Falcon", "Foxglove", "Granite", "Greystone", "Harbor Point", "Harborview",
    "Hawthorn", "Highland", "Horizon", "Ironbridge", "Juniper", "Kestrel",
    "Keystone", "Lakeside", "Larkspur", "Lighthouse", "Lodestar", "Meridian",
    "Northstar", "Northwind", "Oakridge", "Orchard", "Pinnacle", "Prairie",
    "Redwood", "Ridgeline", "Riverstone", "Sequoia", "Silver Lake", "Silverline",
    "Sterling", "Stonebridge", "Summit", "Tidewater", "Trident", "Vantage",
    "Westbrook", "Westfield", "Wildrose", "Willow", "Windmere",
]

# Sector words per SOC major group (first two digits of the O*NET-SOC code).
COMPANY_SECTORS = {
    "11": ["Holdings", "Group", "Partners", "Enterprises", "Capital", "Management"],
    "13": ["Financial", "Advisory", "Consulting", "Accounting", "Insurance", "Wealth Partners"],
    "15": ["Analytics", "Software", "Technologies", "Data", "Labs", "Digital"],
    "17": ["Engineering", "Design Group", "Systems", "Aerospace", "Infrastructure", "Engineers"],
    "19": ["Research", "Biosciences", "Laboratories", "Environmental", "Institute", "Scientific"],
    "21": ["Community Services", "Family Services", "Outreach", "Counseling Center",
           "Foundation", "Care Network"],
    "23": ["Legal", "Law Group", "Legal Services", "Law Partners", "Counsel", "Title & Escrow"],
    "25": ["Academy", "Learning", "School District", "College", "Education Trust", "University"],
    "27": ["Media", "Studios", "Creative", "Productions", "Design", "Broadcasting"],
    "29": ["Health", "Medical Center", "Clinic", "Hospital", "Healthcare", "Medical Group"],
    "31": ["Care", "Home Health", "Therapy Services", "Health Services", "Senior Living",
           "Rehabilitation"],
    "33": ["Security", "Protective Services", "Safety Services", "Guard Services",
           "Security Group", "Emergency Services"],
    "35": ["Kitchen", "Bistro", "Hospitality", "Catering", "Restaurants", "Foods"],
    "37": ["Facilities", "Property Services", "Landscaping", "Cleaning Services",
           "Grounds Care", "Building Services"],
    "39": ["Wellness", "Salon", "Fitness", "Childcare", "Leisure", "Spa"],
    "41": ["Retail", "Sales", "Trading", "Supply", "Outlet", "Commerce"],
    "43": ["Services", "Business Services", "Office Solutions", "Administration",
           "Support Services", "Shared Services"],
    "45": ["Farms", "Agriculture", "Forestry", "Growers", "Fisheries", "Nurseries"],
    "47": ["Construction", "Builders", "Contracting", "Mining", "Roofing", "Civil Works"],
    "49": ["Maintenance", "Mechanical", "Repair Services", "Electric", "Technical Services",
           "Service Company"],
    "51": ["Manufacturing", "Industries", "Fabrication", "Metalworks", "Plastics", "Packaging"],
    "53": ["Logistics", "Transport", "Freight", "Airlines", "Shipping", "Transit"],
    "55": ["Defense", "Defense Systems", "Tactical", "Mission Support", "Aerospace Defense",
           "Federal Services"],
}
COMPANIES_PER_GROUP = 28
COMPANY_OTHER_GROUP_SHARE = 0.15

# (city, region, short region for the text or None, ISO-2 country, weight, cost factor)
CITIES = [
    # United States
    ("New York", "New York", "NY", "US", 3, 1.20),
    ("Los Angeles", "California", "CA", "US", 2, 1.10),
    ("Chicago", "Illinois", "IL", "US", 2, 1.05),
    ("Houston", "Texas", "TX", "US", 2, 1.00),
    ("Phoenix", "Arizona", "AZ", "US", 1, 0.97),
    ("Philadelphia", "Pennsylvania", "PA", "US", 1, 1.03),
    ("San Antonio", "Texas", "TX", "US", 1, 0.94),
    ("San Diego", "California", "CA", "US", 1, 1.08),
    ("Dallas", "Texas", "TX", "US", 2, 1.02),
    ("Austin", "Texas", "TX", "US", 1, 1.05),
    ("San Jose", "California", "CA", "US", 1, 1.25),
    ("Jacksonville", "Florida", "FL", "US", 1, 0.94),
    ("Columbus", "Ohio", "OH", "US", 1, 0.96),
    ("Charlotte", "North Carolina", "NC", "US", 1, 0.98),
    ("Indianapolis", "Indiana", "IN", "US", 1, 0.95),
    ("San Francisco", "California", "CA", "US", 2, 1.25),
    ("Seattle", "Washington", "WA", "US", 2, 1.15),
    ("Denver", "Colorado", "CO", "US", 1, 1.04),
    ("Washington", "District of Columbia", "DC", "US", 2, 1.12),
    ("Boston", "Massachusetts", "MA", "US", 2, 1.15),
    ("Nashville", "Tennessee", "TN", "US", 1, 0.97),
    ("Detroit", "Michigan", "MI", "US", 1, 0.96),
    ("Portland", "Oregon", "OR", "US", 1, 1.03),
    ("Las Vegas", "Nevada", "NV", "US", 1, 0.96),
    ("Atlanta", "Georgia", "GA", "US", 2, 1.01),
    ("Miami", "Florida", "FL", "US", 1, 1.00),
    ("Minneapolis", "Minnesota", "MN", "US", 1, 1.03),
    ("Raleigh", "North Carolina", "NC", "US", 1, 0.99),
    ("Salt Lake City", "Utah", "UT", "US", 1, 0.98),
    ("Kansas City", "Missouri", "MO", "US", 1, 0.95),
    ("Pittsburgh", "Pennsylvania", "PA", "US", 1, 0.96),
    ("Baltimore", "Maryland", "MD", "US", 1, 1.02),
    ("Tampa", "Florida", "FL", "US", 1, 0.96),
    ("Cleveland", "Ohio", "OH", "US", 1, 0.94),
    # United Kingdom
    ("London", "England", None, "GB", 3, 1.20),
    ("Manchester", "England", None, "GB", 1, 0.98),
    ("Birmingham", "England", None, "GB", 1, 0.97),
    ("Leeds", "England", None, "GB", 1, 0.96),
    ("Bristol", "England", None, "GB", 1, 1.00),
    ("Edinburgh", "Scotland", None, "GB", 1, 1.00),
    ("Glasgow", "Scotland", None, "GB", 1, 0.96),
    # France
    ("Paris", "Île-de-France", None, "FR", 2, 1.15),
    ("Lyon", "Auvergne-Rhône-Alpes", None, "FR", 1, 1.00),
    ("Marseille", "Provence-Alpes-Côte d'Azur", None, "FR", 1, 0.97),
    ("Toulouse", "Occitanie", None, "FR", 1, 0.98),
    ("Bordeaux", "Nouvelle-Aquitaine", None, "FR", 1, 0.97),
    # Germany
    ("Berlin", "Berlin", None, "DE", 2, 1.00),
    ("Munich", "Bavaria", None, "DE", 1, 1.10),
    ("Hamburg", "Hamburg", None, "DE", 1, 1.04),
    ("Frankfurt", "Hesse", None, "DE", 1, 1.08),
    ("Cologne", "North Rhine-Westphalia", None, "DE", 1, 1.00),
    # Netherlands
    ("Amsterdam", "North Holland", None, "NL", 2, 1.06),
    ("Rotterdam", "South Holland", None, "NL", 1, 1.00),
    ("Utrecht", "Utrecht", None, "NL", 1, 1.00),
    # Spain
    ("Madrid", "Community of Madrid", None, "ES", 2, 1.06),
    ("Barcelona", "Catalonia", None, "ES", 1, 1.05),
    ("Valencia", "Valencian Community", None, "ES", 1, 0.95),
    # Canada
    ("Toronto", "Ontario", "ON", "CA", 2, 1.06),
    ("Vancouver", "British Columbia", "BC", "CA", 1, 1.05),
    ("Montreal", "Quebec", "QC", "CA", 1, 0.98),
    ("Calgary", "Alberta", "AB", "CA", 1, 1.02),
    # Ireland
    ("Dublin", "County Dublin", None, "IE", 2, 1.08),
    ("Cork", "County Cork", None, "IE", 1, 0.97),
]

COUNTRY_NAMES = {"US": "United States", "GB": "United Kingdom", "FR": "France",
                 "DE": "Germany", "NL": "Netherlands", "ES": "Spain", "CA": "Canada",
                 "IE": "Ireland"}
CURRENCIES = {"US": "USD", "CA": "CAD", "GB": "GBP", "FR": "EUR", "DE": "EUR",
              "NL": "EUR", "ES": "EUR", "IE": "EUR"}
# Typical pay level in local currency relative to the US level in USD.
COUNTRY_PAY = {"US": 1.00, "CA": 0.90, "GB": 0.62, "IE": 0.75, "DE": 0.72,
               "NL": 0.70, "FR": 0.60, "ES": 0.45}

# Annual mid-point salary (USD, US) by job zone.
ZONE_PAY = {1: 32000, 2: 42000, 3: 56000, 4: 80000, 5: 108000}
# Extra pay factor by major group (management, tech, law, medicine pay more).
GROUP_PAY = {"11": 1.30, "13": 1.05, "15": 1.20, "17": 1.12, "23": 1.15, "29": 1.10,
             "25": 0.88, "27": 0.92, "21": 0.85, "35": 0.92, "39": 0.90, "31": 0.92}

SALARY_NULL_SHARE = 0.15
HOURS_PER_YEAR = 2080

# employment type weights by job zone band (full, part, contract, temporary, internship)
EMPLOYMENT_TYPES = ["full_time", "part_time", "contract", "temporary", "internship"]
EMPLOYMENT_WEIGHTS = {
    "low": [70, 17, 4, 9, 0],     # zones 1-2
    "mid": [80, 7, 8, 3, 2],      # zone 3
    "high": [83, 4, 9, 2, 2],     # zones 4-5
}

REMOTE_MODES = ["onsite", "hybrid", "remote"]
REMOTE_WEIGHTS_DEFAULT = [60, 25, 15]
REMOTE_WEIGHTS_PHYSICAL = [97, 3, 0]
REMOTE_WEIGHTS_IN_PERSON = [88, 9, 3]

SENIORITY_SHARE = 0.10
SENIORITY_BLOCK_RE = re.compile(
    r"\b(senior|sr|junior|jr|lead|chief|head|principal|director|president|vice|"
    r"trainee|apprentice|intern|helper|assistant|aide|student|executive|supervisor|"
    r"manager|master|journeyman|journeyworker|officer|leader|foreman|forewoman|general|vp|commissioner|superintendent|dean|chair|chairman|chairperson|owner|founder|partner)\b",
    re.IGNORECASE)

INTRO_TEMPLATES = [
    "{company} is hiring in {city}. Position: {title}.",
    "Join {company} in {city} as our next {title}.",
    "{company} is recruiting for the role of {title} in {city}.",
    "{company} has an opening for the position of {title} at our {city} location.",
    "We at {company} are looking for our next {title} to join the team in {city}.",
    "{company} is growing its {city} team and is looking for a new colleague: {title}.",
]
REMOTE_SENTENCES = {
    "onsite": ["", "", "This position is on site."],
    "hybrid": ["This is a hybrid role with regular days in our {city} office.",
               "Hybrid working: part of the week from home, part in the {city} office."],
    "remote": ["This role is fully remote; the hiring team is based in {city}.",
               "Remote position; occasional travel to {city} may be required."],
}
EMPLOYMENT_SENTENCES = {
    "full_time": ["", "This is a full-time, permanent position."],
    "part_time": ["This is a part-time position.", "Part-time hours; schedule to be agreed."],
    "contract": ["This is a fixed-term contract position.", "Contract role, with the possibility of extension."],
    "temporary": ["This is a temporary position.", "Temporary assignment covering a busy period."],
    "internship": ["This is an internship.", "Paid internship."],
}
REQUIREMENTS = {
    1: ["Requirements: No formal qualifications needed; a high school diploma is a plus. Training is provided on the job.",
        "Requirements: No previous experience required. Full on-the-job training is provided."],
    2: ["Requirements: High school diploma or equivalent; some previous work experience is helpful. On-the-job training provided.",
        "Requirements: High school diploma or equivalent and up to one year of related experience."],
    3: ["Requirements: Vocational training, an associate's degree or a completed apprenticeship, plus one to two years of related experience.",
        "Requirements: Post-secondary vocational training or an associate's degree, and previous experience in a similar role."],
    4: ["Requirements: Bachelor's degree and several years of related work experience.",
        "Requirements: Bachelor's degree in a relevant field and two to four years of professional experience."],
    5: ["Requirements: Graduate degree (master's, doctorate, or professional degree) and extensive related experience.",
        "Requirements: Master's degree or higher and five or more years of relevant experience; licensure where required."],
}
INTERNSHIP_REQUIREMENT = ("Requirements: Currently enrolled in, or recently graduated from, "
                          "a relevant degree or training program.")


class InputError(Exception):
    """Bad input data: reported as one line on stderr, exit status 2."""


# ---------------------------------------------------------------------------
# Reading O*NET
# ---------------------------------------------------------------------------

def clean(text):
    """Collapse whitespace (tabs, CR, repeated spaces) into single spaces."""
    return WS_RE.sub(" ", text or "").strip()


def read_tsv(path, required):
    """Yield (line number, {column: cleaned value}) for a tab-separated O*NET file."""
    if not os.path.isfile(path):
        raise InputError(f"required O*NET file not found: {path}")
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, None)
            if not header:
                raise InputError(f"{path}: file is empty (expected a header line)")
            header = [clean(h) for h in header]
            missing = [c for c in required if c not in header]
            if missing:
                names = ", ".join(f'"{c}"' for c in missing)
                raise InputError(f"{path}: missing column {names} "
                                 f"(header has: {', '.join(header)})")
            index = {c: header.index(c) for c in required}
            rows = []
            for row in reader:
                if not row or all(not cell.strip() for cell in row):
                    continue
                rows.append((reader.line_num,
                             {c: clean(row[i]) if i < len(row) else "" for c, i in index.items()}))
            return rows
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise InputError(f"{path}: cannot parse as tab-separated text ({exc})") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def checked_code(path, line, value):
    if not CODE_RE.match(value):
        raise InputError(f'{path}:{line}: column "{CODE}" has malformed value "{value}" '
                         f'(expected NN-NNNN.NN)')
    return value


def load_onet(onet_dir):
    """Return a sorted list of occupation dicts with everything the generator needs."""
    if not os.path.isdir(onet_dir):
        raise InputError(f"O*NET directory not found: {onet_dir}")
    data = {}
    paths = {}
    for key, (name, columns) in ONET_FILES.items():
        paths[key] = os.path.join(onet_dir, name)
        data[key] = read_tsv(paths[key], columns)

    occupations = {}
    for line, row in data["occupations"]:
        code = checked_code(paths["occupations"], line, row[CODE])
        occupations[code] = {
            "code": code, "title": row["Title"], "description": row["Description"],
            "zone": None, "titles": {}, "core": {}, "other": {}, "hot": {}, "tech": {},
        }

    def occ_for(key, line, row):
        return occupations.get(checked_code(paths[key], line, row[CODE]))

    for line, row in data["zones"]:
        occ = occ_for("zones", line, row)
        if occ is None:
            continue
        try:
            zone = int(row["Job Zone"])
        except ValueError:
            zone = 0
        if not 1 <= zone <= 5:
            raise InputError(f'{paths["zones"]}:{line}: column "Job Zone" has invalid value '
                             f'"{row["Job Zone"]}" (expected 1-5)')
        occ["zone"] = zone

    for line, row in data["alternate"]:
        occ = occ_for("alternate", line, row)
        title = row["Alternate Title"]
        if occ is None or not title:
            continue
        short = row["Short Title"]
        if short.lower() in ("", "n/a"):
            short = ""
        occ["titles"].setdefault(title.casefold(), (title, short))

    for line, row in data["reported"]:
        occ = occ_for("reported", line, row)
        title = row["Reported Job Title"]
        if occ is None or not title:
            continue
        occ["titles"].setdefault(title.casefold(), (title, ""))

    for line, row in data["tasks"]:
        occ = occ_for("tasks", line, row)
        task = row["Task"]
        if occ is None or not task:
            continue
        if task[-1] not in ".!?":
            task += "."
        try:
            task_id = int(row["Task ID"])
        except ValueError:
            task_id = 0
        bucket = occ["core"] if row["Task Type"].lower() == "core" else occ["other"]
        key = task.casefold()
        if key not in occ["core"] and key not in occ["other"]:
            bucket[key] = (task_id, task)

    for line, row in data["technology"]:
        occ = occ_for("technology", line, row)
        example = row["Example"]
        if occ is None or not example:
            continue
        key = example.casefold()
        if row["Hot Technology"].upper() == "Y":
            occ["tech"].pop(key, None)
            occ["hot"][key] = example
        elif key not in occ["hot"]:
            occ["tech"][key] = example

    result = []
    for code in sorted(occupations):
        occ = occupations[code]
        desc_key = occ["description"].casefold()
        # Tasks that repeat a sentence of the description would read twice.
        core = [t for _, t in sorted(occ["core"].values()) if t.casefold().rstrip(".") not in desc_key]
        other = [t for _, t in sorted(occ["other"].values()) if t.casefold().rstrip(".") not in desc_key]
        result.append({
            "code": code,
            "title": occ["title"],
            "description": occ["description"],
            "zone": occ["zone"],
            "titles": [occ["titles"][k] for k in sorted(occ["titles"])],
            "core": core,
            "other": other,
            "hot": [occ["hot"][k] for k in sorted(occ["hot"])],
            "tech": [occ["tech"][k] for k in sorted(occ["tech"])],
        })
    return result


# ---------------------------------------------------------------------------
# Generating postings
# ---------------------------------------------------------------------------

def stable_rng(seed, *parts):
    """random.Random seeded from sha256 of the seed and the given parts."""
    material = ":".join([str(seed)] + [str(p) for p in parts]).encode("utf-8")
    return random.Random(int.from_bytes(hashlib.sha256(material).digest()[:8], "big"))


def build_company_pools(seed):
    pools = {}
    for group in sorted(COMPANY_SECTORS):
        rng = stable_rng(seed, "companies", group)
        names = []
        for prefix in COMPANY_PREFIXES:
            for sector in COMPANY_SECTORS[group]:
                # avoid "Orchard Orchards"-style repetitions
                if prefix.split()[-1].casefold() in sector.casefold():
                    continue
                names.append(f"{prefix} {sector}")
        pools[group] = sorted(rng.sample(names, min(COMPANIES_PER_GROUP, len(names))))
    return pools


def round_to(value, step):
    return int(round(value / step)) * step


def display_title(rng, title, short):
    """Turn an Alternate Title (with its optional Short Title) into a posting title.

    O*NET writes such titles as "Long Form (Short Form)" or "Short Form (Long Form)".
    A posting uses one of the two forms; a bare acronym ("Licensed Professional
    Counselor (LPC)") is never used alone, so such titles are kept whole.
    """
    if not short:
        return title
    match = re.fullmatch(r"(.+?) \((.+)\)", title)
    outside, inside = (match.group(1), match.group(2)) if match else (title, "")
    if short == outside:
        # "Lab Technician (Laboratory Technician)": mostly the short form;
        # "ACNP (Acute Care Nurse Practitioner)": always the long form
        if inside and (ACRONYM_RE.fullmatch(outside) or rng.random() < 0.3):
            return inside
        return outside
    if " " not in short:
        return title
    if short == inside:
        # "Quality Control Supervisor (QC Supervisor)"
        return short if rng.random() < 0.3 else outside
    return short if rng.random() < 0.3 else title


class TitleSampler:
    """Sample an occupation's titles without replacement, reshuffling when used up."""

    def __init__(self, rng, occ):
        self.rng = rng
        # Bare acronyms ("MD", "LCAT") and very long titles read badly in a listing;
        # drop them unless little else exists.
        pool = [t for t in occ["titles"] if not ACRONYM_RE.fullmatch(t[0])] or occ["titles"]
        short_enough = [t for t in pool if len(t[0]) <= 60]
        self.pool = short_enough if len(short_enough) >= 5 else pool
        self.fallback = occ["title"]
        self.queue = []

    def next(self):
        if not self.pool:
            return self.fallback
        if not self.queue:
            self.queue = self.rng.sample(self.pool, len(self.pool))
        title, short = self.queue.pop()
        return display_title(self.rng, title, short)


def with_seniority(rng, title, zone, employment_type):
    if employment_type == "internship":
        return f"{title} Intern"
    if rng.random() >= SENIORITY_SHARE or SENIORITY_BLOCK_RE.search(title):
        return title
    if zone >= 4:
        return ("Senior " if rng.random() < 0.8 else "Lead ") + title
    if zone <= 2:
        return ("Junior " if rng.random() < 0.6 else "Trainee ") + title
    return title


def pick_weighted(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def pick_tasks(rng, occ):
    k = rng.randint(4, 7)
    core, other = occ["core"], occ["other"]
    chosen = rng.sample(core, min(k, len(core)))
    if len(chosen) < k and other:
        chosen += rng.sample(other, min(k - len(chosen), len(other)))
    elif other and len(chosen) >= 4 and rng.random() < 0.15:
        # now and then one supplemental task, so postings differ more
        chosen[-1] = rng.choice(other)
    return chosen


def pick_tools(rng, occ):
    hot, tech = occ["hot"], occ["tech"]
    available = len(hot) + len(tech)
    if available == 0:
        return []
    k = min(rng.randint(3, 10), available)
    n_hot = min(len(hot), k if rng.random() < 0.6 else max(k - rng.randint(1, 3), 1))
    chosen = rng.sample(hot, n_hot)
    rest = k - len(chosen)
    if rest and tech:
        chosen += rng.sample(tech, min(rest, len(tech)))
    rest = k - len(chosen)
    if rest:
        remaining = [t for t in hot if t not in chosen]
        chosen += rng.sample(remaining, min(rest, len(remaining)))
    return chosen


def make_salary(rng, occ_pay, zone, city, employment_type):
    name, region, short, country, _weight, cost = city
    if rng.random() < SALARY_NULL_SHARE:
        return None
    mid = ZONE_PAY[zone] * occ_pay * COUNTRY_PAY[country] * cost * rng.uniform(0.92, 1.08)
    if employment_type == "internship":
        mid *= 0.45
    half_width = rng.uniform(0.08, 0.20)
    currency = CURRENCIES[country]
    hourly_share = 0.9 if employment_type in ("part_time", "temporary") else 0.4
    if country == "US" and zone <= 2 and rng.random() < hourly_share:
        hourly = mid / HOURS_PER_YEAR
        low = max(round_to(hourly * (1 - half_width), 1), 8)
        high = max(round_to(hourly * (1 + half_width), 1), low + 1)
        return {"min": low, "max": high, "currency": currency, "period": "hour"}
    if employment_type == "part_time":
        mid *= 0.6  # pro-rata annual pay
    low = round_to(mid * (1 - half_width), 500)
    high = max(round_to(mid * (1 + half_width), 500), low + 500)
    return {"min": low, "max": high, "currency": currency, "period": "year"}


def location_of(city):
    name, region, short, country, _weight, _cost = city
    if country == "US":
        text = f"{name}, {short}"
    elif short:
        text = f"{name}, {short}, {COUNTRY_NAMES[country]}"
    else:
        text = f"{name}, {COUNTRY_NAMES[country]}"
    return {"text": text, "city": name, "region": region, "country": country}


def posted_at(rng):
    days_before = rng.randint(1, POSTING_WINDOW_DAYS)
    moment = (REFERENCE_DATE - datetime.timedelta(days=days_before)
              + datetime.timedelta(hours=rng.randint(6, 19), minutes=15 * rng.randint(0, 3)))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def occupation_postings(occ, per_occupation, seed, company_pools):
    rng = stable_rng(seed, occ["code"])
    group = occ["code"][:2]
    zone = occ["zone"]
    spread = per_occupation // 4
    count = max(1, per_occupation + rng.randint(-spread, spread))
    occ_pay = GROUP_PAY.get(group, 1.0) * rng.uniform(0.88, 1.18)
    if group == "29" and zone == 5:
        occ_pay *= 1.5  # physicians, dentists, pharmacists...
    band = "low" if zone <= 2 else "mid" if zone == 3 else "high"
    if group in PHYSICAL_GROUPS:
        remote_weights = REMOTE_WEIGHTS_PHYSICAL
    elif group in IN_PERSON_GROUPS:
        remote_weights = REMOTE_WEIGHTS_IN_PERSON
    else:
        remote_weights = REMOTE_WEIGHTS_DEFAULT
    own_pool = company_pools.get(group) or company_pools["43"]
    all_groups = sorted(company_pools)
    city_weights = [c[4] for c in CITIES]
    titles = TitleSampler(rng, occ)

    for index in range(1, count + 1):
        external = f"{occ['code']}-{index:03d}"
        employment_type = pick_weighted(rng, EMPLOYMENT_TYPES, EMPLOYMENT_WEIGHTS[band])
        title = titles.next()
        if employment_type == "internship" and (zone not in (3, 4) or group == "11"
                                                or SENIORITY_BLOCK_RE.search(title)):
            employment_type = "full_time"
        title = with_seniority(rng, title, zone, employment_type)
        if rng.random() < COMPANY_OTHER_GROUP_SHARE:
            company = rng.choice(company_pools[rng.choice(all_groups)])
        else:
            company = rng.choice(own_pool)
        city = pick_weighted(rng, CITIES, city_weights)
        remote = pick_weighted(rng, REMOTE_MODES, remote_weights)
        salary = make_salary(rng, occ_pay, zone, city, employment_type)

        intro = [rng.choice(INTRO_TEMPLATES).format(company=company, city=city[0], title=title)]
        for sentence in (rng.choice(REMOTE_SENTENCES[remote]),
                         rng.choice(EMPLOYMENT_SENTENCES[employment_type])):
            if sentence:
                intro.append(sentence.format(city=city[0]))
        sections = [" ".join(intro)]
        if occ["description"]:
            sections.append("About the role:\n" + occ["description"])
        sections.append("Responsibilities:\n" + "\n".join("- " + t for t in pick_tasks(rng, occ)))
        tools = pick_tools(rng, occ)
        if tools:
            sections.append("Tools and technologies:\n" + "\n".join("- " + t for t in tools))
        if employment_type == "internship":
            sections.append(INTERNSHIP_REQUIREMENT)
        else:
            sections.append(rng.choice(REQUIREMENTS[zone]))

        yield {
            "provider": PROVIDER,
            "external_id": f"{PROVIDER}-{external}",
            "url": URL_PREFIX + external,
            "title": title,
            "company": company,
            "location": location_of(city),
            "remote": remote,
            "salary": salary,
            "employment_type": employment_type,
            "description": "\n\n".join(sections),
            "posted_at": posted_at(rng),
            "labels": {"onet_soc": occ["code"], "job_zone": zone},
            "synthetic": list(SYNTHETIC_FIELDS),
        }


def build(onet_dir, out_path, per_occupation, seed):
    occupations = load_onet(onet_dir)
    company_pools = build_company_pools(seed)
    usable = [o for o in occupations if (o["core"] or o["other"]) and o["zone"] is not None]
    skipped = len(occupations) - len(usable)

    out_dir = os.path.dirname(os.path.abspath(out_path))
    tmp_path = out_path + ".tmp"
    postings = 0
    try:
        os.makedirs(out_dir, exist_ok=True)
        with open(tmp_path, "wb") as raw:
            # filename="" keeps the temp file's name out of the gzip header, mtime=0
            # keeps the clock out: same input -> same bytes.
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                for occ in usable:
                    for posting in occupation_postings(occ, per_occupation, seed, company_pools):
                        line = json.dumps(posting, ensure_ascii=False, separators=(",", ":"))
                        gz.write(line.encode("utf-8") + b"\n")
                        postings += 1
        os.replace(tmp_path, out_path)
    except OSError as exc:
        try:
            os.remove(tmp_path)
        except OSError:
            pass
        raise InputError(f"cannot write {out_path}: {exc.strerror or exc}") from None
    return postings, len(usable), skipped


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Build the deterministic synthetic demo job-posting corpus from O*NET text files.")
    parser.add_argument("--onet", required=True, help="directory with the O*NET 27.0 .txt files")
    parser.add_argument("--out", required=True, help="output file (.jsonl.gz)")
    parser.add_argument("--per-occupation", type=int, default=DEFAULT_PER_OCCUPATION,
                        help=f"average postings per occupation (default {DEFAULT_PER_OCCUPATION})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    if args.per_occupation < 1:
        parser.error("--per-occupation must be at least 1")

    started = time.monotonic()
    try:
        postings, used, skipped = build(args.onet, args.out, args.per_occupation, args.seed)
    except InputError as exc:
        print(f"build_demo_corpus: error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.monotonic() - started
    print(f"build_demo_corpus: {postings} postings, {used} occupations "
          f"({skipped} skipped: no tasks or no job zone), {elapsed:.1f} s -> {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
