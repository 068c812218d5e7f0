"""JSON Merge Patch (RFC 7396): how PATCH bodies apply to the current representation."""


def merge_patch(target, patch):
    """Objects merge key by key, `null` removes a key, anything else replaces.

    Recursive on purpose: json_body refuses patches nested deeper than MAX_DEPTH (400), so
    the recursion stays shallow; a patch from anywhere else must pass that check too.
    """
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
