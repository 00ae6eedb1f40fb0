"""Records as the server holds them: the content hash that says whether two versions differ, and
the checks every record from the server passes before it reaches the store (it is outside input:
another member's marginote, or anyone who can write to the database)."""

from __future__ import annotations

import hashlib
import json
import re

from marginote.annotations.model import Annotation, RecordError

#: Fields that differ between machines for the same annotation (where the file is kept).
LOCAL_FIELDS = frozenset({"path"})

_DOC = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: Larger records are refused: an annotation is a span and a few notes, not a book.
MAX_RECORD_BYTES = 256 * 1024
MAX_TAGS = 100


def content_hash(annotation: Annotation) -> str:
    """Equal for two versions of an annotation that say the same (wherever the file lives).
    The fields as ``to_record`` gives them, read without its deep copy (this runs for every
    annotation of every document that changed)."""
    fields = vars(annotation)
    shared = {**fields["extra"], **fields}
    for key in ("extra", *LOCAL_FIELDS):
        shared.pop(key, None)
    raw = json.dumps(shared, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(raw.encode("utf-8"), usedforsecurity=False).hexdigest()


def valid_doc(doc: object) -> bool:
    return isinstance(doc, str) and bool(_DOC.fullmatch(doc))


def valid_id(ident: object) -> bool:
    return isinstance(ident, str) and bool(_ID.fullmatch(ident))


def _is_str(value: object) -> bool:
    return isinstance(value, str)


#: Control characters (but newline and tab) and bidi overrides: a name, label, tag or note from
#: the server holding one is refused (the document's own text, in quotes, may hold anything).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\n\t\u2028\u2029]")


def _clean(value: object, one_line: bool) -> bool:
    if not isinstance(value, str):
        return True  # typed checks say what is wrong with it
    return not _CONTROL.search(value) and not (one_line and _LINE_BREAKS.search(value))


def checked(row_id: object, record: object) -> Annotation:
    """The annotation a server record holds; RecordError when it is not a sound one."""
    if not isinstance(record, dict):
        raise RecordError("not an object")
    if len(json.dumps(record, ensure_ascii=False)) > MAX_RECORD_BYTES:
        raise RecordError("larger than an annotation can be")
    if not valid_id(row_id) or record.get("id") != row_id:
        raise RecordError("its id is missing, malformed or not the row's")
    if not valid_doc(record.get("doc")):
        raise RecordError("its document hash is malformed")
    for key in ("path", "label", "quote", "prefix", "suffix", "note", "author", "created"):
        if key in record and not _is_str(record[key]):
            raise RecordError(f"field {key!r} is not text")
    if "modified" in record and not _is_str(record["modified"]):
        raise RecordError("field 'modified' is not text")
    tags = record.get("tags", [])
    if not isinstance(tags, list) or len(tags) > MAX_TAGS or not all(map(_is_str, tags)):
        raise RecordError("its tags are not a list of words")
    if not isinstance(record.get("attrs", {}), dict):
        raise RecordError("its attributes are not an object")
    one_line = [record.get("author"), record.get("label"), *tags]
    if not all(_clean(v, True) for v in one_line) or not _clean(record.get("note"), False):
        raise RecordError("its author, label, tags or note hold control characters")
    try:
        annotation = Annotation.from_record(dict(record))
    except (TypeError, ValueError) as error:  # RecordError is a ValueError
        raise RecordError(str(error)) from None
    if not 0 <= annotation.start <= annotation.end:
        raise RecordError("its span is not a span")
    return annotation
