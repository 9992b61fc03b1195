from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Financements")

    def ready(self) -> None:
        from funding import digest  # noqa: F401  (registers its digest section)
        from funding.models import AgreementDocument

        # A deleted document (or agreement) takes its private file with it.
        post_delete.connect(
            delete_document_file, sender=AgreementDocument, dispatch_uid="funding_document_file"
        )


def delete_document_file(sender, instance, **kwargs) -> None:
    if instance.file:
        instance.file.delete(save=False)
