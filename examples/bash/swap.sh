#!/usr/bin/env bash
# A shift-trade client in bash with curl and jq, to run under `wfm-harness observe` (docs/observe.md):
# it reads the WFM_* variables, gets a token, posts an offer for every swap of WFM_PLAN_FILE, then accepts
# each with the metadata.version its create answered, retrying a 409 with the bulk-swap thread's 2^n loop
# (the seed thread "409 bulk swap window"). Every wait is world seconds divided by WFM_SPEED, so observe
# may run it faster than real time.
#
# PLANTED MISTAKES (the report names both):
#  1. a 429 gets `sleep 1` whatever its Retry-After says            -> "Retry-After ignored"
#  2. a retried match re-sends the version it had, never re-reading  -> "Stale versions re-sent"
# Fix: sleep "$(retry_after)" on a 429, and GET the agent's trades for the version before each retry.
set -u
: "${WFM_BASE_URL:?run me under wfm-harness observe}"
SPEED="${WFM_SPEED:-1}"
MAX_RETRIES=5
WFM="/api/v2/workforcemanagement"

wait_world() { sleep "$(awk -v s="$1" -v x="$SPEED" 'BEGIN { printf "%.3f", s / x }')"; }

TOKEN=$(curl -s -u "$WFM_CLIENT_ID:$WFM_CLIENT_SECRET" -d grant_type=client_credentials "$WFM_BASE_URL/oauth/token" |
  jq -r .access_token)

# send METHOD PATH BODY [LEGACY_ID]: sets STATUS and RESPONSE.
send() {
  local out
  local legacy=()
  [ -n "${4:-}" ] && legacy=(-H "x-harness-legacy-id: $4")
  out=$(curl -s -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    "${legacy[@]}" -d "$3" "$WFM_BASE_URL$2")
  STATUS=${out##*$'\n'}
  RESPONSE=${out%$'\n'*}
}

# with_retries METHOD PATH BODY [LEGACY_ID]: the thread's loop, the same request each time.
with_retries() {
  local n=0
  while :; do
    send "$@"
    case $STATUS in
      429) wait_world 1 ;; # MISTAKE 1: the Retry-After header is never read
      409) wait_world $((2 ** n)) ;;
      *) return ;;
    esac
    n=$((n + 1))
    [ "$n" -ge "$MAX_RETRIES" ] && return
  done
}

# Phase 1: post every offer. Phase 2: accept them, with the version each create answered.
declare -A TRADE VERSION WEEK SCHEDULE COUNTER_SHIFT
LEGACY_IDS=()
while read -r swap; do
  field() { jq -r ".$1" <<<"$swap"; }
  legacy=$(field legacyId)
  LEGACY_IDS+=("$legacy")
  WEEK[$legacy]="$WFM/managementunits/$(field managementUnitId)/weeks/$(field weekDate)/shifttrades"
  SCHEDULE[$legacy]=$(field scheduleId)
  COUNTER_SHIFT[$legacy]=$(field counterShiftId)
  with_retries POST "${WEEK[$legacy]}" \
    "{\"scheduleId\":\"${SCHEDULE[$legacy]}\",\"initiatingShiftId\":\"$(field initiatorShiftId)\",\"receivingUserId\":\"$(field counterAgentId)\"}" \
    "$legacy"
  if [ "$STATUS" = 200 ]; then
    TRADE[$legacy]=$(jq -r .id <<<"$RESPONSE")
    VERSION[$legacy]=$(jq -r .metadata.version <<<"$RESPONSE")
  else
    echo "$legacy: create answered $STATUS"
  fi
done < <(jq -c '.[]' "$WFM_PLAN_FILE")

for legacy in "${LEGACY_IDS[@]}"; do
  [ -n "${TRADE[$legacy]:-}" ] || continue
  # MISTAKE 2: every retry of the match sends the version the create answered, however long ago.
  with_retries POST "${WEEK[$legacy]}/${TRADE[$legacy]}/match" \
    "{\"receivingScheduleId\":\"${SCHEDULE[$legacy]}\",\"receivingShiftId\":\"${COUNTER_SHIFT[$legacy]}\",\"metadata\":{\"version\":${VERSION[$legacy]}}}"
  echo "$legacy: match answered $STATUS"
done
