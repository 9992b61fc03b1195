"""Build the POST a browser would send from an admin change page, as rendered by a GET."""

from django import forms


def _add_form(data: dict, form: forms.BaseForm) -> None:
    for bound in form:
        widget = bound.field.widget
        # The admin wraps relation widgets (add/change links): format with the real one.
        widget = getattr(widget, "widget", widget)
        value = bound.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        formatted = widget.format_value(value)
        if formatted is None:
            continue
        data[bound.html_name] = formatted


def change_form_post_data(response) -> dict:
    """Every field of the change form and of its inlines, with the values shown."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    return {key: value for key, value in data.items() if value != []}
