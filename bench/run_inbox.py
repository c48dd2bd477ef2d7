"""Runs bench/inbox.py's fill and measure on a port of our choosing, without
writing to its section of docs/performance.md (bench/site.py reports the figures
in its own section).

    python bench/run_inbox.py --rows 20000 --port 8791
"""

import argparse
import importlib.util
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--timeout", type=int, default=180)
    args = parser.parse_args()
    path = Path(__file__).with_name("inbox.py")
    spec = importlib.util.spec_from_file_location("bench_inbox", path)
    inbox = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(inbox)
    inbox.PORT = args.port
    inbox.fill(args.rows)
    inbox.measure(write_docs=False, timeout=args.timeout)


if __name__ == "__main__":
    main()
