"""GET /translations/status: what is still untranslated, per language."""

from flask_restx import Namespace, Resource

from api.database import get_session
from api.locale import language_policy
from api.restx import json_response, operation
from api.schemas.translations import TranslationStatusQuerySchema, TranslationStatusSchema
from catalog.i18n.translation_status import translation_status

ns = Namespace("translations", description="How complete each language is")


@ns.route("/status")
class TranslationStatus(Resource):
    @operation(ns, 200, "Per language", TranslationStatusSchema, query=TranslationStatusQuerySchema)
    def get(self, query):
        """Translation status of the published listings

        For each supported language: how many listings have name, summary and description,
        and which fields are missing where.
        """
        status = translation_status(
            get_session(), language_policy().supported, tuple(query["municipality"])
        )
        body = {
            "total": status.total,
            "languages": [
                {
                    "code": lang.code,
                    "complete": lang.complete,
                    "incomplete": len(lang.missing),
                    "missing": [
                        {"slug": item["slug"], "fields_": item["fields"]} for item in lang.missing
                    ],
                }
                for lang in status.languages
            ],
        }
        return json_response(TranslationStatusSchema, body)
