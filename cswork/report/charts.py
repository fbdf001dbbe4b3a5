"""Charts with matplotlib (imported only here, when a report is written): SVG for HTML and Markdown,
PNG at 200 dpi for Word.

The Agg backend's canvas is used directly (no pyplot, no global figure state), so a report can be
written from the app's worker thread. Colours are the Okabe–Ito palette, which stays distinct for
the common forms of colour blindness; every line also differs in style.
"""

from __future__ import annotations

import io
import math
from datetime import date, timedelta
from typing import Any

from cswork.report.document import Chart, Panel

#: Okabe & Ito (2008): blue, vermillion, bluish green, orange, reddish purple, sky blue.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9")
LINE_STYLES: tuple[str, ...] = ("-", "--", "-.", ":", "-", "--")
WIDTH_INCHES = 6.7  # the text width of an A4 page with 2 cm margins
PNG_DPI = 200

_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 7.5,
    "axes.titlesize": 8.5,
    "axes.labelsize": 7.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.5,
    "legend.fontsize": 6.5,
    "legend.frameon": False,
    "xtick.labelsize": 6.5,
    "ytick.labelsize": 6.5,
    "svg.fonttype": "none",  # text stays text: smaller, searchable, read by screen readers
    "path.simplify": True,
}


def _values(values: tuple[float | None, ...]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def _on_month_ticks(x: list[Any]) -> list[Any]:
    """Month ends drawn on their month's first day, where the date axis puts that month's tick.

    Drawn as they are, 30 September sits on the 'Oct' tick and reads as October's figure. Months
    already given as their first day (demand, the outlook) are drawn there too, so every chart
    reads the same way."""
    if x and all(isinstance(d, date) and (d + timedelta(days=1)).day == 1 for d in x):
        return [d.replace(day=1) for d in x]
    return x


def _draw(ax: Any, panel: Panel, legend: bool) -> None:
    from matplotlib.dates import MONTHLY, AutoDateLocator, ConciseDateFormatter

    x = _on_month_ticks(list(panel.x))
    for index, band in enumerate(panel.bands):
        ax.fill_between(
            x,
            _values(band.low),
            _values(band.high),
            color=PALETTE[index % len(PALETTE)],
            alpha=0.2,
            linewidth=0,
            label=band.label,
        )
    for index, series in enumerate(panel.series):
        ax.plot(
            x,
            _values(series.values),
            color=PALETTE[index % len(PALETTE)],
            linestyle=LINE_STYLES[index % len(LINE_STYLES)],
            linewidth=1.4,
            drawstyle="steps-post" if series.step else "default",
            label=series.label,
        )
    if panel.reference is not None:
        ax.axhline(panel.reference, color="#555555", linewidth=0.8, linestyle=":")
    ax.set_title(panel.title, loc="left")
    ax.set_xlabel(panel.x_label)
    ax.set_ylabel(panel.y_label)
    if panel.y_from_zero:
        ax.set_ylim(bottom=0)
    if x and isinstance(x[0], date):
        locator = AutoDateLocator(maxticks=6)  # type: ignore[no-untyped-call]
        # A tick a year among the monthly spacings: without it three years of months have none
        # that gives six ticks or fewer, and matplotlib warns on the user's terminal.
        locator.intervald[MONTHLY] = [1, 2, 3, 4, 6, 12]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    if panel.x_tick_labels:
        ax.set_xticks([t for t, _ in panel.x_tick_labels])
        ax.set_xticklabels([label for _, label in panel.x_tick_labels])
    if len(panel.series) + len(panel.bands) > 1 and legend:
        ax.legend(loc="best")  # where it covers fewest points: "upper left" sat on the lines


def _figure(chart: Chart) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    columns = max(1, min(chart.columns, len(chart.panels)))
    rows = math.ceil(len(chart.panels) / columns)
    height = chart.height * rows
    figure = Figure(figsize=(WIDTH_INCHES, height))
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, columns, squeeze=False)
    # One legend for the figure when every panel draws the same lines (small multiples, fans).
    shared = len({_labels(p) for p in chart.panels}) == 1 and len(chart.panels) > 1
    for index, ax in enumerate(axes.flat):
        if index < len(chart.panels):
            _draw(ax, chart.panels[index], legend=not shared)
        else:
            ax.set_visible(False)
    top = 1 - 0.32 / height
    if shared:
        handles, labels = axes.flat[0].get_legend_handles_labels()
        figure.legend(handles, labels, loc="upper center", ncols=min(4, len(labels)))
        top -= 0.22 / height
    # Fixed margins (in inches, turned into fractions): far cheaper than a layout engine.
    figure.subplots_adjust(
        left=0.6 / WIDTH_INCHES,
        right=1 - 0.15 / WIDTH_INCHES,
        bottom=(0.62 if any(p.x_tick_labels for p in chart.panels) else 0.5) / height,
        top=top,
        wspace=0.28,
        hspace=0.55 * 2.5 / chart.height,
    )
    return figure


def _labels(panel: Panel) -> tuple[str, ...]:
    return (*(b.label for b in panel.bands), *(s.label for s in panel.series))


def chart_svg(chart: Chart) -> str:
    """The chart as an inline SVG element, labelled with its alt text."""
    import matplotlib

    settings: Any = {**_RC, "svg.hashsalt": f"cswork-{chart.key}"}
    with matplotlib.rc_context(settings):
        figure = _figure(chart)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def chart_png(chart: Chart) -> bytes:
    """The chart as a PNG at :data:`PNG_DPI`."""
    import matplotlib

    settings: Any = _RC
    with matplotlib.rc_context(settings):
        figure = _figure(chart)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()
