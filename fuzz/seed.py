#!/usr/bin/env python3
"""Seeds the fuzz corpora (fuzz/corpus/, not committed) from fixtures/: the small .docx files
and the hostile ones for `document`, the styles and numbering parts for `numbering`, and the
lines of the service lists for `names`, the list files (workbooks, CSV, text) for `list`; `structure`, whose input `arbitrary` turns into
elements, gets 32 random byte strings (a fixed seed, so every run writes the same files).
Run from fuzz/: `python3 seed.py`."""

import glob
import os
import random
import shutil
import zipfile

os.chdir(os.path.dirname(os.path.abspath(__file__)))
for target in ("document", "numbering", "names", "structure", "list"):
    os.makedirs(f"corpus/{target}", exist_ok=True)

docs = [
    f
    for f in sorted(glob.glob("../fixtures/**/*", recursive=True))
    if f.endswith((".docx", ".docm", ".dotx", ".dotm", ".doc", ".zip")) and os.path.getsize(f) < 60_000
]
for f in docs:
    shutil.copy(f, "corpus/document/" + f[3:].replace("/", "_"))

parts = 0
for f in sorted(glob.glob("../fixtures/**/*.docx", recursive=True)):
    try:
        z = zipfile.ZipFile(f)
    except zipfile.BadZipFile:
        continue
    for name in ("word/numbering.xml", "word/styles.xml"):
        try:
            data = z.read(name)
        except KeyError:
            continue
        if len(data) < 200_000:
            with open(f"corpus/numbering/{parts}.xml", "wb") as out:
                out.write(data)
            parts += 1

lines = 0
for f in sorted(glob.glob("../fixtures/lists/*")) + sorted(glob.glob("../fixtures/make_samples/*.csv")):
    with open(f, encoding="utf-8", errors="replace") as src:
        for line in src:
            with open(f"corpus/names/{lines}.txt", "w", encoding="utf-8") as out:
                out.write(line.strip())
            lines += 1

workbooks = [
    f
    for f in sorted(glob.glob("../fixtures/lists/*")) + sorted(glob.glob("../fixtures/hostile/lists/*"))
    if os.path.getsize(f) < 60_000 and not f.endswith((".py", ".json", ".tsv"))
]
for f in workbooks:
    shutil.copy(f, "corpus/list/" + f[3:].replace("/", "_"))

rng = random.Random(20261126)
structure = 32
for i in range(structure):
    with open(f"corpus/structure/{i}.bin", "wb") as out:
        out.write(rng.randbytes(rng.randint(64, 4096)))

print(
    f"document: {len(docs)} files, numbering: {parts} parts, names: {lines} lines, "
    f"structure: {structure} random inputs, list: {len(workbooks)} files"
)
