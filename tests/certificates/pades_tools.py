"""Test tools for signed PDFs: a local timestamp authority, poppler's pdfsig over an NSS
database that trusts the test root, and a one-byte change inside the signed range."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import tsp
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from certificates.pki import DevPki

PDFSIG_TOOLS = ("pdfsig", "certutil")


class _TsaServer(ThreadingHTTPServer):
    stamper: DummyTimeStamper


class _TsaHandler(BaseHTTPRequestHandler):
    server: _TsaServer

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        reply = self.server.stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def local_tsa(pki: DevPki) -> Iterator[str]:
    """An RFC 3161 timestamp authority over HTTP on 127.0.0.1, signing with the PKI's TSA."""
    server = _TsaServer(("127.0.0.1", 0), _TsaHandler)
    server.stamper = DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(str(pki.tsa_cert)),
        tsa_key=load_private_key_from_pemder(str(pki.tsa_key), passphrase=None),
        certs_to_embed=[load_cert_from_pemder(str(pki.issuing))],
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()


def missing_pdfsig_tools() -> list[str]:
    return [tool for tool in PDFSIG_TOOLS if shutil.which(tool) is None]


def nss_db(directory: Path, root: Path) -> str:
    """An NSS database (what pdfsig reads) trusting `root` for signing certificates."""
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run(["certutil", "-N", "-d", f"sql:{directory}", "--empty-password"], check=True)
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{directory}", "-n", "test-root", "-t", "CT,C,C", "-i", root],
        check=True,
    )
    return f"sql:{directory}"


def pdfsig(pdf: bytes, nssdir: str, workdir: Path) -> dict[str, str]:
    """pdfsig's report on the first signature: its '  - Name: value' lines as a dict."""
    # Not -no-ocsp: poppler 22.12 then reports every certificate as "Unknown issue". The test
    # certificates carry no OCSP address, so nothing is fetched either way.
    path = workdir / "checked.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdfsig", "-nssdir", nssdir, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    report: dict[str, str] = {"_output": result.stdout + result.stderr}
    for line in result.stdout.splitlines():
        line = line.strip()
        if line.startswith("- ") and ": " in line:
            key, value = line[2:].split(": ", 1)
            report.setdefault(key, value)
        elif line.startswith("- "):
            report.setdefault(line[2:], "")
    return report


def change_one_byte(pdf: bytes) -> bytes:
    """The PDF with one letter of its /Producer changed: still a readable PDF, and the byte
    lies in the range the signature covers."""
    at = pdf.index(b"/Producer (") + len(b"/Producer (")
    changed = bytearray(pdf)
    changed[at] = ord("V") if changed[at] != ord("V") else ord("W")
    return bytes(changed)
