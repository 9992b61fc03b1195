"""The association's identity: its name and logo, printed on every document it issues
(the activity report's cover, sign-in sheets, funder reports).

One row, edited by staff in the admin (« Identité de l'association »); until it is saved,
documents use the defaults below.
"""

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.locking import LockedModel
from core.validators import validate_logo

DEFAULT_NAME = "Meltingcoop"


class Association(LockedModel):
    name = models.CharField(_("nom"), max_length=200, default=DEFAULT_NAME)
    logo = models.ImageField(
        _("logo"),
        upload_to="association/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo],
        help_text=_(
            "PNG ou JPEG, 2 Mo au plus : en tête des feuilles d'émargement et, si l'édition "
            "n'en a pas d'autre, sur la couverture du rapport d'activité."
        ),
    )

    class Meta:
        app_label = "governance"
        verbose_name = _("identité de l'association")
        verbose_name_plural = _("identité de l'association")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def saved(cls) -> "Association | None":
        """The row staff saved, if any (one query)."""
        return cls.objects.order_by("pk").first()

    @classmethod
    def current(cls) -> "Association":
        """The saved identity, or the defaults (unsaved) before staff set one: one query."""
        return cls.saved() or cls()

    @property
    def logo_url(self) -> str:
        return self.logo.url if self.logo else ""
