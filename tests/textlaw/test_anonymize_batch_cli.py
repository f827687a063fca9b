"""``fengqiao anonymize --policy publish --out DIR FILE…``: many documents in one process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from fengqiao.textlaw.anonymize import anonymize
from fengqiao.textlaw.anonymize.cli import main

ROOT = Path(__file__).resolve().parents[2]

DOC_A = (
    "某县人民法院 刑事判决书 （2018）湘0111刑初1号 公诉机关某县人民检察院。"
    " 被告人陈小明，男，1990年5月1日出生，汉族，住某县幸福路8号。 辩护人吴大为，某律师事务所律师。"
    "经审理查明：2017年10月3日，被告人陈小明在某超市盗窃手机一部。"
    "本院认为，被告人陈小明的行为已构成盗窃罪。 审判员 李正义 二〇一八年四月一日 书记员 郑清清"
)
DOC_B = DOC_A.replace("陈小明", "王大山").replace("1号", "2号")
MINOR = DOC_A.replace("1990年5月1日", "2002年5月1日")  # 15 at the offence: a gate blocker


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_batch_writes_same_names_and_matches_single_document(tmp_path, capsys):
    a = _write(tmp_path / "in" / "a.txt", DOC_A)
    b = _write(tmp_path / "in" / "sub" / "b.txt", DOC_B)
    out = tmp_path / "out"
    assert main(["--policy", "publish", "--out", str(out), str(a), str(b)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]
    assert (out / "a.txt").read_text(encoding="utf-8") == anonymize(DOC_A, policy="publish").text
    assert "陈小明" not in (out / "a.txt").read_text(encoding="utf-8")
    assert "王大山" not in (out / "b.txt").read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert "已去标识化 2 个文件，失败 0 个" in err


def test_failures_are_reported_and_the_batch_goes_on(tmp_path, capsys):
    good = _write(tmp_path / "good.txt", DOC_A)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(DOC_B.encode("gb18030"))
    empty = _write(tmp_path / "empty.txt", "  \n")
    later = _write(tmp_path / "z_later.txt", DOC_B)
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    args = [str(good), str(gbk), str(missing), str(tmp_path), str(empty), str(later)]
    assert main(["--policy", "publish", "--out", str(out), *args]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["good.txt", "z_later.txt"]
    err = capsys.readouterr().err
    assert f"失败：{gbk}：不是 utf-8 编码" in err
    assert f"失败：{missing}：文件不存在" in err
    assert f"失败：{tmp_path}：是目录" in err
    assert f"失败：{empty}：文件为空" in err
    assert "已去标识化 2 个文件，失败 4 个" in err


def test_encoding_option_reads_gbk(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(DOC_B.encode("gb18030"))
    out = tmp_path / "out"
    assert main(["--out", str(out), "--encoding", "gb18030", str(gbk)]) == 0
    assert (out / "gbk.txt").read_text(encoding="utf-8").startswith("某县人民法院")


def test_json_summary(tmp_path, capsys):
    a = _write(tmp_path / "a.txt", DOC_A)
    minor = _write(tmp_path / "minor.txt", MINOR)
    clash = _write(tmp_path / "other" / "a.txt", DOC_B)  # same name as a.txt
    out = tmp_path / "out"
    code = main(
        ["--policy", "publish", "--json", "--out", str(out), str(a), str(minor), str(clash)]
    )
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["ok"], data["failed"], data["policy"]) == (2, 1, "publish")
    by_file = {(f["file"], f["ok"]): f for f in data["files"]}
    assert by_file[(str(a), True)]["out"] == str(out / "a.txt")
    assert by_file[(str(a), True)]["replaced"] > 0
    assert [b["code"] for b in by_file[(str(minor), True)]["blockers"]]  # the minor is flagged
    assert "同名" in by_file[(str(clash), False)]["error"]
    # the first a.txt was not overwritten by the clashing one
    assert (out / "a.txt").read_text(encoding="utf-8") == anonymize(DOC_A, policy="publish").text


def test_refuses_to_overwrite_its_input(tmp_path, capsys):
    a = _write(tmp_path / "a.txt", DOC_A)
    assert main(["--out", str(tmp_path), str(a)]) == 1
    assert a.read_text(encoding="utf-8") == DOC_A
    assert "就是输入文件本身" in capsys.readouterr().err


def test_usage_errors(tmp_path, capsys):
    a = _write(tmp_path / "a.txt", DOC_A)
    assert main(["--out", str(tmp_path / "o")]) == 2
    assert main([str(a), str(a)]) == 2
    assert "--out" in capsys.readouterr().err


def test_one_file_without_out_goes_to_stdout(tmp_path, capsys):
    a = _write(tmp_path / "a.txt", DOC_A)
    assert main(["--policy", "publish", str(a)]) == 0
    assert capsys.readouterr().out == anonymize(DOC_A, policy="publish").text


def test_stdin_to_stdout_still_works(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(DOC_A))
    assert main(["--policy", "publish"]) == 0
    assert capsys.readouterr().out == anonymize(DOC_A, policy="publish").text


def test_fengqiao_command_batch_in_one_process(tmp_path):
    files = [_write(tmp_path / "in" / f"{i}.txt", DOC_A if i % 2 else DOC_B) for i in range(4)]
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "fengqiao.settings"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "fengqiao.cli",
            "anonymize",
            "--policy",
            "publish",
            "--out",
            str(out),
            *map(str, files),
            str(tmp_path / "nope.txt"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["0.txt", "1.txt", "2.txt", "3.txt"]
    assert "已去标识化 4 个文件，失败 1 个" in done.stderr
