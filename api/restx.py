"""The flask-restx Api of version 1: routing, the Swagger document and Swagger UI."""

from flask import Blueprint, Response, json, render_template, url_for
from flask_restx import Api
from jinja2.utils import htmlsafe_json_dumps

from api.docs import SchemaDocs
from api.errors import to_problem
from api.openapi import ADMIN, PUBLIC, SIGNED_IN, openapi_document

OPENAPI_ENDPOINT = "openapi"

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")


class DistrettoApi(Api):
    def handle_error(self, e: Exception) -> Response:
        """Every error becomes problem+json here, in production and under TESTING alike.

        restx's own handler would re-raise when PROPAGATE_EXCEPTIONS is on and answer with
        its own JSON shape otherwise; we want the one shape of api/errors.py always.
        """
        return to_problem(e)

    def render_root(self) -> Response:
        """/api/v1/ itself: an index of links, not restx's 404."""
        from api.index import index_response

        return index_response()

    def render_doc(self) -> str:
        """Swagger UI on the OpenAPI 3 document: its security schemes make Authorize work
        (bearer token and X-API-Key). The page is restx's own, so its assets and the
        Content-Security-Policy of api/headers.py stay as they are."""
        return render_template(
            "swagger-ui.html", title=self.title, specs_url=url_for(f"api.{OPENAPI_ENDPOINT}")
        )


api = DistrettoApi(
    blueprint,
    version="1",
    title="Distretto API",
    description=(
        "The tourism catalogue of the Sassuolo ceramic district: Sassuolo, Fiorano Modenese, "
        "Formigine, Maranello, Casalgrande and Scandiano as one offer. Texts follow `?lang=` "
        "or Accept-Language with a field-level fallback (requested, English, Italian); errors "
        "are RFC 9457 application/problem+json."
    ),
    doc="/docs",
    default_mediatype="application/json",
)
docs = SchemaDocs(api)


@blueprint.route("/openapi.json", endpoint=OPENAPI_ENDPOINT)
def openapi_json() -> Response:
    """The OpenAPI 3 document, generated from the same routes and schemas (api/openapi.py)."""
    return Response(json.dumps(openapi_document(api)), mimetype="application/json")


# Media types the API answers with, so the published document's `produces` lists them all.
# Views build their own responses; these only serialise what restx itself returns.
for _media_type in (
    "application/problem+json",
    "application/ld+json",
    "application/geo+json",
    "text/calendar",
    "text/csv",
):
    api.representations[_media_type] = api.representations["application/json"]


def json_response(schema_class, data, status: int = 200, headers: dict | None = None) -> Response:
    """Serialise with the output schema: the schema is the contract, not the dict."""
    body = schema_class().dump(data)
    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")


HTML_SAFE_OUTPUTS = ("jsonld",)
"""Partners paste these into `<script type="application/ld+json">`, where a `</script>` in a
text would end the block: `<`, `>`, `&` and `'` go out as \\u escapes (the same JSON)."""


def media_response(body: dict, output: str, headers: dict | None = None) -> Response:
    """An already-dumped body in the chosen representation's media type."""
    from api.representations import MEDIA_TYPES

    if output in HTML_SAFE_OUTPUTS:
        text = str(htmlsafe_json_dumps(body, dumps=json.dumps))
    else:
        text = json.dumps(body)
    return Response(text, headers=headers, mimetype=MEDIA_TYPES[output])


def operation(
    ns,
    status: int,
    description: str,
    schema,
    query=None,
    errors=(400,),
    access: str = PUBLIC,
    headers: tuple[str, ...] = (),
):
    """What every operation declares at once: its answer, the problems it may give (beside
    401, 414, 429 and 503), the query string it accepts (validated, passed as `query=`), who
    may call it (`access`: PUBLIC, SIGNED_IN or ADMIN) and the response headers it sets
    beyond those every response of its kind has (e.g. Location)."""
    from api.io import use_query
    from api.schemas.base import QuerySchema

    def decorator(view):
        view = use_query(ns, docs, query or QuerySchema)(view)
        view = documented_errors(*errors, access=access)(view)
        view = ns.response(status, description, docs.model(schema))(view)
        if headers:
            _describe(view, response_headers=tuple(headers))
        return view

    return decorator


def _describe(func, **doc):
    """Documentation of ours beside restx's in `__apidoc__` (restx ignores the keys; the
    OpenAPI 3 document reads them)."""
    func.__apidoc__ = {**getattr(func, "__apidoc__", {}), **doc}
    return func


def render(body: dict, output: str, renderers: dict, headers: dict | None = None) -> Response:
    """The dumped JSON body shaped for the chosen format: a table of renderers, not ifs."""
    shape = renderers.get(output)
    return media_response(shape(body) if shape else body, output, headers)


EVERYWHERE = (401, 414, 429, 503)
"""Any call may meet these: a bad token or key, a query string too long, the rate limit, the
database away."""


def no_content() -> Response:
    """204 with no body (a JSON media type all the same, as the document says)."""
    return Response(status=204, mimetype="application/json")


def documented_errors(*statuses: int, access: str = PUBLIC):
    """Declare the problem+json responses an operation can give, and who may call it."""
    statuses = tuple(dict.fromkeys((*statuses, *EVERYWHERE)))
    if access not in (PUBLIC, SIGNED_IN, ADMIN):
        raise ValueError(f"unknown access {access!r}")
    if access == ADMIN and 403 not in statuses:
        statuses = (*statuses, 403)
    from api.schemas.base import ProblemSchema

    problem_model = docs.model(ProblemSchema)

    def decorator(func):
        for status in statuses:
            func = api.response(
                status, "Problem details (application/problem+json)", problem_model
            )(func)
        return _describe(func, access=access)

    return decorator
