"""Request bodies: JSON, in text a database can store. (Their size is Django's
DATA_UPLOAD_MAX_MEMORY_SIZE: a larger body is a 413, see errors.py.)"""

import json
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class ApiJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        try:  # a lone surrogate (\ud800) parses as JSON but is no text a database stores
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError("The body holds text that is not valid Unicode.") from exc
        return data
