"""directory/lemmas.py and its use by parse_query: phrases of the synonym file found by their
words in dictionary form, and readings found only where whole words are read."""

from directory import lemmas
from directory.japanese import parse_query, parse_synonyms

FILE = parse_synonyms(
    """
電話に出ない => 見守り, 安否確認
相談してもいい => あんしんケアセンター
免許を返す => 外出支援
ごみ, ゴミ
ごみを捨て => 家事支援
移送, 送迎
宅配, 配達
"""
)


def words(q: str) -> list[str]:
    return [t.word for t in parse_query(q, FILE).terms]


def test_it_keys_a_phrase_by_its_content_words_in_dictionary_form():
    assert lemmas.key("電話に出ない") == ("電話", "出る")
    assert lemmas.key("相談してもいい") == ("相談", "良い")  # して, も, ない: endings
    assert lemmas.key("ゴミを捨てて") == lemmas.key("ごみを捨て") == ("ごみ", "捨てる")


def test_it_leaves_one_word_phrases_to_the_scan():
    index = lemmas.keys([("ごみ", "ごみ"), ("電話に出ない", "電話に出ない")])
    # Keyed by the first word and by how it reads (a phrase typed in kana).
    assert sorted(index) == ["でんわ", "電話"]


def test_it_finds_a_phrase_however_it_is_conjugated_or_said_in_dialect():
    assert words("電話に出えへんだけで心配になる") == ["電話に出ない"]
    assert words("免許を返したら足がなくなった") == ["免許を返す"]
    assert "相談してもいい" in words("相談だけでもええの")


def test_it_does_not_find_a_phrase_whose_words_are_apart():
    # 電話 and 出る are there, but another content word stands between them.
    assert "電話に出ない" not in words("電話で病院に出かける")


def test_it_drops_the_words_a_found_phrase_holds():
    # ゴミ alone asks for less than ゴミを捨て: the phrase stands for it.
    assert words("ゴミを捨てられなくなって") == ["ゴミを捨て"]


def test_it_finds_a_reading_only_where_whole_words_are_read():
    # 配送 is read はいそう: the reading いそう of 移送 lies inside it and is not that word.
    assert "移送" not in words("雑貨を配送してくれるお店")
    # Read whole, a reading still finds its word (いそう typed for 移送 in a phrase).
    assert words("いそうをたのみたい") != []


KANA = parse_synonyms(
    """
会を始める => 生活支援コーディネーター
助け合い, 支え合い
"""
)


def test_it_reads_a_word_typed_in_kana_as_the_key_word_it_reads_as():
    # The analyser leaves a lone かい as no word of its own; 会 reads かい.
    assert [w for _c, w in lemmas.find("かいをはじめたい", KANA.lemma_keys)] == ["会を始める"]
    # A kana word that reads otherwise is not that word.
    assert lemmas.find("かおをはじめたい", KANA.lemma_keys) == []


def test_it_finds_a_phrase_across_chunks_typed_apart():
    chunks = ["じもとで", "たすけあいの", "かい", "はじめたい"]
    assert lemmas.find_across(chunks, KANA.lemma_keys) == [(2, 3, "会を始める")]
    # Within one chunk it is find()'s, not find_across's.
    assert lemmas.find_across(["かいをはじめたい"], KANA.lemma_keys) == []


def test_it_does_not_take_a_chunk_that_holds_other_words_into_a_phrase():
    # じもとのかい has じもと of its own: the chunk keeps its words.
    assert lemmas.find_across(["じもとのかい", "はじめたい"], KANA.lemma_keys) == []


def test_it_joins_kana_chunks_into_the_phrase_they_say_together():
    terms = [t.word for t in parse_query("じもとで たすけあいの かい はじめたい", KANA).terms]
    assert "会を始める" in terms
    assert "かい" not in terms and "はじめたい" not in terms
    # Chunks written in kanji are words already read: they are not joined.
    assert "会を始める" not in [t.word for t in parse_query("会 始めたい", KANA).terms]


WAYS = parse_synonyms(
    """
料理が大変 => 配食, 家事支援
体の相談 => 健康相談
郵便物がたまって => 見守り
"""
)


def test_it_takes_every_word_of_burden_for_one():
    # 面倒, 億劫, しんどい, つらい … say what 大変 says: 料理が大変 is found in each.
    assert lemmas.key("料理が大変") == lemmas.key("料理がしんどい") == ("料理", lemmas.BURDEN)
    for q in ("母が料理を面倒がって", "料理がおっくうになった", "料理がつらい"):
        assert [t.word for t in parse_query(q, WAYS).terms] == ["料理が大変"], q
    # Not every adjective: 料理がおいしい is no burden.
    assert "料理が大変" not in [t.word for t in parse_query("料理がおいしい", WAYS).terms]


def test_it_leaves_out_place_holding_nouns_and_adverbs():
    # こと only holds a place (体のことを相談 is 体の相談); たくさん says how much.
    assert lemmas.key("体のことを相談したい") == lemmas.key("体の相談")
    assert lemmas.key("郵便物がたくさんたまって") == lemmas.key("郵便物がたまって")
    assert [t.word for t in parse_query("体のことを相談したい", WAYS).terms] == ["体の相談"]
    assert [t.word for t in parse_query("郵便物がたくさんたまっていた", WAYS).terms] == [
        "郵便物がたまって"
    ]


def test_it_keeps_counters_and_times_out_of_a_sentences_nouns():
    """週, 回, 時間, メートル, 毎週 say how often or how much, never what is looked for; a
    sentence left with no other noun holds no word (not the whole sentence as one)."""
    assert words("運転できなくてお店に行けない 週1回でも来てくれたら") == ["運転", "お店"]
    assert words("月2回のサロンに行きたい") == ["サロン"]
    assert words("駅まで200メートルも離れている") == ["駅"]
    assert words("毎週火曜の10時から") == ["毎週火曜の10時から"]  # no verb: a name, kept


def test_it_tells_a_sentence_from_keywords():
    """A verb, an adjective or an auxiliary makes a sentence, or four terms; a word or
    two typed apart are keywords (directory/search keeps their AND)."""
    assert parse_query("足が悪くて買い物に行けない", FILE).sentence
    assert parse_query("ごみ 移送 宅配 囲碁", FILE).sentence
    for q in ("体操 中央区", "囲碁", "宅配 移送 ごみ", ""):
        assert not parse_query(q, FILE).sentence, q
