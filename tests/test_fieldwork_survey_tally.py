"""A CSV of survey answers tallied per question (fieldwork/survey_tally.py): the real question
set in cp932 and UTF-8, what is never kept, and hostile files refused with row and column."""

from __future__ import annotations

import codecs
from pathlib import Path

from django.test import SimpleTestCase

from fieldwork import survey_tally
from fieldwork.survey_tally import tally_column, tally_csv

NEEDS = Path(__file__).parent / "data" / "surveys" / "needs_survey_cp932.csv"


def by_question(questions: list[dict]) -> dict[str, dict]:
    return {q["question"]: q for q in questions}


class RealFileTest(SimpleTestCase):
    def test_it_tallies_the_needs_survey_questions_from_cp932(self):
        result = tally_csv(NEEDS.read_bytes())
        self.assertEqual(result.errors, [])
        self.assertEqual((result.rows, result.encoding), (120, "Shift_JIS"))
        q = by_question(result.questions)
        stairs = q["問2(イ) 階段を手すりや壁をつたわらずに昇っていますか"]
        self.assertEqual(stairs["kind"], "choice")
        self.assertEqual((stairs["answered"], stairs["blank"]), (115, 5))
        # 「できるし、している」 is one choice, not two (its 、 is not a separator here).
        self.assertEqual(
            stairs["options"],
            [["できるし、している", 56], ["できない", 33], ["できるけどしていない", 26]],
        )
        help_wanted = q["問6 日常生活で手助けがほしいこと（いくつでも）"]
        self.assertEqual(help_wanted["kind"], "multi")
        self.assertEqual(help_wanted["options"][0], ["電球の交換", 25])
        self.assertEqual(q["回答者番号"]["kind"], "personal")
        self.assertEqual(q["年齢"]["kind"], "free")  # many different numbers: not tallied
        self.assertEqual(q["問8 地域にあったらよいと思う活動（自由記述）"]["kind"], "free")
        for question in result.questions:
            if question["kind"] in ("free", "personal"):
                self.assertEqual(question["options"], [])

    def test_utf8_with_and_without_a_bom_give_the_same_tally(self):
        text = NEEDS.read_bytes().decode("cp932")
        cp932 = tally_csv(NEEDS.read_bytes()).questions
        self.assertEqual(tally_csv(text.encode("utf-8")).questions, cp932)
        with_bom = tally_csv(codecs.BOM_UTF8 + text.encode("utf-8"))
        self.assertEqual((with_bom.questions, with_bom.encoding), (cp932, "UTF-8"))


class ColumnTest(SimpleTestCase):
    def test_multi_answers_split_on_the_japanese_and_latin_commas(self):
        q = tally_column("困っていること", ["ごみ出し、買い物", "買い物,通院", "通院", ""])
        self.assertEqual(q["kind"], "multi")
        self.assertEqual(q["options"], [["買い物", 2], ["通院", 2], ["ごみ出し", 1]])
        self.assertEqual((q["answered"], q["blank"]), (3, 1))

    def test_coded_answers_stay_in_their_order(self):
        q = tally_column("問1", ["2", "1", "3", "2", "10"])
        self.assertEqual([o[0] for o in q["options"]], ["1", "2", "3", "10"])

    def test_names_phones_and_addresses_are_never_tallied(self):
        for header in ("氏名", "お名前（ふりがな）", "電話番号", "住所", "ＩＤ", "E-mail"):
            q = tally_column(header, ["a", "a", "b"])
            self.assertEqual((q["kind"], q["options"]), ("personal", []), header)

    def test_every_answer_different_is_free_text_even_in_a_small_file(self):
        q = tally_column(
            "一言", ["坂がつらい", "バスがない", "店が遠い", "話し相手がほしい", "特に"]
        )
        self.assertEqual(q["kind"], "free")


class HostileFileTest(SimpleTestCase):
    def assert_refused(self, data: bytes, message: str) -> None:
        result = tally_csv(data)
        self.assertEqual(result.questions, [])
        self.assertIn(message, result.errors)

    def test_it_refuses_empty_and_header_only_files(self):
        self.assert_refused(b"", "ファイルが空です。")
        self.assert_refused(b"\r\n\r\n", "ファイルが空です。")
        self.assert_refused("問1,問2\n".encode(), "1行目：見出しの下に回答の行がありません。")

    def test_it_names_the_line_of_text_it_cannot_decode(self):
        data = "問1\nはい\n".encode() + b"\xff\xfe\x00bad\n"
        self.assert_refused(
            data, "3行目：文字コードを読めません。UTF-8 か Shift_JIS（cp932）で保存してください。"
        )

    def test_it_refuses_a_nul_byte(self):
        self.assert_refused(b"q\na\nb\x00c\n", "3行目：読めない文字（NUL）が入っています。")

    def test_it_names_bad_headers_by_column(self):
        result = tally_csv("問1,,問1\na,b,c\n".encode())
        self.assertEqual(
            result.errors,
            [
                "1行目 2列目：見出し（設問）が空です。",
                "1行目 3列目：見出し「問1」が1列目と同じです。設問ごとに違う見出しにしてください。",
            ],
        )

    def test_it_names_the_row_and_column_of_a_long_cell(self):
        long = "あ" * (survey_tally.MAX_CELL + 1)
        self.assert_refused(
            f"問1,問2\nはい,{long}\n".encode(), "2行目「問2」列：1,000文字を超えています。"
        )

    def test_it_keeps_line_numbers_across_blank_lines_and_quoted_newlines(self):
        data = '問1,問2\n\n"複数\n行",はい\nはい,いいえ,余分\n'.encode()
        self.assert_refused(data, "5行目：見出しより列が多いです（見出しは2列、この行は3列）。")

    def test_it_ignores_a_spreadsheets_empty_columns_at_the_right(self):
        result = tally_csv("問1,,\nはい,,\nいいえ\n".encode("cp932"))
        self.assertEqual(result.errors, [])
        self.assertEqual([q["question"] for q in result.questions], ["問1"])

    def test_it_limits_size_rows_and_columns(self):
        self.assert_refused(b"q\n" + b"a\n" * 1_000_000, "ファイルが大きすぎます（上限 2,000KB）。")
        rows = b"q\n" + b"a\n" * (survey_tally.MAX_ROWS + 1)
        self.assert_refused(rows, "回答が多すぎます（上限 5,000行、このファイルは5,001行）。")
        wide = ",".join(f"q{i}" for i in range(survey_tally.MAX_COLUMNS + 1)) + "\n" + "a\n"
        self.assert_refused(wide.encode(), "1行目：列が多すぎます（上限 200列、この行は201列）。")

    def test_many_errors_end_with_one_line_saying_there_are_more(self):
        body = "".join("a,b,c\n" for _ in range(50))
        result = tally_csv(("q1,q2\n" + body).encode())
        self.assertEqual(len(result.errors), survey_tally.MAX_ERRORS + 1)
        self.assertIn("ほかにも誤りがあります", result.errors[-1])

    def test_utf16_is_refused_not_guessed(self):
        result = tally_csv("問1\nはい\n".encode("utf-16"))
        self.assertEqual(result.questions, [])
        self.assertIn("文字コードを読めません", result.errors[0])
