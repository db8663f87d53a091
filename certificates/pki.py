"""A small certificate authority for development and tests: root → issuing CA → signer.

Real deployments sign with the organisation's certificate from a national or commercial CA
(a PKCS#12 file or a PKCS#11 token); this one only lets the demo and the tests sign and
validate certificates end to end, offline. Keys are written unencrypted except the
signer's PKCS#12, which is what the signing settings read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ORGANISATION = "Bộ Khoa học và Công nghệ"
DEV_PASSPHRASE = "dev-pki-passphrase"
ROOT_YEARS = 20
CA_YEARS = 10
LEAF_YEARS = 2

Key = rsa.RSAPrivateKey


@dataclass(frozen=True)
class DevPki:
    """Where make_dev_pki put each file."""

    directory: Path

    @property
    def root(self) -> Path:
        return self.directory / "root-ca.pem"

    @property
    def issuing(self) -> Path:
        return self.directory / "issuing-ca.pem"

    @property
    def crl(self) -> Path:
        return self.directory / "issuing-ca.crl"

    @property
    def signer_cert(self) -> Path:
        return self.directory / "signer.pem"

    @property
    def signer_key(self) -> Path:
        return self.directory / "signer.key"

    @property
    def pkcs12(self) -> Path:
        return self.directory / "signer.p12"

    @property
    def tsa_cert(self) -> Path:
        return self.directory / "tsa.pem"

    @property
    def tsa_key(self) -> Path:
        return self.directory / "tsa.key"

    def key_of(self, cert_path: Path) -> Path:
        return cert_path.with_suffix(".key")


def _name(common_name: str, unit: str | None = None) -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.LOCALITY_NAME, "Hà Nội"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
    ]
    if unit:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def _new_key() -> Key:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _write_key(path: Path, key: Key) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _read(path: Path) -> tuple[x509.Certificate, Key]:
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    key = serialization.load_pem_private_key(path.with_suffix(".key").read_bytes(), None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return cert, key


def _key_usage(*, ca: bool, sign: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _issue(
    subject: x509.Name,
    key: Key,
    issuer: tuple[x509.Certificate, Key] | None,
    *,
    ca: bool,
    not_before: datetime.datetime,
    not_after: datetime.datetime,
    timestamping: bool = False,
) -> x509.Certificate:
    issuer_name = issuer[0].subject if issuer else subject
    signing_key = issuer[1] if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_key_usage(ca=ca, sign=not ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer[1].public_key()),
            critical=False,
        )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return builder.sign(signing_key, hashes.SHA256())


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _ca(
    path: Path,
    subject: x509.Name,
    issuer: tuple[x509.Certificate, Key] | None,
    years: int,
) -> tuple[x509.Certificate, Key]:
    if path.exists() and path.with_suffix(".key").exists():
        return _read(path)
    key = _new_key()
    now = _now()
    cert = _issue(
        subject,
        key,
        issuer,
        ca=True,
        not_before=now - datetime.timedelta(days=1),
        not_after=now + datetime.timedelta(days=365 * years),
    )
    _write_key(path.with_suffix(".key"), key)
    _write_cert(path, cert)
    return cert, key


def _still_good(path: Path, issuer: x509.Certificate) -> bool:
    """The leaf exists, was issued by this CA and is valid for at least another month."""
    if not path.exists() or not path.with_suffix(".key").exists():
        return False
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    month = datetime.timedelta(days=30)
    return cert.issuer == issuer.subject and cert.not_valid_after_utc > _now() + month


def write_signer(
    pki: DevPki,
    *,
    passphrase: str,
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
    common_name: str = ORGANISATION,
) -> None:
    """(Re)issue the signer's certificate and its PKCS#12 file, from the issuing CA."""
    issuing = _read(pki.issuing)
    key = _new_key()
    now = _now()
    cert = _issue(
        _name(common_name),
        key,
        issuing,
        ca=False,
        not_before=not_before or now - datetime.timedelta(days=1),
        not_after=not_after or now + datetime.timedelta(days=365 * LEAF_YEARS),
    )
    _write_key(pki.signer_key, key)
    _write_cert(pki.signer_cert, cert)
    pki.pkcs12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name=common_name.encode(),
            key=key,
            cert=cert,
            cas=[issuing[0], x509.load_pem_x509_certificate(pki.root.read_bytes())],
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
        )
    )
    pki.pkcs12.chmod(0o600)


def _write_crl(pki: DevPki, issuing: tuple[x509.Certificate, Key]) -> None:
    now = _now()
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuing[0].subject)
        .last_update(now - datetime.timedelta(minutes=5))
        .next_update(now + datetime.timedelta(days=30))
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuing[1].public_key()),
            critical=False,
        )
        .sign(issuing[1], hashes.SHA256())
    )
    pki.crl.write_bytes(crl.public_bytes(serialization.Encoding.DER))


def make_dev_pki(directory: Path, *, passphrase: str = DEV_PASSPHRASE) -> tuple[DevPki, bool]:
    """Create what is missing (or about to expire) of the development PKI in `directory`.

    Returns the PKI and whether anything was written. Running it again changes nothing while
    the files are good, so the demo keeps one trust root.
    """
    directory.mkdir(parents=True, exist_ok=True)
    pki = DevPki(directory)
    had_root = pki.root.exists()
    root = _ca(pki.root, _name("Tập huấn KH&CN Root CA (phát triển)"), None, ROOT_YEARS)
    had_issuing = pki.issuing.exists()
    issuing = _ca(pki.issuing, _name("Tập huấn KH&CN Issuing CA (phát triển)"), root, CA_YEARS)
    changed = not (had_root and had_issuing)
    if changed or not _still_good(pki.signer_cert, issuing[0]) or not pki.pkcs12.exists():
        write_signer(pki, passphrase=passphrase)
        changed = True
    if changed or not _still_good(pki.tsa_cert, issuing[0]):
        key = _new_key()
        now = _now()
        tsa = _issue(
            _name("Tập huấn KH&CN TSA (phát triển)"),
            key,
            issuing,
            ca=False,
            not_before=now - datetime.timedelta(days=1),
            not_after=now + datetime.timedelta(days=365 * LEAF_YEARS),
            timestamping=True,
        )
        _write_key(pki.tsa_key, key)
        _write_cert(pki.tsa_cert, tsa)
        changed = True
    if changed or not pki.crl.exists() or _crl_stale(pki):
        _write_crl(pki, issuing)
        changed = True
    return pki, changed


def _crl_stale(pki: DevPki) -> bool:
    crl = x509.load_der_x509_crl(pki.crl.read_bytes())
    next_update = crl.next_update_utc
    return next_update is None or next_update < _now() + datetime.timedelta(days=7)
