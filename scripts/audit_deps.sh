#!/usr/bin/env bash
# make audit-deps: pip-audit over the production lock file. It needs the vulnerability data
# (PyPI's JSON API and the OSV database); without it, it says so plainly and exits 2, so a
# run that checked nothing is never mistaken for a clean one.
set -uo pipefail
pip_audit="$1"
lock="$2"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
"$pip_audit" --requirement "$lock" --require-hashes --disable-pip --progress-spinner off >"$log" 2>&1
status=$?
cat "$log"
if [ $status -ne 0 ] && grep -qiE "connection|resolve|timed out|network|unreachable|ssl|HTTPError|Max retries" "$log"; then
  echo
  echo "make audit-deps: pip-audit could not reach its vulnerability data (PyPI / OSV)."
  echo "Nothing was checked. Run it again where the machine can reach them."
  exit 2
fi
# pip-audit exits 0 when it could look nothing up ("could not be audited"): that is no
# answer, not a clean one.
unaudited=$(grep -c "could not be audited" "$log" || true)
if [ "$unaudited" -gt 0 ]; then
  echo
  echo "make audit-deps: pip-audit could not reach its vulnerability data for $unaudited of the"
  echo "locked packages (PyPI's JSON API / OSV). They were not checked. Run it again where the"
  echo "machine can reach them."
  exit 2
fi
if [ $status -eq 0 ]; then
  echo "make audit-deps: no known vulnerabilities in $lock."
fi
exit $status
