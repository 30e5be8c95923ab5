"""A stand-in for EDGAR on 127.0.0.1, for the tests of `finop edgar` and `finop batch --edgar`.

It serves a folder laid out as EDGAR is (``/Archives/edgar/full-index/YYYY/QTRn/form.idx``,
``/Archives/edgar/data/CIK/ACCESSION/…`` with its ``index.json`` listing made from the folder, as
EDGAR makes it, and ``/data/submissions/CIK##########.json`` for data.sec.gov), logs every
request with its arrival time and headers, compresses indexes and JSON when asked for gzip, and
can be told to answer a path with errors first (429 with Retry-After, 403, 500) or to send a
file slowly. The site's contents (indexes, cover pages, submissions JSON) are written here; the
reports are the project's own text reports, and a real filing from ../shared/corpus when present.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
CORPUS_PDF = ROOT.parent / "shared" / "corpus" / "pdf"


@dataclass
class Request:
    at: float  # time.monotonic() on arrival
    path: str
    headers: dict[str, str]
    status: int = 200


@dataclass
class Edgar:
    """The server's state: where its files are, what it was asked, and the faults to play."""

    root: Path
    requests: list[Request] = field(default_factory=list)
    faults: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=lambda: defaultdict(list))
    slow: dict[str, float] = field(default_factory=dict)  # path -> bytes a second
    cut: set[str] = field(default_factory=set)  # paths whose next answer stops halfway (the connection drops)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def data_url(self) -> str:
        return f"{self.url}/data"

    def env(self) -> dict[str, str]:
        return {"FINOP_EDGAR_URL": self.url, "FINOP_EDGAR_DATA_URL": self.data_url}

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def max_in_one_second(self) -> int:
        """The most requests that arrived in any window of one second."""
        times = sorted(r.at for r in self.requests)
        best, start = 0, 0
        for end, t in enumerate(times):
            while t - times[start] >= 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best


def _listing(folder: Path, path: str) -> bytes:
    items = [
        {
            "last-modified": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(p.stat().st_mtime)),
            "name": p.name,
            "type": "folder.gif" if p.is_dir() else "text.gif",
            "size": "" if p.is_dir() else str(p.stat().st_size),
        }
        for p in sorted(folder.iterdir())
    ]
    name = path.rsplit("/", 1)[0]
    return json.dumps({"directory": {"item": items, "name": name, "parent-dir": name.rsplit("/", 1)[0]}}).encode()


def _handler(edgar: Edgar) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            request = Request(time.monotonic(), path, {k.lower(): v for k, v in self.headers.items()})
            with edgar.lock:
                edgar.requests.append(request)
                fault = edgar.faults[path].pop(0) if edgar.faults.get(path) else None
            if fault is not None:
                request.status = fault[0]
                return self._send(fault[0], b"refused", fault[1])
            body = self._body(path)
            if body is None:
                request.status = 404
                return self._send(404, b"Not Found", {})
            headers = {}
            if path.endswith((".idx", ".json")) and "gzip" in request.headers.get("accept-encoding", ""):
                body, headers = gzip.compress(body), {"Content-Encoding": "gzip"}
            if path in edgar.slow:
                return self._trickle(body, edgar.slow[path])
            if path in edgar.cut:
                edgar.cut.discard(path)
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.close_connection = True
                return None
            return self._send(200, body, headers)

        def _body(self, path: str) -> bytes | None:
            rel = path.lstrip("/")
            if rel.startswith("data/"):
                rel = "data.sec.gov/" + rel[len("data/") :]
            target = (edgar.root / rel).resolve()
            if not str(target).startswith(str(edgar.root.resolve())):
                return None
            if target.is_file():
                return target.read_bytes()
            if target.name == "index.json" and target.parent.is_dir() and "/edgar/data/" in path:
                return _listing(target.parent, path)
            return None

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _trickle(self, body: bytes, rate: float) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            step = max(1, int(rate / 20))
            try:
                for i in range(0, len(body), step):
                    self.wfile.write(body[i : i + step])
                    self.wfile.flush()
                    time.sleep(0.05)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def serve(edgar: Edgar) -> ThreadingHTTPServer:
    """Start the server on a free port of 127.0.0.1, in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(edgar))
    server.daemon_threads = True
    edgar.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- the site's contents -------------------------------------------------------------------------


def cover_xml(
    *,
    form: str = "X-17A-5",
    cik: str = "0001234567",
    name: str,
    begin: str,
    end: str,
    accountant: str,
    weakness: str = "N",
    documents: tuple[tuple[str, bool], ...] = (),  # (name, confidential), listed without their contents
    extra: str = "",
) -> str:
    """An X-17A-5 cover page in the specification's layout (dates MM-DD-YYYY)."""
    name, accountant = escape(name), escape(accountant)
    docs = "".join(
        f"""
    <ns1:document>
      <ns1:conformedName>{n}</ns1:conformedName>
      <ns1:conformedDocumentType>FULL</ns1:conformedDocumentType>
      <ns1:confidentiality>{str(c).lower()}</ns1:confidentiality>
    </ns1:document>"""
        for n, c in documents
    )
    return f"""<?xml version="1.0" ?>
<edgarSubmission xmlns="http://www.sec.gov/edgar/seventeenafiler" xmlns:ns1="http://www.sec.gov/edgar/common">
  <headerData>
    <submissionType>{form}</submissionType>
    <filerInfo>
      <filer>
        <filerCredentials>
          <filerCik>{cik}</filerCik>
          <filerCcc>XXXXXXXX</filerCcc>
        </filerCredentials>
      </filer>
      <liveTestFlag>LIVE</liveTestFlag>
      <flags>
        <returnCopyFlag>false</returnCopyFlag>
      </flags>
      <contact>
        <contactName>Filing Agent</contactName>
        <contactPhone>555-010-0100</contactPhone>
        <contactEmail>agent@example.com</contactEmail>
      </contact>
    </filerInfo>
  </headerData>
  <formData>
    <submissionInformation>
      <periodBegin>{begin}</periodBegin>
      <periodEnd>{end}</periodEnd>
      <typeOfRegistrant>
        <typeOfBDRegistrant>Broker-dealer</typeOfBDRegistrant>
      </typeOfRegistrant>
      <materialWeakness>{weakness}</materialWeakness>{extra}
    </submissionInformation>
    <registrantIdentification>
      <brokerDealerName>{name}</brokerDealerName>
      <businessAddress>
        <ns1:street1>1 Example Plaza</ns1:street1>
        <ns1:city>Springfield</ns1:city>
        <ns1:stateOrCountry>MA</ns1:stateOrCountry>
        <ns1:zipCode>01101</ns1:zipCode>
      </businessAddress>
      <contactPersonName>Pat Example</contactPersonName>
      <contactPersonPhoneNumber>555-010-0101</contactPersonPhoneNumber>
    </registrantIdentification>
    <accountantIdentification>
      <accountantName>{accountant}</accountantName>
      <accountantAddress>
        <ns1:street1>2 Audit Row</ns1:street1>
        <ns1:city>Boston</ns1:city>
        <ns1:stateOrCountry>MA</ns1:stateOrCountry>
        <ns1:zipCode>02116</ns1:zipCode>
      </accountantAddress>
      <accountantType>Certified Public Accountant</accountantType>
    </accountantIdentification>
    <oathSignature>
      <signPersonName>Pat Example</signPersonName>
      <entityName>{name}</entityName>
      <signDate>02-20-2025</signDate>
      <signature>Pat Example</signature>
      <oathTitle>Chief Financial Officer</oathTitle>
    </oathSignature>
  </formData>{
        ""
        if not docs
        else f'''
  <documents>{docs}
  </documents>'''
    }
</edgarSubmission>
"""


FORM_IDX_HEADER = """Description:           Master Index of EDGAR Dissemination Feed by Form Type
Last Data Received:    March 31, 2025
Comments:              webmaster@sec.gov
Anonymous FTP:         ftp://ftp.sec.gov/edgar/




Form Type   Company Name                                                  CIK         Date Filed  File Name
---------------------------------------------------------------------------------------------------------------------------------------------
"""


def form_row(form: str, company: str, cik: str, date: str, accession: str) -> str:
    """One fixed-width row as EDGAR's form.idx sets it (a name longer than its column pushes the rest on)."""
    return f"{form:<12}{company + ' ':<62}{cik:<12}{date:<12}edgar/data/{cik}/{accession}.txt\n"


@dataclass
class SiteFiling:
    cik: str
    company: str
    form: str
    date: str
    accession: str
    files: dict[str, bytes]

    @property
    def folder(self) -> str:
        return f"Archives/edgar/data/{self.cik}/{self.accession.replace('-', '')}"


def site_filings(with_corpus: bool) -> list[SiteFiling]:
    """The filings the stand-in EDGAR holds: a report with its matching cover page, an amendment whose
    cover disagrees with its report and flags a material weakness, and (with ../shared) a real filing."""
    mml = (ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt").read_bytes()
    harbor = (ROOT / "tests" / "fixtures" / "reports" / "harbor-point-2019.txt").read_bytes()
    out = [
        SiteFiling(
            "1234567",
            "MML DISTRIBUTORS LLC",
            "X-17A-5",
            "2025-02-27",
            "0001234567-25-000001",
            {
                "primary_doc.xml": cover_xml(
                    name="MML Distributors, LLC",
                    begin="01-01-2003",
                    end="12-31-2003",
                    accountant="Deloitte & Touche LLP",
                    documents=(("annualreport.txt", False),),
                ).encode(),
                "annualreport.txt": mml,
            },
        ),
        SiteFiling(
            "7654321",
            "HARBOR POINT SECURITIES, INC.",
            "X-17A-5/A",
            "2025-03-14",
            "0007654321-25-000007",
            {
                "primary_doc.xml": cover_xml(
                    form="X-17A-5/A",
                    cik="0007654321",
                    name="Harbor Point Securities, Inc.",
                    begin="01-01-2018",
                    end="12-31-2018",
                    accountant="Harbor Point Securities, Inc.",
                    weakness="Y",
                    extra="\n      <amendmentDescription>Restated notes</amendmentDescription>",
                ).encode(),
                "report2019.txt": harbor,
            },
        ),
    ]
    if with_corpus:
        out.append(
            SiteFiling(
                "922792",
                "INTERACTIVE BROKERS LLC",
                "X-17A-5",
                "2025-02-28",
                "0000922792-25-000002",
                {
                    "primary_doc.xml": cover_xml(
                        cik="0000922792",
                        name="Interactive Brokers LLC",
                        begin="01-01-2019",
                        end="12-31-2019",
                        accountant="Deloitte & Touche LLP",
                    ).encode(),
                    "ibllc2019.pdf": (CORPUS_PDF / "922792-2020-02-28.pdf").read_bytes(),
                },
            )
        )
    return out


def build_site(root: Path, with_corpus: bool) -> list[SiteFiling]:
    """Write the stand-in EDGAR under ``root``: 2025 QTR1 indexes, the filings' folders, submissions JSON.

    The form index also lists other forms, a name with digits, '&' and runs of spaces, a name long enough to
    reach the CIK column, and an X-17A-5 whose folder EDGAR does not have (a 404)."""
    filings = site_filings(with_corpus)
    for f in filings:
        folder = root / f.folder
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in f.files.items():
            (folder / name).write_bytes(data)
    rows = [
        form_row("10-K", "APPLE INC", "320193", "2025-01-31", "0000320193-25-000008"),
        form_row("SC 13G/A", "VANGUARD GROUP INC", "102909", "2025-02-13", "0000102909-25-000123"),
        *(form_row(f.form, f.company, f.cik, f.date, f.accession) for f in filings),
        form_row("X-17A-5", "42ND STREET  CAPITAL & CO.   L.P.", "1111111", "2025-03-01", "0001111111-25-000001"),
        form_row(
            "X-17A-5",
            "A VERY LONG BROKER-DEALER NAME THAT FILLS THE WHOLE COMPANY COLUMN SECURITIES",
            "2222222",
            "2025-03-03",
            "0002222222-25-000004",
        ),
        form_row("X-17A-5/A", "ZETA MARKETS LLC", "3333333", "2025-03-28", "0003333333-25-000002"),
        form_row("X-17A-11", "NOT AN ANNUAL REPORT LLC", "4444444", "2025-03-29", "0004444444-25-000001"),
    ]
    index = root / "Archives/edgar/full-index/2025/QTR1"
    index.mkdir(parents=True, exist_ok=True)
    (index / "form.idx").write_text(FORM_IDX_HEADER + "".join(rows), encoding="latin-1")
    master = ["CIK|Company Name|Form Type|Date Filed|Filename", "-" * 80]
    master += [f"{f.cik}|{f.company}|{f.form}|{f.date}|edgar/data/{f.cik}/{f.accession}.txt" for f in filings]
    master.append("5555555|PIPE | AND SONS|X-17A-5|2025-03-30|edgar/data/5555555/0005555555-25-000001.txt")
    (index / "master.idx").write_text("\n".join(["Description: Master Index", "", *master]) + "\n")
    subs = root / "data.sec.gov" / "submissions"
    subs.mkdir(parents=True, exist_ok=True)
    for cik in {f.cik for f in filings}:
        mine = [f for f in filings if f.cik == cik]
        recent = {
            "accessionNumber": [f.accession for f in mine] + [f"{int(cik):010d}-24-000099"],
            "filingDate": [f.date for f in mine] + ["2024-02-28"],
            "reportDate": ["" for _ in mine] + [""],
            "form": [f.form for f in mine] + ["X-17A-5"],
            "primaryDocument": ["primary_doc.xml" for _ in mine] + ["report.pdf"],
        }
        data = {"cik": cik, "name": mine[0].company, "filings": {"recent": recent, "files": []}}
        (subs / f"CIK{int(cik):010d}.json").write_text(json.dumps(data))
    return filings
