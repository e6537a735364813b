#!/usr/bin/python3
"""Builds near_duplicates.jsonl, the dedupe test set, from the demo corpus.

Every line is a posting in our schema with labels.cluster (the truth: postings with the same
cluster are the same job) and labels.case (how the line was made). Deterministic: the same
corpus gives the same file. Run from the repository root:

  src/jobrec/ingest/testdata/dedupe/generate.py > src/jobrec/ingest/testdata/dedupe/near_duplicates.jsonl

Same job (must collapse into the base posting's cluster):
  tracking_params   another provider, same page url plus utm_* parameters
  repost_edits      same board, new id, 3 days later, two words changed, a bullet dropped,
                    a closing sentence added
  repost_next_month new id, 40 days later (another year-month key), a sentence reworded,
                    two bullets swapped
  company_variant   another board and url, company with a legal suffix and other case,
                    extra blank lines and spaces
  truncated         another board, the description cut to its first 300 characters + "…"
  gender_marker     German-board style: title + " (m/w/d)", company + " GmbH"
Different jobs (each its own cluster; must NOT collapse):
  other_company     identical text at another company
  other_seniority   same company, "Senior " prefix, same text
  other_city        same company and text, another city (not made for remote jobs: a remote
                    job listed under two cities is one job)
  other_role        same company and description, another occupation's title
  other_team        same company, title and place, 2 days later (so the same year-month key),
                    but the body after the intro is another occupation's: the same title
                    hired for another team
"""
import datetime
import gzip
import json
import random
import sys

CORPUS = "data/demo/postings.jsonl.gz"
BASES = 40


def load():
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def shift(posted, days):
    t = datetime.datetime.strptime(posted, "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(days=days)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def variant(base, case, cluster, **changes):
    p = json.loads(json.dumps(base))
    p.pop("synthetic", None)
    p.update(changes)
    p["labels"] = {"cluster": cluster, "case": case}
    return p


def edit_words(text, rng, count):
    words = text.split(" ")
    swaps = {"and": "&", "or": "and/or", "the": "our", "to": "in order to", "with": "using"}
    positions = [i for i, w in enumerate(words) if w in swaps]
    for i in rng.sample(positions, min(count, len(positions))):
        words[i] = swaps[words[i]]
    return " ".join(words)


def drop_bullet(text, rng):
    lines = text.split("\n")
    bullets = [i for i, l in enumerate(lines) if l.startswith("- ")]
    if len(bullets) > 3:
        del lines[rng.choice(bullets)]
    return "\n".join(lines)


def swap_bullets(text):
    lines = text.split("\n")
    bullets = [i for i, l in enumerate(lines) if l.startswith("- ")]
    if len(bullets) >= 2:
        a, b = bullets[0], bullets[1]
        lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def reword_intro(text):
    first, _, rest = text.partition("\n\n")
    return first.replace(" is ", " is now ", 1).replace("Join", "Come and join", 1) + "\n\n" + rest


def main():
    corpus = load()
    rng = random.Random(20261127)
    by_soc = {}
    for p in corpus:
        by_soc.setdefault(p["labels"]["onet_soc"], []).append(p)
    socs = sorted(by_soc)
    chosen = rng.sample(socs, BASES)
    cities = sorted({(p["location"]["city"], p["location"]["region"], p["location"]["country"],
                      p["location"]["text"]) for p in corpus})
    out = []
    for n, soc in enumerate(chosen):
        base = by_soc[soc][0]
        cluster = f"c{n:02d}"
        out.append(variant(base, "base", cluster))
        out.append(variant(base, "tracking_params", cluster, provider="adzuna",
                           external_id=f"adz-{n}",
                           url=base["url"] + "?utm_source=adzuna&utm_medium=feed&gclid=x1"))
        out.append(variant(base, "repost_edits", cluster, external_id=base["external_id"] + "-r",
                           url=base["url"] + "-r", posted_at=shift(base["posted_at"], 3),
                           description=drop_bullet(edit_words(base["description"], rng, 2), rng)
                           + "\n\nApply today!"))
        out.append(variant(base, "repost_next_month", cluster,
                           external_id=base["external_id"] + "-m",
                           url=base["url"] + "-m", posted_at=shift(base["posted_at"], 40),
                           description=swap_bullets(reword_intro(base["description"]))))
        out.append(variant(base, "company_variant", cluster, provider="board",
                           external_id=f"board-{n}",
                           url=f"https://www.board.example/view/{n}",
                           company=base["company"].upper() + ", Inc.",
                           description=base["description"].replace("\n\n", "\n\n\n").replace(
                               ". ", ".  ")))
        if n % 3 == 0:
            out.append(variant(base, "truncated", cluster, provider="snippets",
                               external_id=f"snip-{n}", url=f"https://snip.example/{n}",
                               description=base["description"][:300] + "…"))
        if n % 4 == 0:
            out.append(variant(base, "gender_marker", cluster, provider="de-board",
                               external_id=f"de-{n}", url=f"https://de.example/{n}",
                               title=base["title"] + " (m/w/d)",
                               company=base["company"] + " GmbH"))
        # Different jobs.
        other = by_soc[socs[(socs.index(soc) + 1) % len(socs)]][0]
        out.append(variant(base, "other_company", f"{cluster}-company", provider="adzuna",
                           external_id=f"adz-oc-{n}", url=f"https://adzuna.example/oc/{n}",
                           company=other["company"],
                           description=base["description"].replace(base["company"],
                                                                   other["company"])))
        if not base["title"].startswith(("Senior", "Lead", "Junior", "Trainee")):
            out.append(variant(base, "other_seniority", f"{cluster}-senior",
                               external_id=base["external_id"] + "-sr", url=base["url"] + "-sr",
                               title="Senior " + base["title"]))
        if base["remote"] != "remote":
            city = next(c for c in cities[n % len(cities):] + cities
                        if c[0] != base["location"]["city"] and c[2] == base["location"]["country"])
            out.append(variant(base, "other_city", f"{cluster}-city",
                               external_id=base["external_id"] + "-city",
                               url=base["url"] + "-city",
                               location={"text": city[3], "city": city[0], "region": city[1],
                                         "country": city[2]},
                               description=base["description"].replace(base["location"]["city"],
                                                                       city[0])))
        intro = base["description"].partition("\n\n")[0]
        body = other["description"].partition("\n\n")[2]
        out.append(variant(base, "other_team", f"{cluster}-team",
                           external_id=base["external_id"] + "-team", url=base["url"] + "-team",
                           posted_at=shift(base["posted_at"], 2) if base["posted_at"][8:10] < "27"
                           else shift(base["posted_at"], -2),
                           description=intro + "\n\n" + body))
        out.append(variant(base, "other_role", f"{cluster}-role",
                           external_id=base["external_id"] + "-role", url=base["url"] + "-role",
                           title=other["title"]))
    # Interleave so that a repost is not always right after its base.
    rng.shuffle(out)
    out.sort(key=lambda p: p["posted_at"])
    for p in out:
        sys.stdout.write(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
