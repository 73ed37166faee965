#!/usr/bin/env bash
# Evaluates tilmech's sentence aligner and PyPI galechurch on the same
# NTREX-128 test set (see src/tm/align/ntrex.rs) and writes docs/alignment.md.
# Usage: scripts/align-eval.sh   (from the repository root; needs ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
work=target/align-eval
venv=target/venv-align
rm -rf "$work" && mkdir -p "$work"

cargo build --release --example align_eval
eval_bin="$target/release/examples/align_eval"
[ -x "$venv/bin/galechurch" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q galechurch; }

# Our aligner, and the segmented input written for galechurch.
"$eval_bin" --write "$work" > "$work/tilmech.md"
for lang in ru ky; do
  # The length parameters fitted for tilmech (LengthModel::for_pair), so the
  # comparison is about the cost, not the calibration; galechurch's default
  # c = 1 is also run.
  c=$([ "$lang" = ru ] && echo 1.1451 || echo 1.0563)
  s2=$([ "$lang" = ru ] && echo 3.823 || echo 3.277)
  "$venv/bin/galechurch" -src "$work/$lang/src" -trg "$work/$lang/tgt" -out "$work/$lang/out" \
    -align text --mean-xy "$c" --variance-xy "$s2" > /dev/null
  "$venv/bin/galechurch" -src "$work/$lang/src" -trg "$work/$lang/tgt" -out "$work/default/$lang/out" \
    -align text > /dev/null
done
"$eval_bin" --score-galechurch "$work" | grep galechurch > "$work/galechurch.md"
"$eval_bin" --score-galechurch "$work/default" | grep galechurch | sed 's/| galechurch |/| galechurch (c = 1, s² = 6.8) |/' > "$work/galechurch-default.md"

# Timing: the best of five runs of aligning all 123 documents (segmenting included).
best=""
for _ in 1 2 3 4 5; do
  for lang in ru ky; do
    ms=$("$eval_bin" | grep "en–$lang" | awk -F'|' '{gsub(/ ms| /,"",$8); print $8}')
    echo "$lang $ms"
  done
done > "$work/times"
ru_ms=$(awk '$1=="ru"{print $2}' "$work/times" | sort -n | head -1)
ky_ms=$(awk '$1=="ky"{print $2}' "$work/times" | sort -n | head -1)

{
  cat <<'HEAD'
# Sentence alignment: evaluation

`tilmech tm align` (algorithm: `src/tm/align/README.md`) against the PyPI
`galechurch` aligner (a Gale–Church implementation), on the NTREX-128 test set
built by `src/tm/align/ntrex.rs`: 123 documents (headline + one body
paragraph each) from `../shared/corpus/ntrex128.en-ru-ky.tsv` and
`ntrex128.docids.tsv`; on the Russian or Kyrgyz side a fixed pseudo-random
10 % of body sentences are merged with the next one (full stop → semicolon)
and 5 % dropped (SplitMix64, seed `0x7469_6c6d_6563_6801`). Both sides are split by
the TM segmenter; both tools get the same sentences (galechurch: one per line,
a blank line between headline and body and between documents). A bead is
correct when its English lines and target lines are exactly a true bead's.

| aligner | pair | documents | precision | recall | F1 | time |
| --- | --- | --- | --- | --- | --- | --- |
HEAD
  cat "$work/tilmech.md" "$work/galechurch.md" "$work/galechurch-default.md"
  cat <<EOF2

Issue targets: F1 ≥ 0.98 (en–ru), ≥ 0.97 (en–ky), all 123 documents under 1 s.
The speed target is met; the F1 targets are not yet. Most remaining errors
are a dropped sentence next to a kept one (1:0 + 1:1 read as 2:1, or the
wrong neighbour dropped), which length and anchors alone cannot always
tell apart; lexical evidence (a small en–ru/en–ky dictionary) is the next step.

Timing (release build, best of five, segmenting and aligning all 123
documents, one thread): en–ru ${ru_ms} ms, en–ky ${ky_ms} ms.

Reproduce: \`scripts/align-eval.sh\` (writes this file; galechurch is
installed into \`target/venv-align\`).
EOF2
} > docs/alignment.md
cat docs/alignment.md
