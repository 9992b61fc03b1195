"""Check that `migrate` alone gives a working site: a board member's dashboard opens (issue 20).

Run right after `manage.py migrate` on a fresh database (no `createcachetable`): the
dashboard is served through the shared cache, whose database table the `core` migration
creates. Creates one board member, opens the dashboard twice (built, then from the cache).
Usage: DATABASE_URL=... python scripts/dashboard_check.py  (the database must be migrated)
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meltingcoop.settings")


def main() -> int:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.urls import reverse

    from governance.roles import BOARD_GROUP

    email = "dashboard-check@example.org"
    user, _created = get_user_model().objects.get_or_create(email=email)
    user.groups.add(Group.objects.get(name=BOARD_GROUP))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    # The dashboard redirects to the last year with data, if any: follow it.
    url = reverse("reports:dashboard")
    statuses = [client.get(url, follow=True).status_code for _ in range(2)]
    if statuses == [200, 200]:
        print("dashboard check passed: the board's dashboard opens after migrate alone")
        return 0
    print(f"dashboard check FAILED: status {statuses}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
