"""Background tasks (django-tasks): queued by `manage.py weekly_digest` (cron, weekly),
run by the worker `manage.py db_worker` (docs/deployment.md)."""

import datetime

from django.utils import timezone
from django_tasks import task

from governance.digest import send_digest


@task()
def send_weekly_digest(day: str | None = None) -> int:
    """Send the staff digest for `day` (ISO date; today by default, when the worker runs
    it); returns how many e-mails were sent. Arguments stay JSON: the queue stores them."""
    when = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return send_digest(when)
