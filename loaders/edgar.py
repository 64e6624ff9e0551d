"""EDGAR container handling: decode bytes, unwrap a full-submission file, split its documents.

Pure functions only: nothing here touches the file system or the warehouse.

An EDGAR full-submission text file looks like::

    -----BEGIN PRIVACY-ENHANCED MESSAGE-----        (optional wrapper)
    <SEC-DOCUMENT>0001056404-04-000060.txt : 20040105
    <SEC-HEADER>0001056404-04-000060.hdr.sgml : 20040105
    ACCESSION NUMBER:		0001056404-04-000060
    CONFORMED SUBMISSION TYPE:	8-K
    ...
    </SEC-HEADER>
    <DOCUMENT>
    <TYPE>8-K
    <SEQUENCE>1
    <FILENAME>thb031201.txt
    <TEXT>
    ...
    </TEXT>
    </DOCUMENT>
    </SEC-DOCUMENT>
    -----END PRIVACY-ENHANCED MESSAGE-----

A bare document (what EDGAR shows inside one ``<TEXT>``) has none of that: it is one document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field

__all__ = [
    "Document",
    "Submission",
    "decode_bytes",
    "parse_submission",
    "plain_text",
    "sha256_hex",
]

_HEADER_KEYS = {
    "ACCESSION NUMBER": "accession_number",
    "CONFORMED SUBMISSION TYPE": "form_type",
    "PUBLIC DOCUMENT COUNT": "document_count",
    "CONFORMED PERIOD OF REPORT": "period_of_report",
    "FILED AS OF DATE": "filed_date",
    "COMPANY CONFORMED NAME": "company_name",
    "CENTRAL INDEX KEY": "cik",
    "SEC FILE NUMBER": "sec_file_number",
}

_HEADER_LINE = re.compile(r"^\s*([A-Z][A-Z &/-]*[A-Z]):[ \t]*(.*?)\s*$")
_HEADER_BLOCK = re.compile(r"<(SEC|IMS)-HEADER>(.*?)</(SEC|IMS)-HEADER>", re.IGNORECASE | re.DOTALL)
_DOCUMENT_TAG = re.compile(r"<(/?)DOCUMENT>", re.IGNORECASE)
_TEXT_OPEN = re.compile(r"<TEXT>\r?\n?", re.IGNORECASE)
_TEXT_CLOSE = re.compile(r"</TEXT>", re.IGNORECASE)
_DOC_TAG = re.compile(r"^[ \t]*<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>[ \t]*(.*?)[ \t]*$", re.I | re.M)
_PEM_BEGIN = "-----BEGIN PRIVACY-ENHANCED MESSAGE-----"
_ACCESSION = re.compile(r"^\d{10}-\d{2}-\d{6}$")


@dataclass(frozen=True)
class Document:
    """One ``<DOCUMENT>`` of a submission (or the whole bare document)."""

    sequence: int
    doc_type: str | None
    filename: str | None
    description: str | None
    text: str
    text_start_line: int = 1


@dataclass(frozen=True)
class Submission:
    """A decoded filing: its EDGAR header fields (when it had a header) and its documents."""

    has_sec_header: bool
    encoding: str
    header: dict[str, str | None] = field(default_factory=dict)
    documents: tuple[Document, ...] = ()

    @property
    def accession_number(self) -> str | None:
        return self.header.get("accession_number")


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of raw file bytes: the identity of a filing without an accession number."""
    return hashlib.sha256(data).hexdigest()


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode filing bytes: UTF-8 when valid, else cp1252, else Latin-1 (which never fails).

    Line ends are normalised to ``\\n`` (CRLF and lone CR); form feeds are kept for the parser to
    treat as page breaks. Returns ``(text, encoding)``.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        encoding = "latin-1"
        text = data.decode(encoding)
    if "\r" in text:  # most filings have Unix line ends: one scan instead of two copies
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def _parse_header(header_text: str) -> dict[str, str | None]:
    fields: dict[str, str | None] = {}
    for line in header_text.split("\n"):
        match = _HEADER_LINE.match(line)
        if not match:
            continue
        key = _HEADER_KEYS.get(match.group(1).strip())
        # The first occurrence wins: the filer block comes before any subject-company block.
        if key and key not in fields and match.group(2):
            fields[key] = match.group(2).strip()
    for key in ("filed_date", "period_of_report"):
        value = fields.get(key)
        if value:
            try:
                fields[key] = dt.datetime.strptime(value, "%Y%m%d").date().isoformat()
            except ValueError:
                fields[key] = None
    if fields.get("cik"):
        fields["cik"] = str(int(fields["cik"])) if fields["cik"].isdigit() else fields["cik"]
    accession = fields.get("accession_number")
    if accession and not _ACCESSION.match(accession):
        fields["accession_number"] = None
    return fields


_PRE_BLOCK = re.compile(r"<pre\b[^>]*>(.*?)(?:</pre>|\Z)", re.IGNORECASE | re.DOTALL)
_HTML_MARK = re.compile(r"<html\b|<pre\b|<body\b", re.IGNORECASE)
# Inline HTML formatting inside <PRE>: it takes no width on screen, so it is removed (not blanked).
_INLINE_TAG = re.compile(r"</?(?:b|i|u|a|font|span|strong|em|small|big|tt|code|sup|sub)\b[^>]*>", re.IGNORECASE)


def plain_text(text: str) -> str:
    """The fixed-width text of a document: an HTML exhibit's ``<PRE>`` blocks, entities decoded.

    Everything outside the ``<PRE>`` blocks is blanked but its line breaks are kept, so line numbers
    still point into the document; inline formatting tags are removed and entities (``&amp;``,
    ``&lt;TABLE&gt;``) decoded, which restores the columns as a browser shows them. Plain text is
    returned as it is.
    """
    if not _HTML_MARK.search(text[:100_000]) or not _PRE_BLOCK.search(text):
        return text
    out: list[str] = []
    position = 0
    for block in _PRE_BLOCK.finditer(text):
        out.append("\n" * text.count("\n", position, block.start(1)))
        out.append(html.unescape(_INLINE_TAG.sub("", block.group(1))))
        position = block.end(1)
    out.append("\n" * text.count("\n", position))
    return "".join(out)


def _unstuff_pem(text: str) -> str:
    """Drop the PEM wrapper lines and undo RFC 934 dash-stuffing (``- -----`` -> ``-----``)."""
    out = []
    for line in text.split("\n"):
        if line.startswith("- -"):
            line = line[2:]
        out.append(line)
    return "\n".join(out)


def _document_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each ``<DOCUMENT>`` body: from its tag to ``</DOCUMENT>`` or the next one."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for tag in _DOCUMENT_TAG.finditer(text):
        if tag.group(1):  # </DOCUMENT>
            if start is not None:
                spans.append((start, tag.start()))
                start = None
        else:
            if start is not None:
                spans.append((start, tag.start()))
            start = tag.end()
    if start is not None:
        spans.append((start, len(text)))
    return spans


def parse_submission(data: bytes) -> Submission:
    """Split filing bytes into header fields and documents.

    A file with ``<SEC-HEADER>`` or ``<DOCUMENT>`` blocks is read as a full submission; anything
    else is taken as one bare document.
    """
    text, encoding = decode_bytes(data)
    if _PEM_BEGIN in text[:4096]:
        text = _unstuff_pem(text)
    upper_head = text[:200_000].upper()
    has_header = "<SEC-HEADER>" in upper_head or "<IMS-HEADER>" in upper_head
    has_documents = "<DOCUMENT>" in upper_head
    if not has_header and not has_documents:
        return Submission(False, encoding, {}, (Document(1, None, None, None, text, 1),))

    header: dict[str, str | None] = {}
    if has_header:
        match = _HEADER_BLOCK.search(text, 0, 200_000)
        header = _parse_header(match.group(2) if match else text[:20_000])
    documents = []
    for ordinal, (start, end) in enumerate(_document_spans(text), start=1):
        body = text[start:end]
        text_open = _TEXT_OPEN.search(body)
        preamble = body[: text_open.start()] if text_open else body
        tags = {m.group(1).upper(): m.group(2) for m in _DOC_TAG.finditer(preamble)}
        if text_open:
            text_close = _TEXT_CLOSE.search(body, text_open.end())
            content_start = text_open.end()
            content = body[content_start : text_close.start() if text_close else len(body)]
        else:
            content_start, content = 0, body
        sequence = tags.get("SEQUENCE", "")
        documents.append(
            Document(
                sequence=int(sequence) if sequence.isdigit() else ordinal,
                doc_type=tags.get("TYPE") or None,
                filename=tags.get("FILENAME") or None,
                description=tags.get("DESCRIPTION") or None,
                text=content,
                text_start_line=text.count("\n", 0, start + content_start) + 1,
            )
        )
    return Submission(has_header, encoding, header, tuple(documents))
