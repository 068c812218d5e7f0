"""What a browser would send for an office form, read from the page's HTML: the tests post
it back as a person would, changed only where the test says."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """What a browser would send for one form: name -> values in document order (checked
    boxes only, the selected option, textarea text), fields tied to it by `form=` too."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, list[str]] = {}
        self.select = None
        self.selected = None
        self.textarea = None
        self.text = ""

    def _add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if tag == "option" and self.select:
            if self.selected is None or "selected" in attrs:
                self.selected = attrs.get("value", "")
            return
        owner = attrs.get("form")
        mine = owner == self.form_id if owner else self.inside
        if not mine or "name" not in attrs or "disabled" in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button"):
                return
            self._add(attrs["name"], attrs.get("value", ""))
        elif tag == "select":
            self.select, self.selected = attrs["name"], None
        elif tag == "textarea":
            self.textarea, self.text = attrs["name"], ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            self._add(self.select, self.selected or "")
            self.select = None
        elif tag == "textarea" and self.textarea:
            self._add(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def form_of(page, form_id="editor") -> dict[str, list[str]]:
    parser = FormFields(form_id)
    parser.feed(page.text)
    return parser.fields


def editor_form(client, url: str) -> dict[str, list[str]]:
    page = client.get(url)
    assert page.status_code == 200, page.text
    return form_of(page)
