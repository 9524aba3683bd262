"""Every list is paginated. Employees page with a cursor (stable while people are added
during a sync); the other lists by page number. A bad page size is an error, not ignored."""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination
from rest_framework.request import Request

from mentoring.ids import parse_id


def _page_size(request: Request, default: int, largest: int) -> int:
    value = request.query_params.get("page_size")
    if value is None:
        return default
    number = parse_id(value)
    if number is None or not 1 <= number <= largest:
        raise ValidationError({"page_size": [f"A whole number from 1 to {largest}."]})
    return number


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int:
        return _page_size(request, self.page_size, self.max_page_size)


class ByIdCursor(CursorPagination):
    """Pages in the order of ids: a person added during the walk never shifts a page."""

    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request: Request) -> int:
        return _page_size(request, self.page_size, self.max_page_size)

    def decode_cursor(self, request: Request) -> Cursor | None:
        cursor: Cursor | None = super().decode_cursor(request)
        # The position is an id: anything else would reach the database as a bad value.
        if cursor is not None and cursor.position is not None:
            position = str(cursor.position)
            if parse_id(position) is None:
                raise NotFound(self.invalid_cursor_message)
        return cursor
