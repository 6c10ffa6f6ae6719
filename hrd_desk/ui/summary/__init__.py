"""The "Case summary…" dialog of the defender page (entry point: :func:`open_case_summary`)."""

from hrd_desk.ui.summary.dialog import SummaryDialog, open_case_summary

__all__ = ["SummaryDialog", "open_case_summary"]
