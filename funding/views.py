"""The one way to read a signed agreement: staff only, never cached (never_cache sends
Cache-Control: no-store)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from funding.models import AgreementDocument


@never_cache
@login_required
@permission_required("funding.view_agreementdocument", raise_exception=True)
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(AgreementDocument.objects.select_related("agreement"), pk=pk)
    if not document.file or not document.file.storage.exists(document.file.name):
        raise Http404("document file missing")
    name = f"{document.agreement.reference}-{document.pk}.pdf"
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
