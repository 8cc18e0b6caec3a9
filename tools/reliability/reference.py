"""Reference values for the reliability tests (src/report/reliability/tests.rs).

Alpha comes from the PyPI package `krippendorff`, Cohen's kappa from
`sklearn.metrics.cohen_kappa_score`; percent agreement, which neither
package offers, is computed here as the share of agreeing pairs among all
pairs of coders within each unit, pooled over units.

    pip install krippendorff scikit-learn
    python3 tools/reliability/reference.py

The data are fixed below (rows are coders, columns units, None is missing);
the Rust tests copy them and the printed values.
"""

from itertools import combinations

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

N = None

DATA = {
    # Three coders, nominal categories, every unit missing at most one value,
    # and one unit (the last) coded by a single coder only.
    "three_nominal": [
        [1, 2, 2, 3, 1, 4, N, 2, 3, 3, 1, 2, 4, N, 1],
        [1, 2, 3, 3, 1, 4, 2, 2, N, 3, 2, 2, 4, 1, N],
        [1, N, 3, 3, 2, 4, 2, 1, 3, 3, 1, N, 4, 1, N],
    ],
    # Two coders, measurements (e.g. a share in per cent) with gaps.
    "two_interval": [
        [12.5, 40.0, 33.0, N, 71.25, 5.0, 18.0, 90.0, N, 64.5, 22.0, 47.0],
        [10.0, 42.5, 30.0, 55.0, 70.0, N, 25.0, 88.0, 15.0, 60.0, 22.0, 51.5],
    ],
    # Four coders on a 1-5 scale, several values missing, one unit all
    # missing but one.
    "four_scale": [
        [1, 2, 3, 5, 4, N, 2, 1, 3, 4, 5, 2],
        [1, 3, 3, 4, 4, 2, N, 1, 2, 4, 5, N],
        [2, 2, N, 5, 3, 2, 2, N, 3, 5, 4, N],
        [1, 2, 3, 4, N, 3, 1, 1, 3, 4, N, N],
    ],
}

LEVELS = ("nominal", "ordinal", "interval", "ratio")

KAPPA_PAIRS = [("three_nominal", 0, 1), ("three_nominal", 0, 2), ("four_scale", 1, 3)]


def as_array(rows):
    return np.array([[np.nan if v is None else float(v) for v in row] for row in rows])


def percent_agreement(rows):
    agree = pairs = 0
    for unit in zip(*rows):
        values = [v for v in unit if v is not None]
        for a, b in combinations(values, 2):
            pairs += 1
            agree += a == b
    return agree / pairs


def kappa(rows, a, b):
    both = [(x, y) for x, y in zip(rows[a], rows[b]) if x is not None and y is not None]
    return float(cohen_kappa_score([x for x, _ in both], [y for _, y in both])), len(both)


def main():
    for name, rows in DATA.items():
        data = as_array(rows)
        for level in LEVELS:
            value = float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))
            print(f"{name} alpha {level} = {value!r}")
        print(f"{name} percent_agreement = {percent_agreement(rows)!r}")
    for name, a, b in KAPPA_PAIRS:
        value, units = kappa(DATA[name], a, b)
        print(f"{name} kappa coders {a},{b} = {value!r} over {units} units")


if __name__ == "__main__":
    main()
