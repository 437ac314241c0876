"""Markdown tables from bench.py JSON results, Loket beside the peer, with ratios.

    .venv/bin/python bench/compare.py bench/results/loket-postgres-100000.json \\
        bench/results/peer-dh-postgres-100000.json

Ratios: the peer's p50/p95 over Loket's (above 1: Loket answers faster) and Loket's
throughput over the peer's (above 1: Loket serves more requests per second).
"""

import json
import sys

# Targets for PostgreSQL at 100,000 tickets (issue 2, section 7): p95 in ms.
TARGETS = {"create": 100, "list": 50, "get": 50, "get_ticket": 50, "comment": 100,
           "search": 150, "lookup": 50}  # fmt: skip


def load(path):
    with open(path) as fh:
        return json.load(fh)


def fmt(value):
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value >= 100:
        return f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def ratio(a, b):
    if not a or not b:
        return "–"
    return f"{a / b:.1f}×" if a / b >= 1 else f"{a / b:.2f}×"


def table(loket, peer=None, with_target=False):
    cols = "op | requests | errors | req/s | p50 ms | p95 ms | p99 ms | server CPU ms/req"
    rows = [f"| {cols} |" + (" target p95 | met |" if with_target else "")]
    rows.append("|" + " --- |" * (8 + 2 * with_target))
    for op, r in loket["results"].items():
        cells = [op, r["requests"], r["errors"], r["rps"], r["p50_ms"], r["p95_ms"]]
        cells += [r["p99_ms"], r["cpu_ms_per_req"]]
        line = "| " + " | ".join(fmt(c) for c in cells) + " |"
        if with_target:
            target = TARGETS.get(op)
            met = "yes" if target and r["p95_ms"] is not None and r["p95_ms"] < target else "no"
            line += f" {target} | {met} |"
        rows.append(line)
    if peer is None:
        return "\n".join(rows)
    rows += [
        "",
        "| op | peer req/s | peer p50 | peer p95 | peer p99 | peer CPU ms/req | "
        "p50 ratio | p95 ratio | throughput ratio |",
        "|" + " --- |" * 9,
    ]
    for op, r in loket["results"].items():
        p = peer["results"].get(op)
        if p is None:
            continue
        cells = [op, p["rps"], p["p50_ms"], p["p95_ms"], p["p99_ms"], p["cpu_ms_per_req"]]
        line = "| " + " | ".join(fmt(c) for c in cells)
        line += f" | {ratio(p['p50_ms'], r['p50_ms'])} | {ratio(p['p95_ms'], r['p95_ms'])}"
        line += f" | {ratio(r['rps'], p['rps'])} |"
        rows.append(line)
    return "\n".join(rows)


def main():
    loket = load(sys.argv[1])
    peer = load(sys.argv[2]) if len(sys.argv) > 2 else None
    with_target = loket["meta"].get("db") == "postgresql"
    print(table(loket, peer, with_target))


if __name__ == "__main__":
    main()
