"""marshmallow validators whose messages can be translated later, in the reader's language.

marshmallow formats its messages at once, in English; these return a `Message` (a message id
plus parameters) that the HTTP layer renders through the Babel catalogues. Subclassing keeps
the validator types that apispec turns into `enum`, `minimum` and `maxLength` in the docs.
"""

import re

from marshmallow import ValidationError, validate

from catalog.i18n.messages import N_, Message

# marshmallow's own fixed messages that requests can meet, marked for the catalogues.
MARSHMALLOW_MESSAGES = (
    N_("Unknown field."),
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid input type."),
    N_("Invalid value."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Not a valid boolean."),
    N_("Not a valid string."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Not a valid URL."),
    N_("Not a valid email address."),
    N_("Not a valid datetime."),
    N_("Not a valid date."),
    N_("Not a valid time."),
    N_("String does not match expected pattern."),
)


class OneOf(validate.OneOf):
    def _format_error(self, value) -> list:
        return [
            Message("%(input)s is not one of: %(choices)s.", input=value, choices=self.choices_text)
        ]


class Range(validate.Range):
    message_min = N_("Must be at least %(min)s.")
    message_max = N_("Must be at most %(max)s.")
    message_all = N_("Must be between %(min)s and %(max)s.")

    def _format_error(self, value, message: str) -> list:
        return [Message(message, input=value, min=self.min, max=self.max)]


class Length(validate.Length):
    message_min = N_("Must be at least %(min)s characters long.")
    message_max = N_("Must be at most %(max)s characters long.")
    message_all = N_("Must be between %(min)s and %(max)s characters long.")
    message_equal = N_("Must be exactly %(equal)s characters long.")

    def _format_error(self, value, message: str) -> list:
        return [Message(message, input=value, min=self.min, max=self.max, equal=self.equal)]


class UrlCharacters(validate.Validator):
    """marshmallow's URL check lets anything but spaces through in a path, so
    `https://ok.example/"><script>` passes it. A URL we store and serve never holds quotes,
    angle brackets, backslashes, whitespace or control characters: they end an HTML attribute
    or hide where the URL ends. (Not a Regexp: its pattern would go into the Swagger document.)
    """

    UNSAFE = re.compile(r"[\s\"'`<>\\\x00-\x1f\x7f-\x9f]")

    def __call__(self, value: str) -> str:
        if self.UNSAFE.search(value):
            raise ValidationError(N_("Not a valid URL."))
        return value
