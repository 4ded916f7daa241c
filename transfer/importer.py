"""Importing 地域資源 from CSV or Excel: read, map the columns, preview, then commit.

`preview()` reads a file (transfer/reading.py, within its limits) and says, row by row,
what would be stored (new / changed with its differences / unchanged / outside the
coordinator's areas and unchanged / error) without writing anything. `commit()` writes a
preview whose rows are all valid, all or nothing, through office.editing so every row gets
its history, version and area checks; the search index follows. The command, the views and
the benchmark call these two functions.

Nothing is invented: a cell the file leaves empty is unknown, never a default; a phone cell
gives only a number that was written to dial; a cell holding 〓 (a character our CP932
export could not write) is left out unless the coordinator takes it as written.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction

from areas.models import Area
from directory.models import Category, Provider, Resource, ScheduleRule
from office import editing, history
from office.history import model_field
from office.models import Revision, Staff
from transfer import parsing
from transfer.columns import BY_KEY
from transfer.context import Context
from transfer.mapping import guess_mapping, headers_are_ours
from transfer.models import ImportJob
from transfer.outcome import Preview, Problem, Row
from transfer.reading import encoding_label, read_table
from transfer.snapshots import chunks

# Who imports: a back-office user, or nobody (the command without --as).
Editor = AbstractBaseUser | AnonymousUser | None


class ImportRefusedError(Exception):
    """Commit refused (errors, or the data changed since the preview); nothing was saved."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def import_comment(filename: str) -> str:
    return f"ファイルから取り込み：{filename}"


def preview(
    file_bytes: bytes,
    filename: str,
    *,
    staff_or_none: Staff | None,
    municipality: Area,
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
) -> Preview:
    """What importing this file would do. Raises FileRejectedError for an unreadable file."""
    table = read_table(file_bytes, encoding)
    guessed = guess_mapping(table.headers)
    needs_mapping = mapping is None and not headers_are_ours(table.headers)
    if mapping is not None:
        guessed.update(
            {h: k for h, k in mapping.items() if h in guessed and (k in BY_KEY or k == "")}
        )
        guessed = {h: k for h, k in guessed.items() if h in table.headers}
    result = Preview(
        filename=filename,
        kind=table.kind,
        encoding=table.encoding,
        headers=[h for h in table.headers if h],
        mapping=guessed,
        needs_mapping=needs_mapping,
        municipality=municipality,
        staff=staff_or_none,
    )
    keys = [k for k in guessed.values() if k]
    for key in {k for k in keys if keys.count(k) > 1}:
        result.problems.append(f"「{BY_KEY[key].header}」に割り当てた列が2つ以上あります。")
    if "name" not in keys:
        result.problems.append(
            "「名称」の列が見つかりません。見出しを確かめるか、列の対応で「名称」を選んでください。"
        )
        result.needs_mapping = True
    if not table.rows:
        result.problems.append("データの行がありません（1行目は見出しです）。")
    if staff_or_none is not None and not staff_or_none.can_write:
        result.problems.append("閲覧者のアカウントでは取り込めません。")
    if result.problems:
        return result
    context = Context(municipality, staff_or_none, table, guessed)
    result.rows = context.rows()
    return result


# ---------------------------------------------------------------- commit


@dataclass
class Result:
    created: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    unchanged: int = 0
    outside: int = 0  # unchanged rows of resources outside the coordinator's areas
    seconds_writing: float = 0.0  # time inside the write transaction (SQLite's one lock)


@dataclass
class _Write:
    """One row's write, worked out before the transaction: plain values and primary keys."""

    row: Row
    fields: dict[str, Any]  # attname → value, as history.apply would set them
    categories: list[int] | None  # Category pks to set; None: unchanged
    served_areas: list[int] | None  # Area pks to set; None: unchanged
    rules: list[dict[str, Any]] | None  # rule_data dicts to store; None: unchanged
    new_provider: str = ""  # match_key of the name of a provider created by this import


def commit(
    source: Preview,
    user: Editor,
    *,
    expected: list[list[Any]] | None = None,
    accept_geta: bool = False,
    progress: Callable[[int, int], None] | None = None,
    finish: Callable[[Result], None] | None = None,
) -> Result:
    """Write every new and changed row, or none: one transaction, office.editing per row.

    `expected` is the fingerprint of the preview the coordinator saw: if the file now
    previews differently (someone changed a resource since), nothing is written.
    `accept_geta`: cells holding 〓 are taken as written (see Context.offer_geta).
    `progress(done, total)` is called as rows are written (the background import's bar).
    `finish(result)` writes inside the same transaction (the job's 「取り込み済み」).

    Everything that reads or computes happens before the transaction opens; inside it are
    the writes (providers in one statement, each row through office.editing, which checks
    its version and area and records its history) and a few checks that what the rows point
    to still exists. The search index is rebuilt after it, on COMMIT (directory/signals.py).
    """
    if expected is not None and [list(x) for x in expected] != source.fingerprint():
        raise ImportRefusedError(_changed_message())
    rows = source.rows_for(accept_geta)
    if not source.committable(accept_geta):
        raise ImportRefusedError(
            (
                "エラーのある行があるため取り込めません。ファイルを直してから、もう一度アップロードしてください。"
            )
            if source.problems or any(r.kind == "error" for r in rows)
            else "列の対応を確かめてから取り込んでください。"
            if source.needs_mapping
            else "取り込む行がありません。"
        )
    writes, providers = _plan(source, rows)
    comment = import_comment(source.filename)
    municipality = source.municipality
    assert municipality is not None  # preview() always sets it
    counts = source.counts
    result = Result(unchanged=counts["unchanged"], outside=counts["outside"])
    started = time.perf_counter()
    committed: list[float] = []
    try:
        with transaction.atomic():
            # Runs first once COMMIT is done (before the search index's own hooks).
            transaction.on_commit(lambda: committed.append(time.perf_counter()))
            _check_references(writes)
            _create_providers(providers)
            for done, write in enumerate(writes):
                if progress is not None:
                    progress(done, len(writes))
                provider = providers.get(write.new_provider)
                if write.row.kind == "new":
                    resource = editing.create(
                        user,
                        _creator(municipality, write, provider),
                        comment,
                        reindex=False,
                    )
                    result.created.append(resource.pk)
                else:
                    assert write.row.resource_id is not None  # a changed row's resource
                    editing.change(
                        Resource(pk=write.row.resource_id),
                        user,
                        Revision.Action.EDIT,
                        _changer(write, provider),
                        version=write.row.version,
                        comment=comment,
                        reindex=False,
                    )
                    result.changed.append(write.row.resource_id)
            if progress is not None:
                progress(len(writes), len(writes))
            if finish is not None:
                finish(result)
    except editing.EditConflictError as conflict:
        raise ImportRefusedError(_changed_message()) from conflict
    except PermissionDenied as refused:  # office.editing's area check on the result
        raise ImportRefusedError(f"{refused} 何も保存していません。") from refused
    finally:
        result.seconds_writing = (committed[0] if committed else time.perf_counter()) - started
    # The search index follows by itself: the model layer (directory/signals.py) rebuilds
    # every resource saved above once, on COMMIT, so the transaction does not wait for it.
    return result


def _plan(source: Preview, rows: list[Row]) -> tuple[list[_Write], dict[str, Provider]]:
    """Every row's write as plain values and primary keys, read before the transaction."""
    todo = [r for r in rows if r.kind in ("new", "changed")]
    codes = {c for r in todo for c in r.data.get("served_areas") or []}
    category_pks = dict(Category.objects.values_list("code", "pk"))
    area_pks = dict(Area.objects.filter(code__in=codes).values_list("code", "pk"))
    fields = [model_field(name) for name in history.FIELDS]
    providers: dict[str, Provider] = {}
    writes = []
    for row in todo:
        data, before = row.data, row.before or {}
        values = {}
        for resource_field in fields:
            if resource_field.name not in data:
                continue
            value = data[resource_field.name]
            if value is not None and isinstance(resource_field, models.DateField):
                value = datetime.date.fromisoformat(value)
            values[resource_field.attname] = value
        missing = [c for c in data.get("categories", []) if c not in category_pks]
        missing += [c for c in data.get("served_areas", []) if c not in area_pks]
        if missing:  # deleted since the preview
            raise ImportRefusedError(_changed_message())

        changed = {
            key
            for key in ("categories", "served_areas", "rules")
            if key in data and (row.before is None or data[key] != before.get(key))
        }
        write = _Write(
            row=row,
            fields=values,
            categories=[category_pks[c] for c in data["categories"]]
            if "categories" in changed
            else None,
            served_areas=[area_pks[c] for c in data["served_areas"]]
            if "served_areas" in changed
            else None,
            rules=data["rules"] if "rules" in changed else None,
        )
        if row.new_provider:
            name, kind = row.new_provider
            write.new_provider = parsing.match_key(name)
            providers.setdefault(
                write.new_provider,
                Provider(municipality=source.municipality, name=name, kind=kind),
            )
        writes.append(write)
    return writes, providers


def _check_references(writes: list[_Write]) -> None:
    """What the rows point to still exists (checked under the write lock: a provider or a
    town deleted since the preview refuses the import instead of failing half-way)."""
    providers: set[int] = {pk for w in writes if (pk := w.fields.get("provider_id")) is not None}
    areas: set[int] = {
        pk
        for w in writes
        for k in ("town_id", "place_area_id")
        if (pk := w.fields.get(k)) is not None
    }
    areas |= {pk for w in writes for pk in w.served_areas or []}
    categories = {pk for w in writes for pk in w.categories or []}
    checks: list[tuple[type[models.Model], set[int]]] = [
        (Provider, providers),
        (Area, areas),
        (Category, categories),
    ]
    for model, pks in checks:
        for chunk in chunks(sorted(pks)):
            if model._default_manager.filter(pk__in=chunk).count() != len(chunk):
                raise ImportRefusedError(_changed_message())


def _create_providers(providers: dict[str, Provider]) -> None:
    if not providers:
        return
    if connection.features.can_return_rows_from_bulk_insert:
        Provider.objects.bulk_create(providers.values())
    else:
        for provider in providers.values():
            provider.save()


def _creator(
    municipality: Area, write: _Write, provider: Provider | None
) -> Callable[[Resource], None]:
    def fill(resource: Resource) -> None:
        resource.municipality = municipality
        _set_fields(resource, write, provider)
        resource.save()
        _write_relations(resource, write, created=True)

    return fill


def _changer(write: _Write, provider: Provider | None) -> Callable[[Resource], None]:
    def mutate(resource: Resource) -> None:  # office.editing saves it afterwards
        _set_fields(resource, write, provider)
        _write_relations(resource, write, created=False)

    return mutate


def _set_fields(resource: Resource, write: _Write, provider: Provider | None) -> None:
    for attname, value in write.fields.items():
        setattr(resource, attname, value)
    if provider is not None:
        resource.provider_id = provider.pk


def _write_relations(resource: Resource, write: _Write, *, created: bool) -> None:
    """Categories, served areas and rules in a statement or two each (as history.apply
    would leave them), only where the row changes them."""
    links: list[tuple[type[models.Model], list[int] | None, str]] = [
        (Resource.categories.through, write.categories, "category_id"),
        (Resource.served_areas.through, write.served_areas, "area_id"),
    ]
    for through, pks, column in links:
        if pks is None:
            continue
        if not created:
            through._default_manager.filter(resource_id=resource.pk).delete()
        through._default_manager.bulk_create(
            [through(resource_id=resource.pk, **{column: pk}) for pk in pks]
        )
    if write.rules is not None:
        if not created:
            ScheduleRule.objects.filter(resource_id=resource.pk).delete()
        rules = []
        for order, values in enumerate(write.rules):
            rule = history.rule_from_data(values)
            rule.resource_id, rule.sort_order = resource.pk, order
            rules.append(rule)
        ScheduleRule.objects.bulk_create(rules)


def _changed_message() -> str:
    return (
        "確認画面を表示した後に、ほかの人が地域資源を変更しました。何も保存していません。"
        "もう一度確認画面を見てから取り込んでください。"
    )


def preview_job(job: ImportJob, staff: Staff | None, municipality: Area) -> Preview:
    """The preview of a stored upload (transfer.models.ImportJob)."""
    return preview(
        bytes(job.data),
        job.filename,
        staff_or_none=staff,
        municipality=municipality,
        encoding=job.encoding or None,
        mapping=job.mapping,
    )


def commit_job(
    job: ImportJob,
    user: Editor,
    staff: Staff | None,
    municipality: Area,
    *,
    accept_geta: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Preview the stored file again and commit it if it is still what the coordinator saw."""
    if job.state == job.State.DONE:
        raise ImportRefusedError("このファイルはもう取り込み済みです。")
    fresh = preview_job(job, staff, municipality)

    def done(result: Result) -> None:
        # In the rows' own transaction: a process killed before COMMIT leaves neither the
        # rows nor 「取り込み済み」, one killed after it leaves both.
        job.state = job.State.DONE
        job.message = ""
        job.summary = {
            **job.summary,
            "created": len(result.created),
            "changed": len(result.changed),
        }
        job.data = b""
        job.save(update_fields=["state", "summary", "data", "message"])

    return commit(
        fresh,
        user,
        expected=job.summary.get("fingerprint"),
        accept_geta=accept_geta,
        progress=progress,
        finish=done,
    )


def summary_lines(result: Preview) -> list[str]:
    """The preview in plain lines (for the command)."""
    counts = result.counts
    lines = [
        "ファイル：{name}（{kind}{encoding}）".format(
            name=result.filename,
            kind="Excel" if result.kind == "xlsx" else "CSV",
            encoding=f"・{encoding_label(result.encoding)}" if result.encoding else "",
        ),
        "新規 {new}件、変更 {changed}件、変更なし {unchanged}件、エラー {error}件".format(**counts)
        + ("（ほかに担当外・変更なし {outside}件）".format(**counts) if counts["outside"] else ""),
    ]
    lines += [f"ファイルの問題：{p}" for p in result.problems]
    for p in result.errors:
        lines.append("エラー {row}行目「{column}」：{message} {value}".format(**_fmt(p)))
    for p in result.warnings:
        lines.append("注意 {row}行目「{column}」：{message} {value}".format(**_fmt(p)))
    if result.has_geta:
        lines.append(
            "〓 を含む値は取り込みません。そのまま取り込むには --accept-geta を付けてください。"
        )
    return lines


def _fmt(problem: Problem) -> dict[str, Any]:
    return {
        "row": problem.row,
        "column": problem.column,
        "message": problem.message,
        "value": f"［{problem.value}］" if problem.value else "",
    }
