"""What lists share for templates/includes/pagination.html."""


def query_without_page(params) -> str:
    """The query string the pagination links keep (every filter), without "page", which
    the links add themselves."""
    kept = params.copy()
    kept.pop("page", None)
    return kept.urlencode()
