"""The model layer keeps each resource's derived columns and search index current.

Every change to what a resource's index holds — the resource itself, its provider's or a
category's name and code, its categories, served areas and schedule rules — names the
resources it touches to search.changed(), which rebuilds them once when the transaction
commits. Callers (the back office, imports, the admin, a shell) need not remember to.
Queryset update() and bulk_create() send no signals: who uses them reindexes itself
(search.reindex, as the demo loader does).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from areas.models import Area
from directory import search
from directory.models import Category, Provider, Resource, ScheduleRule


@receiver(post_save, sender=Resource, dispatch_uid="directory.resource_saved")
def resource_saved(sender, instance: Resource, raw: bool = False, **kwargs) -> None:
    # save() writes the schedule-derived columns the instance was loaded with, which may be
    # older than its rules: they are checked against the rules too (rewritten if they differ).
    if not raw:  # loaddata: the fixture's rows, indexed by whoever loads them
        search.changed([instance.pk], rules=True)


@receiver(post_delete, sender=Resource, dispatch_uid="directory.resource_deleted")
def resource_deleted(sender, instance: Resource, **kwargs) -> None:
    # Its index rows go with it (CASCADE); what was kept of its city's searches goes too.
    search.touch([instance.municipality_id])


@receiver(post_save, sender=ScheduleRule, dispatch_uid="directory.rule_saved")
@receiver(post_delete, sender=ScheduleRule, dispatch_uid="directory.rule_deleted")
def rule_changed(sender, instance: ScheduleRule, raw: bool = False, **kwargs) -> None:
    if not raw:
        search.changed([instance.resource_id], rules=True)


@receiver(post_save, sender=Provider, dispatch_uid="directory.provider_saved")
@receiver(pre_delete, sender=Provider, dispatch_uid="directory.provider_deleted")
def provider_changed(sender, instance: Provider, raw: bool = False, **kwargs) -> None:
    # A new provider has no resources yet; a deleted one leaves them without a provider
    # (SET_NULL, which saves no resource): name them before they lose it.
    if not raw and not kwargs.get("created"):
        search.changed(Resource.objects.filter(provider=instance).values_list("pk", flat=True))


@receiver(post_save, sender=Category, dispatch_uid="directory.category_saved")
@receiver(pre_delete, sender=Category, dispatch_uid="directory.category_deleted")
def category_changed(sender, instance: Category, raw: bool = False, **kwargs) -> None:
    # Its name and short name are in the text of what is filed under it, its code in their
    # condition tokens (a sub-category's resources carry their own code's prefixes).
    if not raw and not kwargs.get("created"):
        search.changed(instance.resources.values_list("pk", flat=True))


@receiver(m2m_changed, sender=Resource.categories.through, dispatch_uid="directory.categories")
@receiver(m2m_changed, sender=Resource.served_areas.through, dispatch_uid="directory.areas")
def links_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """resource.categories / served_areas, or from the other side (category.resources)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            search.changed([instance.pk])
    elif action in ("post_add", "post_remove"):
        search.changed(pk_set)
    elif action == "pre_clear":  # afterwards nothing says which resources they were
        related = sender.objects.filter(**{f"{_other_side(sender)}_id": instance.pk})
        search.changed(related.values_list("resource_id", flat=True))


@receiver(post_save, sender=Area, dispatch_uid="directory.area_saved")
def area_saved(sender, instance: Area, raw: bool = False, **kwargs) -> None:
    """An area renamed (in the admin): cards and pages name towns, 圏域 and served areas, and
    are kept under the city's stamp (directory/cardcache.py, pagecache.py)."""
    if not raw and not kwargs.get("created"):
        search.touch([instance.municipality_id or instance.pk])


def _other_side(through) -> str:
    return "category" if through is Resource.categories.through else "area"
