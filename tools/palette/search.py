#!/usr/bin/env python3
"""Search for the actor palette (model::ACTOR_PALETTE), reproducibly.

Candidates: sRGB on a grid of 15, kept when they read at 3:1 as text on the
light (248, 255) and dark (10, 27, 32) theme backgrounds, stay 30 (CIE76)
from the four position colours in normal vision and 10 under simulated
colour blindness, and have a chroma of at most 75 (no neon). Nine are then
picked greedily, max-min: each next colour is the one farthest, under
deuteranopia, protanopia and tritanopia (Machado et al. 2009, severity 1),
from those already picked, among those 25 or more from all of them in
normal vision; the best of 200 seeded starts is printed.

Run: python3 tools/palette/search.py
"""
import itertools
import math
import random


def lin(v):
    v /= 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def lum(c):
    r, g, b = (lin(x) for x in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def lab_lin(r, g, b):
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = lambda t: t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


MACHADO = {
    "none": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "deutan": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "protan": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "tritan": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def sim(c, kind):
    r, g, b = (lin(x) for x in c)
    m = MACHADO[kind]
    out = [m[i][0] * r + m[i][1] * g + m[i][2] * b for i in range(3)]
    return lab_lin(*[min(max(v, 0), 1) for v in out])


def contrast(a, b):
    x, y = lum(a), lum(b)
    return (max(x, y) + 0.05) / (min(x, y) + 0.05)


BACKGROUNDS = [(248, 248, 248), (255, 255, 255), (10, 10, 10), (27, 27, 27), (32, 32, 32)]
POSITIONS = [(0x00, 0x72, 0xB2), (0xD5, 0x5E, 0x00), (0x99, 0x99, 0x99), (0xCC, 0x79, 0xA7)]


def main():
    grid = range(0, 256, 15)
    cands = []
    for c in itertools.product(grid, grid, grid):
        if min(contrast(c, b) for b in BACKGROUNDS) < 3.05:
            continue
        if min(math.dist(sim(c, "none"), sim(p, "none")) for p in POSITIONS) < 30:
            continue
        if min(math.dist(sim(c, k), sim(p, k)) for p in POSITIONS for k in MACHADO) < 10:
            continue
        if math.hypot(*sim(c, "none")[1:]) > 75:
            continue
        cands.append(c)
    sims = {c: {k: sim(c, k) for k in MACHADO} for c in cands}
    cvd = lambda a, b: min(math.dist(sims[a][k], sims[b][k]) for k in ("deutan", "protan", "tritan"))
    normal = lambda a, b: math.dist(sims[a]["none"], sims[b]["none"])
    best = None
    for seed in range(200):
        random.seed(seed)
        chosen = [random.choice(cands)]
        while len(chosen) < 9:
            pool = [c for c in cands if all(normal(c, x) >= 25 for x in chosen)]
            if not pool:
                break
            chosen.append(max(pool, key=lambda c: min(cvd(c, x) for x in chosen)))
        if len(chosen) < 9:
            continue
        score = min(cvd(a, b) for a, b in itertools.combinations(chosen, 2))
        if best is None or score > best[0]:
            best = (score, chosen)
    print(f"smallest distance under colour blindness: {best[0]:.1f}")
    for c in best[1]:
        print("[0x%02X, 0x%02X, 0x%02X]," % c)


if __name__ == "__main__":
    main()
