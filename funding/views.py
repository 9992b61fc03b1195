"""The one way to read a signed agreement: staff only, never cached (never_cache sends
Cache-Control: no-store)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from core.storage import private_file_response
from funding.models import AgreementDocument


@never_cache
@login_required
@permission_required("funding.view_agreementdocument", raise_exception=True)
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(AgreementDocument.objects.select_related("agreement"), pk=pk)
    name = f"{document.agreement.reference}-{document.pk}.pdf"
    return private_file_response(document.file, name, "application/pdf")
