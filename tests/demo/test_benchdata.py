"""`generate_bench_data`: the benchmarks' invented data set, at a tiny scale (0.001)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from bench.datagen import counts_for, generate
from cooperatives.models import Cooperative, Membership
from entrepreneurs.models import Encounter, Entrepreneur
from events.models import Attendance, Event
from governance.models import Grant, Meeting, Organisation
from tests.entrepreneurs.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

SCALE = 0.001


def _generate(*args: str) -> str:
    out = io.StringIO()
    call_command(
        "generate_bench_data", "--scale", str(SCALE), *args, stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_generated_counts_are_proportional_to_the_scale(debug_on):
    _generate()

    wanted = counts_for(SCALE)
    assert Entrepreneur.objects.count() == wanted["entrepreneurs"] == 100
    assert Encounter.objects.count() == wanted["encounters"] == 400
    assert Event.objects.count() == wanted["events"] == 20
    assert Meeting.objects.count() == wanted["meetings"] == 5
    assert Organisation.objects.count() == wanted["organisations"]
    assert Grant.objects.count() == wanted["grants"]
    assert Cooperative.objects.count() == wanted["cooperatives"]
    assert Attendance.objects.count() == wanted["attendances"] == 600


def test_generated_rows_respect_the_model_constraints(debug_on):
    _generate()

    assert not Entrepreneur.objects.filter(arrival_year__lt=F("birth_year")).exists()
    duplicates = Encounter.objects.values("entrepreneur", "date", "kind").annotate(n=Count("pk"))
    assert not duplicates.filter(n__gt=1).exists()
    assert not Membership.objects.filter(left_on__lt=F("joined_on")).exists()
    assert not Membership.objects.filter(
        Q(joined_on__lt=F("cooperative__start_date")) | Q(left_on__gt=F("cooperative__end_date"))
    ).exists()
    assert not Cooperative.objects.filter(end_date__lt=F("start_date")).exists()
    references = Entrepreneur.objects.values_list("reference", flat=True)
    assert len(set(references)) == len(references) and all(r.startswith("ENT-") for r in references)
    assert all(person.version == 1 and person.created_at for person in Entrepreneur.objects.all())
    for person in Entrepreneur.objects.all()[:10]:
        person.full_clean()


def test_same_seed_gives_the_same_rows(debug_on):
    first = generate(SCALE, seed=7)
    rows = list(Encounter.objects.order_by("pk").values_list("entrepreneur__reference", "date"))
    call_command("generate_bench_data", "--scale", str(SCALE), "--seed", "7", "--flush",
                 stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip

    again = list(Encounter.objects.order_by("pk").values_list("entrepreneur__reference", "date"))
    assert again == rows and first.counts["encounters"] == len(rows)


def test_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="hors mode debug"):
        _generate()
    assert not Entrepreneur.objects.exists()

    _generate("--force")
    assert Entrepreneur.objects.count() == 100


def test_refuses_a_database_with_entrepreneurs_unless_append(debug_on):
    EntrepreneurFactory(reference="ENT-000001")

    with pytest.raises(CommandError, match="--append"):
        _generate()
    assert Entrepreneur.objects.count() == 1

    _generate("--append")
    assert Entrepreneur.objects.count() == 101
    # Appended references continue after the highest one, so none collides.
    assert Entrepreneur.objects.filter(reference="ENT-000002").exists()


def test_refuses_a_scale_that_is_not_positive(debug_on):
    with pytest.raises(CommandError, match="--scale"):
        call_command("generate_bench_data", "--scale", "0", stdout=io.StringIO())
