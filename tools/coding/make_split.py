#!/usr/bin/env python3
"""Split the coded articles into tuning / final held-out sets, and draw the
articles to be double-coded, at random with a fixed seed (not by content).

Usage: python3 tools/coding/make_split.py [CODED_DIR]   (default tests/fixtures/coded)
Writes CODED_DIR/SPLIT.json. Names are the article file names without extension,
sorted before shuffling so the result depends only on the set of names and SEED.
Rerunning with the same files reproduces the same split.
"""
import glob
import json
import os
import random
import sys

SEED = 20191203
N_FINAL = 10
N_DOUBLE = 5


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/coded"
    names = sorted(os.path.basename(p)[:-len(".gold.json")] for p in glob.glob(os.path.join(d, "*.gold.json")))
    rng = random.Random(SEED)
    order = names[:]
    rng.shuffle(order)
    final = sorted(order[:N_FINAL])
    tuning = sorted(order[N_FINAL:])
    double = sorted(random.Random(SEED + 1).sample(names, N_DOUBLE))
    split = {"seed": SEED, "script": "tools/coding/make_split.py",
             "tuning": tuning, "final_heldout": final, "double_coded": double}
    with open(os.path.join(d, "SPLIT.json"), "w", encoding="utf-8") as f:
        json.dump(split, f, indent=2)
        f.write("\n")
    print(json.dumps(split, indent=2))


if __name__ == "__main__":
    main()
