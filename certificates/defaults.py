"""The default template: a Vietnamese administrative-style "Giấy chứng nhận", A4 landscape.

Two-column header (issuer and number line on the left, national title, motto and the place
and date line on the right), the title, the holder and what they completed, the signer block
on the right and the QR code that leads to the public verification page on the left.
"""

from __future__ import annotations

from certificates.models import CertificateTemplate

DEFAULT_NAME = "Giấy chứng nhận (mặc định)"

DEFAULT_BODY = """\
<div class="issuer">
  <p class="issuer-name">{{ issuer_name }}</p>
  {% if issuer_unit %}<p class="issuer-unit">{{ issuer_unit }}</p>{% endif %}
  <p class="short-rule"></p>
  <p class="number">Số: {{ serial }}</p>
</div>
<div class="nation">
  <p class="nation-name">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
  <p class="motto">Độc lập - Tự do - Hạnh phúc</p>
  <p class="long-rule"></p>
  <p class="date-line">{{ date_line }}</p>
</div>
<div class="main">
  <h1>{{ title }}</h1>
  <p class="subtitle">Hoàn thành {{ achievement_kind }}</p>
  <p class="line">Chứng nhận Ông/Bà: <strong class="holder">{{ holder_name }}</strong></p>
  {% if holder_position %}<p class="line">Chức vụ: {{ holder_position }}</p>{% endif %}
  <p class="line">Đơn vị công tác: {{ unit_name }}{% if province_name %}
    – {{ province_name }}{% endif %}</p>
  <p class="line">Đã hoàn thành {{ achievement_kind }}:
    <strong>“{{ achievement_title }}”</strong></p>
  <p class="line">Thời gian: {{ period }}{% if hours %} ({{ hours }} giờ){% endif %}</p>
  <p class="line">Kết quả: Đạt{% if score %}; điểm bài kiểm tra: {{ score }}{% endif %}</p>
  {% if attendance %}<p class="line">Tỷ lệ tham dự: {{ attendance }}</p>{% endif %}
  {% if valid_until_text %}<p class="line">{{ valid_until_text }}</p>{% endif %}
</div>
<div class="bottom">
<div class="verify">
  {{ qr }}
  <p>Tra cứu giấy chứng nhận:<br>{{ verify_url }}</p>
</div>
<div class="signer">
  {% if signer_authority %}<p class="authority">{{ signer_authority }}</p>{% endif %}
  <p class="signer-title">{{ signer_title }}</p>
  <div class="marks">
    {% if seal_url %}<img class="seal" src="{{ seal_url }}" alt="">{% endif %}
    {% if signature_url %}<img class="signature" src="{{ signature_url }}" alt="">{% endif %}
  </div>
  <p class="signer-name">{{ signer_name }}</p>
</div>
</div>
"""

DEFAULT_CSS = """\
.issuer { position: absolute; top: 24mm; left: 26mm; width: 105mm; text-align: center; }
.issuer-name { font-size: 12.5pt; text-transform: uppercase; }
.issuer-unit { font-size: 12.5pt; font-weight: bold; text-transform: uppercase; }
.short-rule { width: 30mm; margin: 1mm auto 2mm; border-top: 0.6pt solid #111; }
.number { font-size: 13pt; }
.nation { position: absolute; top: 24mm; right: 24mm; width: 130mm; text-align: center; }
.nation-name { font-size: 12.5pt; font-weight: bold; }
.motto { font-size: 13.5pt; font-weight: bold; }
.long-rule { width: 58mm; margin: 1mm auto 2mm; border-top: 0.6pt solid #111; }
.date-line { font-style: italic; font-size: 13pt; }
.main { margin: 0 34mm; padding-top: 54mm; }
h1 { margin: 0; text-align: center; font-size: 28pt; letter-spacing: 1pt; color: #8b1a1a; }
.subtitle { text-align: center; font-size: 14pt; font-weight: bold; margin-bottom: 3mm; }
.line { font-size: 13.5pt; margin: 0.8mm 0; }
.holder { font-size: 16pt; }
.bottom { margin: 3mm 30mm 0; }
.verify { float: left; width: 70mm; padding-top: 6mm; font-size: 9pt; }
.verify img.qr { display: block; width: 22mm; height: 22mm; margin-bottom: 1.5mm; }
.signer { float: right; width: 95mm; text-align: center; }
.authority, .signer-title { font-weight: bold; font-size: 13pt; text-transform: uppercase; }
.marks { position: relative; height: 22mm; }
.seal { position: absolute; left: 12mm; top: 0; height: 22mm; opacity: 0.9; }
.signature { position: absolute; left: 30mm; top: 2mm; height: 18mm; }
.signer-name { font-weight: bold; font-size: 14pt; }
"""

# The lowest issuer line names the body whose head signs: "BỘ …" is signed by the Minister
# (or "KT. BỘ TRƯỞNG / THỨ TRƯỞNG"), "VỤ …" by its Vụ trưởng, "SỞ …" by its Giám đốc.
HEADS = {
    "BỘ": "BỘ TRƯỞNG",
    "VỤ": "VỤ TRƯỞNG",
    "CỤC": "CỤC TRƯỞNG",
    "SỞ": "GIÁM ĐỐC",
    "ỦY BAN NHÂN DÂN": "CHỦ TỊCH",
}

DEFAULT_FIELDS = {
    # The Ministry issues and a Deputy Minister signs for the Minister: no unit line, whose
    # head ("VỤ TRƯỞNG") would have to sign instead.
    "issuer_name": "BỘ KHOA HỌC VÀ CÔNG NGHỆ",
    "issuer_unit": "",
    "place": "Hà Nội",
    "title": "GIẤY CHỨNG NHẬN",
    "signer_authority": "KT. BỘ TRƯỞNG",
    "signer_title": "THỨ TRƯỞNG",
    # A fictional signer: demo certificates must not carry a real official's name.
    "signer_name": "Trần Minh Khoa",
    "body_html": DEFAULT_BODY,
    "css": DEFAULT_CSS,
}


def head_of(issuer: str) -> str:
    """The title of the head of the body `issuer` names ("" when the kind is not known)."""
    upper = issuer.strip().upper()
    for kind, head in HEADS.items():
        if upper == kind or upper.startswith(kind + " "):
            return head
    return ""


def signer_matches_issuer(template: CertificateTemplate) -> bool:
    """Whether the signer block signs for the body on the lowest issuer line: its head signs
    ("GIÁM ĐỐC"), or someone signs on the head's behalf ("KT. BỘ TRƯỞNG" over "THỨ TRƯỞNG")."""
    issuer = (template.issuer_unit or template.issuer_name).strip().upper()
    head = head_of(issuer)
    if not head:
        return False
    authority = template.signer_authority.strip().upper()
    if not authority:
        return template.signer_title.strip().upper() == head
    prefix, _dot, named = authority.partition(".")
    if prefix == "TM":  # on behalf of a collective body: "TM. ỦY BAN NHÂN DÂN TỈNH"
        return issuer.startswith(named.strip())
    return named.strip() == head


def ensure_default_template() -> CertificateTemplate:
    """Create the default template when there is none (idempotent, never overwrites edits)."""
    existing = CertificateTemplate.objects.filter(is_default=True).first()
    if existing is not None:
        return existing
    template, _created = CertificateTemplate.objects.get_or_create(
        name=DEFAULT_NAME, defaults={**DEFAULT_FIELDS, "is_default": True}
    )
    if not template.is_default:
        template.is_default = True
        template.save(update_fields=["is_default"])
    return template
