"""The staff's weekly digest: its sections, its content, and its sending by a django-tasks
task (queued in the database and run by the worker, or run at once)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cooperatives.models import Checkpoint
from governance import digest
from governance.tasks import send_weekly_digest
from tests.cooperatives.factories import OutcomeFactory
from tests.entrepreneurs.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = D(2021, 3, 1)
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def due_follow_up():
    person = EntrepreneurFactory(reference="ENT-0007", first_name="Awa")
    OutcomeFactory(entrepreneur=person, checkpoint=Checkpoint.EXIT, date=D(2020, 9, 10))
    return person


def test_the_follow_ups_section_is_registered():
    assert "followups" in digest.registered_sections()


def test_digest_lists_the_follow_ups_due(due_follow_up):
    (section,) = digest.build_digest(DAY)

    assert section.title == "Suivis à faire"
    assert [item.text for item in section.items] == [
        "ENT-0007 Awa — suivi à 6 mois, prévu le 10/03/2021 (dans 9 jours)"
    ]
    assert section.items[0].url == f"/admin/entrepreneurs/entrepreneur/{due_follow_up.pk}/change/"


def test_other_apps_can_add_a_section(due_follow_up, monkeypatch):
    sections = digest.registered_sections()
    monkeypatch.setattr(digest._registry, "sections", sections)

    @digest.register_section("grants")
    def grants(day):
        return digest.DigestSection("Échéances de subventions", (digest.DigestItem("Dossier FSE"),))

    assert [s.title for s in digest.build_digest(DAY)] == [
        "Suivis à faire",
        "Échéances de subventions",
    ]


def test_digest_is_sent_to_each_active_staff_member(
    due_follow_up, staff_user, board_user, django_user_model, settings
):
    settings.SITE_URL = "https://gestion.example.org"
    django_user_model.objects.create_user(email="old@example.org", is_staff=True, is_active=False)

    assert digest.send_digest(DAY) == 1

    (message,) = mail.outbox
    assert message.to == [staff_user.email]
    assert message.subject == "[Meltingcoop] À faire cette semaine (1er mars 2021)"
    assert "ENT-0007 Awa — suivi à 6 mois" in message.body
    assert "https://gestion.example.org/followups/" in message.body
    html = message.alternatives[0][0]
    assert (
        f'href="https://gestion.example.org/admin/entrepreneurs/entrepreneur/{due_follow_up.pk}/change/"'
        in html
    )


def test_nothing_is_sent_when_nothing_is_due(staff_user):
    assert digest.send_digest(DAY) == 0
    assert mail.outbox == []


def test_the_command_queues_the_task_in_the_database(due_follow_up, staff_user):
    out = io.StringIO()

    call_command("weekly_digest", "--date", "2021-03-01", stdout=out)

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "governance.tasks.send_weekly_digest"
    assert queued.status == TaskResultStatus.READY
    assert queued.args_kwargs == {"args": ["2021-03-01"], "kwargs": {}}
    assert "mis en file d'attente" in out.getvalue()
    assert mail.outbox == []  # the worker sends it


# The worker checks its connection between tasks, which closes one left inside a test's
# transaction (PostgreSQL): this test runs outside one, as the worker does in production.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_queued_digest(due_follow_up, staff_user):
    result = send_weekly_digest.enqueue("2021-03-01")

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())

    finished = send_weekly_digest.get_result(result.id)
    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert finished.return_value == 1
    assert len(mail.outbox) == 1 and "ENT-0007" in mail.outbox[0].body


def test_the_immediate_backend_sends_at_once(settings, due_follow_up, staff_user):
    # django-tasks resets its backends when the TASKS setting changes.
    settings.TASKS = IMMEDIATE

    result = send_weekly_digest.enqueue("2021-03-01")

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_print_shows_the_digest_without_sending(due_follow_up, staff_user):
    out = io.StringIO()

    call_command("weekly_digest", "--print", "--date", "2021-03-01", stdout=out)

    assert "Suivis à faire" in out.getvalue() and "ENT-0007" in out.getvalue()
    assert mail.outbox == []


def test_now_sends_without_the_worker(due_follow_up, staff_user):
    call_command("weekly_digest", "--now", "--date", "2021-03-01", stdout=io.StringIO())

    assert len(mail.outbox) == 1
    assert not DBTaskResult.objects.exists()
