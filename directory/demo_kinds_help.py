"""Fictional help where people live: 1 家事支援, 2 外出支援, 3 宅配・配食・移動販売,
4 見守り・安否確認, and fictional 6.2 / 6.4 相談機関.

Each ``_<kind>`` makes one resource; its words are the table ``kinds.<kind>`` of
demo_data/kinds.toml. The order of the random calls is the demo: keep it when editing.
"""

from __future__ import annotations

from collections.abc import Sequence

from areas import loader
from areas.models import Area
from directory.demo_faker import (
    FREE,
    NAMES,
    WEEKDAYS,
    B,
    FakerBase,
    K,
    Pool,
    Row,
    W,
    irregular,
    t,
    weekly,
)
from directory.demo_words import compose


class HelpKinds(FakerBase):
    # -- 1 家事支援

    def _garbage(self, pool: Pool) -> Row:
        w = W.section("kinds.garbage")
        area, f = self.area_word(pool), self.fancy()
        name = self.pick([compose(n, area=area, fancy=f) for n in w.names("names")])
        days = self.pick([[0, 3], [1, 4], [2, 5], [0, 3], [1, 4]])
        cats = ["1", "4"] if self.chance(0.3) else ["1"]
        return self.make(
            pool,
            name=name,
            provider=self.pick([self.p_volunteers(None, pool, helpers=True), self.p_swc(pool)]),
            cats=cats,
            **self.about(w),
            fee=w.fee("fee") if self.chance(0.7) else FREE,
            booking=(B.APPLICATION, w.text("booking")),
            served=self.spheres_near(pool, 1),
            rules=[weekly(days, t(7), t(8, 30), note=w.text("rule_note"))],
            summer_break=False,
        )

    def _housework(self, pool: Pool) -> Row:
        w = W.section("kinds.housework")
        f = self.fancy()
        name = self.pick([compose(n, fancy=f, area=self.area_word(pool)) for n in w.names("names")])
        r = self.rng.random()
        provider = (
            self.p_npo()
            if r < 0.5
            else self.p_volunteers(None, pool, helpers=True)
            if r < 0.8
            else self.p_fancy_business(w.pair("business"), f)
        )
        fee = self.pick(w.fees("fees"))
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["1"],
            **self.about(w, 3),
            fee=fee,
            booking=(B.RESERVATION, w.text("booking")),
            served=self.spheres_near(pool, self.rng.randint(1, 3)),
            rules=[weekly(self.pick([WEEKDAYS, [0, 1, 2, 3, 4, 5]]), t(9), t(17))],
            summer_break=False,
        )

    def _handyman(self, pool: Pool) -> Row:
        w = W.section("kinds.handyman")
        f = self.fancy()
        name = self.pick([compose(n, fancy=f, area=self.area_word(pool)) for n in w.names("names")])
        return self.make(
            pool,
            name=name,
            provider=self.p_volunteers(None, pool, helpers=True),
            cats=["1"],
            **self.about(w, 3),
            fee=self.pick(w.fees("fees")),
            booking=(B.RESERVATION, w.text("booking")),
            served=self.spheres_near(pool, 1),
            rules=[weekly(WEEKDAYS, t(9), t(16))],
            summer_break=False,
        )

    # -- 2 外出支援

    def _shopping_escort(self, pool: Pool) -> Row:
        w = W.section("kinds.shopping_escort")
        name = compose(w.name("name"), fancy=self.fancy())
        return self.make(
            pool,
            name=name,
            provider=self.p_npo(NAMES.pair("providers.npo_outing")),
            cats=["2", "1"] if self.chance(0.3) else ["2"],
            **self.about(w),
            fee=w.fee("fee"),
            booking=(B.RESERVATION, w.text("booking")),
            served=self.spheres_near(pool, 2),
            rules=[weekly(WEEKDAYS, t(10), t(16))],
            summer_break=False,
        )

    def _hospital(self, pool: Pool) -> Row:
        w = W.section("kinds.hospital")
        f, other = self.fancy(), self.fancy()
        name = self.pick([compose(n, fancy=f, other_fancy=other) for n in w.names("names")])
        return self.make(
            pool,
            name=name,
            provider=self.p_npo(NAMES.pair("providers.npo_transport")),
            cats=["2"],
            **self.about(w),
            fee=w.fee("fee"),
            booking=(B.RESERVATION, w.text("booking")),
            served=[pool.district],
            rules=[weekly(WEEKDAYS, t(8, 30), t(17))],
            summer_break=False,
        )

    def _shopping_bus(self, pool: Pool) -> Row:
        w = W.section("kinds.shopping_bus")
        town = self.town(pool)
        store = self.pick(NAMES.pairs("stores"))
        name = compose(w.name("name"), base=self.base(town, pool))
        return self.make(
            pool,
            name=name,
            provider=self.p_store(store),
            cats=["2"],
            keywords=self.keywords(w.texts("keywords"), w.texts("extra_keywords")),
            description=w.text("description").format(store=store[0]),
            eligibility=w.text("eligibility"),
            fee=FREE,
            booking=(B.NONE, ""),
            served=self.spheres_near(pool, 2),
            rules=[weekly([self.rng.randrange(6)], t(10), t(12), note=w.text("rule_note"))],
            audience=(True, False, True),
            summer_break=False,
        )

    # -- 3 宅配・配食・移動販売

    def _delivery(self, pool: Pool) -> Row:
        w = W.section("kinds.delivery")
        store = self.pick(NAMES.pairs("stores"))
        if self.chance(0.5):
            name = compose(w.name("store_name"), store=store)
            text, fee = w.text("store_text"), w.fee("store_fee")
            keywords = w.texts("store_keywords")
            provider = self.p_store(store)
        else:
            f = self.fancy()
            name = compose(w.name("lunch_name"), fancy=f)
            text, fee = w.text("lunch_text"), w.fee("lunch_fee")
            keywords = w.texts("lunch_keywords")
            provider = self.p_fancy_business(w.pair("lunch_business"), f)
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["3.1"],
            keywords=self.keywords(keywords, w.texts("extra_keywords")),
            description=text,
            eligibility=w.text("eligibility"),
            fee=fee,
            booking=(B.RESERVATION, w.text("booking")),
            served=[pool.district],
            rules=[weekly([0, 1, 2, 3, 4, 5], t(10), t(18))],
            audience=(True, True, True),
            summer_break=False,
        )

    def _meal_watch(self, pool: Pool) -> Row:
        w = W.section("kinds.meal_watch")
        f = self.fancy()
        district = pool.district
        name = self.pick(
            [
                compose(n, fancy=f, district=(district.name, district.kana or None))
                for n in w.names("names")
            ]
        )
        dinner = self.chance(0.3)
        cats = ["3.2", "4"] if self.chance(0.4) else ["3.2"]
        return self.make(
            pool,
            name=name,
            provider=self.p_fancy_business(w.pair("business"), f),
            cats=cats,
            keywords=self.keywords(w.texts("keywords"), w.texts("extra_keywords")),
            description=w.text("description").format(meal=w.text("dinner" if dinner else "lunch"))
            + self.pick(w.texts("closings")),
            eligibility=w.text("eligibility"),
            fee=w.fee("fee"),
            booking=(B.APPLICATION, w.text("booking")),
            served=[district],
            rules=[
                weekly(
                    [0, 1, 2, 3, 4, 5, 6] if dinner else WEEKDAYS,
                    t(16) if dinner else t(11),
                    t(18) if dinner else t(13),
                )
            ],
            audience=(True, True, False),
            summer_break=False,
        )

    def _mobile_shop(self, pool: Pool) -> Row:
        w = W.section("kinds.mobile_shop")
        rng = self.rng
        store = self.pick(NAMES.pairs("stores"))
        name = compose(w.name("name"), fancy=self.fancy())
        served = self.spheres_near(pool, rng.randint(2, 4))
        towns: Sequence[Area | None] = pool.towns or [None]
        stops = []
        for _ in range(rng.randint(3, 5)):
            town = self.pick(towns)
            word = loader.town_base(town.name) if town else self.area_word(pool)[0]
            stops.append(word + self.pick(w.texts("stops")))
        d1, d2 = rng.sample([0, 1, 2, 3, 4, 5], 2)
        rules = [
            weekly([d1], t(10), t(10, 30), note=stops[0]),
            weekly([d2], t(14), t(14, 30), note=stops[1]),
        ]
        return self.make(
            pool,
            name=name,
            provider=self.p_store(store),
            cats=["3.3"],
            keywords=self.keywords(w.texts("keywords"), w.texts("extra_keywords"), 3),
            description=w.text("description").format(store=store[0]),
            eligibility=w.text("eligibility"),
            fee=w.fee("fee"),
            booking=(B.NONE, ""),
            served=served,
            rules=rules,
            audience=(True, False, True),
            schedule_note=w.text("schedule_note").format(stops="、".join(stops)),
            summer_break=False,
        )

    # -- 4 見守り・安否確認

    def _watch_neighbourhood(self, pool: Pool) -> Row:
        w = W.section("kinds.watch_neighbourhood")
        town = self.town(pool)
        r = self.rng.random()
        provider = (
            self.p_neighbourhood(town, pool)
            if r < 0.5
            else self.p_senior_club(town, pool)
            if r < 0.7
            else self.p_swc(pool)
        )
        group, f = (provider[0], provider[1] or None), self.fancy()
        name = self.pick([compose(n, provider=group, fancy=f) for n in w.names("names")])
        served = [town] if town is not None and r < 0.7 else self.spheres_near(pool, 1)
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["4"],
            **self.about(w),
            fee=FREE,
            booking=(B.APPLICATION, w.text("booking")),
            served=served,
            rules=[weekly([self.rng.randrange(6)], t(10), t(12), note=w.text("rule_note"))],
            summer_break=False,
        )

    def _watch_newspaper(self, pool: Pool) -> Row:
        w = W.section("kinds.watch_newspaper")
        town = self.town(pool)
        word = self.base(town, pool)
        provider = self.p_business(w.text("provider").format(base=word[0]))
        return self.make(
            pool,
            name=compose(w.name("name"), provider=(provider[0], None)),
            provider=provider,
            cats=["4"],
            **self.about(w),
            fee=FREE,
            booking=(B.NONE, ""),
            town=town,
            venue=provider[0],
            served=self.spheres_near(pool, 2),
            rules=[weekly([0, 1, 2, 3, 4, 5, 6], t(4), t(6, 30))],
            audience=(True, True, True),
            summer_break=False,
        )

    def _watch_business(self, pool: Pool) -> Row:
        w = W.section("kinds.watch_business")
        if self.chance(0.5):
            gas = self.pick(w.pairs("gas_companies"))
            provider = self.p_store(gas)
            name = compose(w.name("gas_name"), company=gas)
            text = w.text("gas_text")
            rules = [irregular(w.text("gas_rule_note"))]
            words, note = w.texts("gas_keywords"), w.text("gas_schedule_note")
        else:
            f = self.fancy()
            provider = self.p_fancy_business(w.pair("milk_business"), f)
            name = compose(w.name("milk_name"), fancy=f)
            text = w.text("milk_text")
            rules = [weekly(self.pick([[0, 3], [1, 4]]), t(9), t(12))]
            words, note = w.texts("milk_keywords"), ""
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["4"],
            keywords=self.keywords(w.texts("keywords") + words, w.texts("extra_keywords")),
            description=text,
            eligibility=w.text("eligibility"),
            fee=w.fee("fee"),
            booking=(B.APPLICATION, w.text("booking")),
            served=[pool.district],
            rules=rules,
            audience=(True, True, False),
            schedule_note=note,
            summer_break=False,
        )

    # -- 6.2 / 6.4 相談機関 (fictional)

    def _ikiiki(self, pool: Pool) -> Row:
        w = W.section("kinds.ikiiki")
        town = self.town(pool)
        name = compose(w.name("name"), area=self.area_word(pool))
        provider = self.p_social_welfare()
        return self.make(
            pool,
            name=name,
            provider=provider,
            cats=["6.2"],
            **self.about(w),
            fee=w.fee("fee"),
            booking=(B.NONE, ""),
            town=town,
            venue=name[0],
            rules=[weekly([0, 1, 2, 3, 4, 5], t(9), t(17))],
            audience=(True, False, False),
            schedule_note=w.text("schedule_note"),
            summer_break=False,
        )

    def _coordinator(self, pool: Pool) -> Row:
        w = W.section("kinds.coordinator")
        name = compose(w.name("name"), area=self.area_word(pool))
        district = pool.district
        office = compose(w.name("provider"), district=(district.name, district.kana or None))
        return self.make(
            pool,
            name=name,
            provider=(office[0], office[1], K.PUBLIC),
            cats=["6.4"],
            **self.about(w),
            fee=FREE,
            booking=(B.NONE, ""),
            served=[pool.sphere or district],
            rules=[weekly(WEEKDAYS, t(9), t(17))],
            audience=(True, True, True),
            schedule_note=w.text("schedule_note"),
            summer_break=False,
        )
