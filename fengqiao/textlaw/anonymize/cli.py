"""``anonymize [--policy rules|publish|research] [--json] < in.txt > out.txt``
``anonymize [--policy …] [--json] --out DIR FILE…``

Without FILE, reads one judgment from standard input and writes the anonymised text (or, with
--json, the text, the replaced spans and the publication blockers) to standard output.

With FILEs, anonymises them all in this one process (the segmenter and the recognisers are set
up once) and writes ``DIR/<same name>`` for each; a file that cannot be read or decoded is
reported and skipped, the others go on. A summary line goes to standard error; with --json the
summary (one entry per file, with its blockers) goes to standard output. Exit status 0 when
every file was written, 1 when any failed, 2 for a usage error. Blockers are reported, not
enforced, here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

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
    parser.add_argument(
        "--json",
        action="store_true",
        help="单篇：输出 JSON（text、spans、blockers）；批量：以 JSON 输出每个文件的处理结果",
    )
    parser.add_argument(
        "--out", metavar="DIR", help="批量模式：输出目录，每个输入写成 DIR/同名文件"
    )
    parser.add_argument(
        "--encoding", default="utf-8", help="输入文件的编码，默认 utf-8（可带 BOM）"
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="要去标识化的文本文件")
    return parser


@dataclass
class FileResult:
    file: str
    ok: bool
    out: str | None = None
    error: str | None = None
    replaced: int = 0
    blockers: list[dict[str, Any]] = field(default_factory=list)


def _read_text(path: Path, encoding: str) -> str:
    """The file's text; ValueError with a message for people when it cannot be used."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ValueError("是目录，不是文件") from None
    except FileNotFoundError:
        raise ValueError("文件不存在") from None
    except OSError as exc:
        raise ValueError(f"无法读取（{exc.strerror or exc}）") from None
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"不是 {encoding} 编码（第 {exc.start} 字节无法解码）；请转换编码或用 --encoding 指定"
        ) from None
    if not text.strip():
        raise ValueError("文件为空")
    return text


def _write_atomically(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def anonymize_files(
    files: Sequence[str], *, out_dir: Path, policy: str, encoding: str = "utf-8"
) -> list[FileResult]:
    """Anonymise every file into ``out_dir/<same name>``; one failure never stops the rest."""
    from .engine import anonymize
    from .gate import publication_blockers

    results: list[FileResult] = []
    written: dict[str, str] = {}
    for name in files:
        path = Path(name)
        target = out_dir / path.name
        try:
            if path.name in written:
                raise ValueError(f"与 {written[path.name]} 同名，输出会互相覆盖；请分批处理")
            if target.exists() and path.exists() and target.resolve() == path.resolve():
                raise ValueError("输出文件就是输入文件本身；请换一个输出目录")
            text = _read_text(path, encoding)
            result = anonymize(text, policy=policy)
            _write_atomically(target, result.text)
        except (ValueError, OSError) as exc:
            message = str(exc) if isinstance(exc, ValueError) else f"无法写出（{exc}）"
            results.append(FileResult(file=name, ok=False, error=message))
            continue
        written[path.name] = name
        blockers = [asdict(b) for b in publication_blockers(text)]
        results.append(
            FileResult(
                file=name,
                ok=True,
                out=str(target),
                replaced=len(result.replacements),
                blockers=blockers,
            )
        )
    return results


def _run_single(args: argparse.Namespace, text: str, out: TextIO) -> int:
    from .engine import anonymize
    from .gate import publication_blockers

    result = anonymize(text, policy=args.policy)
    if args.json:
        payload = result.to_dict(publication_blockers(text))
        json.dump(payload, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(result.text)
    return 0


def _run_batch(args: argparse.Namespace) -> int:
    out_dir = Path(args.out)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"无法创建输出目录 {out_dir}：{exc.strerror or exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results = anonymize_files(
        args.files, out_dir=out_dir, policy=args.policy, encoding=args.encoding
    )
    seconds = time.perf_counter() - started
    done = sum(r.ok for r in results)
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"失败：{r.file}：{r.error}", file=sys.stderr)
    rate = done / seconds if seconds > 0 else 0.0
    print(
        f"已去标识化 {done} 个文件，失败 {len(failed)} 个，输出到 {out_dir}"
        f"（用时 {seconds:.1f} 秒，{rate:.1f} 份/秒）",
        file=sys.stderr,
    )
    if args.json:
        summary = {
            "policy": args.policy,
            "out": str(out_dir),
            "ok": done,
            "failed": len(failed),
            "seconds": round(seconds, 3),
            "files": [asdict(r) for r in results],
        }
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.out is not None and not args.files:
        print("用了 --out 却没有给出文件：anonymize --out 目录 文件1 文件2 …", file=sys.stderr)
        return 2
    if args.files and args.out is None:
        if len(args.files) > 1:
            print("多个文件请用 --out 指定输出目录：anonymize --out 目录 文件…", file=sys.stderr)
            return 2
        try:
            text = _read_text(Path(args.files[0]), args.encoding)
        except ValueError as exc:
            print(f"失败：{args.files[0]}：{exc}", file=sys.stderr)
            return 1
        return _run_single(args, text, sys.stdout)
    if args.files:
        return _run_batch(args)
    text = sys.stdin.read()
    if not text.strip():
        print(
            "输入为空：请通过标准输入提供裁判文书全文，例如 anonymize < 判决书.txt", file=sys.stderr
        )
        return 2
    return _run_single(args, text, sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
