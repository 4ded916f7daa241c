"""`manage.py createsuperuser` makes the installation's 全体の管理者: the first account works at
/office/ and /office/admin/ at once (issue 15), with no Staff row to make by hand."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from office.models import installation_staff


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def superuser_is_installation_admin(sender, instance, created: bool, raw: bool = False, **kwargs):
    if created and instance.is_superuser and not raw:
        installation_staff(instance)
