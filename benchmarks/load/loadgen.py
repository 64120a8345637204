"""The load generator of benchmarks/load/load_bench.py: signed-in users, each with its own session
and keep-alive connection, going round a weighted mix of pages as fast as the server answers
(a closed loop, no think time), until a deadline or a request budget. Standard library only, so
it stays small next to the server it measures; load_bench.py runs it under `nice`.

Reads a JSON plan on stdin; prints one JSON object: per page, the latencies (ms) and errors.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import sys
import threading
import time
from typing import Any
from urllib.parse import urlencode

_HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
_NAME = re.compile(r'name="([^"]+)"')
_VALUE = re.compile(r'value="([^"]*)"')


class User:
    """One signed-in person: a session cookie, a connection, and the pages they open."""

    def __init__(self, plan: dict[str, Any], session: str, seed: int) -> None:
        self.plan = plan
        self.cookies = {plan["session_cookie"]: session}
        self.random = random.Random(seed)  # a benchmark's page choice, not security
        self.connection = http.client.HTTPConnection("127.0.0.1", plan["port"], timeout=60)

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        if method == "POST":
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.plan["base"] + path}
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body or None, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()  # the server closed a kept-alive connection: open another
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def checkin_body(self, form_page: str) -> str:
        """The check-in form as the page gave it (its hidden fields and token), answered "OK"."""
        fields = {}
        for tag in _HIDDEN.findall(form_page):
            name, value = _NAME.search(tag), _VALUE.search(tag)
            if name:
                fields[name.group(1)] = value.group(1) if value else ""
        fields["score"] = str(self.random.choice([2, 3, 4]))
        return urlencode(fields)


def run_user(plan: dict[str, Any], session: str, seed: int, deadline: float, budget: list[int], out: dict) -> None:
    user = User(plan, session, seed)
    names = list(plan["mix"])
    weights = [plan["mix"][n]["weight"] for n in names]
    lock = out["_lock"]
    while time.monotonic() < deadline:
        with lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        name = user.random.choices(names, weights)[0]
        path = user.random.choice(plan["mix"][name]["paths"])
        started = time.perf_counter()
        error = ""
        try:
            if plan["mix"][name].get("post"):
                status, page = user.request("GET", path)
                if status == 200:
                    status, page = user.request("POST", path, user.checkin_body(page))
            else:
                status, page = user.request("GET", path)
            if status >= 400:
                error = f"HTTP {status}"
        except (http.client.HTTPException, OSError) as exc:
            error = type(exc).__name__
        took = (time.perf_counter() - started) * 1000
        with lock:
            record = out.setdefault(name, {"ms": [], "errors": [], "finished": []})
            record["ms"].append(took)
            record["finished"].append(time.monotonic())
            if error:
                record["errors"].append(error)


def main() -> None:
    plan = json.load(sys.stdin)
    deadline = time.monotonic() + plan["seconds"]
    budget = [plan["max_requests"]]
    out: dict[str, Any] = {"_lock": threading.Lock()}
    threads = [
        threading.Thread(target=run_user, args=(plan, session, i, deadline, budget, out), daemon=True)
        for i, session in enumerate(plan["sessions"])
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(plan["seconds"] + 120)
    del out["_lock"]
    for record in out.values():
        record["finished"] = [t - started for t in record["finished"]]
    json.dump({"elapsed": time.monotonic() - started, "pages": out}, sys.stdout)


if __name__ == "__main__":
    main()
