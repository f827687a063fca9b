"""``similar-rank``: rank a directory of candidate judgments against a query case.

python -m fengqiao.mining.similar.cli --query case.txt --candidates dir/ [--json] [--top N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="similar-rank",
        description="Rank candidate judgments (.txt or .json with a full-text field) by "
        "similarity to a query case (facts or full judgment).",
    )
    parser.add_argument("--query", required=True, type=Path, help="query case, plain text")
    parser.add_argument("--candidates", required=True, type=Path, help="directory of candidates")
    parser.add_argument("--json", action="store_true", help='print [{"id","score","reasons"}]')
    parser.add_argument("--top", type=int, default=None, help="print only the best N")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Imported after parsing: --help and usage errors never load the engine's libraries.
    from fengqiao.mining.similar.engine import SimilarEngine
    from fengqiao.mining.similar.loaders import load_candidates, read_query

    if not args.query.is_file():
        print(f"similar-rank: query file not found: {args.query}", file=sys.stderr)
        return 2
    if not args.candidates.is_dir():
        print(f"similar-rank: not a directory: {args.candidates}", file=sys.stderr)
        return 2
    try:
        query = read_query(args.query)
        candidates = load_candidates(args.candidates)
    except (OSError, ValueError) as exc:
        print(f"similar-rank: {exc}", file=sys.stderr)
        return 2
    hits = SimilarEngine().rank(query, candidates)
    if args.top is not None:
        hits = hits[: args.top]
    if args.json:
        json.dump([hit.to_dict() for hit in hits], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("".join(f"{hit.id}\n" for hit in hits))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
