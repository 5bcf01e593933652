#!/usr/bin/env python3
"""Markdown tables of the last `cargo bench -p fedramp-ssp-benches --bench parse` run, read from
target/criterion.

    python3 benches/criterion_table.py [TARGET_DIR]

For each document group: the median time of each bench (criterion's median of the per-iteration
sample means, with its 95% interval) and the throughput it gives (bytes of word/document.xml per
second), then the ratios BENCHMARKS.md states targets for: outline / floor (inflate + tokenize),
outline / scope. Then the `names` group.
"""

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GROUPS = ["moderate-template", "azure-sample", "office365-sample", "large-ssp"]
BENCHES = ["floor-inflate", "floor-inflate-tokenize", "open", "outline", "scope"]



def stats(result):
    """(median ns, lower and upper bound of its 95% interval, throughput) of a loaded bench."""
    median, tp = result
    ci = median["confidence_interval"]
    return median["point_estimate"], ci["lower_bound"], ci["upper_bound"], tp

def load(base, group, bench):
    d = os.path.join(base, group, bench, "new")
    try:
        with open(os.path.join(d, "estimates.json")) as f:
            est = json.load(f)
        with open(os.path.join(d, "benchmark.json")) as f:
            meta = json.load(f)
    except FileNotFoundError:
        return None
    return est["median"], meta.get("throughput") or {}


def fmt_time(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.3f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e3:.1f} µs"


def main():
    base = os.path.join(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target"),
                        "criterion")
    print("| document | bench | median [95% CI] | throughput (MiB/s of document.xml) |")
    print("| --- | --- | ---: | ---: |")
    ratios = []
    for group in GROUPS:
        medians = {}
        for bench in BENCHES:
            r = load(base, group, bench)
            if r is None:
                continue
            ns, lo, hi, tp = stats(r)
            medians[bench] = ns
            size = tp.get("Bytes")
            thr = f"{size / (ns / 1e9) / 2**20:,.0f}" if size else "—"
            mib = f" ({size / 2**20:.1f} MiB)" if size and bench == "floor-inflate" else ""
            print(f"| {group}{mib} | {bench} | {fmt_time(ns)} [{fmt_time(lo)}, {fmt_time(hi)}]"
                  f" | {thr} |")
        if "outline" in medians:
            floor = medians.get("floor-inflate-tokenize")
            scope = medians.get("scope")
            ratios.append((group,
                           medians["outline"] / floor if floor else None,
                           medians["outline"] / scope if scope else None))
    print()
    print("| document | outline / floor (target ≤ 1.5) | outline / scope (target ≥ 10) |")
    print("| --- | ---: | ---: |")
    for group, of, os_ in ratios:
        a = f"{of:.2f}x" if of else "—"
        b = f"{os_:.1f}x" if os_ else "—"
        print(f"| {group} | {a} | {b} |")
    print()
    print("| names bench | median [95% CI] | per element |")
    print("| --- | ---: | ---: |")
    for bench in ["normalize", "lookup"]:
        r = load(base, "names", bench)
        if r is None:
            continue
        ns, lo, hi, tp = stats(r)
        n = tp.get("Elements")
        per = fmt_time(ns / n) + f" ({n} elements)" if n else "—"
        print(f"| names/{bench} | {fmt_time(ns)} [{fmt_time(lo)}, {fmt_time(hi)}] | {per} |")


if __name__ == "__main__":
    main()
