"""How people's names and addresses are written on pages."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def email_breaks(address: str) -> SafeString:
    """An e-mail address that may wrap after "@" and before each "." (never mid-word)."""
    text = str(escape(address or ""))
    return mark_safe(text.replace("@", "@<wbr>").replace(".", "<wbr>."))  # noqa: S308  (escaped above)
