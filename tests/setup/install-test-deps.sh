#!/usr/bin/env bash
# Installs what the test suite needs when it is missing, so that `make test` works on a fresh Debian
# machine that has only the .NET SDK. Idempotent and non-interactive (CI has no standard input).
set -euo pipefail
cd "$(dirname "$0")/../.."

need_apt=()
command -v pdfsig   >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v qpdf     >/dev/null 2>&1 || need_apt+=(qpdf)
command -v certutil >/dev/null 2>&1 || need_apt+=(libnss3-tools)
command -v openssl  >/dev/null 2>&1 || need_apt+=(openssl)
command -v jq       >/dev/null 2>&1 || need_apt+=(jq)
# Independent judges of the edXML packages we write: well-formedness and namespaces, and XML-DSig signatures.
command -v xmllint  >/dev/null 2>&1 || need_apt+=(libxml2-utils)
command -v xmlsec1  >/dev/null 2>&1 || need_apt+=(xmlsec1)
command -v node     >/dev/null 2>&1 || need_apt+=(nodejs npm)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
# LibreOffice Writer produces the real-world PDF corpus of the signing tests (Vietnamese text, PDF/A-2b).
command -v soffice  >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${need_apt[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" </dev/null >/dev/null
fi

# The interop client (@grpc/grpc-js), pinned by the committed lockfile.
if [ ! -d tests/interop/node_modules ] || [ tests/interop/package-lock.json -nt tests/interop/node_modules ]; then
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error </dev/null)
fi
