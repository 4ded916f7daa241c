"""Plain helpers for background work (django-tasks): what a failed job says to a person."""

from __future__ import annotations

from django.db import DatabaseError


def failure_reason(error: BaseException) -> str:
    """Why a job failed, in plain Japanese, from the kind of error (never its text, which may
    be English or hold data)."""
    if isinstance(error, MemoryError):
        return "大きすぎて、作業の途中でメモリーが足りなくなりました"
    if isinstance(error, DatabaseError):
        return "データベースに書き込めませんでした（空き容量や接続を確かめてください）"
    if isinstance(error, OSError):
        return "ファイルを読み書きできませんでした（空き容量や権限を確かめてください）"
    return "思いがけないエラーが起きました（記録を管理者が確かめられます）"
