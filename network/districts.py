"""How a district sub-centre is named when a person is asked for a district.

A district sub-centre (区市分中心) is an office named after the district or county-level
city it serves ("市南区分中心" serves 市南区). Where a worker is asked "which district do
you work in", the answer is the area, not the office: the sub-centre's name without its
office suffix.
"""

from __future__ import annotations

from network.models import OrgUnit

OFFICE_SUFFIXES = ("职工心理健康服务分中心", "心理健康服务分中心", "服务分中心", "分中心")


def district_area_name(unit: OrgUnit) -> str:
    """The district a sub-centre serves: "市南区分中心" → "市南区" (other names unchanged)."""
    name = str(unit.name).strip()
    for suffix in OFFICE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name
