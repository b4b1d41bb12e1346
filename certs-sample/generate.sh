#!/usr/bin/env bash
# Regenerates the sample PKI used by the quickstart (`make run`). FOR DEMONSTRATION ONLY: the private
# keys are public, in this repository. A real deployment issues its own certificates.
set -euo pipefail
cd "$(dirname "$0")"
PASS=${SAMPLE_PFX_PASSWORD:-docexchange-sample}
DAYS=3650
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/root.key" -out root-ca.crt \
  -days $DAYS -subj "/C=VN/O=DocExchange Sample/CN=DocExchange Sample Root CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

issue() { # name subject extensions
  local name=$1 subj=$2 ext=$3
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/$name.key" -out "$tmp/$name.csr" -subj "$subj" 2>/dev/null
  printf '%b' "$ext" > "$tmp/$name.ext"
  openssl x509 -req -in "$tmp/$name.csr" -CA root-ca.crt -CAkey "$tmp/root.key" -CAcreateserial -days $DAYS \
    -extfile "$tmp/$name.ext" -out "$name.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$tmp/$name.key" -in "$name.crt" -certfile root-ca.crt -out "$name.pfx" -passout "pass:$PASS"
}
client='basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n'
issue server "/C=VN/O=DocExchange Sample/CN=localhost" \
  'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n'
issue agency-G22 "/C=VN/O=Van phong Chinh phu/CN=000.00.00.G22" "${client}subjectAltName=URI:urn:docexchange:agency:000.00.00.G22\n"
issue agency-H41 "/C=VN/O=UBND tinh Nghe An/CN=000.00.00.H41" "${client}subjectAltName=URI:urn:docexchange:agency:000.00.00.H41\n"
issue operator "/C=VN/O=DocExchange Sample/CN=Sample Operator" "${client}subjectAltName=URI:urn:docexchange:role:operator\n"
issue auditor "/C=VN/O=DocExchange Sample/CN=Sample Auditor" "${client}subjectAltName=URI:urn:docexchange:role:auditor\n"
rm -f root-ca.srl
echo "Sample PKI written to $(pwd) (PFX password: $PASS)"
