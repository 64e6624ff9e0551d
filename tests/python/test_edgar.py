"""EDGAR container handling on small excerpts."""

from __future__ import annotations

from loaders.edgar import decode_bytes, parse_submission

FULL_SUBMISSION = """-----BEGIN PRIVACY-ENHANCED MESSAGE-----
Proc-Type: 2001,MIC-CLEAR
Originator-Name: webmaster@www.sec.gov

<SEC-DOCUMENT>0000950123-05-001234.txt : 20050301
<SEC-HEADER>0000950123-05-001234.hdr.sgml : 20050301
ACCESSION NUMBER:\t\t0000950123-05-001234
CONFORMED SUBMISSION TYPE:\t8-K/A
PUBLIC DOCUMENT COUNT:\t\t2
CONFORMED PERIOD OF REPORT:\t20050225
FILED AS OF DATE:\t\t20050301

FILER:

\tCOMPANY DATA:\t
\t\tCOMPANY CONFORMED NAME:\t\t\tEXAMPLE MORTGAGE TRUST 2004-2
\t\tCENTRAL INDEX KEY:\t\t\t0001299999

\tFILING VALUES:
\t\tSEC FILE NUMBER:\t333-11111-02
</SEC-HEADER>
<DOCUMENT>
<TYPE>8-K/A
<SEQUENCE>1
<FILENAME>cover.txt
<TEXT>
Form 8-K/A cover page
</TEXT>
</DOCUMENT>
<document>
<type>EX-99.1
<sequence>2
<filename>report.txt
<description>Amended Monthly report
<text>
- -----not a pem line
report line one
</text>
</document>
</SEC-DOCUMENT>
-----END PRIVACY-ENHANCED MESSAGE-----
"""


def test_full_submission_header_fields():
    submission = parse_submission(FULL_SUBMISSION.replace("\n", "\r\n").encode("ascii"))
    assert submission.has_sec_header
    assert submission.header == {
        "accession_number": "0000950123-05-001234",
        "form_type": "8-K/A",
        "document_count": "2",
        "period_of_report": "2005-02-25",
        "filed_date": "2005-03-01",
        "company_name": "EXAMPLE MORTGAGE TRUST 2004-2",
        "cik": "1299999",
        "sec_file_number": "333-11111-02",
    }


def test_full_submission_documents_lower_case_tags_and_dash_stuffing():
    submission = parse_submission(FULL_SUBMISSION.encode("ascii"))
    assert [(d.sequence, d.doc_type, d.filename) for d in submission.documents] == [
        (1, "8-K/A", "cover.txt"),
        (2, "EX-99.1", "report.txt"),
    ]
    exhibit = submission.documents[1]
    assert exhibit.description == "Amended Monthly report"
    assert exhibit.text.splitlines() == ["-----not a pem line", "report line one"]
    # The exhibit text starts on the line after <text>: line 40 of the file.
    assert FULL_SUBMISSION.splitlines()[exhibit.text_start_line - 1] == "- -----not a pem line"


def test_bare_document_is_one_document():
    submission = parse_submission(b"Form 8-K\n<TABLE>\nx\n</TABLE>\n")
    assert not submission.has_sec_header
    assert submission.header == {}
    assert len(submission.documents) == 1
    assert submission.documents[0].text_start_line == 1


def test_decode_utf8_cp1252_latin1_and_line_ends():
    assert decode_bytes("caf\u00e9\r\nx\ry".encode()) == ("caf\u00e9\nx\ny", "utf-8")
    # 0x93/0x94 are curly quotes in cp1252 and invalid as UTF-8.
    assert decode_bytes(b"\x93quoted\x94") == ("\u201cquoted\u201d", "cp1252")
    # 0x81 is undefined in cp1252: Latin-1 takes it.
    assert decode_bytes(b"a\x81b") == ("a\x81b", "latin-1")


def test_10_d_cover_forms_and_a_bare_amendment():
    from loaders.filing import parse_filing

    report = "<TABLE>\n<CAPTION>\n  Statement\n<S>        <C>\nBeginning Balance    1,000.00\n</TABLE>\n"
    ten_d = parse_filing(f"FORM 10-D\nASSET-BACKED ISSUER DISTRIBUTION REPORT\n{report}".encode(), "a.txt")
    assert ten_d.filing["cover_form_type"] == "10-D"
    amended = parse_filing(f"FORM 10-D\n Amended Monthly report.\n{report}".encode(), "b.txt")
    assert amended.filing["cover_form_type"] == "10-D/A"
    assert parse_filing(f"Form 10-D/A\n{report}".encode(), "c.txt").filing["cover_form_type"] == "10-D/A"
    assert parse_filing(f"Form 8-K\n{report}".encode(), "d.txt").filing["cover_form_type"] == "8-K"
