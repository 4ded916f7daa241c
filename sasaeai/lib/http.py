"""Small markers for views, read by the project's middleware."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

View = TypeVar("View", bound=Callable[..., object])


def answers_json(view: View) -> View:
    """Mark a view whose callers read JSON: a refusal before it runs is JSON too.

    Django's decorators copy a function's attributes onto their wrappers
    (functools.wraps), so the mark may sit under them."""
    view.answers_json = True  # type: ignore[attr-defined]
    return view
