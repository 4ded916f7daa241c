"""The area report as files: the CSV's rows (every figure with what it counts) and the PDF
(WeasyPrint, as directory/guide.py makes the 地域資源ガイド, set in Noto Sans CJK JP)."""

from __future__ import annotations

from collections.abc import Iterator

from django.template.loader import render_to_string
from django.utils import timezone

from directory import guide
from fieldwork.report import Report

HEADERS = ["区分", "項目", "数", "数えたもの"]


def _when(report: Report) -> str:
    end = f"{report.period.last:%Y/%m/%d}時点" if report.period.running else "年度末"
    return end


def rows(report: Report) -> Iterator[list[str]]:
    """One row per figure: section, item, number (or words), what it counts."""
    p = report.period
    made = timezone.localtime(report.made_at)
    yield ["この報告", "地域", report.area.name, ""]
    yield ["この報告", "年度", p.label, "年度の初め＝4月1日0時、年度の終わり＝翌年4月1日0時"]
    yield ["この報告", "作成日時", f"{made:%Y/%m/%d %H:%M}", "この日時のデータベースから数えました"]
    if report.is_empty:
        yield ["この報告", "記録", "なし", "この地域・年度には数えるものがありません"]
    end = _when(report)
    for row in [report.totals, *report.categories]:
        name = row.category.name
        yield [
            "地域資源",
            f"{name}：公開中（年度の初め）",
            str(row.start),
            "4月1日0時に「公開」だった地域資源（休止中・下書きは含みません）",
        ]
        yield ["地域資源", f"{name}：公開中（{end}）", str(row.end), f"{end}に「公開」の地域資源"]
        yield [
            "地域資源",
            f"{name}：新たに公開",
            str(row.added),
            "年度の初めは公開でなく、終わりに公開の地域資源（新規登録・再開を含む）",
        ]
        yield [
            "地域資源",
            f"{name}：公開でなくなった",
            str(row.removed),
            "年度の初めは公開で、終わりに公開でない地域資源（休止・終了・削除・地域外へ）",
        ]
        yield [
            "地域資源",
            f"{name}：不明（年度の初め）",
            str(row.unknown_start),
            "変更履歴からその時点の状態がわからない地域資源",
        ]
        yield [
            "地域資源",
            f"{name}：不明（{end}）",
            str(row.unknown_end),
            "変更履歴からその時点の状態がわからない地域資源",
        ]
    for new in report.new_resources:
        issues = (
            "、".join(f"{i.title}（{i.get_status_display()}）" for i in new.issues)
            or "つながる地域課題なし"
        )
        sample = "（見本）" if new.is_sample else ""
        yield [
            "新しい地域資源",
            f"{new.name}{sample}",
            f"{timezone.localtime(new.created_at):%Y/%m/%d}登録",
            f"こたえた地域課題：{issues}",
        ]
    i = report.issues
    for label, count in i.by_status:
        yield [
            "地域課題",
            f"{label}（{end}）",
            str(count),
            "その時点の状態ごとの地域課題（経過の日付で判断）",
        ]
    yield ["地域課題", "年度中に登録", str(i.opened), "年度中に登録された地域課題"]
    yield [
        "地域課題",
        "年度中に解決・見送り",
        str(i.closed),
        "年度中の日付で解決・見送りになった地域課題",
    ]
    for section, item, counted, people in (
        ("調査", "年度中の調査", report.surveys, "回答した人"),
        ("支援記録", "年度中の支援", report.support, "参加した人"),
        ("協議体", "年度中の会議", report.meetings, "出席した人"),
    ):
        yield [section, item, str(counted.records), "実施日・開催日が年度中の記録"]
        yield [
            section,
            f"{people}（数えた記録の合計）",
            str(counted.people),
            "人数を数えた記録の合計",
        ]
        yield [
            section,
            "人数を数えていない記録",
            str(counted.not_counted),
            "人数が空欄の記録（合計に入っていません）",
        ]
    yield ["協議体", "協議体の数", str(report.councils), "この地域の協議体（削除したものを除く）"]
    yield ["公園カルテ", "年度中に調査した公園", str(report.parks_surveyed), "調査日が年度中の公園"]
    yield ["公園カルテ", "公園カルテの数", str(report.parks_total), "この地域の公園カルテ"]
    gap = report.gap
    if gap is not None:
        what = f"{gap.category.name}が直線{gap.metres}m以内に1つもない"
        yield ["空白地図", "町丁目の数", str(len(gap.towns)), "作成日時点"]
        yield [
            "空白地図",
            f"{what}町丁目",
            str(gap.without_any),
            "町丁目の代表点から数えます（作成日時点）",
        ]
        yield [
            "空白地図",
            "代表点がなく数えられない町丁目",
            str(gap.no_point),
            "「不明」として数えていません",
        ]
        if gap.has_population:
            yield [
                "空白地図",
                "65歳以上（人口がわかる町丁目）",
                str(gap.aged),
                "取り込んだ人口ファイルの数",
            ]
            yield [
                "空白地図",
                f"{what}町丁目の65歳以上",
                str(gap.uncovered),
                "人口と代表点がわかる町丁目の合計",
            ]
            yield [
                "空白地図",
                "人口か代表点がわからない町丁目",
                str(gap.uncovered_unknown),
                "上の合計に入っていません",
            ]
        else:
            yield ["空白地図", "65歳以上", "不明", "人口ファイルが取り込まれていません"]


def pdf(report: Report) -> bytes:
    html = render_to_string("fieldwork/report/pdf.html", {"report": report})
    data, _pages = guide.render_pdf(html)
    return data
