"""The four-level tree: level rules, one root, moving and deactivating subtrees."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from accounts.models import User
from core.errors import DomainError, NotFound
from network import services
from network.models import AuditEntry, Level, OrgUnit
from tests.network import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("level", "parent_key", "ok"),
    [
        (Level.DISTRICT, "centre", True),
        (Level.DISTRICT, "district_a", False),
        (Level.STATION, "district_a", True),
        (Level.STATION, "centre", True),
        (Level.STATION, "station_a1", False),
        (Level.ROOM, "district_a", True),
        (Level.ROOM, "station_a1", True),
        (Level.ROOM, "centre", False),
        (Level.ROOM, "room_ar", False),
    ],
)
def test_level_rules(tree: dict[str, OrgUnit], level: str, parent_key: str, ok: bool) -> None:
    before = OrgUnit.objects.count()
    if ok:
        unit = factories.unit("新单位", level, tree[parent_key])
        assert unit.path.startswith(tree[parent_key].path)
        assert unit.depth == tree[parent_key].depth + 1
    else:
        with pytest.raises(services.LevelRuleError) as caught:
            factories.unit("新单位", level, tree[parent_key])
        assert caught.value.code == "level_rule"
        assert "parent" in caught.value.fields
        assert OrgUnit.objects.count() == before


def test_wrong_parent_message_is_clear_in_chinese(tree: dict[str, OrgUnit]) -> None:
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(DomainError) as caught:
        factories.unit("错误服务室", Level.ROOM, tree["centre"])
    assert str(caught.value.message) == "企业心理健康服务室必须隶属于区市分中心 / 心灵驿站。"


def test_only_one_root(tree: dict[str, OrgUnit]) -> None:
    with pytest.raises(services.LevelRuleError):
        factories.unit("第二个中心", Level.CENTRE)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.create(name="x", level=Level.CENTRE, path="ZZZZ", depth=0)


def test_moving_a_station_moves_its_whole_subtree(tree: dict[str, OrgUnit]) -> None:
    station, room = tree["station_a1"], tree["room_a1r"]
    services.unit_move(actor=factories.superuser(), unit=station, new_parent=tree["district_b"])
    station.refresh_from_db()
    room.refresh_from_db()
    assert station.parent == tree["district_b"]
    assert station.path.startswith(tree["district_b"].path)
    assert room.path.startswith(station.path)
    assert room.depth == station.depth + 1 == 3
    assert set(OrgUnit.objects.subtree_of(tree["district_a"])) == {
        tree["district_a"],
        tree["room_ar"],
    }
    assert AuditEntry.objects.filter(action="network.unit.moved", target_id=str(station.pk))


def test_a_unit_cannot_move_into_its_own_subtree(tree: dict[str, OrgUnit]) -> None:
    with pytest.raises(services.LevelRuleError):
        services.unit_move(
            actor=factories.superuser(), unit=tree["district_a"], new_parent=tree["station_a1"]
        )


def test_moving_keeps_level_rules(tree: dict[str, OrgUnit]) -> None:
    path = tree["station_a1"].path
    with pytest.raises(services.LevelRuleError):
        services.unit_move(
            actor=factories.superuser(), unit=tree["station_a1"], new_parent=tree["station_b1"]
        )
    tree["station_a1"].refresh_from_db()
    assert tree["station_a1"].path == path


def test_deactivating_keeps_history_and_hides_the_subtree(tree: dict[str, OrgUnit]) -> None:
    services.unit_set_active(actor=factories.superuser(), unit=tree["station_a1"], active=False)
    tree["room_a1r"].refresh_from_db()
    assert tree["room_a1r"].is_active is False
    assert OrgUnit.objects.filter(pk=tree["station_a1"].pk).exists()
    with pytest.raises(services.LevelRuleError):
        factories.unit("新服务室", Level.ROOM, tree["station_a1"])


def test_a_district_cadre_cannot_create_outside_its_subtree(
    tree: dict[str, OrgUnit], cadre_a: User
) -> None:
    unit = factories.unit("甲二心灵驿站", Level.STATION, tree["district_a"], actor=cadre_a)
    assert unit.path.startswith(tree["district_a"].path)
    with pytest.raises(NotFound):
        factories.unit("乙二心灵驿站", Level.STATION, tree["district_b"], actor=cadre_a)
    assert not OrgUnit.objects.filter(name="乙二心灵驿站").exists()


def test_paths_stay_unique_after_many_children(tree: dict[str, OrgUnit]) -> None:
    units = [factories.unit(f"服务室{i}", Level.ROOM, tree["district_b"]) for i in range(40)]
    assert len({u.path for u in units}) == 40
    assert OrgUnit.objects.subtree_of(tree["district_b"]).count() == 42
