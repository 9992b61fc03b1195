"""French typography in templates: `{{ day|french_date }}` (« 1er juillet 2020 ») and
`{{ amount|french_amount }}` (« 15 000 € »), the same functions the PDFs use."""

from django import template

from core import formatting

register = template.Library()


@register.filter
def french_date(day) -> str:
    return formatting.french_date(day) if day else ""


@register.filter
def french_amount(value) -> str:
    return formatting.french_amount(value) if value not in (None, "") else ""
