#!/usr/bin/env python3
"""Inter-coder reliability of the double-coded articles (coder A vs coder B).

Requires: pip install krippendorff   (here: pip install --break-system-packages krippendorff,
          or inside a venv; krippendorff 0.9.0 with numpy was used)

Usage: python3 tools/coding/reliability.py
Reads the `double_coded` names from tests/fixtures/coded/SPLIT.json, coder A's
codings tests/fixtures/coded/<name>.gold.json and coder B's codings
tests/fixtures/coded/second-coder/<name>.gold.json; prints the figures and writes
tests/fixtures/coded/second-coder/reliability.json.

Actor matching (used by every measure): within one article, an actor of A and an
actor of B are the same actor when their name-or-alias sets share a form, compared
case-insensitively after the normalisation of check_gold.py / score.py (NFKD,
accents dropped, lower case, apostrophes unified, whitespace collapsed, a leading
"the" dropped). Matching is one-to-one (greedy in list order; ambiguities are
reported).

Units and values
(a) Actor identification. Unit = (article, actor) for each distinct actor in the
    union of both coders' actor lists (a matched pair is one unit). Value per
    coder = 1 if the coder listed the actor, 0 if not. Nominal alpha.
(b) Stances. Unit = (article, matched actor, issue) for each pair in the union of
    both coders' (actor, issue) stances. Value per coder = the position coded
    (support/oppose/neutral/mixed) or "none" if that coder coded no stance for
    that actor on that issue.
    (b1) nominal alpha over all units, values {support, oppose, neutral, mixed, none};
    (b2) presence only: value = "stance" / "none", nominal alpha over all units;
    (b3) position only: nominal alpha over the units both coders coded.
Supplementary: kind agreement over matched actors (nominal alpha), affiliation
percent agreement over matched actors, alias-set overlap (Jaccard of the
normalised alias sets) over matched actors, and positive specific agreement
(2a / (2a + b + c), i.e. Dice/F1) for (a) and (b2).

Caveat (documented in tests/fixtures/coded/second-coder/README.md): in (a) and (b2)
the units are drawn from the union of what the coders coded, so a unit on which
both say "no" cannot exist. With only 'both yes' (n) and 'one yes' (d) units,
nominal alpha equals (1 - d) / (2n + d): it is undefined when d = 0 (a single value
in the data) and at most 0 whenever d >= 1, however good the agreement. These alphas
are reported because the design asks for them, but percent and positive specific
agreement are the informative figures for (a) and (b2).
"""
import json
import os
import re
import sys
import unicodedata

import numpy as np
import krippendorff

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CODED = os.path.join(ROOT, "tests", "fixtures", "coded")
SECOND = os.path.join(CODED, "second-coder")
OUT = os.path.join(SECOND, "reliability.json")


def norm(s):
    """The name normalisation of check_gold.py and /work/shared/eval/score.py."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[’'`]", "'", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def forms(actor):
    return {norm(x) for x in [actor["name"], *(actor.get("aliases") or [])] if x}


def match_actors(a_list, b_list, warn):
    """One-to-one matching of A's and B's actors by a shared name/alias form.
    Returns a list of (a_actor_or_None, b_actor_or_None)."""
    used_b = set()
    pairs = []
    for a in a_list:
        fa = forms(a)
        cands = [j for j, b in enumerate(b_list) if j not in used_b and fa & forms(b)]
        if len(cands) > 1:
            warn.append(f"A actor {a['name']!r} matches several B actors: "
                        f"{[b_list[j]['name'] for j in cands]}; first taken")
        if cands:
            used_b.add(cands[0])
            pairs.append((a, b_list[cands[0]]))
        else:
            pairs.append((a, None))
    for j, b in enumerate(b_list):
        if j not in used_b:
            pairs.append((None, b))
    return pairs


def alpha(rows, value_domain=None):
    """Nominal Krippendorff's alpha for two coders. rows: list of (value_A, value_B),
    None = missing. Returns (alpha or None, reason)."""
    if not rows:
        return None, "no units"
    vals = sorted({v for r in rows for v in r if v is not None})
    if len(vals) < 2:
        return None, "undefined: only one value occurs in the data (no variation)"
    idx = {v: i for i, v in enumerate(vals)}
    data = np.array([[np.nan if r[k] is None else idx[r[k]] for r in rows] for k in (0, 1)],
                    dtype=float)
    a = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    return float(a), ""


def pct(rows):
    both = [r for r in rows if r[0] is not None and r[1] is not None]
    if not both:
        return None
    return sum(r[0] == r[1] for r in both) / len(both)


def psa(rows, neg):
    """Positive specific agreement 2a/(2a+b+c) for presence data (neg = the 'absent' value)."""
    a = sum(1 for x, y in rows if x != neg and y != neg)
    bc = sum(1 for x, y in rows if (x == neg) != (y == neg))
    return (2 * a / (2 * a + bc)) if (a or bc) else None


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main():
    split = load(os.path.join(CODED, "SPLIT.json"))
    names = split["double_coded"]
    warn = []
    actor_rows, actor_units = [], []
    kind_rows, aff_rows = [], []
    aff_diff, alias_j = [], []
    stance_units = []
    for name in names:
        ga = load(os.path.join(CODED, name + ".gold.json"))
        gb = load(os.path.join(SECOND, name + ".gold.json"))
        pairs = match_actors(ga["actors"], gb["actors"], warn)
        # canonical key per actor of each coder -> unit label
        a_key, b_key = {}, {}
        for i, (a, b) in enumerate(pairs):
            label = (a or b)["name"]
            if a:
                a_key[a["name"]] = label
            if b:
                b_key[b["name"]] = label
            actor_rows.append((int(a is not None), int(b is not None)))
            actor_units.append({"article": name, "actor": label,
                                "A": a["name"] if a else None, "B": b["name"] if b else None})
            if a and b:
                kind_rows.append((a["kind"], b["kind"]))
                aff_rows.append((a.get("affiliation"), b.get("affiliation")))
                if a.get("affiliation") != b.get("affiliation"):
                    aff_diff.append({"article": name, "actor": label,
                                     "A": a.get("affiliation"), "B": b.get("affiliation")})
                sa_, sb_ = {norm(x) for x in a["aliases"]}, {norm(x) for x in b["aliases"]}
                alias_j.append(len(sa_ & sb_) / len(sa_ | sb_))
        sa = {(a_key.get(s["actor"], s["actor"]), s["issue"]): s for s in ga["stances"]}
        sb = {(b_key.get(s["actor"], s["actor"]), s["issue"]): s for s in gb["stances"]}
        for key in sorted(set(sa) | set(sb)):
            pa = sa[key]["position"] if key in sa else "none"
            pb = sb[key]["position"] if key in sb else "none"
            stance_units.append({"article": name, "actor": key[0], "issue": key[1],
                                 "A": pa, "B": pb,
                                 "evidence_A": sa[key]["evidence"] if key in sa else None,
                                 "evidence_B": sb[key]["evidence"] if key in sb else None})

    res = {"articles": names, "coders": ["A", "B"],
           "matching": "name or alias, case-insensitive, score.py normalisation, one-to-one"}

    # (a) actor identification
    a_al, a_why = alpha(actor_rows)
    n_both = sum(1 for r in actor_rows if r == (1, 1))
    res["actor_identification"] = {
        "units": len(actor_rows), "both": n_both,
        "only_A": sum(1 for r in actor_rows if r == (1, 0)),
        "only_B": sum(1 for r in actor_rows if r == (0, 1)),
        "percent_agreement": pct(actor_rows),
        "positive_specific_agreement": psa(actor_rows, 0),
        "alpha_nominal": a_al, "alpha_note": a_why,
        "disagreements": [u for u, r in zip(actor_units, actor_rows) if r != (1, 1)],
    }
    k_al, k_why = alpha(kind_rows)
    res["actor_kind"] = {"units": len(kind_rows), "percent_agreement": pct(kind_rows),
                         "alpha_nominal": k_al, "alpha_note": k_why}
    aff_rows_s = [(str(x), str(y)) for x, y in aff_rows]
    res["actor_affiliation"] = {"units": len(aff_rows_s), "percent_agreement": pct(aff_rows_s),
                                "disagreements": aff_diff}
    res["actor_aliases"] = {"units": len(alias_j),
                            "identical_sets": sum(1 for j in alias_j if j == 1.0),
                            "mean_jaccard": (sum(alias_j) / len(alias_j)) if alias_j else None}

    # (b) stances
    rows_all = [(u["A"], u["B"]) for u in stance_units]
    rows_pres = [("stance" if x != "none" else "none", "stance" if y != "none" else "none")
                 for x, y in rows_all]
    rows_pos = [(x, y) for x, y in rows_all if x != "none" and y != "none"]
    b1, b1w = alpha(rows_all)
    b2, b2w = alpha(rows_pres)
    b3, b3w = alpha(rows_pos)
    res["stances"] = {
        "units": len(rows_all),
        "coded_by_A": sum(1 for x, _ in rows_all if x != "none"),
        "coded_by_B": sum(1 for _, y in rows_all if y != "none"),
        "both": len(rows_pos),
        "all_units": {"n": len(rows_all), "percent_agreement": pct(rows_all),
                      "alpha_nominal": b1, "alpha_note": b1w},
        "presence": {"n": len(rows_pres), "percent_agreement": pct(rows_pres),
                     "positive_specific_agreement": psa(rows_pres, "none"),
                     "alpha_nominal": b2, "alpha_note": b2w},
        "position_both_coded": {"n": len(rows_pos), "percent_agreement": pct(rows_pos),
                                "alpha_nominal": b3, "alpha_note": b3w},
        "evidence_identical_when_both_coded": sum(
            1 for u in stance_units if u["evidence_A"] and u["evidence_A"] == u["evidence_B"]),
        "units_detail": stance_units,
    }
    res["warnings"] = warn

    def f(x):
        return "n/a" if x is None else f"{x:.3f}"

    ai = res["actor_identification"]
    print(f"Articles: {len(names)}")
    print(f"(a) actor identification: n={ai['units']} units (both {ai['both']}, only A "
          f"{ai['only_A']}, only B {ai['only_B']}); % agreement {f(ai['percent_agreement'])}; "
          f"positive specific agreement {f(ai['positive_specific_agreement'])}; "
          f"alpha {f(ai['alpha_nominal'])} {ai['alpha_note']}")
    print(f"    kind (matched actors): n={len(kind_rows)}; % {f(res['actor_kind']['percent_agreement'])}; "
          f"alpha {f(k_al)} {k_why}")
    print(f"    affiliation (matched actors): n={len(aff_rows_s)}; % "
          f"{f(res['actor_affiliation']['percent_agreement'])}")
    al = res["actor_aliases"]
    print(f"    alias sets (matched actors): n={al['units']}; identical {al['identical_sets']}; "
          f"mean Jaccard {f(al['mean_jaccard'])}")
    for d in aff_diff:
        print(f"    affiliation differs: {d['article']} | {d['actor']} | A={d['A']} B={d['B']}")
    st = res["stances"]
    print(f"(b) stance units: n={st['units']} (A coded {st['coded_by_A']}, B coded {st['coded_by_B']}, "
          f"both {st['both']})")
    print(f"    (b1) all units, position or none: n={len(rows_all)}; % {f(pct(rows_all))}; alpha {f(b1)} {b1w}")
    print(f"    (b2) presence only: n={len(rows_pres)}; % {f(pct(rows_pres))}; PSA "
          f"{f(st['presence']['positive_specific_agreement'])}; alpha {f(b2)} {b2w}")
    print(f"    (b3) position, both coded: n={len(rows_pos)}; % {f(pct(rows_pos))}; alpha {f(b3)} {b3w}")
    print(f"    identical evidence span where both coded: {st['evidence_identical_when_both_coded']}/{st['both']}")
    for d in ai["disagreements"]:
        print(f"    actor disagreement: {d}")
    for u in stance_units:
        if u["A"] != u["B"]:
            print(f"    stance disagreement: {u['article']} | {u['actor']} | {u['issue']} | "
                  f"A={u['A']} B={u['B']}")
    for w in warn:
        print("WARNING:", w, file=sys.stderr)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(res, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
