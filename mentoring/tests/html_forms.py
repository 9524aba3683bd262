"""Read the forms and links of a page as a browser would: tests post what the page renders."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # as the page renders them
    files: list[str] = field(default_factory=list)


class FormsAndLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(method=a.get("method", "get").lower(), action=a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form.files.append(a["name"])
            elif kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._form.fields.append((a["name"], a.get("value", "on")))
            elif kind not in {"submit", "button", "image", "reset"}:
                self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("value"):
            self._form.fields.append((a["name"], a["value"]))
        elif tag == "select":
            self._select, self._select_value = a["name"], None
        elif tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in a:
                self._select_value = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            self._form.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea, self._text))
            self._textarea = None


def rendered_form(html: str, index: int = 0) -> dict[str, str]:
    """The values the page's form would send as it stands (the last value of each name)."""
    parser = FormsAndLinks()
    parser.feed(html)
    return dict(parser.forms[index].fields)
