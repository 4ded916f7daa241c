"""sasaeai/lib/words.py: the analyser's words and the compounds a phrase may stand for."""

from sasaeai.lib import words


def test_it_gives_a_verbs_compound_form():
    stems = {w.surface: words.stem(w) for w in words.words("ゴミを捨てて布団を干し草をむしる")}
    assert stems["捨て"] == "捨て"  # 一段: 捨てる → 捨て
    assert stems["むしる"] == "毟り"  # 五段: the normalised 毟る → 毟り
    assert stems["を"] == ""


def test_it_offers_the_compounds_of_noun_particle_word():
    assert words.compounds(words.words("健康の相談をしたい")) == [("健康", ["健康相談"])]
    assert words.compounds(words.words("ゴミを捨てたい")) == [("ゴミ", ["ゴミ捨て"])]
    assert words.compounds(words.words("草を見る")) == [("草", ["草見"])]
    assert words.compounds(words.words("元気です")) == []
