#!/usr/bin/env bash
# Adds up the results of every test runner of one `make test` run into the closing line
# "tests: N passed, N failed", preceded by the name of each failed test, so that the last lines of a CI log
# say what failed. Reads the runners' logs given as arguments.
set -euo pipefail
passed=0; failed=0; skipped=0
for log in "$@"; do
  [ -f "$log" ] || continue
  # dotnet test (VSTest): "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total: ..."
  while read -r f p s; do
    failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
  done < <(sed -nE 's/.*(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \3 \4/p' "$log")
  # VSTest names each failure on a line "  Failed Namespace.Class.Method [12 ms]".
  sed -nE 's/^ +Failed ([^ ]+.*) \[[^]]+\]$/failed: \1/p' "$log"
  # node --test (TAP): "# pass N" / "# fail N" / "# cancelled N". Tests cancelled (as when a before hook
  # fails, e.g. the server would not start) did not pass: they count as failed.
  p=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log" | tail -n1); f=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log" | tail -n1)
  c=$(sed -nE 's/^# cancelled ([0-9]+)$/\1/p' "$log" | tail -n1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${c:-0}))
  sed -nE 's/^ *not ok [0-9]+ - (.*)$/failed: \1/p' "$log"
done
if [ "$skipped" -gt 0 ]; then echo "tests: $passed passed, $failed failed, $skipped skipped"; else echo "tests: $passed passed, $failed failed"; fi
