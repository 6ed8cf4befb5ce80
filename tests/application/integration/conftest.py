from __future__ import annotations

import pytest

from tests.application.integration.world import World


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def company(world: World) -> int:
    return world.connected_company()
