#!/usr/bin/env python3
"""A small shift-trade client in Python (standard library only), to run under `wfm-harness observe`.

It reads the WFM_* variables observe exports (docs/observe.md), gets a token, and applies every swap of
WFM_PLAN_FILE: genesys profile: create the trade, then match it with its metadata.version; compat profile
(WFM_PROFILE=compat, the seed threads' endpoints): look the swap up, POST it, and PUT APPROVED with the
trade's ETag in If-Match when the unit wants a review (the DST thread's script). On a 409 it re-reads the version before trying again, with a
random 200-500 ms pause, and on a 429 it waits the Retry-After it was given.

Every wait is in world time divided by WFM_SPEED, so observe may run it faster than real time.

PLANTED MISTAKE (the report names it under "Logins"): it asks for a new OAuth token for every swap instead
of keeping one until it expires. Fix: call login() once and again only on a 401.
"""
import base64
import json
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = os.environ["WFM_BASE_URL"]
SPEED = float(os.environ.get("WFM_SPEED", "1"))
PROFILE = os.environ.get("WFM_PROFILE", "genesys")
RNG = random.Random(int(os.environ.get("WFM_SEED", "1")))
ATTEMPTS = 8
WFM = "/api/v2/workforcemanagement"


def wait_world(seconds):
    """Sleep a world duration: the mock's clock runs WFM_SPEED times faster than real time."""
    time.sleep(seconds / SPEED)


def login():
    basic = base64.b64encode(f"{os.environ['WFM_CLIENT_ID']}:{os.environ['WFM_CLIENT_SECRET']}".encode()).decode()
    request = urllib.request.Request(
        BASE + "/oauth/token",
        data=b"grant_type=client_credentials",
        headers={"Authorization": "Basic " + basic, "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["access_token"]


def call(token, method, path, body=None, headers=None):
    """One request; returns (status, headers, parsed body). A 429 is waited out here, as its Retry-After says."""
    for _ in range(ATTEMPTS):
        request = urllib.request.Request(
            BASE + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": "Bearer " + token, "Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read()
                return response.status, response.headers, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read()
            parsed = json.loads(text) if text else None
            if error.code == 429:
                wait_world(float(error.headers.get("Retry-After", "1")))
                continue
            return error.code, error.headers, parsed
    return 429, {}, None


def pause():
    wait_world(RNG.uniform(0.2, 0.5))


def genesys_swap(token, swap):
    week = f"{WFM}/managementunits/{swap['managementUnitId']}/weeks/{swap['weekDate']}/shifttrades"
    create = {
        "scheduleId": swap["scheduleId"],
        "initiatingShiftId": swap["initiatorShiftId"],
        "receivingUserId": swap["counterAgentId"],
    }
    for _ in range(ATTEMPTS):
        status, _, trade = call(token, "POST", week, create, {"x-harness-legacy-id": swap["legacyId"]})
        if status == 200:
            break
        if status != 409:
            return f"create refused: {status}"
        pause()
    else:
        return "create: gave up"
    version = trade["metadata"]["version"]
    match = {"receivingScheduleId": swap["scheduleId"], "receivingShiftId": swap["counterShiftId"]}
    mine = f"{WFM}/managementunits/{swap['managementUnitId']}/agents/{swap['initiatorAgentId']}/shifttrades"
    for _ in range(ATTEMPTS):
        status, _, answer = call(token, "POST", f"{week}/{trade['id']}/match", {**match, "metadata": {"version": version}})
        if status == 200:
            return answer["trade"]["state"]
        if status != 409:
            return f"match refused: {status}"
        # The fix for a stale version: read it again before the next try; a read that still shows the version
        # just refused comes from a replica that lags (the mock's stale reads), so wait and read again.
        for reread in range(ATTEMPTS):
            pause() if reread == 0 else wait_world(1)
            _, _, listed = call(token, "GET", mine)
            current = next((t for t in (listed or {}).get("entities", []) if t["id"] == trade["id"]), None)
            if current is not None and current["state"] == "Approved":
                return "Approved"
            if current is not None and current["metadata"]["version"] != version:
                version = current["metadata"]["version"]
                break
    return "match: gave up"


def compat_swap(token, swap):
    lookup = "/api/v2/wfm/schedule/shift-trades?initiator_shift_id=" + urllib.parse.quote(swap["initiatorShiftId"])
    body = {
        "initiator_agent_id": swap["initiatorAgentId"],
        "counter_agent_id": swap["counterAgentId"],
        "initiator_shift_id": swap["initiatorShiftId"],
        "counter_shift_id": swap["counterShiftId"],
        "status": "PENDING",
    }
    for _ in range(ATTEMPTS):
        # Look first: a swap an earlier try made (its answer lost) is there, and is not made twice.
        _, _, listed = call(token, "GET", lookup)
        mine = [t for t in (listed or {}).get("entities", []) if t["counter_shift_id"] == swap["counterShiftId"]]
        if mine and mine[0]["status"] in ("PENDING", "APPROVED"):
            trade = mine[0]
            break
        # No scheduleVersion: the whole week's version moves with every re-save of any agent, so a swap locked
        # on it fails all through a DST window; the trade's own ETag guards the approval below.
        status, _, trade = call(
            token, "POST", "/api/v2/wfm/schedule/shift-trades", body, {"x-harness-legacy-id": swap["legacyId"]}
        )
        if status == 201:
            break
        if status != 409:
            return f"swap refused: {status}"
        pause()
    else:
        return "swap: gave up"
    shift = f"/api/v2/wfm/scheduling/shifts/{trade['trade_id']}"
    for _ in range(ATTEMPTS):
        if trade["status"] != "PENDING":
            return trade["status"]
        _, headers, trade = call(token, "GET", shift)
        status, _, answer = call(token, "PUT", shift, {"status": "APPROVED"}, {"If-Match": headers.get("ETag", '""')})
        if status == 200:
            return answer["status"]
        pause()
    return "approve: gave up"


def main():
    with open(os.environ["WFM_PLAN_FILE"]) as plan:
        swaps = json.load(plan)
    swap_one = compat_swap if PROFILE == "compat" else genesys_swap
    for swap in swaps:
        token = login()  # PLANTED MISTAKE: a new token for every swap
        print(f"{swap['legacyId']}: {swap_one(token, swap)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
