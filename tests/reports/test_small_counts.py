"""The small-count rule on the report's key figures: a share or a mean over fewer than k
people, or whose complement is fewer than k, is not shown to a board member or in the PDF
(frozen editions included); staff keep the exact figure."""

import datetime

import pytest
from django.urls import reverse

from entrepreneurs.models import Gender
from reports.rendering import build_content, render_content_pdf
from reports.services import publish_edition
from tests.entrepreneurs.factories import EncounterFactory
from tests.pdf_text import pages_text
from tests.reports.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ten_met_eight_women():
    for i in range(10):
        gender = Gender.MALE if i < 2 else Gender.FEMALE
        EncounterFactory(date=datetime.date(2020, 5, 1), entrepreneur__gender=gender)


def _women_figure(content):
    return next(f for f in content.key_figures if f.name == "women_percent")


def test_board_reads_moins_de_k_personnes_where_the_complement_is_two(ten_met_eight_women):
    figure = _women_figure(build_content(2020, None, staff_view=False))
    assert figure.display == "moins de 3 personnes"


def test_staff_keep_the_exact_share(ten_met_eight_women):
    assert _women_figure(build_content(2020, None, staff_view=True)).display == "80\u202f%"


def test_the_board_report_page_does_not_print_the_share(ten_met_eight_women, board_client):
    html = board_client.get(reverse("reports:report", args=[2020])).content.decode()
    assert "moins de 3 personnes" in html
    assert "80\u202f%" not in html


def test_a_published_edition_keeps_the_rule_for_the_board(ten_met_eight_women, staff_user):
    edition = publish_edition(EditionFactory(), staff_user)
    content = build_content(2020, edition, staff_view=False)
    assert _women_figure(content).display == "moins de 3 personnes"
    text = " ".join(pages_text(render_content_pdf(content)))
    assert "moinsde3personnes" in text


def test_drafted_paragraphs_kept_as_sections_follow_the_rule(ten_met_eight_women):
    from reports.rendering import drafts_of_edition

    drafts = " ".join(drafts_of_edition(EditionFactory()).values())

    assert "80\u202f%" not in drafts and "80 %" not in drafts


def test_an_attendance_rate_over_two_marked_attendances_is_withheld(db):
    from events.models import Attendance, Event
    from tests.events.factories import AttendanceFactory, EventFactory

    workshop = EventFactory(kind=Event.Kind.WORKSHOP, date=datetime.date(2020, 3, 2))
    AttendanceFactory(event=workshop)
    AttendanceFactory(event=workshop, status=Attendance.Status.ABSENT)

    board = build_content(2020, None, staff_view=False)
    rate = next(f for c in board.chapters for f in c.figures if f.name == "attendance_rate")
    assert rate.display == "moins de 3 personnes"
