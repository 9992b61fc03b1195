"""The text of a rendered PDF, as a reader's tools extract it."""

import io
import re

from pypdf import PdfReader


def pages_text(pdf: bytes) -> list[str]:
    """Each page's extracted text, whitespace removed (WeasyPrint's spacing varies)."""
    return [re.sub(r"\s", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
