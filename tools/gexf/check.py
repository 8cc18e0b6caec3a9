#!/usr/bin/env python3
"""Reads Stance Tracker's network exports with NetworkX and prints what it
sees as JSON, so tests/export_networks.rs can compare it with the Rust side.

    python3 tools/gexf/check.py actor-network.graphml actor-network.gexf

Output: one object per file, keyed by its extension (graphml, gexf):
nodes and edges counted, each edge's weight keyed "LABEL -- LABEL" (labels
sorted), and for GEXF the graph mode, each node's kind, stances, colour and
spells and each edge's spells. Needs networkx (Debian: python3-networkx).
"""

import json
import sys

import networkx as nx


def pair(g, u, v):
    a, b = sorted([g.nodes[u]["label"], g.nodes[v]["label"]])
    return f"{a} -- {b}"


def summary(path):
    if path.endswith(".gexf"):
        g = nx.read_gexf(path)
    else:
        g = nx.read_graphml(path)
    out = {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "weights": {pair(g, u, v): float(d["weight"]) for u, v, d in g.edges(data=True)},
    }
    if path.endswith(".gexf"):
        out["mode"] = g.graph.get("mode")
        out["node_attributes"] = {
            d["label"]: {
                "kind": d.get("kind"),
                "stances": d.get("stances"),
                "color": [d["viz"]["color"][c] for c in "rgb"] if "viz" in d else None,
                "spells": [list(s) for s in d.get("spells", [])],
            }
            for _, d in g.nodes(data=True)
        }
        out["edge_spells"] = {pair(g, u, v): [list(s) for s in d.get("spells", [])] for u, v, d in g.edges(data=True)}
    else:
        out["coder"] = g.graph.get("coder")
    return out


def main(paths):
    result = {p.rsplit(".", 1)[-1]: summary(p) for p in paths}
    json.dump(result, sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
