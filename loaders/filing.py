"""Turn the bytes of EDGAR files into the frames of filings (pure; no I/O).

A filing is identified by its accession number, or by the SHA-256 of its bytes when it has none.
The report is found by its tables, not by its document type: the document whose ``<TABLE>`` blocks
hold the most numbers is the report (it may sit inline in the 8-K or in an EX-99/EX-20 exhibit).

Files are parsed in batches: the container of each file is read in Python, then the documents of the
whole batch go through the vectorised table parser in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from loaders.edgar import Submission, parse_submission, plain_text, sha256_hex
from loaders.tables import parse_documents

__all__ = ["PARSER_VERSION", "FilingFrames", "ParsedBatch", "RejectedFile", "parse_batch", "parse_filing", "rejection"]

# 1.6.0: raw.report_cells' labels as ids (raw.report_labels), its area and value kind as codes;
# 1.5.0: the document text in pieces (raw.document_text); 1.4.0: the narrow raw.report_cells
# (loaders/warehouse.py); the parse itself is 1.3.0's.
PARSER_VERSION = "1.6.0"

_COVER_FORM = re.compile(r"\bForm\s+(8-K(?:/A)?|10-D(?:/A)?)\b", re.IGNORECASE)
_AMENDED = re.compile(r"\bAmended\s+Monthly\s+Report\b|\bAmendment\s+No\.", re.IGNORECASE)
_TEXT_BYTES = bytes([0x09, 0x0A, 0x0C, 0x0D, *range(0x20, 0x7F), *range(0x80, 0x100)])


class RejectedFile(Exception):
    """A file that holds no loadable report. ``reason`` is a short code; ``detail`` a sentence."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class FilingFrames:
    """Everything filings land in the raw schema (one filing, or a whole batch)."""

    filings: list[dict]
    documents: pl.DataFrame
    tables: pl.DataFrame
    cells: pl.DataFrame
    lines: pl.DataFrame

    @property
    def filing(self) -> dict:
        """The one filing of a single-file parse."""
        (only,) = self.filings
        return only

    @property
    def filing_id(self) -> str:
        return self.filing["filing_id"]

    def without(self, filing_ids: set[str]) -> FilingFrames:
        """The same frames less the given filings (already in the warehouse)."""
        if not filing_ids:
            return self
        keep = ~pl.col("filing_id").is_in(list(filing_ids))
        return FilingFrames(
            [f for f in self.filings if f["filing_id"] not in filing_ids],
            self.documents.filter(keep),
            self.tables.filter(keep),
            self.cells.filter(keep),
            self.lines.filter(keep),
        )


@dataclass
class ParsedBatch:
    """A parsed batch: the frames of its filings, the rejected files, and in-batch duplicates.

    ``duplicate_files`` are the files whose filing_id an earlier file of the batch already has (they
    are not parsed): ``source_path``, ``sha256``, ``filing_id``, and the earlier file's
    ``kept_path`` and ``kept_sha256`` (same bytes: unchanged; other bytes: a conflicting duplicate).
    """

    frames: FilingFrames
    rejected: list[dict] = field(default_factory=list)
    duplicates: int = 0
    duplicate_files: list[dict] = field(default_factory=list)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    control_bytes = len(sample.translate(None, _TEXT_BYTES))
    return control_bytes > 0.05 * len(sample)


def _open(data: bytes, source_path: str) -> Submission:
    if not data.strip():
        raise RejectedFile("empty_file", f"{source_path} is empty.")
    if _looks_binary(data):
        raise RejectedFile("binary_file", f"{source_path} is not text (binary bytes).")
    submission = parse_submission(data)
    if not submission.documents:
        raise RejectedFile("no_documents", f"{source_path} has an EDGAR header but no <DOCUMENT> blocks.")
    return submission


def rejection(path: str, reason: str, detail: str, data: bytes = b"") -> dict:
    """A ``raw.rejected_files`` row: the file, its hash when its bytes were read, a code and a sentence."""
    return {"source_path": path, "sha256": sha256_hex(data) if data else None, "reason": reason, "detail": detail}


def parse_batch(items: list[tuple[bytes, str]]) -> ParsedBatch:
    """Parse ``(bytes, source_path)`` pairs. A file that fails alone is rejected alone."""
    rejected: list[dict] = []
    opened: list[tuple[bytes, str, str, str, Submission]] = []
    seen: dict[str, tuple[str, str]] = {}
    duplicate_files: list[dict] = []
    for data, path in items:
        try:
            submission = _open(data, path)
        except RejectedFile as exc:
            rejected.append(rejection(path, exc.reason, exc.detail, data))
            continue
        sha256 = sha256_hex(data)
        filing_id = submission.accession_number or sha256
        if filing_id in seen:
            kept_path, kept_sha256 = seen[filing_id]
            duplicate_files.append(
                {"source_path": path, "sha256": sha256, "filing_id": filing_id,
                 "kept_path": kept_path, "kept_sha256": kept_sha256}
            )  # fmt: skip
            continue
        seen[filing_id] = (path, sha256)
        opened.append((data, path, sha256, filing_id, submission))
    try:
        frames, no_report = _parse_opened(opened)
    except Exception as exc:  # a parser defect: isolate the file, keep the rest of the batch
        if len(opened) <= 1:
            frames, no_report = _empty_frames(), []
            rejected += [
                rejection(
                    path, "parse_error", f"{path}: the parser failed on this file ({type(exc).__name__}: {exc}).", data
                )
                for data, path, _sha, _id, _sub in opened
            ]
        else:  # find the file that breaks the batch: parse each alone
            parts = [parse_batch([(data, path)]) for data, path, _sha, _id, _sub in opened]
            frames = _concat([p.frames for p in parts])
            rejected += [r for p in parts for r in p.rejected]
            no_report = []
    rejected += no_report
    return ParsedBatch(frames, rejected, len(duplicate_files), duplicate_files)


def _parse_opened(opened: list) -> tuple[FilingFrames, list[dict]]:
    texts: list[str] = []
    owners: list[tuple[int, int]] = []  # doc index -> (file index, document index)
    for file_index, (*_, submission) in enumerate(opened):
        for doc_index, document in enumerate(submission.documents):
            texts.append(plain_text(document.text))
            owners.append((file_index, doc_index))
    parsed = parse_documents(texts)
    # Each document's cells, numbers and unreadable numbers, counted in one pass.
    per_doc = parsed.cells.group_by("doc").agg(
        cells=pl.len(),
        numbers=(pl.col("value_kind") == "number").sum(),
        unreadable=(pl.col("value_kind") == "unreadable").sum(),
    )
    numbers = dict(zip(per_doc["doc"].to_list(), per_doc["numbers"].to_list(), strict=True))
    best: dict[int, tuple[int, int]] = {}
    for doc, (file_index, _doc_index) in enumerate(owners):
        count = numbers.get(doc, 0)
        if file_index not in best or count > best[file_index][0]:
            best[file_index] = (count, doc)

    filings, chosen, no_report, document_rows = [], [], [], []
    tables_per_doc = parsed.tables.group_by("doc").agg(pl.col("table_ordinal").n_unique()).rows()
    tables_per_doc = dict(tables_per_doc)
    cells_per_doc = dict(zip(per_doc["doc"].to_list(), per_doc["cells"].to_list(), strict=True))
    unreadable_per_doc = dict(zip(per_doc["doc"].to_list(), per_doc["unreadable"].to_list(), strict=True))
    for file_index, (data, path, sha256, filing_id, submission) in enumerate(opened):
        count, doc = best.get(file_index, (0, -1))
        if count == 0:
            no_report.append(
                rejection(
                    path,
                    "no_report",
                    f"{path}: none of its {len(submission.documents)} document(s) has a <TABLE> with numbers "
                    "in it, so it holds no distribution report.",
                    data,
                )
            )
            continue
        report_doc = submission.documents[owners[doc][1]]
        header = submission.header
        cover_text = submission.documents[0].text[:20_000]
        # Cheap pre-checks before the case-insensitive regexes (a match needs the plain word: their
        # letters have no other case folds), which would otherwise scan every cover in full.
        lowered = cover_text.lower()
        cover = _COVER_FORM.search(cover_text) if "form" in lowered else None
        cover_form = cover.group(1).upper() if cover else None
        # A bare amendment still tells its form: "Form 8-K/A" (10-D/A), or an "Amended Monthly report".
        if not (cover_form or "").endswith("/A") and "amend" in lowered and _AMENDED.search(cover_text):
            cover_form = "10-D/A" if cover_form == "10-D" else "8-K/A"
        document_count = header.get("document_count") or ""
        filings.append(
            {
                "filing_id": filing_id,
                "accession_number": submission.accession_number,
                "form_type": header.get("form_type") or cover_form,
                "cover_form_type": cover_form,
                "filed_date": header.get("filed_date"),
                "period_of_report": header.get("period_of_report"),
                "cik": header.get("cik"),
                "company_name": header.get("company_name"),
                "sec_file_number": header.get("sec_file_number"),
                "document_count": int(document_count) if document_count.isdigit() else len(submission.documents),
                "has_sec_header": submission.has_sec_header,
                "encoding": submission.encoding,
                "source_path": path,
                "sha256": sha256,
                "report_sha256": sha256_hex(report_doc.text.strip().encode("utf-8")),
                "file_bytes": len(data),
                "report_document_sequence": report_doc.sequence,
                "report_document_type": report_doc.doc_type,
                "table_count": tables_per_doc.get(doc, 0),
                "cell_count": cells_per_doc.get(doc, 0),
                "unreadable_cell_count": unreadable_per_doc.get(doc, 0),
                "parser_version": PARSER_VERSION,
            }
        )
        chosen.append((doc, filing_id, report_doc.sequence, report_doc.text_start_line - 1))
        for doc_index, document in enumerate(submission.documents):
            document_rows.append(
                (filing_id, document.sequence, document.doc_type, document.filename, document.description,
                 doc_index == owners[doc][1], document.text_start_line, document.text)
            )  # fmt: skip
    if not filings:
        return _empty_frames(), no_report
    mapping = pl.DataFrame(
        chosen,
        schema={"doc": pl.UInt32, "filing_id": pl.String, "document_sequence": pl.Int32, "offset": pl.Int32},
        orient="row",
    )  # fmt: skip
    documents = pl.DataFrame(
        document_rows,
        schema={"filing_id": pl.String, "sequence": pl.Int32, "doc_type": pl.String, "filename": pl.String,
                "description": pl.String, "is_report": pl.Boolean, "text_start_line": pl.Int32, "text": pl.String},
        orient="row",
    )  # fmt: skip
    cells = _attach(parsed.cells, mapping).with_columns(
        file_line_no=(pl.col("line_no") + pl.col("offset")).cast(pl.Int32)
    )
    lines = _attach(parsed.lines, mapping).with_columns(
        file_line_no=(pl.col("line_no") + pl.col("offset")).cast(pl.Int32)
    )
    tables = _attach(parsed.tables, mapping.drop("offset"))
    cells, lines = cells.drop("offset"), lines.drop("offset")
    return FilingFrames(filings, documents, tables, cells, lines), no_report


def _attach(frame: pl.DataFrame, mapping: pl.DataFrame) -> pl.DataFrame:
    """The rows of the report documents in ``mapping``, with its columns looked up by ``doc`` (in
    place of ``doc``): the same rows as an inner join, without gathering every column of the frame."""
    docs = mapping["doc"]
    kept = frame.filter(pl.col("doc").is_in(docs.implode()))
    looked_up = [
        pl.col("doc").replace_strict(docs, mapping[name], return_dtype=mapping.schema[name]).alias(name)
        for name in mapping.columns
        if name != "doc"
    ]
    return kept.with_columns(looked_up).drop("doc")


def _empty_frames() -> FilingFrames:
    empty = parse_documents([])
    return FilingFrames(
        [],
        pl.DataFrame(),
        empty.tables.drop("doc"),
        empty.cells.drop("doc"),
        empty.lines.drop("doc"),
    )


def _concat(parts: list[FilingFrames]) -> FilingFrames:
    parts = [p for p in parts if p.filings]
    if not parts:
        return _empty_frames()
    return FilingFrames(
        [f for p in parts for f in p.filings],
        *(pl.concat([getattr(p, name) for p in parts], how="vertical_relaxed") for name in
          ("documents", "tables", "cells", "lines")),
    )  # fmt: skip


def parse_filing(data: bytes, source_path: str) -> FilingFrames:
    """Parse one file's bytes. Raises :class:`RejectedFile` when it holds no report."""
    batch = parse_batch([(data, source_path)])
    if batch.rejected:
        rejection = batch.rejected[0]
        raise RejectedFile(rejection["reason"], rejection["detail"])
    return batch.frames
