"""The report of bench_dues_invoicing.py: each run's figures, then the ratios.

Column ``stale``: how many of the tables the run reads lacked statistics when it
started (see ``stale_tables`` there).
"""

ROW = "%7s  %-8s  %8s  %8s  %8s  %6s  %12s  %10s  %11s  %9s  %5s"
HEADER = (
    "N",
    "impl",
    "wall s",
    "CPU s",
    "invoices",
    "lines",
    "untaxed",
    "tax",
    "queries/inv",
    "peak MiB",
    "stale",
)


def report(results, sizes):
    """The figures of each run, then the ratios the goal is about."""
    print()
    print(ROW % HEADER)
    for r in sorted(results, key=lambda r: (r["size"], r["implementation"])):
        print(
            ROW
            % (
                r["size"],
                r["implementation"],
                "%.2f" % r["seconds"],
                "%.2f" % r["cpu_seconds"],
                r["invoices"],
                r["lines"],
                "%.2f" % r["untaxed"],
                "%.2f" % r["tax"],
                "%.1f" % (r["queries"] / max(r["invoices"], 1)),
                "%.1f" % r["peak_mib"],
                r["stale"],
            )
        )
    by_key = {(r["implementation"], r["size"]): r for r in results}
    print()
    for size in sorted(sizes):
        if ("contract", size) not in by_key:  # --only komunigi
            continue
        print(
            "N=%-6d contract/komunigi: %.2fx wall, %.2fx CPU (goal: >= 3x)"
            % (
                size,
                ratio(by_key, ("contract", size), ("komunigi", size), "seconds"),
                ratio(by_key, ("contract", size), ("komunigi", size), "cpu_seconds"),
            )
        )
    for size in sorted(sizes):
        if ("fresh", size) in by_key:
            print(
                "N=%-6d fresh/komunigi (before/after ANALYZE): %.2fx wall"
                % (size, ratio(by_key, ("fresh", size), ("komunigi", size), "seconds"))
            )
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        for name in {r["implementation"] for r in results} - {"fresh"}:
            print(
                "%-8s N=%d/N=%d: %.2f wall, %.2f CPU (linear: %g; goal: <= %g)"
                % (
                    name,
                    large,
                    small,
                    ratio(by_key, (name, large), (name, small), "seconds"),
                    ratio(by_key, (name, large), (name, small), "cpu_seconds"),
                    large / small,
                    1.05 * large / small,
                )
            )


def ratio(by_key, numerator, denominator, figure):
    return by_key[numerator][figure] / by_key[denominator][figure]
