"""The bundled directory/synonyms.txt (pure Python: run with -p no:django)."""

from __future__ import annotations

from directory.japanese import DEFAULT_SYNONYMS_PATH, Query, fold_for_search, parse_query
from tests.synonyms import REAL


def words(query: Query) -> list[str]:
    return [t.word for t in query.terms]


# ------------------------------------------------------- bundled synonyms.txt


def test_it_loads_the_bundled_file_cleanly():
    assert REAL.warnings == []
    text = DEFAULT_SYNONYMS_PATH.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert len(lines) >= 60
    assert "同義語" in text and "Format (English)" in text


def test_it_bundles_the_required_groups():
    expected = {
        "買い物": {"買物", "買い出し"},
        "ゴミ": {"ごみ", "塵"},
        "ゴミ出し": {"ごみ出し", "ごみ捨て"},
        "体操": {"えくささいず", "運動", "すとれっち"},
        "見守り": {"安否確認", "見守る"},
        "配食": {"弁当", "宅配弁当", "食事の宅配"},
        "サロン": {"居場所", "集いの場", "たまり場"},
        "認知症カフェ": {"おれんじかふぇ"},
        "ケアラーズカフェ": {"介護者かふぇ"},
        "通院": {"病院への付き添い"},
        "移動支援": {"送迎", "外出支援"},
        "移動販売": {"出張販売"},
        "相談": {"悩み"},
        "介護者": {"家族", "介護している人"},
        "地域包括支援センター": {"あんしんけあせんたー"},
    }
    for word, others in expected.items():
        assert others <= set(REAL.variants(word)), word
    assert "けあらーずかふぇ" not in REAL.variants("認知症カフェ")
    assert "おれんじかふぇ" not in REAL.variants("ケアラーズカフェ")


def test_it_bundles_the_required_needs():
    expected = {
        "倒れ": {"見守り", "安否確認", "緊急通報"},
        "一人暮らし": {"見守り", "安否確認", "配食"},
        "悩み": {"相談", "介護者支援", "家族の集い"},
        "介護の悩み": {"介護者支援", "家族の集い", "認知症かふぇ"},
        "歩けない": {"外出支援", "送迎"},
        "足が悪い": {"外出支援", "送迎"},
        "買い物に行けない": {"買い物", "移動販売", "宅配"},
        "話し相手": {"さろん", "傾聴"},
        "物忘れ": {"認知症", "もの忘れ"},
        "集まる": {"さろん", "交流"},
    }
    for need, rhs in expected.items():
        assert rhs <= set(REAL.needs[fold_for_search(need)]), need


def test_it_keeps_fillers_out_of_the_lexicon():
    for filler in ("大変", "心配", "したい", "ほしい", "つらい", "近所", "困って", "聞いて"):
        assert fold_for_search(filler) not in REAL.lexicon, filler


def test_it_reduces_natural_phrases_with_the_bundled_file():
    cases = {
        "ごみ出しが大変": (["ごみ出し"], {"ごみ捨て", "家事支援"}),
        "近所で体操したい": (["体操"], {"運動", "すとれっち"}),
        "介護の悩みを聞いてほしい": (["介護の悩み"], {"介護者支援", "家族の集い"}),
        "買い物に行けない": (["買い物に行けない"], {"移動販売", "宅配"}),
        "病院に行くのが大変": (["病院"], {"通院", "外出支援"}),
        "話し相手がほしい": (["話し相手"], {"さろん", "傾聴"}),
        "物忘れが心配": (["物忘れ"], {"認知症", "あんしんけあせんたー"}),
        "家族の介護がつらい": (["家族の介護"], {"介護者支援"}),
        "掃除を手伝ってほしい": (["掃除"], {"家事支援"}),
        "相談したい": (["相談"], {"悩み"}),
        "地域包括支援センター": (["地域包括支援センター"], {"あんしんけあせんたー"}),
    }
    for phrase, (expected_words, some_variants) in cases.items():
        q = parse_query(phrase, REAL)
        assert words(q) == expected_words, phrase
        assert some_variants <= set(q.terms[0].variants), phrase
    q = parse_query("一人暮らしで倒れたら心配", REAL)
    assert words(q) == ["一人暮らし", "倒れ"]
    assert {"見守り", "配食"} <= set(q.terms[0].variants)
    assert {"見守り", "緊急通報"} <= set(q.terms[1].variants)
    assert "倒れ" not in q.terms[1].variants  # a need is replaced, not kept
    q = parse_query("弁当を届けてほしい", REAL)
    assert words(q) == ["弁当", "届けて"]
    assert "配食" in q.terms[0].variants and "配食" in q.terms[1].variants


def test_it_reads_the_eval_queries_file():
    path = DEFAULT_SYNONYMS_PATH.parent.parent / "search_eval" / "queries.tsv"
    rows = [ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines()[1:] if ln]
    assert len(rows) >= 45
    codes = {"1", "2", "3", "3.1", "3.2", "3.3", "4", "5", "5.1", "5.1.1", "5.1.2", "5.1.3"}
    codes |= {"5.2", "6", "6.1", "6.2", "6.3", "6.4"}
    for row in rows:
        assert len(row) == 3, row
        assert row[1].split() and set(row[1].split()) <= codes, row
        assert parse_query(row[0], REAL).terms, row
