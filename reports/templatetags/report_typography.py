"""`{% filter french_spacing %}` around the report's content on screen, as in the PDF."""

from django import template
from django.utils.safestring import mark_safe

from reports.rendering import french_spacing as _french_spacing

register = template.Library()


@register.filter(is_safe=True)
def french_spacing(html: str) -> str:
    """Narrow no-break spaces before « : ; ! ? % » and inside « », in text only; the input
    is already escaped HTML and only spaces change."""
    return mark_safe(_french_spacing(str(html)))
