"""Fictional places to meet: 5.1 交流・体操・介護予防 and 5.2 介護者支援.

Each ``_<kind>`` makes one resource; its words are the table ``kinds.<kind>`` of
demo_data/kinds.toml. The order of the random calls is the demo: keep it when editing.
"""

from __future__ import annotations

from directory.demo_faker import (
    FREE,
    NAMES,
    B,
    FakerBase,
    Pool,
    Row,
    W,
    irregular,
    mday,
    nth,
    t,
    weekly,
)
from directory.demo_words import compose


class GatheringKinds(FakerBase):
    # -- 5.1.1 交流・体操・介護予防

    def _salon(self, pool: Pool) -> Row:
        w = W.section("kinds.salon")
        rng = self.rng
        town = self.town(pool)
        who = rng.random()
        salon = self.pick(NAMES.pairs("salons"))
        if who < 0.45:
            provider = self.p_neighbourhood(town, pool)
            name = compose(
                w.name("group_name"), provider=(provider[0], provider[1] or None), salon=salon
            )
            venue = self.base(town, pool)[0] + self.pick(w.texts("halls"))
        elif who < 0.6:
            provider = self.p_senior_club(town, pool)
            name = compose(
                w.name("group_name"), provider=(provider[0], provider[1] or None), salon=salon
            )
            venue = self.community_venue(town, pool)
        elif who < 0.8:
            provider = self.p_swc(pool)
            name = compose(w.name("swc_name"), area=self.area_word(pool), salon=salon)
            venue = self.community_venue(town, pool)
        else:
            provider = self.p_volunteers(town, pool)
            f = self.fancy()
            name = self.pick([compose(n, fancy=f) for n in w.names("volunteer_names")])
            venue = self.pick(
                [
                    self.community_venue(town, pool),
                    self.place("exchange_space", place=self.facility()),
                ]
            )
        acts = rng.sample(NAMES.texts("salon_activities"), 3)
        opens, closes = self.pick(
            [(t(10), t(11, 30)), (t(13, 30), t(15)), (t(10), t(12)), (t(14), t(16))]
        )
        nths = self.pick([[2], [1, 3], [2, 4], [3], [4], [1]])
        fee = self.pick(w.fees("fees"))
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.1.1"],
            keywords=self.keywords(w.texts("keywords"), w.texts("extra_keywords")),
            description=w.text("description").format(activities="・".join(acts))
            + self.pick(w.texts("closings")),
            eligibility=self.pick(w.texts("eligibility")),
            fee=fee,
            booking=(B.NONE, "") if self.chance(0.85) else (B.APPLICATION, w.text("booking")),
            capacity=rng.randrange(15, 41, 5),
            town=town,
            venue=venue,
            rules=[nth(nths, rng.randrange(5), opens, closes)],
            audience=(True, False, self.chance(0.15)),
            schedule_note=self.pick(w.texts("schedule_notes")),
        )

    def _exercise(self, pool: Pool) -> Row:
        w = W.section("kinds.exercise")
        rng = self.rng
        town = self.town(pool)
        word = self.base(town, pool)
        f = self.fancy()
        names = w.names("names")
        pattern = rng.randrange(len(names))
        radio = pattern == len(names) - 1
        name = compose(names[pattern], fancy=f, base=word, area=self.area_word(pool))
        provider = self.pick(
            [
                self.p_volunteers(town, pool),
                self.p_senior_club(town, pool),
                self.p_neighbourhood(town, pool),
                self.p_swc(pool),
            ]
        )
        if radio:
            venue = self.place("park", base=word[0])
            rules = [weekly([0, 1, 2, 3, 4, 5, 6], t(6, 30), t(6, 45))]
            note = w.text("radio_schedule_note")
        else:
            venue = self.community_venue(town, pool)
            days = self.pick([[1, 4], [0, 3], [2], [1], [4], [0, 2, 4]])
            opens = self.pick([t(9, 30), t(10), t(13, 30)])
            rules = [
                weekly(
                    days,
                    opens,
                    t(opens.hour + 1, opens.minute),
                    interval=2 if self.chance(0.1) else 1,
                )
            ]
            note = ""
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.1.1"],
            keywords=self.keywords(w.texts("keywords"), w.texts("extra_keywords"), 3),
            description=self.pick(w.texts("descriptions"))
            if not radio
            else w.text("radio_description"),
            eligibility=w.text("radio_eligibility" if radio else "eligibility"),
            fee=FREE if radio or self.chance(0.25) else self.pick(w.fees("fees")),
            booking=(B.NONE, ""),
            capacity=None if radio else rng.randrange(15, 36, 5),
            town=town,
            venue=venue,
            rules=rules,
            audience=(True, False, radio),
            schedule_note=note,
            summer_break=not radio,
        )

    def _hobby(self, pool: Pool) -> Row:
        w = W.section("kinds.hobby")
        rng = self.rng
        town = self.town(pool)
        club = self.pick(w.records("clubs"))
        label = club.pair("label")
        f = self.fancy()
        name = self.pick(
            [compose(n, label=label, fancy=f, base=self.base(town, pool)) for n in w.names("names")]
        )
        provider = self.pick([self.p_volunteers(town, pool), self.p_senior_club(town, pool)])
        if self.chance(0.6):
            opens = self.pick([t(13), t(13, 30), t(10)])
            rules = [
                weekly(
                    [rng.randrange(6)], opens, t(opens.hour + 2 + rng.randrange(2), opens.minute)
                )
            ]
        else:
            rules = [nth(self.pick([[1, 3], [2, 4]]), rng.randrange(5), t(13, 30), t(15, 30))]
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.1.1"],
            keywords=self.keywords(
                club.texts("keywords") + w.texts("keywords"), w.texts("extra_keywords")
            ),
            description=club.text("text") + self.pick(w.texts("closings")),
            eligibility=self.pick(w.texts("eligibility")),
            fee=self.pick(w.fees("fees")),
            booking=(B.NONE, "") if self.chance(0.7) else (B.APPLICATION, w.text("booking")),
            capacity=rng.randrange(10, 31, 5),
            town=town,
            venue=self.community_venue(town, pool),
            rules=rules,
            audience=(True, False, self.chance(0.3)),
        )

    def _walking(self, pool: Pool) -> Row:
        w = W.section("kinds.walking")
        town = self.town(pool)
        word = self.base(town, pool)
        f = self.fancy()
        name = self.pick([compose(n, base=word, fancy=f) for n in w.names("names")])
        return self.make(
            pool,
            name=name,
            provider=self.p_volunteers(town, pool),
            cats=["5.1.1"],
            **self.about(w),
            fee=FREE if self.chance(0.5) else w.fee("fee"),
            booking=(B.NONE, ""),
            town=town,
            venue=w.text("venue").format(base=word[0]),
            rules=[weekly([self.pick([2, 5, 6])], t(9), t(10, 30))],
            audience=(True, False, True),
            schedule_note=w.text("schedule_note"),
            summer_break=False,
        )

    def _meal(self, pool: Pool) -> Row:
        w = W.section("kinds.meal")
        rng = self.rng
        town = self.town(pool)
        f = self.fancy()
        name = self.pick(
            [compose(n, fancy=f, base=self.base(town, pool)) for n in w.names("names")]
        )
        return self.make(
            pool,
            name=name,
            provider=self.pick([self.p_swc(pool), self.p_volunteers(town, pool), self.p_npo()]),
            cats=["5.1.1"],
            **self.about(w),
            fee=self.pick(w.fees("fees")),
            booking=(B.RESERVATION, w.text("booking")),
            capacity=rng.randrange(20, 51, 10),
            town=town,
            venue=self.community_venue(town, pool),
            rules=[nth([self.pick([2, 3, 4])], rng.randrange(6), t(11, 30), t(13, 30))],
            audience=(True, False, True),
        )

    # -- 5.1.2 専門職が関わる教室

    def _pro_class(self, pool: Pool) -> Row:
        w = W.section("kinds.pro_class")
        rng = self.rng
        town = self.town(pool)
        course = self.pick(w.records("classes"))
        pro = course.text("pro")
        r = rng.random()
        if r < 0.5:
            provider = self.p_medical()
            venue = self.place("clinic_room", place=self.clinic())
        elif r < 0.8:
            provider = self.p_social_welfare()
            venue = self.place("exchange_space", place=self.facility())
        else:
            provider = self.p_npo()
            venue = self.community_venue(town, pool)
        label, area, f = course.pair("label"), self.area_word(pool), self.fancy()
        name = self.pick([compose(n, label=label, area=area, fancy=f) for n in w.names("names")])
        if self.chance(0.7):
            rules = [nth([self.pick([1, 2, 3, 4])], rng.randrange(5), t(14), t(15, 30))]
        else:
            rules = [weekly([rng.randrange(5)], t(10), t(11, 30), interval=2)]
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.1.2"],
            keywords=self.keywords(
                course.texts("keywords") + w.texts("keywords") + (pro,), w.texts("extra_keywords")
            ),
            description=course.text("text") + w.text("consultation").format(pro=pro),
            eligibility=w.text("eligibility"),
            fee=FREE if self.chance(0.3) else w.fee("fee"),
            booking=(B.APPLICATION, w.text("booking")),
            capacity=self.pick([15, 20, 20, 30]),
            town=town,
            venue=venue,
            rules=rules,
        )

    # -- 5.1.3 お店での相談・サロン・体操

    def _shop(self, pool: Pool) -> Row:
        w = W.section("kinds.shop")
        rng = self.rng
        town = self.town(pool)
        store = self.pick(NAMES.pairs("stores"))
        branch = self.place("shop_branch", base=self.base(town, pool)[0])
        patterns = w.records("patterns")
        pattern = rng.randrange(len(patterns))
        at_cafe = pattern == len(patterns) - 1
        if pattern == 0:
            rules = [weekly([self.pick([1, 2, 3])], t(10), t(10, 30))]
        elif not at_cafe:
            rules = [nth([self.pick([1, 2, 3, 4])], rng.randrange(5), t(10), t(12))]
        else:
            store = compose(w.name("cafe_name"), fancy=self.fancy())
            rules = [weekly([rng.randrange(5)], t(14), t(16))]
        shown = store[0] + ("" if at_cafe else " " + branch)
        return self.make(
            pool,
            name=compose(
                patterns[pattern].name("name"),
                store=store,
                branch=(branch, None),
                cafe=(store[0], store[1] or None),
            ),
            provider=self.p_business(shown),
            cats=["5.1.3"],
            keywords=self.keywords(patterns[pattern].texts("keywords"), w.texts("extra_keywords")),
            description=patterns[pattern].text("text") + w.text("closing"),
            eligibility=w.text("eligibility"),
            fee=w.fee("cafe_fee") if at_cafe else FREE,
            booking=(B.NONE, ""),
            town=town,
            venue=shown,
            rules=rules,
            audience=(True, pattern == 1, True),
        )

    # -- 5.2 介護者支援

    def _dementia_cafe(self, pool: Pool) -> Row:
        w = W.section("kinds.dementia_cafe")
        rng = self.rng
        town = self.town(pool)
        r = rng.random()
        if r < 0.5:
            provider = self.p_social_welfare()
            venue = self.place("exchange_space", place=self.facility())
        elif r < 0.7:
            provider, venue = self.p_npo(), self.community_venue(town, pool)
        elif r < 0.85:
            provider = self.p_medical()
            venue = self.place("waiting_room", place=self.clinic())
        else:
            provider, venue = self.p_volunteers(town, pool), self.community_venue(town, pool)
        f, area, other = self.fancy(), self.area_word(pool), self.fancy()
        name = self.pick(
            [compose(n, fancy=f, area=area, other_fancy=other) for n in w.names("names")]
        )
        day = 5 if self.chance(0.5) else rng.randrange(5)
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.2"],
            **self.about(w),
            fee=self.pick(w.fees("fees")),
            booking=(B.NONE, ""),
            capacity=rng.randrange(15, 31, 5),
            town=town,
            venue=venue,
            rules=[nth([self.pick([1, 2, 3, 4])], day, t(13, 30), t(15, 30))],
            audience=(True, True, True),
        )

    def _carers_cafe(self, pool: Pool) -> Row:
        w = W.section("kinds.carers_cafe")
        rng = self.rng
        town = self.town(pool)
        name = compose(w.name("name"), fancy=self.fancy())
        rules = (
            [mday([self.pick([5, 10, 15, 20, 25])], t(14), t(16))]
            if self.chance(0.4)
            else [nth([self.pick([1, 2, 3, 4])], rng.randrange(6), t(13, 30), t(15, 30))]
        )
        return self.make(
            pool,
            name=name,
            provider=self.pick([self.p_npo(), self.p_volunteers(town, pool)]),
            cats=["5.2"],
            **self.about(w),
            fee=self.pick(w.fees("fees")),
            booking=(B.NONE, ""),
            capacity=rng.randrange(10, 21, 5),
            town=town,
            venue=self.community_venue(town, pool),
            rules=rules,
            audience=(False, True, False),
        )

    def _family(self, pool: Pool) -> Row:
        w = W.section("kinds.family")
        rng = self.rng
        town = self.town(pool)
        area, f, other = self.area_word(pool), self.fancy(), self.fancy()
        name = self.pick(
            [compose(n, area=area, fancy=f, other_fancy=other) for n in w.names("names")]
        )
        return self.make(
            pool,
            name=name,
            provider=self.pick([self.p_swc(pool), self.p_npo(), self.p_social_welfare()]),
            cats=["5.2"],
            **self.about(w),
            fee=FREE if self.chance(0.3) else w.fee("fee"),
            booking=(B.NONE, "") if self.chance(0.6) else (B.APPLICATION, w.text("booking")),
            capacity=rng.randrange(10, 21, 5),
            town=town,
            venue=self.community_venue(town, pool),
            rules=[nth([self.pick([-1, 2, 3])], rng.randrange(5), t(13, 30), t(15, 30))],
            audience=(False, True, False),
        )

    def _care_class(self, pool: Pool) -> Row:
        w = W.section("kinds.care_class")
        town = self.town(pool)
        topic = self.pick(w.texts("topics"))
        name = compose(w.name("name"), topic=(topic, None))
        if self.chance(0.5):
            rules = [irregular(w.text("occasional"))]
            note = w.text("occasional_note")
        else:
            rules = [nth([self.pick([2, 3])], self.rng.randrange(6), t(13, 30), t(15, 30))]
            note = w.text("monthly_note")
        provider = self.pick([self.p_social_welfare(), self.p_medical()])
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["5.2"],
            keywords=self.keywords(w.texts("keywords"), w.texts("extra_keywords")),
            description=w.text("description").format(topic=topic),
            eligibility=w.text("eligibility"),
            fee=FREE if self.chance(0.5) else w.fee("fee"),
            booking=(B.APPLICATION, w.text("booking")),
            capacity=20,
            town=town,
            venue=self.pick(
                [
                    self.place("meeting_room", place=self.facility()),
                    self.community_venue(town, pool),
                ]
            ),
            rules=rules,
            audience=(False, True, True),
            schedule_note=note,
        )
