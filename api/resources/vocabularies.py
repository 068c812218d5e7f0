"""GET /kinds and /themes: the fixed vocabularies with labels in the response language."""

from flask_restx import Namespace, Resource

from api.i18n import translate
from api.restx import json_response, operation
from api.schemas.vocabularies import TermListSchema
from catalog.vocabularies import KIND_TERMS, THEME_TERMS, Term

ns = Namespace("vocabularies", path="/", description="Kinds of listing and themes of the offer")


def _terms(terms: tuple[Term, ...]) -> dict:
    return {
        "items": [
            {
                "code": term.code,
                "label": translate(term.name),
                "summary": translate(term.summary),
                "description": translate(term.description),
            }
            for term in terms
        ]
    }


@ns.route("/kinds")
class KindList(Resource):
    @operation(ns, 200, "The kinds", TermListSchema)
    def get(self, query):
        """List the kinds of listing

        Codes for the `kind` filter.
        """
        return json_response(TermListSchema, _terms(KIND_TERMS))


@ns.route("/themes")
class ThemeList(Resource):
    @operation(ns, 200, "The themes", TermListSchema)
    def get(self, query):
        """List the themes of the offer

        Codes for the `theme` filter.
        """
        return json_response(TermListSchema, _terms(THEME_TERMS))
