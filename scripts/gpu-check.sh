#!/usr/bin/env bash
# The GPU check, run from a folder made by `npm run gpu:pack` on a Linux x64 GPU box, offline:
#   gpu-check.sh [--out DIR] [--budget-s SECONDS] [--dry-run]
# hw --json, then bench of the built-in models on every GPU provider that probes available (and the CPU for scale),
# into DIR: hw.json, runs/ (run files), logs/, plan.tsv, failures.tsv, summary.txt/.csv. --dry-run: a tiny model
# and few short points (what CI runs on a CPU). Exit 0 once the summary is written, whatever the points did.
set -euo pipefail

PACK="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="gpu-check-$(date -u +%Y%m%dT%H%M%SZ)"
BUDGET_S=540
DRY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="${2:?--out needs a folder}"; shift 2 ;;
    --budget-s) BUDGET_S="${2:?--budget-s needs seconds}"; shift 2 ;;
    --dry-run) DRY="--dry-run"; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown argument '$1' (use --out DIR, --budget-s N, --dry-run)" >&2; exit 2 ;;
  esac
done
case "$BUDGET_S" in ''|*[!0-9]*) echo "gpu-check: --budget-s $BUDGET_S: must be a whole number of seconds" >&2; exit 2 ;; esac
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "gpu-check: the pack is for Linux x86_64; this is $(uname -s) $(uname -m)" >&2; exit 2
fi
[ -f "$PACK/PACK.json" ] || { echo "gpu-check: $PACK/PACK.json missing: run this script from a folder made by 'npm run gpu:pack'" >&2; exit 2; }
mkdir -p "$OUT/runs" "$OUT/logs"
OUT="$(cd "$OUT" && pwd)"

# Restore the xz-compressed binaries once (in place), and check them against the pack's sums.
if find "$PACK" -name '*.xz' | grep -q .; then
  command -v xz >/dev/null || { echo "gpu-check: xz is needed to unpack $PACK (apt-get install xz-utils)" >&2; exit 2; }
  find "$PACK" -name '*.xz' -print0 | while IFS= read -r -d '' f; do xz -d -T0 "$f"; done
  (cd "$PACK" && sha256sum --quiet -c SHA256SUMS) || { echo "gpu-check: unpacked files do not match $PACK/SHA256SUMS" >&2; exit 2; }
fi
NODE="$PACK/node/bin/node"
APP="$PACK/app"
chmod +x "$NODE"

# Vulkan: the box's own loader when it has one, else the pack's (Debian's libvulkan1); the ICD comes from the driver.
if ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 '; then VULKAN="system loader ($(ldconfig -p | grep -m1 'libvulkan\.so\.1 ' | sed 's/.*=> //'))"
else export LD_LIBRARY_PATH="$PACK/vulkan/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; VULKAN="the pack's libvulkan1"; fi
ICDS="$(ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null | grep -v ':$' | tr '\n' ' ' || true)"
{
  echo "pack: $(tr -d '\n ' < "$PACK/PACK.json")"
  echo "node: $("$NODE" --version)"
  echo "vulkan: $VULKAN; ICDs: ${ICDS:-none found in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d}"
  echo "nvidia-smi: $(nvidia-smi --query-gpu=index,name,driver_version,pci.bus_id --format=csv,noheader 2>&1 | tr '\n' ';' || true)"
  echo "mode: ${DRY:-full}; budget ${BUDGET_S} s"
} > "$OUT/environment.txt"

infermeter() { "$NODE" "$APP/bin/infermeter.js" "$@"; }
export INFERMETER_CACHE_DIR="${INFERMETER_CACHE_DIR:-$OUT/cache}"

echo "gpu-check: hw --json" >&2
infermeter hw --json > "$OUT/hw.json" 2> "$OUT/logs/hw.log" || { echo "gpu-check: 'infermeter hw --json' failed: $(tail -1 "$OUT/logs/hw.log")" >&2; exit 1; }
"$NODE" "$APP/dist/scripts/gpu-check/plan.js" "$OUT/hw.json" "$OUT" $DRY

n=0
while IFS=$'\t' read -r label args; do
  [ -n "$label" ] || continue
  n=$((n + 1))
  left=$((BUDGET_S - SECONDS))
  if [ "$left" -le 10 ]; then printf '%s\tskipped: the %s s budget ran out\n' "$label" "$BUDGET_S" >> "$OUT/failures.tsv"; continue; fi
  echo "gpu-check: [$n] $label (${left} s left)" >&2
  IFS=$'\t' read -r -a argv <<< "$args"
  set +e
  timeout --signal=INT --kill-after=20 "$left" "$NODE" "$APP/bin/infermeter.js" bench "${argv[@]}" --out "$OUT/runs" < /dev/null > "$OUT/logs/step-$n.log" 2>&1
  rc=$?
  set -e
  case "$rc" in
    0) ;;
    3) printf '%s\tsome points not valid (exit 3): see the summary and logs/step-%s.log\n' "$label" "$n" >> "$OUT/failures.tsv" ;;
    124|130) printf '%s\tstopped at the %s s budget: finished points kept (logs/step-%s.log)\n' "$label" "$BUDGET_S" "$n" >> "$OUT/failures.tsv" ;;
    *) printf '%s\texit %s: %s\n' "$label" "$rc" "$(tail -1 "$OUT/logs/step-$n.log")" >> "$OUT/failures.tsv" ;;
  esac
done < "$OUT/plan.tsv"

"$NODE" "$APP/dist/scripts/gpu-check/summarize.js" "$OUT"
echo "gpu-check: done in ${SECONDS} s; results in $OUT" >&2
