#!/usr/bin/env python3
"""Tests for scripts/build_demo_corpus.py and the committed data/demo/postings.jsonl.gz.

Run: /usr/bin/python3 scripts/build_demo_corpus_test.py
Standard library only.
"""

import datetime
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCRIPT = os.path.join(HERE, "build_demo_corpus.py")
ONET_DIR = os.path.join(ROOT, "data", "onet")
CORPUS = os.path.join(ROOT, "data", "demo", "postings.jsonl.gz")

# The corpus contract (kept here on purpose rather than imported from the generator).
REFERENCE_DATE = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
WINDOW = datetime.timedelta(days=60)
KEYS = ["provider", "external_id", "url", "title", "company", "location", "remote", "salary",
        "employment_type", "description", "posted_at", "labels", "synthetic"]
SYNTHETIC = ["company", "location", "salary", "posted_at", "url", "employment_type", "remote"]
REMOTE = {"onsite", "hybrid", "remote"}
EMPLOYMENT = {"full_time", "part_time", "contract", "temporary", "internship"}
CURRENCY = {"US": "USD", "CA": "CAD", "GB": "GBP", "FR": "EUR", "DE": "EUR", "NL": "EUR",
            "ES": "EUR", "IE": "EUR"}
ID_RE = re.compile(r"^demo-(\d{2}-\d{4}\.\d{2})-(\d{3})$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def posting_problems(p):
    """Return a list of schema violations of one posting (empty if valid)."""
    problems = []
    if not isinstance(p, dict):
        return ["posting is not a JSON object"]
    if list(p) != KEYS:
        return [f"keys {list(p)} != {KEYS}"]

    def text(value):
        return isinstance(value, str) and value == value.strip() and value != ""

    if p["provider"] != "demo":
        problems.append("provider")
    m = ID_RE.match(p["external_id"]) if isinstance(p["external_id"], str) else None
    if not m:
        problems.append(f"external_id {p['external_id']!r}")
    else:
        if p["url"] != "https://jobs.example.org/demo/" + p["external_id"][len("demo-"):]:
            problems.append(f"url {p['url']!r}")
        if not isinstance(p["labels"], dict) or p["labels"].get("onet_soc") != m.group(1):
            problems.append("external_id does not match labels.onet_soc")
    for key in ("title", "company"):
        if not text(p[key]) or re.search(r"[\t\r\n]|  ", p[key]):
            problems.append(f"{key} {p[key]!r}")

    loc = p["location"]
    if not isinstance(loc, dict) or list(loc) != ["text", "city", "region", "country"]:
        problems.append(f"location {loc!r}")
        loc = None
    else:
        if not all(text(loc[k]) for k in loc):
            problems.append(f"location values {loc!r}")
        elif loc["country"] not in CURRENCY or not loc["text"].startswith(loc["city"]):
            problems.append(f"location {loc!r}")
    if p["remote"] not in REMOTE:
        problems.append(f"remote {p['remote']!r}")
    if p["employment_type"] not in EMPLOYMENT:
        problems.append(f"employment_type {p['employment_type']!r}")

    sal = p["salary"]
    if sal is not None:
        if not isinstance(sal, dict) or list(sal) != ["min", "max", "currency", "period"]:
            problems.append(f"salary {sal!r}")
        else:
            lo, hi = sal["min"], sal["max"]
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (lo, hi)) \
                    or not 0 < lo < hi:
                problems.append(f"salary range {sal!r}")
            elif sal["period"] == "year":
                if lo % 500 or hi % 500 or lo < 5000:
                    problems.append(f"annual salary not rounded/plausible {sal!r}")
            elif sal["period"] == "hour":
                if not (loc and loc["country"] == "US") or hi > 200:
                    problems.append(f"hourly salary {sal!r}")
            else:
                problems.append(f"salary period {sal!r}")
            if loc and sal.get("currency") != CURRENCY.get(loc["country"]):
                problems.append(f"currency {sal.get('currency')!r} for {loc['country']}")

    desc = p["description"]
    if not isinstance(desc, str) or "\t" in desc or "\r" in desc:
        problems.append("description has tabs/CR or is not a string")
    else:
        sections = desc.split("\n\n")
        resp = [s for s in sections if s.startswith("Responsibilities:\n")]
        if len(resp) != 1:
            problems.append("description: no single Responsibilities section")
        else:
            items = resp[0].split("\n")[1:]
            if not 4 <= len(items) <= 7 or not all(i.startswith("- ") for i in items):
                problems.append(f"description: {len(items)} responsibilities")
            if len({i.casefold() for i in items}) != len(items):
                problems.append("description: duplicate responsibilities")
        tools = [s for s in sections if s.startswith("Tools and technologies:\n")]
        if tools:
            items = tools[0].split("\n")[1:]
            if not 1 <= len(items) <= 10 or not all(i.startswith("- ") for i in items):
                problems.append(f"description: {len(items)} tools")
            if len({i.casefold() for i in items}) != len(items):
                problems.append("description: duplicate tools")
        if not sections[-1].startswith("Requirements: "):
            problems.append("description: no final Requirements line")
        if isinstance(p["company"], str) and p["company"] not in sections[0]:
            problems.append("description: intro does not name the company")

    when = p["posted_at"]
    if not isinstance(when, str) or not DATE_RE.match(when):
        problems.append(f"posted_at {when!r}")
    else:
        t = datetime.datetime.strptime(when, "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=datetime.timezone.utc)
        if not REFERENCE_DATE - WINDOW <= t < REFERENCE_DATE:
            problems.append(f"posted_at {when} outside the 60 days before {REFERENCE_DATE}")

    labels = p["labels"]
    if not isinstance(labels, dict) or list(labels) != ["onet_soc", "job_zone"]:
        problems.append(f"labels {labels!r}")
    else:
        zone = labels["job_zone"]
        if not isinstance(zone, int) or isinstance(zone, bool) or not 1 <= zone <= 5:
            problems.append(f"labels.job_zone {zone!r}")
    if p["synthetic"] != SYNTHETIC:
        problems.append(f"synthetic {p['synthetic']!r}")
    return problems


def read_corpus(path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def run_generator(onet, out, *extra):
    return subprocess.run([sys.executable, SCRIPT, "--onet", onet, "--out", out, *extra],
                          capture_output=True, text=True)


# --- tiny O*NET fixture -----------------------------------------------------

FIXTURE = {
    "Occupation Data.txt": [
        ["O*NET-SOC Code", "Title", "Description"],
        ["11-9199.00", "Managers, All Other", "All managers not listed separately."],
        ["15-2051.00", "Data Scientists", "Develop and implement analytics applications."],
        ["35-2014.00", "Cooks, Restaurant", "Prepare, season, and cook dishes in restaurants."],
    ],
    "Alternate Titles.txt": [
        ["O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)"],
        ["15-2051.00", "Data Scientist", "n/a", "08"],
        ["15-2051.00", "Machine Learning Scientist (ML Scientist)", "ML Scientist", "08"],
        ["15-2051.00", "Data Analytics Specialist", "n/a", "08"],
        ["35-2014.00", "Line Cook", "n/a", "08"],
        ["35-2014.00", "Grill Cook", "n/a", "08"],
        ["99-9999.00", "Not An Occupation", "n/a", "08"],
    ],
    "Sample of Reported Titles.txt": [
        ["O*NET-SOC Code", "Reported Job Title", "Shown in My Next Move"],
        ["15-2051.00", "Data Scientist", "Y"],
        ["15-2051.00", "Quantitative Analyst", "N"],
        ["35-2014.00", "Prep Cook", "Y"],
    ],
    "Task Statements.txt": [
        ["O*NET-SOC Code", "Task ID", "Task", "Task Type", "Incumbents Responding", "Date",
         "Domain Source"],
        *[["15-2051.00", str(100 + i), f"Analyze data set number {i} with statistical software.",
           "Core" if i < 6 else "Supplemental", "n/a", "11/2021", "Analyst"] for i in range(8)],
        *[["35-2014.00", str(200 + i), f"Prepare menu item number {i} to order",
           "Core", "n/a", "07/2019", "Incumbent"] for i in range(5)],
    ],
    "Technology Skills.txt": [
        ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology"],
        ["15-2051.00", "Python", "43232405", "Object or component oriented development software", "Y"],
        ["15-2051.00", "R", "43232405", "Object or component oriented development software", "Y"],
        ["15-2051.00", "SQL", "43232306", "Data base user interface and query software", "Y"],
        ["15-2051.00", "Apache Spark", "43232306", "Data base user interface and query software", "N"],
        ["15-2051.00", "Tableau", "43232304", "Data base management system software", "N"],
        ["35-2014.00", "Point of sale POS software", "43232310", "Point of sale POS software", "N"],
    ],
    "Job Zones.txt": [
        ["O*NET-SOC Code", "Job Zone", "Date", "Domain Source"],
        ["11-9199.00", "4", "08/2019", "Analyst"],
        ["15-2051.00", "4", "08/2021", "Analyst"],
        ["35-2014.00", "2", "07/2019", "Analyst"],
    ],
}
FIXTURE_ZONES = {"15-2051.00": 4, "35-2014.00": 2}


def write_fixture(directory, drop_column=None):
    os.makedirs(directory, exist_ok=True)
    for name, rows in FIXTURE.items():
        drop = None
        if drop_column and drop_column[0] == name:
            drop = rows[0].index(drop_column[1])
        with open(os.path.join(directory, name), "w", encoding="utf-8", newline="") as fh:
            for row in rows:
                if drop is not None:
                    row = row[:drop] + row[drop + 1:]
                fh.write("\t".join(row) + "\r\n")


class GeneratorOnFixtureTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="demo_corpus_test_")
        self.onet = os.path.join(self.tmp, "onet")
        write_fixture(self.onet)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def build(self, name="out.jsonl.gz", *extra):
        out = os.path.join(self.tmp, name)
        result = run_generator(self.onet, out, *extra)
        self.assertEqual(result.returncode, 0, result.stderr)
        return out, result

    def test_schema_and_labels(self):
        out, result = self.build("out.jsonl.gz", "--per-occupation", "8")
        self.assertRegex(result.stderr.strip(), r"postings.*occupations.*s\b")
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
        postings = read_corpus(out)
        for p in postings:
            self.assertEqual(posting_problems(p), [], p)
        codes = {p["labels"]["onet_soc"] for p in postings}
        self.assertEqual(codes, set(FIXTURE_ZONES), "occupation without tasks must be skipped")
        for p in postings:
            self.assertEqual(p["labels"]["job_zone"], FIXTURE_ZONES[p["labels"]["onet_soc"]])
        ids = [p["external_id"] for p in postings]
        self.assertEqual(len(ids), len(set(ids)))
        for code in FIXTURE_ZONES:
            n = sum(p["labels"]["onet_soc"] == code for p in postings)
            self.assertTrue(6 <= n <= 10, f"{code}: {n} postings for --per-occupation 8")
            self.assertEqual(len({p["description"] for p in postings
                                  if p["labels"]["onet_soc"] == code}), n,
                             "postings of one occupation must not be identical")
        cook = [p for p in postings if p["labels"]["onet_soc"] == "35-2014.00"]
        # task statements get a final period; the only tool is used
        self.assertIn("- Prepare menu item number", cook[0]["description"])
        self.assertNotRegex(cook[0]["description"], r"to order\n")
        self.assertIn("- Point of sale POS software", cook[0]["description"])
        titles = {"Data Scientist", "Machine Learning Scientist", "ML Scientist",
                  "Machine Learning Scientist (ML Scientist)", "Data Analytics Specialist",
                  "Quantitative Analyst", "Line Cook", "Grill Cook", "Prep Cook"}
        for p in postings:
            base = re.sub(r"^(Senior|Lead|Junior|Trainee) | Intern$", "", p["title"])
            self.assertIn(base, titles)

    def test_deterministic(self):
        a, _ = self.build("a.jsonl.gz")
        b, _ = self.build("b.jsonl.gz")
        c, _ = self.build("c.jsonl.gz", "--seed", "7")
        with open(a, "rb") as fa, open(b, "rb") as fb, open(c, "rb") as fc:
            da, db, dc = fa.read(), fb.read(), fc.read()
        self.assertEqual(da, db, "same input and seed must give byte-identical output")
        self.assertNotEqual(gzip.decompress(da), gzip.decompress(dc),
                            "a different seed should change the corpus")

    def test_missing_column_exits_2(self):
        bad = os.path.join(self.tmp, "bad")
        write_fixture(bad, drop_column=("Task Statements.txt", "Task Type"))
        result = run_generator(bad, os.path.join(self.tmp, "x.jsonl.gz"))
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("Task Type", result.stderr)
        self.assertIn("Task Statements.txt", result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "x.jsonl.gz")))

    def test_missing_file_exits_2(self):
        os.remove(os.path.join(self.onet, "Job Zones.txt"))
        result = run_generator(self.onet, os.path.join(self.tmp, "x.jsonl.gz"))
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("Job Zones.txt", result.stderr)
        self.assertNotIn("Traceback", result.stderr)


class CommittedCorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.postings = read_corpus(CORPUS)

    def test_size(self):
        self.assertGreaterEqual(len(self.postings), 9000)
        self.assertLessEqual(os.path.getsize(CORPUS), 8 * 1024 * 1024)

    def test_every_line_valid(self):
        bad = [(p.get("external_id"), problems) for p in self.postings
               for problems in [posting_problems(p)] if problems]
        self.assertEqual(bad[:5], [], f"{len(bad)} invalid postings")

    def test_unique_ids_and_label_coverage(self):
        ids = [p["external_id"] for p in self.postings]
        self.assertEqual(len(ids), len(set(ids)), "duplicate external_id")
        urls = [p["url"] for p in self.postings]
        self.assertEqual(len(urls), len(set(urls)), "duplicate url")
        codes = {p["labels"]["onet_soc"] for p in self.postings}
        self.assertGreaterEqual(len(codes), 900)

    def test_mix_is_plausible(self):
        n = len(self.postings)
        no_salary = sum(p["salary"] is None for p in self.postings) / n
        self.assertTrue(0.10 <= no_salary <= 0.20, no_salary)
        seniority = sum(bool(re.match(r"(Senior|Lead|Junior|Trainee) ", p["title"]))
                        for p in self.postings) / n
        self.assertLessEqual(seniority, 0.15)
        self.assertGreaterEqual(len({p["company"] for p in self.postings}), 400)
        self.assertGreaterEqual(len({p["location"]["city"] for p in self.postings}), 50)

    def test_matches_generator(self):
        """The committed corpus is exactly what the generator builds from data/onet."""
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "postings.jsonl.gz")
            result = run_generator(ONET_DIR, out)
            self.assertEqual(result.returncode, 0, result.stderr)
            with gzip.open(out, "rb") as fresh, gzip.open(CORPUS, "rb") as committed:
                self.assertEqual(hashlib.sha256(fresh.read()).hexdigest(),
                                 hashlib.sha256(committed.read()).hexdigest(),
                                 "data/demo/postings.jsonl.gz is stale: rerun "
                                 "scripts/build_demo_corpus.py --onet data/onet "
                                 "--out data/demo/postings.jsonl.gz")


if __name__ == "__main__":
    unittest.main(verbosity=2)
