"""A coach's view: many portfolios checked (or built) at once, and one summary of where each stands.

    rows    one portfolio as one summary row: counts and codes, never a draft's words or a student's name
    run     the worker pool (Ctrl-C stops every worker and leaves each portfolio as it was), finding portfolios
    page    the summary as one self-contained HTML page, sortable, readable without JavaScript
"""

from __future__ import annotations

from mcred.cohort.rows import Row, bug_row, is_blind, row_of, unreadable_row
from mcred.cohort.run import Outcome, default_jobs, find_portfolios, run_all

__all__ = ["Outcome", "Row", "bug_row", "default_jobs", "find_portfolios", "is_blind", "row_of", "run_all",
           "unreadable_row"]
