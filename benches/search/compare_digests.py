#!/usr/bin/env python3
"""Compares two SHISAKU_BENCH_DIGEST files of `cargo bench --bench search`.

Use: compare_digests.py BEFORE AFTER (exit 1 when answers differ).

Two digests taken on the same index must be byte-identical. Two builds of
the index (a schema change forces one) differ in segment layout, so lines
that are not byte-identical pass when everything but the hits is equal and
the hits agree up to float rounding of scores (relative 1e-5: the sum order
of clause scores depends on which clauses a segment has terms for) and the
order of hits tied on rank (ties are broken by document address); a tie
group cut by the page end may hold other hits of the same rank."""
import json, sys
a = open(sys.argv[1]).read().splitlines()
b = open(sys.argv[2]).read().splitlines()
assert len(a) == len(b), (len(a), len(b))
same = tied = bad = 0
def close(x, y):
    return abs(x - y) <= 1e-5 * max(abs(x), abs(y), 1.0)
def key(h):
    ind = h.get('indicator') or {}
    return json.dumps(ind.get('target'), sort_keys=True) if h['score'] == 0 else ''
def strip(h):
    h = dict(h); h.pop('score'); return json.dumps(h, sort_keys=True)
for i, (x, y) in enumerate(zip(a, b)):
    if x == y:
        same += 1; continue
    X, Y = json.loads(x), json.loads(y)
    hx, hy = X.pop('hits'), Y.pop('hits')
    ok = X == Y and len(hx) == len(hy)
    ok = ok and all(close(p['score'], q['score']) and key(p) == key(q) for p, q in zip(hx, hy))
    if ok:
        # Group hits by rank (scores within rounding); groups wholly inside
        # the page hold the same hits, the last may hold other hits of its rank.
        def groups(hs):
            out = []
            for h in hs:
                if out and close(out[-1][0]['score'], h['score']) and key(out[-1][0]) == key(h):
                    out[-1].append(h)
                else:
                    out.append([h])
            return out
        gx, gy = groups(hx), groups(hy)
        ok = len(gx) == len(gy) and all(
            sorted(map(strip, p)) == sorted(map(strip, q)) for p, q in zip(gx[:-1], gy[:-1]))
    if ok: tied += 1
    else:
        bad += 1
        if bad <= 3: print("DIFF at line", i)
print(f"{same} identical, {tied} equal up to score rounding and the order of tied hits, {bad} different")
sys.exit(1 if bad else 0)
