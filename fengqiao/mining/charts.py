"""Static charts (PNG bytes) for generated documents: line, bar and pie, with a CJK font.

Charts are drawn with matplotlib's object API (``Figure`` + Agg canvas, no pyplot state), at
150 dpi and a default width of 6 inches (≈152 mm, the GB/T 9704 text block is 156 mm), so an
image inserted at the text width keeps its font sizes (9–10 pt labels).

Chinese labels need a CJK font. :func:`cjk_font_family` asks fontconfig (``fc-list :lang=zh``)
for the font *files* and registers the preferred one with matplotlib directly, so a font cache
built before the fonts were installed does not matter; ``FENGQIAO_CHART_FONT`` (a family name or
a font file path) overrides. Every chart checks, before it is saved, that each character of each
text it draws has a glyph in the font matplotlib picked for it; when one does not (no CJK font on
the machine, or a character the font lacks) :class:`ChartFontError` is raised with a Chinese
message — a report is never produced with missing-glyph boxes, and no hint text is printed into
a document.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import threading
import warnings
from collections.abc import Mapping, Sequence
from functools import lru_cache

from matplotlib import font_manager, rc_context, rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = [
    "DPI",
    "PALETTE",
    "ChartFontError",
    "bar_chart",
    "cjk_font_family",
    "line_chart",
    "missing_glyphs",
    "pie_chart",
]

DPI = 150
WIDTH_IN = 6.0
PALETTE = ("#A61B29", "#1F4E79", "#D98E04", "#4F7F3A", "#6B4C9A", "#7F7F7F", "#2E8B99")
_GRID = "#D9D9D9"
_TEXT = "#262626"

_PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Serif CJK SC",
)
_LOCK = threading.Lock()  # rc_context changes the global rcParams while a chart is drawn


log = logging.getLogger(__name__)
_GENERIC = {"sans-serif", "serif", "monospace", "cursive", "fantasy"}


class ChartFontError(RuntimeError):
    """A chart would show missing-glyph boxes: the message says what to install."""


def _fontconfig_cjk_files() -> dict[str, str]:
    """Family → font file of the Simplified-Chinese fonts fontconfig knows (regular faces first)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return {}
    try:
        listing = subprocess.run(
            [fc_list, ":lang=zh", "file", "family", "style"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, str] = {}
    for line in sorted(listing.splitlines(), key=lambda line: "Regular" not in line):
        path, _, rest = line.partition(": ")
        families = rest.split(":style=")[0]
        for family in families.split(","):
            found.setdefault(family.strip(), path.strip())
    return found


@lru_cache(maxsize=1)
def cjk_font_family() -> str | None:
    """The family name used for chart text, or None when no CJK font is installed.

    The font file is registered with matplotlib (``addfont``) whatever its cache says.
    """
    override = os.environ.get("FENGQIAO_CHART_FONT", "").strip()
    if override:
        if os.path.isfile(override):
            font_manager.fontManager.addfont(override)
            return font_manager.FontProperties(fname=override).get_name()
        return override
    files = _fontconfig_cjk_files()
    for name in _PREFERRED:
        if name in files:
            try:
                font_manager.fontManager.addfont(files[name])
            except (OSError, RuntimeError, ValueError) as exc:  # an unreadable font file
                log.warning("chart font %s (%s) could not be loaded: %s", name, files[name], exc)
                continue
            return name
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in _PREFERRED:
        if name in names:
            return name
    cjk = sorted(n for n in names if "CJK" in n and " SC" in n) or sorted(
        n for n in names if "CJK" in n
    )
    return cjk[0] if cjk else None


@lru_cache(maxsize=32)
def _font_for(path: str):
    from matplotlib.ft2font import FT2Font

    return FT2Font(path)


def missing_glyphs(fig: Figure) -> list[str]:
    """Characters drawn in ``fig`` that none of the fonts matplotlib may use for them (the
    text's family list, each resolved to a file) can show."""
    from matplotlib.text import Text

    missing: set[str] = set()
    for text in fig.findobj(Text):
        content = text.get_text()
        if not content.strip() or not text.get_visible():
            continue
        prop = text.get_fontproperties()
        fonts = []
        for family in prop.get_family():
            names = rcParams[f"font.{family}"] if family in _GENERIC else [family]
            for name in names:
                candidate = prop.copy()
                candidate.set_family(name)
                try:
                    path = font_manager.findfont(candidate, fallback_to_default=False)
                except ValueError:
                    continue
                fonts.append(_font_for(path))
        missing.update(
            ch
            for ch in content
            if not ch.isspace() and not any(f.get_char_index(ord(ch)) for f in fonts)
        )
    return sorted(missing)


def _check_glyphs(fig: Figure) -> None:
    missing = missing_glyphs(fig)
    if missing:
        log.error("chart has characters without glyphs: %s", "".join(missing))
        raise ChartFontError(
            "图表中的文字“" + "".join(missing[:10]) + "”在可用字体中没有字形，无法生成文书。"
            "请系统管理员安装中文字体（Debian：apt-get install fonts-noto-cjk），"
            "或用环境变量 FENGQIAO_CHART_FONT 指定字体文件后重试。"
        )


def _rc() -> dict[str, object]:
    family = cjk_font_family()
    fonts = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    return {
        "font.family": "sans-serif",
        "font.sans-serif": fonts,
        "font.size": 10,
        "axes.unicode_minus": False,
        "axes.edgecolor": "#595959",
        "axes.labelcolor": _TEXT,
        "xtick.color": _TEXT,
        "ytick.color": _TEXT,
        "text.color": _TEXT,
        "svg.fonttype": "none",
    }


def _new_figure(height_in: float, width_in: float = WIDTH_IN) -> Figure:
    fig = Figure(figsize=(width_in, height_in), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    with warnings.catch_warnings():  # a missing glyph is reported by _check_glyphs instead
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.canvas.draw()  # lay out the texts (tick labels exist only after a draw)
    _check_glyphs(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.08)
    return buffer.getvalue()


def _style_axes(ax, *, grid_axis: str = "y") -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis=grid_axis, color=_GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _label_width_in(labels: Sequence[str], size_pt: float = 10) -> float:
    """Rough width of the widest tick label's longest line, in inches."""
    widest = 0.0
    for label in labels:
        for line in str(label).split("\n"):
            em = sum(1.0 if ord(ch) > 0x2E80 else 0.58 for ch in line)
            widest = max(widest, em * size_pt / 72)
    return widest + 0.08


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def line_chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float]] | Sequence[float],
    *,
    title: str | None = None,
    ylabel: str | None = None,
    marker_index: int | None = None,
    marker_label: str | None = None,
    height_in: float = 3.0,
    value_labels: bool | None = None,
) -> bytes:
    """Line chart over categorical ``labels`` (periods); one line per entry of ``series``.

    ``marker_index`` draws a dashed vertical line before that label (e.g. a delivery date)
    captioned ``marker_label``. Point values are printed when there are at most 16 points.
    """
    data = dict(series) if isinstance(series, Mapping) else {"": list(series)}
    with _LOCK, rc_context(_rc()):
        fig = _new_figure(height_in)
        ax = fig.add_subplot()
        xs = list(range(len(labels)))
        show_values = value_labels if value_labels is not None else len(labels) <= 16
        for i, (name, values) in enumerate(data.items()):
            color = PALETTE[i % len(PALETTE)]
            ax.plot(xs, list(values), color=color, linewidth=1.8, marker="o", markersize=3.5,
                    label=name or None)  # fmt: skip
            if show_values:
                for x, v in zip(xs, values, strict=False):
                    ax.annotate(_fmt(v), (x, v), textcoords="offset points", xytext=(0, 5),
                                ha="center", fontsize=8, color=color)  # fmt: skip
        if marker_index is not None and 0 <= marker_index <= len(labels):
            ax.axvline(marker_index - 0.5, color="#595959", linestyle="--", linewidth=1)
            if marker_label:
                ax.annotate(marker_label, (marker_index - 0.5, 1), xycoords=("data", "axes fraction"),
                            xytext=(4, -12), textcoords="offset points", fontsize=9)  # fmt: skip
        step = max(1, -(-len(labels) // 16))
        shown = [labels[i] for i in xs[::step]]
        ax.set_xticks(xs[::step], shown)
        if _label_width_in(shown) * len(shown) > 0.9 * (WIDTH_IN - 0.6):
            for tick in ax.get_xticklabels():
                tick.set_rotation(40)
                tick.set_horizontalalignment("right")
        ax.set_ylim(bottom=0, top=max([1.0, *(max(v, default=0) for v in data.values())]) * 1.18)
        ax.yaxis.get_major_locator().set_params(integer=True)
        if ylabel:
            ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        if len(data) > 1 or next(iter(data)) != "":
            ax.legend(frameon=False, loc="upper left", ncols=max(1, len(data)))
        _style_axes(ax)
        return _png(fig)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    horizontal: bool = False,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    highlight_last: bool = False,
    height_in: float | None = None,
) -> bytes:
    """Bar chart with value labels. Horizontal bars keep the first label on top (ranked
    lists such as 案由); ``highlight_last`` greys the last bar (an "其他" remainder)."""
    n = len(labels)
    colors = [PALETTE[0]] * n
    if highlight_last and n:
        colors[-1] = "#A6A6A6"
    with _LOCK, rc_context(_rc()):
        if horizontal:
            fig = _new_figure(height_in or max(1.5, 0.26 * n + 0.55))
            ax = fig.add_subplot()
            ys = list(range(n))[::-1]
            bars = ax.barh(ys, list(values), color=colors, height=0.62)
            ax.set_yticks(ys, list(labels))
            ax.set_xlim(0, max([1.0, *values]) * 1.15)
            ax.xaxis.get_major_locator().set_params(integer=True)
            _style_axes(ax, grid_axis="x")
        else:
            fig = _new_figure(height_in or 2.8)
            ax = fig.add_subplot()
            bars = ax.bar(list(range(n)), list(values), color=colors, width=0.6)
            ax.set_xticks(list(range(n)), list(labels))
            ax.set_ylim(0, max([1.0, *values]) * 1.18)
            ax.yaxis.get_major_locator().set_params(integer=True)
            _style_axes(ax)
        ax.bar_label(bars, labels=[_fmt(v) for v in values], padding=2, fontsize=8.5)
        if xlabel:
            ax.set_xlabel(xlabel)
        if ylabel:
            ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        return _png(fig)


def pie_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str | None = None,
    unit: str = "件",
    height_in: float = 2.8,
) -> bytes:
    """Donut chart with "label n件 (x%)" in a legend on the right; zero slices are dropped."""
    pairs = [(lab, v) for lab, v in zip(labels, values, strict=True) if v > 0]
    total = sum(v for _, v in pairs)
    with _LOCK, rc_context(_rc()):
        fig = _new_figure(height_in)
        ax = fig.add_subplot()
        if not pairs:
            ax.text(0.5, 0.5, "无数据", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return _png(fig)
        wedges, _ = ax.pie(
            [v for _, v in pairs],
            colors=[PALETTE[i % len(PALETTE)] for i in range(len(pairs))],
            startangle=90,
            counterclock=False,
            wedgeprops={"width": 0.42, "edgecolor": "white", "linewidth": 1.2},
        )
        ax.set_aspect("equal")
        legend = [f"{lab}　{_fmt(v)}{unit}（{v / total:.1%}）" for lab, v in pairs]
        ax.legend(wedges, legend, frameon=False, loc="center left", bbox_to_anchor=(1.02, 0.5))
        ax.text(0, 0, f"共{_fmt(total)}{unit}", ha="center", va="center", fontsize=11)
        if title:
            ax.set_title(title)
        return _png(fig)
