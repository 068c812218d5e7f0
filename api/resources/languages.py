"""GET /languages: what the API speaks, named by Babel's locale data."""

from babel import Locale
from flask_restx import Namespace, Resource

from api.locale import current_language, language_policy
from api.restx import json_response, operation
from api.schemas.languages import LanguageListSchema

ns = Namespace("languages", description="The languages of the catalogue")


def _language(code: str, viewer: Locale, default: str) -> dict:
    locale = Locale.parse(code)
    return {
        "code": code,
        "endonym": locale.get_display_name(locale),
        "name": locale.get_display_name(viewer),
        "default": code == default,
    }


@ns.route("")
class LanguageList(Resource):
    @operation(ns, 200, "The supported languages", LanguageListSchema)
    def get(self, query):
        """List the supported languages

        Each with its own name and its name in the response language; configured by
        DISTRETTO_LANGUAGES, not in code.
        """
        policy = language_policy()
        viewer = Locale.parse(current_language())
        return json_response(
            LanguageListSchema,
            {
                "items": [_language(code, viewer, policy.default) for code in policy.supported],
                "fallback": list(policy.fallback),
            },
        )
