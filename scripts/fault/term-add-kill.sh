#!/usr/bin/env bash
# kill -9 `tilmech term add` at each of its kill points — after staging the
# new files, after writing its journal (the commit point), between the
# renames of the en, ru and ky terms.ftl, after the last rename — and check
# that the next run (`tilmech terms`, which finds the project) leaves the
# three files all as before (killed before the commit point) or all with
# the new term (after it), says so, and removes the journal; and that no
# temporary file is left once the next `term add` has run.
# The kill points exist in debug builds only (TILMECH_FAULT_POINT, see
# fault_point in src/fsutil.rs); scripts/fault-injection.sh builds one.
source "$(dirname "$0")/lib/common.bash"

pristine="$WORK/pristine"
mkdir -p "$pristine"
cp -r "$REPO/locales" "$REPO/templates" "$pristine/"
: > "$pristine/tilmech.toml"

add() {
    exec "$TILMECH" term add place talas --en Talas --ru Талас --ky Талас --yes --project "$1"
}

# has DIR: how many of the three terms.ftl hold -place-talas.
has() {
    grep -l '^-place-talas' "$1"/locales/{en,ru,ky}/terms.ftl 2>/dev/null | wc -l
}

# stray DIR: temporary files and journals left in the locales.
stray() {
    find "$1/locales" \( -name '.*.tmp' -o -name '*journal*' \) -printf '%P ' 2>/dev/null
}

for point in staged journal renamed-1 renamed-2 renamed-3 done; do
    dir="$WORK/$point"
    rm -rf "$dir"
    cp -r "$pristine" "$dir"
    mark="$WORK/$point.mark"
    rm -f "$mark"
    (TILMECH_FAULT_POINT=$point TILMECH_FAULT_MARK=$mark add "$dir" >/dev/null 2>&1) &
    pid=$!
    for _ in $(seq 1 600); do [ -e "$mark" ] && break; sleep 0.05; done
    if [ ! -e "$mark" ]; then
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        echo "FAIL term add killed at $point: the kill point was never reached"
        continue
    fi
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    between=$(has "$dir")
    case $point in staged) want=0 ;; *) want=3 ;; esac
    said=$("$TILMECH" terms place --project "$dir" 2>&1 >/dev/null)
    now=$(has "$dir")
    journal=$(find "$dir/locales" -name '*journal*' | wc -l)
    if [ "$now" = "$want" ] && [ "$journal" = 0 ]; then
        echo "ok term add killed at $point ($between of 3 files new when killed): the next run leaves $now of 3 with the term, no journal"
    else
        echo "FAIL term add killed at $point: $now of 3 files with the term ($want expected), $journal journal(s) left; said: $said"
    fi
    if [ "$between" != "$want" ] && [ "$point" != staged ]; then
        case $said in
        *"completed an interrupted"*) echo "ok term add killed at $point: the next run says it completed the change" ;;
        *) echo "FAIL term add killed at $point: the next run did not say it completed the change: $said" ;;
        esac
    fi
    # The next term add runs and leaves no temporary file behind.
    "$TILMECH" term add place naryn-city --en Naryn --ru Нарын --ky Нарын --yes --project "$dir" >/dev/null 2>&1
    left=$(stray "$dir")
    if [ -z "$left" ] && grep -q '^-place-naryn-city' "$dir/locales/ky/terms.ftl"; then
        echo "ok term add after the kill at $point works and leaves no temporary file"
    else
        echo "FAIL term add after the kill at $point: left [$left]"
    fi
    rm -rf "$dir" "$mark"
done
