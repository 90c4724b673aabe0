#!/usr/bin/env python3
"""Check `ddx deid --score`'s arithmetic with an implementation no one on ddx wrote: nervaluate
(PyPI, MIT licence), the NER evaluation library that implements the SemEval 2013 task 9.1
schemes.

Input: the spans `ddx deid --score GOLD --predictions P.jsonl` wrote (gold and detected, in
characters, per text and mode) and the figures `ddx deid --score GOLD --json` printed. The
texts are tokenized here on their own (a token is a run of characters for which str.isalnum()
holds); a token's label is the HIPAA category of the first gold (or detected) span touching it.

- Token level: every token becomes a one-token entity. nervaluate's "strict" scheme then counts
  a detected token correct when a gold token sits at the same place with the same label: its
  precision and recall are ddx's typed token precision and recall, overall and per category;
  with every label replaced by "PHI", they are ddx's "any removal" precision and recall.
- Entity level: gold and detected spans as entities in characters; nervaluate's "exact" scheme
  counts a gold span correct when a detection has exactly its bounds: correct / gold spans is
  ddx's strict recall.

Prints what was compared; exits 1 when a figure differs by more than 1e-9.
usage: crosscheck-deid-score.py PREDICTIONS.jsonl SCORES.json
"""
import json
import sys

from nervaluate import Evaluator

CATEGORY = {
    "name": "names", "organization": "organization", "address": "geographic", "zip": "geographic",
    "date": "dates", "age": "dates", "phone": "phone", "fax": "fax", "email": "email",
    "ssn": "ssn", "mrn": "mrn", "health_plan": "health_plan", "account": "account",
    "license": "license", "vehicle": "vehicle", "device_id": "device", "url": "url", "ip": "ip",
    "other_id": "other_id",
}
TAGS = sorted(set(CATEGORY.values()))


def tokens(text):
    out, start = [], None
    for i, c in enumerate(text):
        if c.isalnum():
            if start is None:
                start = i
        elif start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(text)))
    return out


def token_entities(text, spans, single_label):
    ents = []
    for n, (a, b) in enumerate(tokens(text)):
        for s in spans:
            if a < s["end"] and s["start"] < b:
                label = "PHI" if single_label else CATEGORY[s["type"]]
                ents.append({"label": label, "start": n, "end": n})
                break
    return ents


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    ours = json.load(open(sys.argv[2], encoding="utf-8"))
    compared, wrong = 0, []

    def same(what, theirs, mine, denominator):
        nonlocal compared
        compared += 1
        if mine is None:
            if denominator != 0:
                wrong.append(f"{what}: ddx has no figure, nervaluate {theirs} over {denominator}")
        elif abs(theirs - mine) > 1e-9:
            wrong.append(f"{what}: nervaluate {theirs:.12f}, ddx {mine:.12f}")

    for mode in sorted({r["mode"] for r in rows}):
        docs = [r for r in rows if r["mode"] == mode]
        figures = ours["modes"][mode]
        for single, prefix in [(True, ""), (False, "typed_")]:
            true = [token_entities(d["text"], d["gold"], single) for d in docs]
            pred = [token_entities(d["text"], d["found"], single) for d in docs]
            tags = ["PHI"] if single else TAGS
            result = Evaluator(true, pred, tags=tags, loader="dict").evaluate()
            strict = result["overall"]["strict"]
            for name, value, denominator in [
                ("precision", strict.precision, strict.actual),
                ("recall", strict.recall, strict.possible),
                ("f1", strict.f1, strict.actual * strict.possible),
            ]:
                same(f"{mode} overall {prefix}{name}", value, figures["overall"][prefix + name], denominator)
            if not single:
                for tag, by in result["entities"].items():
                    s = by["strict"]
                    mine = figures["categories"].get(tag, {})
                    same(f"{mode} {tag} typed_precision", s.precision, mine.get("typed_precision"), s.actual)
                    same(f"{mode} {tag} typed_recall", s.recall, mine.get("typed_recall"), s.possible)
        true = [[{"label": "PHI", "start": s["start"], "end": s["end"]} for s in d["gold"]] for d in docs]
        pred = [[{"label": "PHI", "start": s["start"], "end": s["end"]} for s in d["found"]] for d in docs]
        exact = Evaluator(true, pred, tags=["PHI"], loader="dict").evaluate()["overall"]["exact"]
        gold = sum(len(t) for t in true)
        same(f"{mode} overall strict_recall", exact.correct / gold if gold else 0.0,
             figures["overall"]["strict_recall"], gold)
    print(json.dumps({"compared": compared, "differences": wrong}))
    sys.exit(1 if wrong else 0)


main()
