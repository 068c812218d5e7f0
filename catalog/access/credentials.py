"""What an account's email and password must be (review finding 10).

Passwords follow NIST SP 800-63B: a length range, no composition rules, and a check against
what attackers try first. zxcvbn does that check: common and breached passwords, dictionary
words, names, repeats, sequences and keyboard patterns, and the account's own email and
organisation, each cost an attacker a known number of guesses.
"""

import re
import threading

from marshmallow import ValidationError, validate
from zxcvbn import zxcvbn

from catalog.i18n.messages import Message

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
MIN_PASSWORD_SCORE = 3
"""zxcvbn's 0-4 scale; 3 resists an offline attack on a slow hash such as argon2."""
_SCORED_LENGTH = 72
"""zxcvbn refuses longer input and its cost grows fast with length. A prefix is never
stronger than the whole, so scoring it can only make the check stricter."""
_ZXCVBN = threading.Lock()
"""zxcvbn keeps the user inputs of a call in a module-level dictionary."""
MAX_EMAIL_LENGTH = 254


class _AccountEmail(validate.Email):
    """marshmallow's address check, without its exception for `localhost`."""

    DOMAIN_WHITELIST = frozenset()


_valid_email = _AccountEmail()


def email_problems(email: str) -> list[Message]:
    """Why an (already normalised) email cannot be an account's, or nothing."""
    try:
        _valid_email(email)
    except ValidationError:
        return [Message("Not a valid email address.")]
    if len(email) > MAX_EMAIL_LENGTH:
        return [Message("Must be at most %(max)s characters long.", max=MAX_EMAIL_LENGTH)]
    return []


def password_problems(password: str, email: str = "", organisation: str = "") -> list[Message]:
    """Why a new password is refused, or nothing; the account's own words count as guessable."""
    if not password.strip():
        return [Message("Must not be only spaces.")]
    if len(password) < MIN_PASSWORD_LENGTH:
        return [Message("Must be at least %(min)s characters long.", min=MIN_PASSWORD_LENGTH)]
    if len(password) > MAX_PASSWORD_LENGTH:
        return [Message("Must be at most %(max)s characters long.", max=MAX_PASSWORD_LENGTH)]
    if _score(password, email, organisation) < MIN_PASSWORD_SCORE:
        return [
            Message(
                "Too easy to guess: common passwords, repeats, sequences, keyboard patterns "
                "and the account's own name are refused. Try a few uncommon words."
            )
        ]
    return []


def _score(password: str, email: str, organisation: str) -> int:
    """The weaker of the password and its letters and digits alone: zxcvbn prices a separator
    as random, so `ufficio.maranello` would pass where `ufficiomaranello` does not."""
    own_words = [email, organisation, "distretto", *re.split(r"\W+", f"{email} {organisation}")]
    inputs = [word for word in own_words if word]
    forms = {password, re.sub(r"[\W_]+", "", password)} - {""}
    with _ZXCVBN:
        return min(zxcvbn(form[:_SCORED_LENGTH], user_inputs=inputs)["score"] for form in forms)
