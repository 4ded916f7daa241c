"""Japanese words from many threads at once (gunicorn's threaded workers: sasaeai/lib/words.py).

A SudachiPy tokenizer shared by threads fails; the module gives each thread its own, from
one dictionary, and every thread gets the words one thread alone gets.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sudachipy import SplitMode

from sasaeai.lib import words

TEXTS = [
    "生活支援コーディネーターがゴミ出しを手伝います",
    "高齢者の見守りと配食サービス（新千葉・弁天）",
    "公民館で体操教室を開きます。草むしりのボランティアも募集中",
] * 40
THREADS = 8


def analyse_all() -> list[list[tuple[str, str, str]]]:
    return [[(w.surface, w.normalised, w.reading) for w in words.words(t)] for t in TEXTS]


def at_once(job) -> list:
    start = threading.Barrier(THREADS)

    def run(_n: int):
        start.wait()
        return job()

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


def test_it_shows_why_a_tokenizer_must_not_be_shared():
    shared = words._dictionary().tokenizer(mode=SplitMode.C)
    failures: list[str] = []

    def run() -> None:
        try:
            for text in TEXTS:
                [m.surface() for m in shared.tokenize(text)]
        except Exception as error:  # SudachiError: 「Tokenizer is already in use」
            failures.append(str(error))

    at_once(run)
    assert failures, "a shared tokenizer was used by 8 threads at once without a failure"
    assert "already in use" in failures[0]


def test_it_gives_every_thread_the_words_one_thread_gets():
    alone = analyse_all()
    results = at_once(analyse_all)
    assert all(result == alone for result in results)


def test_it_gives_each_thread_its_own_tokenizer_from_one_dictionary():
    seen = at_once(lambda: (id(words._tokenizer("C")), id(words._dictionary())))
    tokenizers = {t for t, _d in seen}
    dictionaries = {d for _t, d in seen}
    assert len(tokenizers) == THREADS
    assert len(dictionaries) == 1
