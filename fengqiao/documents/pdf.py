"""PDF conversion through LibreOffice headless, with Fengqiao's fontconfig aliases.

Each conversion gets its own LibreOffice profile (``-env:UserInstallation``) under a
temporary folder, so parallel conversions (web workers, huey tasks, tests) never share a
profile lock.  Fonts: ``FONTCONFIG_FILE`` points to a generated file that includes the
system ``fonts.conf`` and then ``fonts/fengqiao-fonts.conf`` (nothing is written to /etc).

Punctuation: the .docx says ``w:overflowPunct="0"`` (no line-end punctuation hanging past the
版心), which Word and WPS honour but LibreOffice 7.4's import ignores (its paragraphs keep
``punctuation-wrap="hanging"``, so a 、 or 。 stands as a 29th position outside the 156 mm
block). So the conversion goes through LibreOffice's own flat ODF: .docx → .fodt, every
``style:punctuation-wrap="hanging"`` set to ``simple``, then .fodt → PDF.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

FONTS_CONF = Path(__file__).with_name("fonts") / "fengqiao-fonts.conf"
SYSTEM_FONTS_CONF = Path("/etc/fonts/fonts.conf")
DEFAULT_TIMEOUT_S = 120.0


class DocumentConversionError(RuntimeError):
    """The PDF could not be produced; the message (Chinese) says what to do."""


def find_soffice() -> str | None:
    """Path of the LibreOffice binary, or None (``FENGQIAO_SOFFICE`` overrides)."""
    override = os.environ.get("FENGQIAO_SOFFICE")
    if override:
        return override if Path(override).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def fontconfig_file(directory: Path) -> Path:
    """Write a fonts.conf that includes the system configuration plus Fengqiao's aliases."""
    system = os.environ.get("FENGQIAO_SYSTEM_FONTS_CONF", str(SYSTEM_FONTS_CONF))
    conf = directory / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f'  <include ignore_missing="yes">{system}</include>\n'
        f"  <include>{FONTS_CONF}</include>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def conversion_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(fontconfig_file(workdir))
    env["HOME"] = str(workdir)  # LibreOffice and fontconfig caches stay private
    env.setdefault("LANG", "zh_CN.UTF-8")
    env.pop("SAL_USE_VCLPLUGIN", None)
    return env


def docx_to_pdf(
    docx_path: str | Path,
    out_dir: str | Path,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    home: str | Path | None = None,
) -> Path:
    """Convert ``docx_path`` to ``out_dir/<stem>.pdf`` and return the PDF's path.

    ``home``: a long-lived folder holding the LibreOffice profile and the fontconfig cache,
    reused from one conversion to the next (the caller guarantees one conversion at a time
    per folder: ``converter.py``); by default a fresh temporary profile is made each time."""
    source = Path(docx_path).resolve()
    if not source.is_file():
        raise DocumentConversionError(f"找不到要转换的文件：{source}")
    soffice = find_soffice()
    if soffice is None:
        raise DocumentConversionError(
            "未找到 LibreOffice（soffice），无法生成 PDF。请安装：apt-get install -y "
            "--no-install-recommends libreoffice-writer-nogui fonts-noto-cjk"
        )
    target_dir = Path(out_dir).resolve()
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fengqiao-soffice-") as tmp:
        work = Path(tmp)
        base = Path(home) if home is not None else work
        base.mkdir(parents=True, exist_ok=True)
        env = conversion_env(base)
        flat_dir = work / "flat"
        _soffice(soffice, base, env, "fodt", flat_dir, source, timeout)
        flat = flat_dir / f"{source.stem}.fodt"
        flat.write_text(no_hanging_punctuation(flat.read_text(encoding="utf-8")), "utf-8")
        convert_dir = work / "out"  # convert privately, then move: no half-written PDFs
        _soffice(soffice, base, env, "pdf:writer_pdf_Export", convert_dir, flat, timeout)
        produced = convert_dir / f"{source.stem}.pdf"
        target = target_dir / produced.name
        shutil.move(str(produced), target)
    return target


HANGING_RE = re.compile(r'style:punctuation-wrap="hanging"')


def no_hanging_punctuation(flat_odf: str) -> str:
    """Turn LibreOffice's hanging punctuation off in every style and paragraph."""
    return HANGING_RE.sub('style:punctuation-wrap="simple"', flat_odf)


def _soffice(
    soffice: str, work: Path, env: dict[str, str], to: str, out: Path, source: Path, timeout: float
) -> None:
    cmd = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        to,
        "--outdir",
        str(out),
        str(source),
    ]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise DocumentConversionError(
            f"LibreOffice 转换超时（{timeout:.0f} 秒）：{source.name}。请稍后重试，"
            "或检查文档是否过大。"
        ) from exc
    except OSError as exc:
        raise DocumentConversionError(f"无法启动 LibreOffice（{soffice}）：{exc}") from exc
    suffix = to.split(":", 1)[0]
    if proc.returncode != 0 or not (out / f"{source.stem}.{suffix}").is_file():
        detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()
        raise DocumentConversionError(
            f"LibreOffice 未能将 {source.name} 转换为 PDF（退出码 {proc.returncode}）。"
            f"请确认文件能在 Word/WPS 中正常打开。{detail[-300:]}"
        )


def pdf_fonts(pdf_path: str | Path) -> list[str]:
    """Embedded font names reported by poppler's ``pdffonts`` (subset prefix removed)."""
    out = subprocess.run(
        ["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    names = []
    for line in out.splitlines()[2:]:
        if line.strip():
            names.append(line.split()[0].split("+", 1)[-1])
    return names
