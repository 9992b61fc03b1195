"""After a restore, `reapply_erasures` erases again the people the backup brought back."""

import datetime
from io import StringIO

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from entrepreneurs.models import Entrepreneur
from privacy.services import anonymise_entrepreneur
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory

IDENTITY = {"first_name": "Zénobie", "last_name": "Quarterfield", "email": "zq@example.org"}


def erased_on(day: datetime.date, **identity) -> Entrepreneur:
    person = EntrepreneurFactory(**identity)
    EncounterFactory(entrepreneur=person, notes="Hébergée chez sa sœur")
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        anonymise_entrepreneur(person, actor=None)
    return person


def restore_from_old_backup(person: Entrepreneur, **identity) -> None:
    """What restoring a backup taken before the erasure puts back in the person's row."""
    Entrepreneur.objects.filter(pk=person.pk).update(anonymised_at=None, **identity)
    person.encounters.update(notes="Hébergée chez sa sœur")


def run(*args: str) -> str:
    out = StringIO()
    call_command("reapply_erasures", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def restored(db) -> Entrepreneur:
    person = erased_on(datetime.date(2025, 3, 1), **IDENTITY)
    restore_from_old_backup(person, **IDENTITY)
    return person


def test_person_restored_after_erasure_is_anonymised_again(restored):
    output = run()

    restored.refresh_from_db()
    assert restored.anonymised_at is not None
    assert restored.first_name == Entrepreneur.ERASED_VALUES["first_name"]
    assert restored.email == ""
    assert restored.encounters.get().notes == ""
    assert restored.reference in output
    # References only on the console: the name never reaches it.
    assert "Zénobie" not in output and "Quarterfield" not in output


def test_reapplying_is_recorded_in_the_audit_log(restored):
    before = LogEntry.objects.filter(additional_data__has_key="anonymised").count()
    run()
    after = LogEntry.objects.filter(additional_data__has_key="anonymised").count()
    assert after == before + 1


def test_dry_run_lists_the_people_and_changes_nothing(restored):
    output = run("--dry-run")

    assert restored.reference in output
    assert "rien n'a été modifié" in output
    restored.refresh_from_db()
    assert restored.anonymised_at is None
    assert restored.first_name == "Zénobie"


def test_people_never_erased_and_people_still_anonymised_are_left_alone(restored):
    kept = EntrepreneurFactory(first_name="Awa")
    still_erased = erased_on(datetime.date(2025, 4, 1))
    erased_at = Entrepreneur.objects.get(pk=still_erased.pk).anonymised_at

    output = run()

    assert "1 personne(s) anonymisée(s) à nouveau" in output
    kept.refresh_from_db()
    assert kept.first_name == "Awa" and kept.anonymised_at is None
    assert Entrepreneur.objects.get(pk=still_erased.pk).anonymised_at == erased_at


def test_since_skips_erasures_recorded_before_the_date(restored):
    later = erased_on(datetime.date(2025, 6, 1), first_name="Bintou")
    restore_from_old_backup(later, first_name="Bintou")

    output = run("--since", "2025-05-01")

    assert later.reference in output and restored.reference not in output
    assert Entrepreneur.objects.get(pk=later.pk).anonymised_at is not None
    assert Entrepreneur.objects.get(pk=restored.pk).anonymised_at is None


def test_register_from_list_reapplies_erasures_the_restored_audit_log_lacks(restored, tmp_path):
    register = tmp_path / "erasures.tsv"
    register.write_text(run("--list"), encoding="utf-8")
    assert register.read_text().startswith(f"{restored.reference}\t2025-03-01")
    # The restored database predates the erasure: its audit log does not hold it either.
    LogEntry.objects.filter(additional_data__has_key="anonymised").delete()

    assert restored.reference not in run("--dry-run")
    run("--register", str(register))

    assert Entrepreneur.objects.get(pk=restored.pk).anonymised_at is not None


@pytest.mark.parametrize("value", ["31/02/2020", "2020-02-31", "hier"])
def test_invalid_since_date_is_a_clear_error(db, value):
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        run("--since", value)


def test_unreadable_register_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Registre illisible"):
        run("--register", str(tmp_path / "missing.tsv"))
