"""factory_boy factories for the roster."""

from __future__ import annotations

from datetime import date, time

import factory

from hotline.models import (
    Duty,
    Line,
    PatternAssignment,
    PatternEntry,
    RosterPattern,
    Shift,
    ShiftAssignment,
    ShiftKind,
    ShiftTemplate,
)

MONDAY = date(2026, 6, 8)


class LineFactory(factory.django.DjangoModelFactory[Line]):
    class Meta:
        model = Line

    name = factory.Sequence(lambda n: f"12351 热线 {n}")
    min_operators = 1
    min_supervisors = 1


class ShiftTemplateFactory(factory.django.DjangoModelFactory[ShiftTemplate]):
    class Meta:
        model = ShiftTemplate

    line = factory.SubFactory(LineFactory)
    name = factory.Sequence(lambda n: f"班次{n}")
    starts = time(8)
    ends = time(16)


class RosterPatternFactory(factory.django.DjangoModelFactory[RosterPattern]):
    class Meta:
        model = RosterPattern

    line = factory.SubFactory(LineFactory)
    name = factory.Sequence(lambda n: f"轮班表{n}")
    cycle_weeks = 1
    anchor = MONDAY
    valid_from = date(2026, 1, 5)


class PatternEntryFactory(factory.django.DjangoModelFactory[PatternEntry]):
    class Meta:
        model = PatternEntry

    pattern = factory.SubFactory(RosterPatternFactory)
    template = factory.SubFactory(
        ShiftTemplateFactory, line=factory.SelfAttribute("..pattern.line")
    )
    week = 0
    weekday = 0


class PatternAssignmentFactory(factory.django.DjangoModelFactory[PatternAssignment]):
    class Meta:
        model = PatternAssignment

    entry = factory.SubFactory(PatternEntryFactory)
    duty = Duty.OPERATOR


class ShiftFactory(factory.django.DjangoModelFactory[Shift]):
    class Meta:
        model = Shift

    line = factory.SubFactory(LineFactory)
    kind = ShiftKind.EXTRA


class ShiftAssignmentFactory(factory.django.DjangoModelFactory[ShiftAssignment]):
    class Meta:
        model = ShiftAssignment

    shift = factory.SubFactory(ShiftFactory)
    duty = Duty.OPERATOR
