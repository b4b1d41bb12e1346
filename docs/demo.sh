#!/usr/bin/env bash
# `make demo`: the README quickstart, end to end, against a fresh server of its own.
#
# Builds the server and dx, starts the server on a temporary data folder and a free port (so it runs beside
# `make run`), runs the quickstart's dx commands in order, shows their output as a newcomer would see it,
# checks each one, then stops the server and removes everything it made. Fails at the first step that fails.
#
# Environment: CONFIG (Release), DEMO_SKIP_BUILD=1 to use what is already built, DEMO_KEEP=1 to keep the
# temporary folder (server log, profiles, fetched files) for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONFIG=${CONFIG:-Release}
SERVER_DLL=$ROOT/src/DocExchange.Server/bin/$CONFIG/net10.0/DocExchange.Server.dll
DX_DLL=$ROOT/src/DocExchange.Cli/bin/$CONFIG/net10.0/dx.dll

bold=$'\033[1m'; red=$'\033[31m'; green=$'\033[32m'; plain=$'\033[0m'
[ -t 1 ] || { bold=''; red=''; green=''; plain=''; }

fail() { printf '%sdemo failed:%s %s\n' "$red" "$plain" "$*" >&2; exit 1; }
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }

command -v jq >/dev/null || fail "jq is needed (the quickstart reads one value from dx's JSON with it): apt-get install jq"

if [ "${DEMO_SKIP_BUILD:-0}" != 1 ]; then
  step "Building the server and dx ($CONFIG)"
  dotnet build src/DocExchange.Server -c "$CONFIG" --nologo -v quiet
  dotnet build src/DocExchange.Cli -c "$CONFIG" --nologo -v quiet
fi
[ -f "$SERVER_DLL" ] || fail "$SERVER_DLL is not built"
[ -f "$DX_DLL" ] || fail "$DX_DLL is not built"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/docexchange-demo.XXXXXX")
SERVER_PID=
cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ $status -ne 0 ] && [ -f "$WORK/server.log" ]; then
    echo "--- server log (last 30 lines)" >&2
    tail -n 30 "$WORK/server.log" >&2 || true
  fi
  if [ "${DEMO_KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "Starting a fresh server (data in $WORK/data, a free port, TLS with certs-sample/)"
# The TLS port 0 lets the kernel pick a free one; the server names it in its start-up line.
DOCEXCHANGE__DataDirectory="$WORK/data" \
DOCEXCHANGE__Listen__TlsPort=0 \
DOCEXCHANGE__Development__PlaintextLoopback=false \
DOCEXCHANGE__Audit__KeyPassword=docexchange-sample \
  dotnet "$SERVER_DLL" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
SERVER=
for _ in $(seq 1 240); do
  SERVER=$(grep -o 'serving gRPC on https://127\.0\.0\.1:[0-9]*' "$WORK/server.log" | head -n 1 | sed 's/^serving gRPC on //') || true
  [ -n "$SERVER" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "the server stopped during start-up"
  sleep 0.25
done
[ -n "$SERVER" ] || fail "the server did not start within 60 s"
echo "server: $SERVER"

# dx as the quickstart's alias, with a configuration file of its own: nothing of yours is read or changed.
dx() { dotnet "$DX_DLL" "$@"; }
export DX_CONFIG="$WORK/dx.json"
unset DX_PROFILE DX_SERVER DX_CERT DX_CA
export DX_CERT_PASSWORD=docexchange-sample
export NO_COLOR=1

# Runs one quickstart command, shows it and its output; the output is kept in $OUT for the checks.
OUT=
# Shows an argument as one would type it: double-quoted when it holds a space or a shell character.
shown() {
  case "$1" in
    ''|*[[:space:]\"\'\$\`\\\(\)\&\;\|\<\>\*\?\[\]\#\~\!]*) printf '"%s"' "$1" ;;
    *) printf '%s' "$1" ;;
  esac
}
run() {
  printf '$ dx'; for arg in "$@"; do printf ' '; shown "$arg"; done; printf '\n'
  if ! OUT=$(dx "$@" 2>&1); then
    printf '%s\n' "$OUT" | sed 's/^/  /'
    fail "'dx $*' exited with an error"
  fi
  printf '%s\n' "$OUT" | sed 's/^/  /'
}
expect() { grep -qF -- "$1" <<<"$OUT" || fail "expected \"$1\" in the output above"; }
ok() { printf '  %s✓ %s%s\n' "$green" "$*" "$plain"; }

cd "$WORK"
# The quickstart runs from the repository root; these links give its relative paths here.
ln -s "$ROOT/certs-sample" certs-sample
mkdir -p docs && ln -s "$ROOT/docs/sample" docs/sample

step "1. One profile per identity: the operator and two agencies"
run profile set --profile operator --server "$SERVER" --ca certs-sample/root-ca.crt --cert certs-sample/operator.pfx
expect "Created profile 'operator'"
run profile set --profile g22 --server "$SERVER" --ca certs-sample/root-ca.crt --cert certs-sample/agency-G22.pfx
expect "Created profile 'g22'"
run profile set --profile h41 --server "$SERVER" --ca certs-sample/root-ca.crt --cert certs-sample/agency-H41.pfx
expect "Created profile 'h41'"

step "2. The operator registers the two agencies"
run --profile operator agency add 000.00.00.G22 --name "Văn phòng Chính phủ"
expect "✓ Registered 000.00.00.G22 (Văn phòng Chính phủ)."
run --profile operator agency add 000.00.00.H41 --name "UBND tỉnh Nghệ An"
expect "✓ Registered 000.00.00.H41 (UBND tỉnh Nghệ An)."
[ "$(dx --profile operator agency show 000.00.00.H41 --json | jq -r '.active')" = true ] || fail "000.00.00.H41 is not active"
ok "both agencies are registered and active"

step "3. The competent person signs the PDF; the server seals it for G22; anyone can verify both"
run --profile g22 sign docs/sample/cong-van-7816.pdf --cert certs-sample/signing/signer-G22.pfx --password docexchange-sample -o signed.pdf
expect "Signed"
run --profile g22 seal signed.pdf -o sealed.pdf
expect "Sealed"
run verify sealed.pdf --policy-agency 000.00.00.G22
[ "$(dx verify sealed.pdf --policy-agency 000.00.00.G22 --json | jq -r '[(.signatures | length), .passed] | @tsv')" = "$(printf '2\ttrue')" ] \
  || fail "the signed and sealed PDF does not carry two valid signatures satisfying the policy"
ok "two valid signatures: the signer's and 000.00.00.G22's seal (Nghị định 30/2020 Art. 5)"

step "4. G22 sends the signed PDF, with an attachment, to H41"
run --profile g22 send sealed.pdf --attach docs/sample/danh-sach-don-vi.csv \
  --to 000.00.00.H41 --number 7816 --notation VPCP-TTĐT --type "Công văn" --priority urgent \
  --subject "Về việc triển khai trục liên thông văn bản"
expect "✓ Sent to 000.00.00.H41."
echo "\$ DOC=\$(dx --profile g22 list sent --json | jq -r '.[0].documentId')"
DOC=$(dx --profile g22 list sent --json | jq -r '.[0].documentId')
echo "  DOC=$DOC"
[[ "$DOC" == 000.00.00.G22,????/??/??,7816/VPCP-TTĐT ]] || fail "unexpected document id '$DOC'"
expect "$DOC"
ok "the document id names the sender, the date and 7816/VPCP-TTĐT"

step "5. H41 finds it in its inbox, downloads it and acknowledges it (01)"
run --profile h41 inbox
expect "$DOC"
[ "$(dx --profile h41 inbox --json | jq -r --arg doc "$DOC" '[.deliveries[] | select(.documentId == $doc and .pending)] | length')" = 1 ] \
  || fail "the inbox does not hold the document as not yet acknowledged"
ok "the delivery waits for its acknowledgement"
run --profile h41 fetch "$DOC" --out received/
expect "sealed.pdf"
cmp -s received/sealed.pdf sealed.pdf || fail "the fetched PDF differs from the one sent"
cmp -s received/danh-sach-don-vi.csv docs/sample/danh-sach-don-vi.csv || fail "the fetched attachment differs from the one sent"
ok "received/ holds byte-for-byte copies of both files (cmp)"
run --profile h41 ack "$DOC"
expect "Posted 01 (arrived)"

step "6. H41 accepts it (03), processes it (05) and reports it done (06)"
run --profile h41 status post "$DOC" 03
expect "Posted 03 (accepted)"
run --profile h41 status post "$DOC" 05
expect "Posted 05"
run --profile h41 status post "$DOC" 06 --description "Đã triển khai"
expect "Posted 06 (done)"

step "7. G22 sees the statuses"
run --profile g22 status history "$DOC"
expect "06 done"
[ "$(dx --profile g22 status history "$DOC" --json | jq -c '[.[].code]')" = '["01","03","05","06"]' ] || fail "the history is not 01, 03, 05, 06"
ok "the sender sees 01, 03, 05 and 06 from 000.00.00.H41"
run --profile g22 list sent
expect "$DOC"

step "8. An auditor checks the trail: the document's events, with proofs against the signed checkpoint"
run profile set --profile auditor --server "$SERVER" --ca certs-sample/root-ca.crt --cert certs-sample/auditor.pfx
expect "Created profile 'auditor'"
run --profile auditor audit key -o audit-key.pem
expect "Wrote the audit key"
run --profile auditor audit query --document "$DOC"
expect "document.sent"
[ "$(dx --profile auditor audit query --document "$DOC" --json | jq -c '[.[].action]')" = \
  '["document.sent","status.posted","status.posted","status.posted","status.posted"]' ] \
  || fail "the trail does not hold the send and its four statuses"
ok "the document's life is in the trail: sent, then 01, 03, 05, 06"
run --profile auditor audit verify --online --key audit-key.pem --document "$DOC" --save-checkpoint checkpoint.json
[ -s checkpoint.json ] || fail "the verified checkpoint was not saved"
run --profile auditor audit export -o trail.jsonl
expect "Exported"
run audit verify --export trail.jsonl --key audit-key.pem --checkpoint checkpoint.json
ok "the whole trail recomputes to the signed root, consistent with the checkpoint kept earlier"

step "Done"
ok "the quickstart works: every step above passed"
