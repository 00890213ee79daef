#!/usr/bin/env bash
# Smoke-runs every fuzz target (or the ones named) for a few seconds each on
# stable Rust, one target at a time, single job.
#
#   fuzz/smoke.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 20 s, all targets)
#
# Exits 0 when no target found anything, 1 when any target found a crash,
# timeout, leak or OOM (its reproducer is in fuzz/artifacts/TARGET/), and 2
# when cargo-fuzz is missing. Every target runs even after a finding, so
# one finding does not hide another.
#
# The committed seeds in fuzz/corpus/TARGET/ are read, never written: new
# corpus entries go to a temporary directory that is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")"

secs="${1:-20}"
shift || true

# cargo-fuzz passes nightly-only flags (-Zsanitizer=address); this lets the
# stable compiler accept them.
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "smoke.sh: cargo-fuzz is not installed: cargo install cargo-fuzz --locked" >&2
    exit 2
fi

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

# One build of every target up front; each run below then reuses it.
cargo fuzz build

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=()
for t in "${targets[@]}"; do
    mkdir -p "$work/$t"
    echo "== $t: ${secs}s"
    if cargo fuzz run "$t" "$work/$t" "corpus/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -max_len=4096 -timeout=10 \
        >"$work/$t.log" 2>&1; then
        grep -E '^#[0-9]+[[:space:]]+DONE' "$work/$t.log" || tail -n 3 "$work/$t.log"
    else
        failed+=("$t")
        mkdir -p "artifacts/$t"
        cp "$work/$t.log" "artifacts/$t/smoke.log"
        # What broke (the panic message or sanitizer report), and the reproducer.
        grep -E -A3 '^thread .* panicked at|^==[0-9]+== ?ERROR|^SUMMARY:|ALARM|Test unit written|^Base64:' \
            "$work/$t.log" | grep -vE '^stack backtrace:|^ +[0-9]+: |^ +at ' || true
        echo "   full log: fuzz/artifacts/$t/smoke.log"
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "smoke.sh: findings in: ${failed[*]} (reproducers in fuzz/artifacts/)" >&2
    exit 1
fi
echo "smoke.sh: ${#targets[@]} targets, ${secs}s each, no findings"
