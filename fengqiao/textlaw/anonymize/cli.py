"""``anonymize [--policy rules|publish|research] [--json] < in.txt > out.txt``

Reads one judgment from standard input and writes the anonymised text (or, with --json, the
text, the replaced spans and the publication blockers). Exit status 0; blockers are reported,
not enforced, here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .engine import anonymize
from .gate import publication_blockers
from .policies import POLICIES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="anonymize", description="裁判文书去标识化（法释〔2016〕19号）"
    )
    parser.add_argument(
        "--policy",
        choices=sorted(POLICIES),
        default="rules",
        help="rules：仅第八条人员与第十条信息；publish：隐去全部自然人；research：再去出生日期、金额分档",
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON：text、spans、blockers")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    text = sys.stdin.read()
    if not text.strip():
        print(
            "输入为空：请通过标准输入提供裁判文书全文，例如 anonymize < 判决书.txt", file=sys.stderr
        )
        return 2
    result = anonymize(text, policy=args.policy)
    if args.json:
        payload = result.to_dict(publication_blockers(text))
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(result.text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
