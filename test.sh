#!/usr/bin/env bash
# The one command that runs Attain's whole test suite on a fresh machine (Debian 12, .NET SDK, root or sudo).
# Installs what the tests need, checks formatting, runs every test project, and ends with one line:
# "N passed, N failed" (preceded by "N skipped" when tests were skipped). Exits non-zero if anything failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Failures found outside the test runner (setup, format, a run that left no result).
extra_failures=0

log() { printf '==> %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing_packages() {
    local missing=()
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    # ClosedXML's AdjustToContents loads libgdiplus through System.Drawing.Common.
    dpkg -s libgdiplus >/dev/null 2>&1 || missing+=(libgdiplus)
    # PDFs (statements, plan documents) embed the DejaVu fonts.
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
    if [ -z "${ATTAIN_PG_BIN:-}" ] && [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
        missing+=(postgresql-15)
    fi
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    log "installing ${missing[*]}"
    as_root apt-get update &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y "${missing[@]}"
}

if ! install_missing_packages; then
    log "FAILED: installing system packages"
    extra_failures=$((extra_failures + 1))
fi

if [ -f .config/dotnet-tools.json ]; then
    log "dotnet tool restore"
    if ! dotnet tool restore; then
        log "FAILED: dotnet tool restore"
        extra_failures=$((extra_failures + 1))
    fi
fi

log "dotnet format --verify-no-changes"
format_output=$(mktemp)
trap 'rm -f "$format_output"' EXIT
if ! dotnet format Attain.slnx --verify-no-changes >"$format_output" 2>&1; then
    extra_failures=$((extra_failures + 1))
    cat "$format_output" >&2
    log "FAILED: dotnet format --verify-no-changes (fix with 'dotnet format Attain.slnx'); files it reports:"
    # Diagnostics look like "/path/File.cs(12,5): error WHITESPACE: ...".
    grep -oE '^[^(]+\.[A-Za-z]+\([0-9]+,[0-9]+\)' "$format_output" | sed -E 's/\([0-9]+,[0-9]+\)$//' |
        sed "s|^$PWD/||" | sort -u | sed 's/^/  /' >&2 || true
fi

results_dir="TestResults/run-$(date -u +%Y%m%dT%H%M%SZ)-$$"
mkdir -p "$results_dir"
log "dotnet test (results in $results_dir)"
test_exit=0
dotnet test Attain.slnx -p:TreatWarningsAsErrors=true --logger trx --results-directory "$results_dir" ||
    test_exit=$?

# Sum <Counters .../> over every TRX file: each test project writes its own.
counter() { # counter TAG NAME -> the attribute's value, 0 when absent
    printf '%s\n' "$1" | grep -oE "[[:space:]]$2=\"[0-9]+\"" | grep -oE '[0-9]+' || echo 0
}
passed=0
failed=0
skipped=0
trx_files=0
while IFS= read -r -d '' trx; do
    trx_files=$((trx_files + 1))
    tag=$(tr '\n' ' ' <"$trx" | grep -oE '<Counters[^>]*>' | head -n 1 || true)
    if [ -z "$tag" ]; then
        log "FAILED: no <Counters> in $trx"
        extra_failures=$((extra_failures + 1))
        continue
    fi
    total=$(counter "$tag" total)
    executed=$(counter "$tag" executed)
    passed=$((passed + $(counter "$tag" passed)))
    failed=$((failed + $(counter "$tag" failed) + $(counter "$tag" error) + $(counter "$tag" timeout) + $(counter "$tag" aborted)))
    skipped=$((skipped + total - executed))
done < <(find "$results_dir" -name '*.trx' -print0)

if [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # A build error or a crashed test host leaves no failed test behind.
    log "FAILED: dotnet test exited with $test_exit (read from $trx_files TRX files)"
    failed=1
fi
failed=$((failed + extra_failures))

if [ "$skipped" -gt 0 ]; then
    echo "$skipped skipped"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
