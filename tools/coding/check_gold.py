#!/usr/bin/env python3
"""Validate reference codings (*.gold.json) against docs/coding-rules.md.

Usage: python3 tools/coding/check_gold.py GOLD.json [GOLD.json ...]
Checks each file: valid JSON; required fields (article, date, coder, note,
actors, stances); the article text file beside it
exists; actor kinds, stance issues and positions among the allowed values; no
duplicate actor names; every stance's actor is a listed actor; at most one
stance per (actor, issue); every evidence is a verbatim substring of the
article text; every alias occurs verbatim in the text; every actor has at
least one alias; no name or alias (normalised as score.py does) shared by
two actors. Prints one line per problem and a summary; exit 1 if any.
"""
import json
import os
import re
import sys
import unicodedata

KINDS = {"person", "state", "organization", "group", "other"}
ISSUES = {"participation", "sanctions", "concessions"}
POSITIONS = {"support", "oppose", "neutral", "mixed"}


def norm(s):
    """The name normalisation of /work/shared/eval/score.py."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[’'`]", "'", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def check(path):
    errs = []
    try:
        with open(path, encoding="utf-8") as f:
            g = json.load(f)
    except (OSError, ValueError) as e:
        return [f"not valid JSON: {e}"], None
    for k in ("article", "date", "coder", "note", "actors", "stances"):
        if k not in g:
            errs.append(f"missing field {k!r}")
    if errs:
        return errs, g
    art = os.path.join(os.path.dirname(path), g["article"])
    if not os.path.exists(art):
        return [f"article file {g['article']} not found"], g
    text = open(art, encoding="utf-8").read()
    if not text.startswith(" date " + g["date"] + " "):
        errs.append("article does not begin with ' date <date> ' matching the gold date")
    if os.path.basename(path) != g["article"][:-4] + ".gold.json":
        errs.append("gold file name does not match its article")
    names = set()
    owner = {}
    for a in g["actors"]:
        n = a.get("name")
        if not n:
            errs.append(f"actor without name: {a}")
            continue
        if n in names:
            errs.append(f"duplicate actor {n!r}")
        names.add(n)
        if a.get("kind") not in KINDS:
            errs.append(f"actor {n!r}: kind {a.get('kind')!r} not allowed")
        al = a.get("aliases") or []
        if not al:
            errs.append(f"actor {n!r}: no aliases")
        for x in al:
            if x not in text:
                errs.append(f"actor {n!r}: alias {x!r} not in text")
        for x in {n, *al}:
            o = owner.setdefault(norm(x), n)
            if o != n:
                errs.append(f"alias {x!r} of {n!r} also names {o!r} (ambiguous for score.py)")
        aff = a.get("affiliation")
        if aff is not None and not isinstance(aff, str):
            errs.append(f"actor {n!r}: affiliation must be a string or null")
    seen = set()
    for s in g["stances"]:
        who = s.get("actor")
        if who not in names:
            errs.append(f"stance actor {who!r} not among actors")
        if s.get("issue") not in ISSUES:
            errs.append(f"stance {who!r}: issue {s.get('issue')!r} not allowed")
        if s.get("position") not in POSITIONS:
            errs.append(f"stance {who!r}: position {s.get('position')!r} not allowed")
        key = (who, s.get("issue"))
        if key in seen:
            errs.append(f"more than one stance for {key}")
        seen.add(key)
        ev = s.get("evidence") or ""
        if not ev.strip():
            errs.append(f"stance {key}: empty evidence")
        elif ev not in text:
            errs.append(f"stance {key}: evidence not verbatim in text: {ev[:60]!r}")
        elif ev != ev.strip():
            errs.append(f"stance {key}: evidence has leading/trailing space")
        elif "\n" in ev:
            errs.append(f"stance {key}: evidence crosses a paragraph")
    return errs, g


def main():
    paths = sys.argv[1:]
    if not paths:
        print(__doc__)
        sys.exit(2)
    bad = 0
    na = ns = 0
    for p in paths:
        errs, g = check(p)
        if g and "actors" in g:
            na += len(g["actors"])
            ns += len(g.get("stances", []))
        for e in errs:
            print(f"{os.path.basename(p)}: {e}")
        bad += bool(errs)
    print(f"{len(paths)} files, {na} actors, {ns} stances, {bad} file(s) with problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
