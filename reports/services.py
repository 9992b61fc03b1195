"""Publishing and reopening report editions, sending funder reports: the only ways an
edition or a funder report changes status."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.period import Period
from governance.models import User
from governance.stats import partners_of_period
from reports.funder_report import (
    agreement_with_scope,
    build_funder_content,
    funder_report_data,
    render_funder_pdf,
)
from reports.indicators import compute_indicators
from reports.models import FunderReport, ReportEdition, ReportSection
from reports.rendering import (
    build_content,
    drafts_of_edition,
    frozen_story,
    render_content_pdf,
)


def publish_edition(edition: ReportEdition, user: User) -> ReportEdition:
    """Freeze the year's figures and partners, render and store the PDF, mark published.

    All or nothing: if rendering fails, the edition stays a draft and no file is kept.
    The given instance is refreshed and returned.
    """
    with transaction.atomic():
        # Locked and re-read: two clicks on « Publier » must not publish twice.
        locked = ReportEdition.objects.select_for_update().get(pk=edition.pk)
        _check_publishable(locked)
        period = Period.year(locked.year)
        locked.figures = compute_indicators(period).to_dict()
        locked.partners = partners_of_period(period)
        locked.story = frozen_story(period, locked)
        locked.status = ReportEdition.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = user
        content = build_content(
            locked.year, locked, figures=locked.figures, partners=locked.partners
        )
        locked.pdf.save("rapport.pdf", ContentFile(render_content_pdf(content)), save=False)
        try:
            locked.save()
        except BaseException:
            locked.pdf.delete(save=False)
            raise
    edition.refresh_from_db()
    return edition


def _check_publishable(edition: ReportEdition) -> None:
    if edition.is_published:
        raise ValidationError(
            _("L'édition %(edition)s est déjà publiée.") % {"edition": edition}, code="published"
        )
    newer = (
        ReportEdition.objects.for_year(edition.year)
        .published()
        .filter(version__gt=edition.version)
        .exists()
    )
    if newer:
        raise ValidationError(
            _(
                "Une version plus récente du rapport %(year)s est déjà publiée : "
                "rouvrez-la plutôt que de publier la version %(version)s."
            )
            % {"year": edition.year, "version": edition.version},
            code="outdated",
        )


def reopen_edition(edition: ReportEdition) -> ReportEdition:
    """A new draft version copying the title, introduction, logo and sections of a
    published edition; the published one stays as it was."""
    edition.refresh_from_db(fields=["status"])
    if not edition.is_published:
        raise ValidationError(
            _("Seule une édition publiée peut être rouverte (%(edition)s est un brouillon).")
            % {"edition": edition},
            code="draft",
        )
    with transaction.atomic():
        draft = ReportEdition.objects.create(
            year=edition.year,
            version=ReportEdition.objects.next_version(edition.year),
            title=edition.title,
            introduction=edition.introduction,
            logo=edition.logo.name,
        )
        ReportSection.objects.bulk_create(
            ReportSection(
                edition=draft,
                chapter=section.chapter,
                heading=section.heading,
                body=section.body,
                order=section.order,
            )
            for section in edition.sections.all()
        )
    return draft


def send_funder_report(report: FunderReport, user: User) -> FunderReport:
    """Freeze the report's data and PDF, mark it sent and its deadline met, all or nothing
    (as `publish_edition`); the given instance is refreshed and returned."""
    with transaction.atomic():
        locked = FunderReport.objects.select_for_update().get(pk=report.pk)
        if locked.is_sent:
            raise ValidationError(
                _("Le bilan %(report)s est déjà envoyé.") % {"report": locked}, code="sent"
            )
        agreement = agreement_with_scope(locked.agreement.reference)
        locked.figures = funder_report_data(agreement)
        locked.status = FunderReport.Status.SENT
        locked.sent_at = timezone.now()
        locked.sent_by = user
        content = build_funder_content(agreement, locked)
        locked.pdf.save("bilan.pdf", ContentFile(render_funder_pdf(content)), save=False)
        try:
            locked.save()
            _mark_deadline_sent(locked)
        except BaseException:
            locked.pdf.delete(save=False)
            raise
    report.refresh_from_db()
    return report


def _mark_deadline_sent(report: FunderReport) -> None:
    """The earliest deadline of that kind still to send is met today."""
    deadline = (
        report.agreement.report_deadlines.pending()
        .filter(kind=report.kind)
        .order_by("due_on")
        .first()
    )
    if deadline is not None:
        deadline.sent_on = timezone.localdate(report.sent_at)
        deadline.save(update_fields=["sent_on"])


def add_drafted_sections(edition: ReportEdition) -> int:
    """Give each chapter of a draft edition that has no section yet a section holding its
    drafted paragraph (staff then edit or replace it); return how many were added."""
    if edition.is_published:
        raise ValidationError(_("Une édition publiée ne change plus : rouvrez-la d'abord."))
    with transaction.atomic():
        present = set(edition.sections.values_list("chapter", flat=True))
        drafts = drafts_of_edition(edition)
        sections = [
            ReportSection(edition=edition, chapter=chapter, heading="", body=text, order=order)
            for order, (chapter, text) in enumerate(drafts.items())
            if text and chapter not in present
        ]
        ReportSection.objects.bulk_create(sections)
    return len(sections)
