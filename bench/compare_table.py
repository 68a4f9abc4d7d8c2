#!/usr/bin/env python3
"""Turns the measurements bench/compare.sh collected into its table of medians.

Reads one JSON object per line: {"run", "row", "target", "result"} with the
plugboard-bench output, or {"run", "row", "target", "failed"} with the reason a
measurement could not be made. Prints a Markdown table (medians over the runs,
ratios Plugboard/TS SDK and Plugboard/ceiling) and, with --output, writes it
with the machine's details for bench/RESULTS.md.
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess

TARGETS = {"pb": "Plugboard", "ts": "TS SDK", "ceiling": "ceiling"}
ROW_NAMES = {
    "stdio1": "stdio, 1 in flight",
    "stdio16": "stdio, 16 in flight",
    "http16": "HTTP stateful c=16",
    "http64": "HTTP stateful c=64",
    "stateless16": "HTTP stateless c=16",
    "startup": "stdio startup",
    "sessions": "idle sessions",
    "sessions10k": "10,000 sessions",
}


def table_rows(sessions):
    # (label, measurement row, field, unit, row the ceiling comes from)
    return [
        ("stdio, 1 in flight: calls/s", "stdio1", "calls_per_s", "rate", "stdio1"),
        ("stdio, 1 in flight: p50 µs", "stdio1", "p50_us", "us", "stdio1"),
        ("stdio, 1 in flight: p99 µs", "stdio1", "p99_us", "us", "stdio1"),
        ("stdio, 16 in flight: calls/s", "stdio16", "calls_per_s", "rate", "stdio16"),
        ("stdio, 16 in flight: p99 µs", "stdio16", "p99_us", "us", "stdio16"),
        ("HTTP stateful c=16: calls/s", "http16", "calls_per_s", "rate", "http16"),
        ("HTTP stateful c=16: p99 µs", "http16", "p99_us", "us", "http16"),
        ("HTTP stateful c=64: calls/s", "http64", "calls_per_s", "rate", "http64"),
        ("HTTP stateful c=64: p99 µs", "http64", "p99_us", "us", "http64"),
        # nginx has no sessions: its c=16 figure is the ceiling of both modes.
        ("HTTP stateless c=16: calls/s", "stateless16", "calls_per_s", "rate", "http16"),
        ("HTTP stateless c=16: p99 µs", "stateless16", "p99_us", "us", "http16"),
        ("startup to first initialize answer, ms", "startup", "startup_ms_median", "ms", None),
        ("idle RSS (stdio), MB", "startup", "idle_rss_kb_median", "mb", None),
        ("peak RSS under HTTP c=64, MB", "http64", "peak_rss_kb", "mb", None),
        (f"memory per idle session ({sessions:,} sessions), KB", "sessions",
         "per_session_bytes", "kb", None),
        ("10,000 sessions held", "sessions10k", "created", "held", None),
    ]


def usable(result):
    """False for a run that measured nothing: every call failed, or none was made."""
    if "calls" in result:
        return result["calls"] > result["errors"]
    if "created" in result:
        return result["created"] > 0
    return True


def median_of(records, row, target, field):
    values = [r["result"][field] for r in records
              if r["row"] == row and r["target"] == target and "result" in r
              and usable(r["result"]) and r["result"].get(field) is not None]
    return statistics.median(values) if values else None


def held(records, target):
    results = [r["result"] for r in records
               if r["row"] == "sessions10k" and r["target"] == target and "result" in r]
    if not results:
        return "n/a"
    if all(r["created"] == r["sessions"] and r["errors"] == 0 for r in results):
        return "yes"
    return f"no ({min(r['created'] for r in results):,} created)"


def show(value, unit):
    if value is None:
        return "n/a"
    if unit in ("rate", "us"):
        return f"{value:,.0f}"
    if unit == "ms":
        return f"{value:.1f}"
    return f"{value / 1024:.1f}"  # MB from kB, KB from bytes


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else ""


def build_table(records, sessions, targets):
    header = ["measurement", *(TARGETS[t] for t in targets)]
    header += [f"Plugboard/{TARGETS[t]}" for t in targets if t != "pb"]
    lines = [header]
    for label, row, field, unit, ceiling_row in table_rows(sessions):
        if unit == "held":
            cells = [held(records, t) if t != "ceiling" else "" for t in targets]
            lines.append([label, *cells, *("" for t in targets if t != "pb")])
            continue
        values = {t: median_of(records, ceiling_row if t == "ceiling" else row, t, field)
                  for t in targets if t != "ceiling" or ceiling_row}
        cells = [show(values[t], unit) if t in values else "" for t in targets]
        ratios = [ratio(values["pb"], values.get(t)) for t in targets if t != "pb"]
        lines.append([label, *cells, *ratios])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]

    def fmt(line):
        return "| " + " | ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths))) + " |"

    rule = "|" + "|".join("-" * (w + 1) + ":" if i else "-" * (w + 2)
                          for i, w in enumerate(widths)) + "|"
    return "\n".join([fmt(lines[0]), rule, *(fmt(line) for line in lines[1:])])


def notes(records, targets):
    out = []
    if "ceiling" in targets:
        out.append("Ceilings: stdio rows the C echo program (bench/ceilings), HTTP rows nginx "
                   "returning a canned answer (`plugboard-bench --raw`, no MCP parsing).")
    seen = set()
    for r in records:
        name = TARGETS[r["target"]]
        if r["target"] == "ceiling":
            name = "nginx" if r["row"].startswith("http") else "C echo"
        where = f"{name}, {ROW_NAMES[r['row']]}"
        if "failed" in r and (where, r["failed"]) not in seen:
            seen.add((where, r["failed"]))
            out.append(f"Not measured: {where}: {r['failed']}.")
        elif "result" in r and r["result"].get("errors"):
            res = r["result"]
            total = res.get("calls", res.get("sessions"))
            out.append(f"{where}, run {r['run']}: {res['errors']:,} errors in {total:,}.")
    return out


def machine():
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return uname, cpu, len(os.sched_getaffinity(0))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("--sessions", type=int, required=True)
    parser.add_argument("--targets", default="pb,ts,ceiling")
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--duration", required=True)
    parser.add_argument("--command", required=True)
    parser.add_argument("--versions", default="")
    parser.add_argument("--output")
    args = parser.parse_args()

    with open(args.results, encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    targets = args.targets.split(",")
    summary = (f"Medians of {args.runs} run(s), {args.duration} s per throughput "
               f"measurement after 1 s of warmup.")
    body = "\n\n".join(filter(None, [
        summary, build_table(records, args.sessions, targets),
        "\n".join(f"- {n}" for n in notes(records, targets))]))
    print(body)
    if args.output:
        uname, cpu, cores = machine()
        head = [
            "## Plugboard vs the TypeScript SDK and the raw ceilings", "",
            f"- Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
            f"- Machine: `{uname}`",
            f"- CPU: {cpu}, {cores} cores (nproc)",
            f"- Versions: {args.versions}" if args.versions else None,
            f"- Command: `{args.command}`", "",
        ]
        with open(args.output, "w", encoding="utf-8") as out:
            out.write("\n".join(line for line in head if line is not None) + "\n" + body + "\n")


if __name__ == "__main__":
    main()
