"""Demo accounts, one per role, for `make run` only (SASAEAI_DEMO=1).

Passwords are random and printed once, when the accounts are made; nothing prints them
again (reset one with `manage.py changepassword <name>`).
"""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.db import transaction

from areas.models import Area
from office.models import Staff

# (user name, display name, role, area codes)
DEMO_ACCOUNTS = [
    ("demo-admin", "千葉市 高齢福祉課（見本）", Staff.Role.ADMIN, []),
    ("demo-chuo", "中央区 第1層コーディネーター（見本）", Staff.Role.COORDINATOR, ["121011"]),
    (
        "demo-higashichiba",
        "東千葉圏域 第2層コーディネーター（見本）",
        Staff.Role.COORDINATOR,
        ["121002-弁天"],
    ),
    ("demo-viewer", "ケアマネジャー（見本・閲覧のみ）", Staff.Role.VIEWER, []),
]


def create_demo_accounts() -> list[tuple[str, str, str, str]]:
    """Make the accounts that do not exist yet; returns (name, password, role, areas) of those."""
    made = []
    with transaction.atomic():
        for username, display, role, codes in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            # An address no mail reaches (example.jp is reserved): `make run` prints the
            # お知らせメール on the worker's console (the console e-mail backend).
            user = User.objects.create_user(
                username, email=f"{username}@example.jp", password=password, last_name=display
            )
            staff = Staff.objects.create(user=user, role=role, organisation=display)
            areas = list(Area.objects.filter(code__in=codes))
            staff.areas.set(areas)
            made.append(
                (username, password, staff.get_role_display(), "・".join(a.name for a in areas))
            )
    return made
