"""Reference figures for `stance-tracker agreement` (tests/agreement.rs).

Writes tests/fixtures/agreement/NAME.json: a coding spec (coders, and per
unit — article, actor, issue — each coder's value) together with the
figures the PyPI package `krippendorff` and `sklearn.metrics.cohen_kappa_score`
compute from it. The Rust test builds a workspace from the spec (stances,
done marks), runs the agreement and compares to 1e-9.

Values: "support", "oppose", "neutral", "mixed" (the test codes a mixed
value as two stances of different positions) and null for "no stance".
Nominal alpha codes the five values 1-5; interval alpha scores support +1,
neutral and mixed 0, oppose -1, and "no stance" is missing.
Percent agreement (neither package has it) is the share of agreeing pairs
of values within a unit over all pairs, pooled over units.

    pip install krippendorff scikit-learn
    python3 tools/reliability/agreement_sets.py
"""

import json
import random
from itertools import combinations
from pathlib import Path

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "agreement"
VALUES = ["support", "oppose", "neutral", "mixed", None]
CATEGORY = {"support": 1, "oppose": 2, "neutral": 3, "mixed": 4, None: 5}
SCORE = {"support": 1.0, "oppose": -1.0, "neutral": 0.0, "mixed": 0.0, None: np.nan}
ISSUES = ["participation", "sanctions", "concessions"]
ACTORS = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]

SETS = {
    # name: (coders, articles, units, how often a coder copies the first
    # coder's value, seed)
    "two_coders": (["Ana", "Ben"], 3, 14, 0.7, 1),
    "three_coders": (["Ana", "Ben", "Cleo"], 4, 20, 0.6, 2),
    "four_coders": (["Ana", "Ben", "Cleo", "Dev"], 4, 24, 0.75, 3),
}


def make_spec(coders, articles, n_units, agree, seed):
    rng = random.Random(seed)
    keys = set()
    while len(keys) < n_units:
        keys.add((rng.randrange(articles), rng.choice(ACTORS), rng.choice(ISSUES)))
    units = []
    for article, actor, issue in sorted(keys):
        first = rng.choice(VALUES[:4] + ["support", "oppose"])
        values = [first]
        for _ in coders[1:]:
            values.append(first if rng.random() < agree else rng.choice(VALUES))
        if all(v is None for v in values):
            values[0] = "support"
        units.append({"article": article, "actor": actor, "issue": issue, "values": values})
    return {"coders": coders, "articles": articles, "units": units}


def percent(matrix):
    agreeing = pairs = 0
    for u in range(matrix.shape[1]):
        col = [v for v in matrix[:, u] if not np.isnan(v)]
        for a, b in combinations(col, 2):
            pairs += 1
            agreeing += a == b
    return agreeing / pairs if pairs else None


def alpha(data, level):
    try:
        value = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    except ValueError:
        return None
    return None if np.isnan(value) else float(value)


def figures(spec, units):
    nominal = np.array([[CATEGORY[u["values"][c]] for u in units] for c in range(len(spec["coders"]))], dtype=float)
    interval = np.array([[SCORE[u["values"][c]] for u in units] for c in range(len(spec["coders"]))], dtype=float)
    kappa = []
    for a, b in combinations(range(len(spec["coders"])), 2):
        k = cohen_kappa_score(nominal[a], nominal[b]) if units else float("nan")
        kappa.append({"first": spec["coders"][a], "second": spec["coders"][b],
                      "kappa": None if np.isnan(k) else float(k)})
    return {
        "units": len(units),
        "alpha_nominal": alpha(nominal, "nominal") if units else None,
        "alpha_interval": alpha(interval, "interval") if units else None,
        "percent_agreement": percent(nominal) if units else None,
        "kappa": kappa,
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (coders, articles, n, agree, seed) in SETS.items():
        spec = make_spec(coders, articles, n, agree, seed)
        expected = {"overall": figures(spec, spec["units"]), "issues": {}}
        for issue in ISSUES:
            expected["issues"][issue] = figures(spec, [u for u in spec["units"] if u["issue"] == issue])
        spec["expected"] = expected
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(spec, indent=1) + "\n")
        print(path, expected["overall"]["alpha_nominal"], expected["overall"]["alpha_interval"])


if __name__ == "__main__":
    main()
