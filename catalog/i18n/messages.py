"""Marking strings for translation without depending on any web framework.

`N_` marks a message id for extraction (pybabel's keyword list includes it) and returns it
unchanged; the HTTP layer translates the id at render time in the request's language.
"""


def N_(message: str) -> str:  # noqa: N802 - the conventional name for a no-op marker
    return message


class Message:
    """A message id with its parameters, translated by whoever shows it to a person."""

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid = msgid
        self.params = params

    def render(self, translate=lambda text: text) -> str:
        text = translate(self.msgid)
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))
