"""Synonym files the tests of directory/japanese.py read (a module of data, no tests)."""

from __future__ import annotations

from directory.japanese import DEFAULT_SYNONYMS_PATH, load_synonyms

# A small, fixed synonym file so that parse_query results can be asserted exactly
# (the bundled file is meant to grow).
FIXTURE = """\
# test synonyms
ごみ, ゴミ, 塵
ごみ出し, ゴミ出し, ごみ捨て
ごみ出し => 家事支援
体操, エクササイズ, 運動, ストレッチ
見守り, 安否確認, 見守る
一人暮らし, ひとり暮らし
一人暮らし => 見守り, 安否確認, 配食
倒れ => 見守り, 安否確認, 緊急通報
相談, 悩み
悩み => 相談, 介護者支援, 家族の集い
介護の悩み => 介護者支援, 家族の集い, 認知症カフェ
認知症カフェ, オレンジカフェ
買い物, 買物, 買い出し
買い物に行けない => 買い物, 移動販売, 宅配
移動販売, 出張販売
碁, 囲碁
"""
REAL = load_synonyms(DEFAULT_SYNONYMS_PATH)
