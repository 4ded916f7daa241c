"""Split into office/reports.py, office/links.py and office/proposals.py (issue 10).

This module only hands out their names until every import reads them from there.
"""

from __future__ import annotations

from typing import Any

from office import links, proposals, reports


def __getattr__(name: str) -> Any:
    for module in (reports, links, proposals):
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(name)
