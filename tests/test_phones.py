"""sasaeai/lib/phones.py: a tel: link dials only a number that was written.

The cells are the shapes found in cities' published lists of 相談機関 and 通いの場 (the
first two exactly as issue 9 reproduced them from a city's list)."""

from django.test import SimpleTestCase

from sasaeai.lib import phones


class SplitCellTests(SimpleTestCase):
    def test_it_never_takes_digits_from_words(self):
        cell = phones.split_cell("第1地域包括支援センター 754-3775")
        self.assertEqual(cell.phone, "")  # no area code known: nothing to dial
        self.assertEqual(cell.note, "第1地域包括支援センター 754-3775")
        self.assertFalse(cell.understood)

    def test_it_gives_a_local_number_the_citys_area_code(self):
        cell = phones.split_cell("第1地域包括支援センター 754-3775", area_code="043")
        self.assertEqual(cell.phone, "043-754-3775")
        self.assertEqual(cell.note, "第1地域包括支援センター 754-3775")

    def test_it_splits_phone_fax_and_a_second_number(self):
        cell = phones.split_cell("043-274-2056(電話・FAX)/080-1234-5678")
        self.assertEqual((cell.phone, cell.fax), ("043-274-2056", "043-274-2056"))
        self.assertIn("080-1234-5678", cell.note)

    def test_it_reads_a_fax_after_a_label(self):
        cell = phones.split_cell("TEL 043-245-5111 ＦＡＸ 043-245-5112")
        self.assertEqual((cell.phone, cell.fax), ("043-245-5111", "043-245-5112"))

    def test_it_needs_no_note_for_a_plain_number(self):
        for text, number in (
            ("TEL 043-245-5111", "043-245-5111"),
            ("電話：０４３（２４５）５１１１", "043-245-5111"),
            ("090 1234 5678", "090-1234-5678"),
            ("+81-43-245-5111", "043-245-5111"),
            ("0120-123-456", "0120-123-456"),
        ):
            with self.subTest(text):
                self.assertEqual(phones.split_cell(text), phones.PhoneCell(phone=number))

    def test_it_keeps_what_surrounds_a_number(self):
        cell = phones.split_cell("043-245-5111（内線123・平日9時〜17時）")
        self.assertEqual(cell.phone, "043-245-5111")
        self.assertEqual(cell.note, "043-245-5111（内線123・平日9時〜17時）")

    def test_it_keeps_words_without_a_number_as_the_note(self):
        for text in ("代表者へ直接", "1234", "月～金 9時～17時", "043-245-511"):
            with self.subTest(text):
                cell = phones.split_cell(text, area_code="043")
                self.assertEqual((cell.phone, cell.note), ("", text))
                self.assertFalse(cell.understood)


class TelHrefTests(SimpleTestCase):
    def test_it_links_only_one_complete_number(self):
        self.assertEqual(phones.tel_href("043-245-5111"), "tel:0432455111")
        self.assertEqual(phones.tel_href("090-1234-5678"), "tel:09012345678")
        self.assertEqual(phones.tel_href("０４３－２４５－５１１１"), "tel:0432455111")
        for text in (
            "第1地域包括支援センター 754-3775",
            "754-3775",
            "043-245-5111 / 043-245-5112",
            "090-1234-567",  # a mobile number needs 11 digits
            "03-1234-56789",  # and a fixed line 10
            "",
        ):
            with self.subTest(text):
                self.assertEqual(phones.tel_href(text), "")


class LocalNumbersTests(SimpleTestCase):
    def test_it_finds_only_numbers_written_without_an_area_code(self):
        self.assertEqual(
            phones.local_numbers("第1地域包括支援センター ７５４－３７７５"), ["754-3775"]
        )
        self.assertEqual(phones.local_numbers("043-754-3775"), [])
        self.assertEqual(phones.local_numbers("754-3775 / 043-111-2222"), ["754-3775"])
        self.assertEqual(phones.local_numbers("お問い合わせは区役所へ"), [])
