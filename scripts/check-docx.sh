#!/usr/bin/env bash
# Opens tilmech's Word output with a real office suite: LibreOffice (Debian's
# libreoffice-writer-nogui, installed if missing) converts each language's
# .docx of the seed release to PDF; pdftotext must find the ru and ky
# headlines as tilmech renders them, and pdffonts must show one font family
# only (no glyph taken from a fallback font, so ң ү ө are in the font the
# document names). Page one of the ky PDF becomes a PNG in the folder given
# as the first argument (docs/ was made that way), else target/docx-check/.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/docx-check
out="$(realpath -m "${1:-$work}")"
rm -rf "$work" && mkdir -p "$work" "$out"
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -qi 'Liberation Sans' || need+=(fonts-liberation2)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
cargo build --quiet
bin=target/debug/tilmech
event=examples/events/2021-06-03-rogov-kazakbaev.toml
"$bin" render "$event" --as docx --out "$work"
# LibreOffice keeps its profile inside the clone, not in $HOME.
soffice --headless "-env:UserInstallation=file://$PWD/$work/profile" \
    --convert-to pdf --outdir "$work" "$work"/*.docx >/dev/null 2>&1
status=0
for lang in en ru ky; do
    pdf="$work/2021-06-03-rogov-kazakbaev.$lang.pdf"
    [ -s "$pdf" ] || { echo "FAIL $lang: LibreOffice wrote no PDF"; status=1; continue; }
    headline=$("$bin" render "$event" --lang "$lang" --as txt | head -n 1)
    text=$(pdftotext -layout "$pdf" - | tr -s ' \n' '  ')
    first=$(echo "$headline" | cut -d' ' -f1-6)
    if [[ "$text" == *"$first"* ]]; then
        echo "ok $lang: the PDF holds the headline (“$first …”)"
    else
        echo "FAIL $lang: headline “$first” not found in the PDF"; status=1
    fi
    fonts=$(pdffonts "$pdf" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]\{6\}+//; s/-.*//' | sort -u)
    if [ "$(echo "$fonts" | wc -l)" -eq 1 ]; then
        echo "ok $lang: one font family, no fallback ($fonts)"
    else
        echo "FAIL $lang: glyphs from more than one font: $(echo $fonts)"; status=1
    fi
done
pdftoppm -png -r 72 -f 1 -l 1 -singlefile "$work/2021-06-03-rogov-kazakbaev.ky.pdf" "$out/release-docx-ky"
echo "page one: $out/release-docx-ky.png"
exit $status
