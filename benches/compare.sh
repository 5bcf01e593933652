#!/usr/bin/env bash
# Side by side: python-docx, docx2python and pandoc against our `ssp_scope outline` and
# `ssp_scope scope`, on FedRAMP's Moderate template and the generated large SSP. Not run by CI.
#
#   bash benches/compare.sh                 # 5 runs each, 3 for the other tools on the large SSP
#   bash benches/compare.sh --runs 3        # arguments go to benches/compare.py
#   bash benches/compare.sh --rss           # also peak RSS of ssp_scope on the large SSP
#
# Installs what is missing: python-docx and docx2python (pip), pandoc, hyperfine and GNU time
# (apt-get). Builds the example in release mode and makes benches/generated/large-ssp.docx
# (`cargo bench -p fedramp-ssp-benches --bench make_corpus`). The large SSP takes the other
# tools minutes per run.
set -euo pipefail
cd "$(dirname "$0")/.."

rss=0
args=()
for a in "$@"; do
  if [ "$a" = "--rss" ]; then rss=1; else args+=("$a"); fi
done

python3 -c 'import docx, docx2python' 2>/dev/null || python3 -m pip install --quiet python-docx docx2python
missing=()
command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --release --example ssp_scope
cargo bench -p fedramp-ssp-benches --bench make_corpus

echo "pandoc: $(pandoc --version | head -1); python-docx $(python3 -c 'import importlib.metadata as m; print(m.version("python-docx"))'); docx2python $(python3 -c 'import importlib.metadata as m; print(m.version("docx2python"))')"
python3 benches/compare.py "${args[@]}"

if [ "$rss" = 1 ]; then
  for cmd in scope outline; do
    # GNU time -v: "Maximum resident set size (kbytes): N"
    kb=$(/usr/bin/time -v target/release/examples/ssp_scope "$cmd" benches/generated/large-ssp.docx 2>&1 >/dev/null \
      | awk -F': ' '/Maximum resident set size/ {print $2}')
    echo "peak RSS ssp_scope $cmd large-ssp.docx: ${kb} KiB ($(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}') MiB)"
  done
fi
