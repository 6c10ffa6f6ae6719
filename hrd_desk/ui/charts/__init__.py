"""Custom-painted pieces: the likelihood × impact risk matrix and the risk trend chart.

Qt mirrors layouts for right-to-left languages but not what a widget paints itself, so both
widgets lay themselves out left-to-right and mirror every rectangle when the widget is
right-to-left (likelihood and time then run leftwards, the axis titles sit on the right).
Sizes come from the font, so they grow with the text scale; colour is never the only cue:
every level is written out, and the position is stated in words for screen readers.
"""

from hrd_desk.ui.charts.colours import LEVEL_FILLS, level_fill, level_style_sheet
from hrd_desk.ui.charts.risk_matrix import RiskMatrix, position_text
from hrd_desk.ui.charts.risk_trend import RiskTrend

__all__ = [
    "LEVEL_FILLS",
    "RiskMatrix",
    "RiskTrend",
    "level_fill",
    "level_style_sheet",
    "position_text",
]
