#!/usr/bin/env python3
"""Reads a Stance Tracker GraphML network export with python-igraph (the
library R's and Python's network analysts use beside NetworkX) and prints
what it sees as JSON, for tests/export_networks.rs:

    python3 tools/gexf/check_igraph.py actor-network.graphml

Output: nodes and edges counted, whether the graph is directed, and each
edge's weight keyed "LABEL -- LABEL" (labels sorted). igraph reads no GEXF,
so only GraphML is checked here. Needs python-igraph (Debian: python3-igraph).
"""

import json
import sys

import igraph


def main(path):
    g = igraph.Graph.Read_GraphML(path)
    labels = g.vs["label"]
    weights = {}
    for e in g.es:
        a, b = sorted([labels[e.source], labels[e.target]])
        weights[f"{a} -- {b}"] = float(e["weight"])
    out = {"nodes": g.vcount(), "edges": g.ecount(), "directed": g.is_directed(), "weights": weights}
    json.dump(out, sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
