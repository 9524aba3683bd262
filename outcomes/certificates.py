"""A junior mentor's certificate as a PDF, drawn with reportlab from the figures alone (never
from what was said in the sessions). Built-in PDF fonts: nothing is read from the network."""

import io

from django.utils.formats import date_format
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from .selectors import Recognition

BRAND = colors.HexColor("#1f4e79")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sentence(figures: Recognition) -> str:
    """What the mentor did, in one sentence: the certificate's and the note's own words."""
    sessions = f"{figures.sessions} session{'s' if figures.sessions != 1 else ''}"
    executives = "a senior leader" if figures.executives == 1 else f"{figures.executives} leaders"
    text = f"mentored {executives} of the company in {figures.program}: {sessions} held"
    if figures.skills:
        text += ", teaching " + _listed([skill.lower() for skill in figures.skills])
    return text + "."


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def certificate_pdf(figures: Recognition, *, include_thanks: bool, issuer: str) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True)
    canvas.setTitle(f"Certificate: {figures.name}, {figures.program}")
    canvas.setAuthor(issuer)
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setFillColor(BRAND)
    canvas.setFont("Helvetica", 14)
    canvas.drawCentredString(width / 2, height - 38 * mm, "CERTIFICATE OF REVERSE MENTORING")
    canvas.setFont("Helvetica-Bold", 30)
    canvas.drawCentredString(width / 2, height - 58 * mm, figures.name)
    body = ParagraphStyle(
        "body", fontName="Helvetica", fontSize=15, leading=21, alignment=1, spaceAfter=12
    )
    quote = ParagraphStyle(
        "quote", parent=body, fontName="Helvetica-Oblique", fontSize=12, leading=17, spaceBefore=8
    )
    story = [Paragraph(_escape(sentence(figures)[0].upper() + sentence(figures)[1:]), body)]
    if figures.starts_on and figures.ends_on:
        dates = (
            f"{date_format(figures.starts_on, 'j F Y')} to {date_format(figures.ends_on, 'j F Y')}"
        )
        story.append(Paragraph(_escape(dates), body))
    if include_thanks:
        for text, who in figures.thanks[:3]:
            story.append(Paragraph(f"“{_escape(text)}” — {_escape(who)}", quote))
    Frame(35 * mm, 45 * mm, width - 70 * mm, height - 115 * mm, showBoundary=0).addFromList(
        story, canvas
    )
    canvas.setFillColor(colors.black)
    canvas.setFont("Helvetica", 10)
    canvas.drawCentredString(width / 2, 24 * mm, issuer)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def manager_note(figures: Recognition, *, manager_name: str, include_thanks: bool) -> str:
    """The short note of recognition a mentor may send their manager, from the figures."""
    lines = [
        f"Dear {manager_name},",
        "",
        f"{figures.name} {sentence(figures)} In reverse mentoring, a junior colleague teaches a "
        "senior leader digital skills and learns about the business in return; it asks for "
        "preparation, tact and steady commitment.",
    ]
    if include_thanks and figures.thanks:
        lines += ["", "In the executives' words:"]
        lines += [f"“{text}” — {who}" for text, who in figures.thanks[:3]]
    lines += [
        "",
        f"This note was written by the mentoring program from its records, and sent at "
        f"{figures.name}'s request.",
    ]
    return "\n".join(lines)
