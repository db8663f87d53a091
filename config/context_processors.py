from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from people.roles import Role, has_role


def site_context(request: HttpRequest) -> dict[str, Any]:
    """Role flags the base layout needs to build its navigation."""
    user = request.user
    return {
        "is_manager": has_role(user, Role.MINISTRY_ADMIN) or has_role(user, Role.PROVINCE_MANAGER),
        "is_author": has_role(user, Role.TRAINER) or has_role(user, Role.MINISTRY_ADMIN),
    }
