#!/bin/bash
# Every tests/failing/*.scn must make `tcplab check` fail (exit 1) with the message in its
# NAME.scn.expected: proof that each kind of expect can fail.
tcplab=$1; dir=$2; rc=0
for f in "$dir"/*.scn; do
    out=$("$tcplab" check "$f" 2>&1); status=$?
    if [ "$status" != 1 ]; then echo "FAIL $f: exit status $status, expected 1"; rc=1; continue; fi
    while IFS= read -r want; do
        [ -z "$want" ] && continue
        grep -qF "$want" <<<"$out" || { echo "FAIL $f: missing '$want' in:"; echo "$out"; rc=1; }
    done < "$f.expected"
done
exit $rc
