#!/usr/bin/env python3
"""Side by side: python-docx, docx2python and pandoc against `ssp_scope outline` / `scope`.

Run through `benches/compare.sh`, which installs the tools, builds the example and makes the
large SSP. By hand:

    python3 benches/compare.py [--runs N] [--slow-runs N] [--json OUT] [FILE...]

Default files: FedRAMP's Moderate template and benches/generated/large-ssp.docx. Every command
is a whole process (start-up and imports included), timed wall-clock, with its output sent to
/dev/null. Uses hyperfine when it is on PATH (one warm-up run on the small files), otherwise
time.perf_counter around subprocess.run. Prints a Markdown table of medians and of each tool's
ratio to ours (tool median / `ssp_scope outline` median, and / `ssp_scope scope` median where
the document has scope sections).

`extract-python-docx FILE` and `extract-docx2python FILE` are the extraction jobs themselves
(this script runs itself with them):
- python-docx: the text of every paragraph of `document.paragraphs` and of every table cell
  (`table.rows` / `row.cells`, each cell's paragraphs, and its nested tables, recursively);
- docx2python: `docx2python(FILE).text`, all the text it extracts.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OURS = os.path.join(ROOT, "target", "release", "examples", "ssp_scope")
DEFAULT_FILES = [
    "fixtures/fedramp/FedRAMP-SSP-Moderate-Baseline-Template.docx",
    "benches/generated/large-ssp.docx",
]
# A file at least this large (bytes of .docx) is "large": the slow tools run --slow-runs times.
LARGE = 2 * 1024 * 1024


def extract_python_docx(path):
    import docx  # python-docx

    out = []

    def table_text(table):
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    out.append(p.text)
                for nested in cell.tables:
                    table_text(nested)

    document = docx.Document(path)
    for p in document.paragraphs:
        out.append(p.text)
    for table in document.tables:
        table_text(table)
    return sum(len(t) for t in out)


def extract_docx2python(path):
    from docx2python import docx2python

    with docx2python(path) as result:
        return len(result.text)


def has_scope(path):
    """Whether `ssp_scope scope` succeeds on the file (the Moderate template has no scope)."""
    r = subprocess.run([OURS, "scope", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0


def commands(path):
    me = [sys.executable, os.path.abspath(__file__)]
    cmds = [
        ("ssp_scope outline", [OURS, "outline", path], False),
    ]
    if has_scope(path):
        cmds.append(("ssp_scope scope", [OURS, "scope", path], False))
    cmds += [
        ("python-docx (paragraphs + cells)", me + ["extract-python-docx", path], True),
        ("docx2python (.text)", me + ["extract-docx2python", path], True),
        ("pandoc -t plain", ["pandoc", "-t", "plain", path, "-o", "/dev/null"], True),
    ]
    return cmds


def time_python(cmd, runs, warmup):
    for _ in range(warmup):
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def time_hyperfine(cmd, runs, warmup):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    try:
        subprocess.run(
            ["hyperfine", "--style", "none", "-N", "--runs", str(runs), "--warmup", str(warmup),
             "--export-json", out, subprocess.list2cmdline(cmd)],
            stdout=subprocess.DEVNULL, check=True,
        )
        with open(out) as f:
            return json.load(f)["results"][0]["times"]
    finally:
        os.unlink(out)


def ratio(r):
    if r is None:
        return "—"
    return f"{r:.1f}x" if r >= 1 else f"{r:.3f}x"


def fmt(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "extract-python-docx":
        print(extract_python_docx(sys.argv[2]))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "extract-docx2python":
        print(extract_docx2python(sys.argv[2]))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", default=DEFAULT_FILES)
    ap.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    ap.add_argument("--slow-runs", type=int, default=3,
                    help="runs of the other tools on a large file (default 3)")
    ap.add_argument("--json", help="also write the raw times here")
    ap.add_argument("--no-hyperfine", action="store_true", help="time with perf_counter")
    ap.add_argument("--only", action="append", default=[],
                    help="run only the commands whose label contains this (repeatable), "
                         "e.g. --only ssp_scope; ratios need 'ssp_scope outline' among them")
    args = ap.parse_args()

    use_hyperfine = shutil.which("hyperfine") is not None and not args.no_hyperfine
    timer = time_hyperfine if use_hyperfine else time_python
    print(f"timer: {'hyperfine' if use_hyperfine else 'time.perf_counter + subprocess'}",
          file=sys.stderr)

    raw = {}
    rows = []
    for rel in args.files:
        path = os.path.join(ROOT, rel) if not os.path.isabs(rel) else rel
        size = os.path.getsize(path)
        large = size >= LARGE
        medians = {}
        for label, cmd, slow in commands(path):
            if args.only and not any(o in label for o in args.only):
                continue
            runs = args.slow_runs if (slow and large) else args.runs
            warmup = 0 if (slow and large) else 1
            print(f"{os.path.basename(path)}: {label} x{runs} ...", file=sys.stderr, flush=True)
            times = timer(cmd, runs, warmup)
            raw.setdefault(rel, {})[label] = times
            medians[label] = statistics.median(times)
            print(f"  median {fmt(medians[label])}", file=sys.stderr, flush=True)
        outline = medians.get("ssp_scope outline")
        scope = medians.get("ssp_scope scope")
        for label, median in medians.items():
            rows.append((os.path.basename(path), label, len(raw[rel][label]), median,
                         median / outline if outline else None,
                         median / scope if scope else None))

    print("| document | command | runs | median | / ours outline | / ours scope |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for doc, label, runs, median, r_outline, r_scope in rows:
        print(f"| {doc} | {label} | {runs} | {fmt(median)} | {ratio(r_outline)} | {ratio(r_scope)} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(raw, f, indent=2)


if __name__ == "__main__":
    main()
