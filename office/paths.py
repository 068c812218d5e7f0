"""Form fields named after the API's JSON paths (`translations.en.summary`, `location.lat`,
`opening_hours.weekly.0.opens`): a state flattens into such fields for a form, and a posted
form unflattens back into the JSON an API client would send, for the same marshmallow schema
to validate. Lists are numbered from 0; a path that ends in `[]` (`themes[]`) collects every
value sent under that name, as a list.
"""

from werkzeug.datastructures import MultiDict

LIST_SUFFIX = "[]"
CONTROL = "_"  # fields such as _version, _action: not part of the state
CSRF_FIELD = "csrf_token"


def flatten(value, prefix: str = "") -> dict[str, object]:
    """{"location": {"lat": 44.5}} -> {"location.lat": 44.5}; lists of scalars stay whole."""
    if isinstance(value, dict):
        flat = {}
        for key, item in value.items():
            flat.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        flat = {}
        for index, item in enumerate(value):
            flat.update(flatten(item, f"{prefix}.{index}"))
        return flat
    return {prefix: value}


def unflatten(form: MultiDict) -> dict:
    """The posted fields as nested JSON: blanks are left out (a blank field means "none"),
    numbered segments make lists (in their order, gaps closed)."""
    tree: dict = {}
    for name in form:
        if name.startswith(CONTROL) or name == CSRF_FIELD:
            continue
        if name.endswith(LIST_SUFFIX):
            values = [v.strip() for v in form.getlist(name) if v.strip()]
            _put(tree, name[: -len(LIST_SUFFIX)].split("."), values)
            continue
        values = form.getlist(name)
        value = values[-1].strip() if values else ""  # a checkbox after its hidden "false"
        if value:
            _put(tree, name.split("."), value)
    return _lists(tree)


def field_id(path: str) -> str:
    """The HTML id of a path's input: `field-translations-en-summary`."""
    return "field-" + path.replace(".", "-")


def _put(tree: dict, segments: list[str], value) -> None:
    for segment in segments[:-1]:
        tree = tree.setdefault(segment, {})
        if not isinstance(tree, dict):
            return
    tree[segments[-1]] = value


def _lists(node):
    """Dicts whose keys are all numbers become lists, in numeric order."""
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted
