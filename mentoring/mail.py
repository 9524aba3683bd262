"""Sending the site's own e-mails: plain text and HTML from templates/emails/."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """The link to `path` as people reach the site (SITE_SCHEME, SITE_DOMAIN): mail is often
    sent from Celery workers, where no request tells the host, and a request's host may be
    an internal one."""
    return f"{settings.SITE_SCHEME}://{settings.SITE_DOMAIN}{path}"


def render_text(template: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping ("Cloud & AI", not "&amp;")."""
    return render_to_string(template, context, using="text")


def preview(*, template: str, subject: str, context: dict) -> dict[str, str]:
    """What one person would receive, for a page that asks HR to confirm before sending."""
    context = {"site_name": Site.objects.get_current().name, **context}
    return {
        "subject": f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        "text": render_text(f"emails/{template}.txt", context).strip(),
    }


def send_templated_mail(
    *, template: str, subject: str, to: list[str], context: dict, headers: dict | None = None
) -> None:
    """Render templates/emails/<template>.txt and .html and send them as one message."""
    context = {"site_name": Site.objects.get_current().name, **context}
    message = EmailMultiAlternatives(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        render_text(f"emails/{template}.txt", context),
        to=to,
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    message.send()
