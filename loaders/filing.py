"""Turn the bytes of one EDGAR file into the frames of one filing (pure; no I/O).

A filing is identified by its accession number, or by the SHA-256 of its bytes when it has none.
The report is found by its tables, not by its document type: the document whose ``<TABLE>`` blocks
hold the most numbers is the report (it may sit inline in the 8-K or in an EX-99/EX-20 exhibit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from loaders.edgar import parse_submission, sha256_hex
from loaders.tables import ParsedReport, parse_report_tables

__all__ = ["PARSER_VERSION", "FilingFrames", "RejectedFile", "parse_filing"]

PARSER_VERSION = "1.0.0"

_COVER_FORM = re.compile(r"\bForm\s+(8-K(?:/A)?)\b", re.IGNORECASE)
_PRINTABLE = re.compile(rb"[\x09\x0a\x0c\x0d\x20-\x7e\x80-\xff]")


class RejectedFile(Exception):
    """A file that holds no loadable report. ``reason`` is a short code; ``detail`` a sentence."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class FilingFrames:
    """Everything one filing lands in the raw schema."""

    filing: dict
    documents: pl.DataFrame
    tables: pl.DataFrame
    cells: pl.DataFrame
    lines: pl.DataFrame

    @property
    def filing_id(self) -> str:
        return self.filing["filing_id"]


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    printable = len(_PRINTABLE.findall(sample))
    return printable < 0.95 * len(sample)


def parse_filing(data: bytes, source_path: str) -> FilingFrames:
    """Parse one file's bytes. Raises :class:`RejectedFile` when it holds no report."""
    if not data.strip():
        raise RejectedFile("empty_file", f"{source_path} is empty.")
    if _looks_binary(data):
        raise RejectedFile("binary_file", f"{source_path} is not text (binary bytes).")
    sha256 = sha256_hex(data)
    submission = parse_submission(data)
    if not submission.documents:
        raise RejectedFile("no_documents", f"{source_path} has an EDGAR header but no <DOCUMENT> blocks.")

    best: tuple[int, int, ParsedReport] | None = None
    for index, document in enumerate(submission.documents):
        parsed = parse_report_tables(document.text)
        if best is None or parsed.number_cells > best[0]:
            best = (parsed.number_cells, index, parsed)
    assert best is not None
    numbers, report_index, report = best
    if numbers == 0:
        raise RejectedFile(
            "no_report",
            f"{source_path}: none of its {len(submission.documents)} document(s) has a <TABLE> with numbers "
            "in it, so it holds no distribution report.",
        )
    report_doc = submission.documents[report_index]

    header = submission.header
    accession = submission.accession_number
    filing_id = accession or sha256
    cover = _COVER_FORM.search(submission.documents[0].text[:20_000])
    cover_form = cover.group(1).upper() if cover else None
    unreadable = report.cells.filter(pl.col("value_kind") == "unreadable")
    filing = {
        "filing_id": filing_id,
        "accession_number": accession,
        "form_type": header.get("form_type") or cover_form,
        "cover_form_type": cover_form,
        "filed_date": header.get("filed_date"),
        "period_of_report": header.get("period_of_report"),
        "cik": header.get("cik"),
        "company_name": header.get("company_name"),
        "sec_file_number": header.get("sec_file_number"),
        "document_count": int(header["document_count"])
        if (header.get("document_count") or "").isdigit()
        else len(submission.documents),
        "has_sec_header": submission.has_sec_header,
        "encoding": submission.encoding,
        "source_path": source_path,
        "sha256": sha256,
        "report_sha256": sha256_hex(report_doc.text.strip().encode("utf-8")),
        "file_bytes": len(data),
        "report_document_sequence": report_doc.sequence,
        "report_document_type": report_doc.doc_type,
        "table_count": report.tables.select("table_ordinal").n_unique(),
        "cell_count": report.cells.height,
        "unreadable_cell_count": unreadable.height,
        "parser_version": PARSER_VERSION,
    }
    documents = pl.DataFrame(
        {
            "filing_id": [filing_id] * len(submission.documents),
            "sequence": [d.sequence for d in submission.documents],
            "doc_type": [d.doc_type for d in submission.documents],
            "filename": [d.filename for d in submission.documents],
            "description": [d.description for d in submission.documents],
            "is_report": [i == report_index for i in range(len(submission.documents))],
            "text_start_line": [d.text_start_line for d in submission.documents],
            "text": [d.text for d in submission.documents],
        },
        schema_overrides={"sequence": pl.Int32, "text_start_line": pl.Int32},
    )
    offset = report_doc.text_start_line - 1
    provenance = [
        pl.lit(filing_id).alias("filing_id"),
        pl.lit(report_doc.sequence, dtype=pl.Int32).alias("document_sequence"),
    ]
    cells = report.cells.with_columns(
        *provenance,
        file_line_no=(pl.col("line_no") + offset).cast(pl.Int32),
        sha256=pl.lit(sha256),
    )
    lines = report.lines.with_columns(*provenance, file_line_no=(pl.col("line_no") + offset).cast(pl.Int32))
    tables = report.tables.with_columns(*provenance)
    return FilingFrames(filing, documents, tables, cells, lines)
