"""The map is told which datum its tiles use; the stored points stay WGS-84."""

from __future__ import annotations

import pytest
from django.test import Client

from network.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("crs", ["wgs84", "gcj02"])
def test_the_map_knows_the_tile_datum(
    client: Client, tree: dict[str, OrgUnit], settings: pytest.FixtureRequest, crs: str
) -> None:
    settings.MAP_TILE_CRS = crs  # type: ignore[attr-defined]
    html = client.get("/stations/").content.decode()
    assert f'data-tile-crs="{crs}"' in html
