"""StreamField blocks for lesson bodies."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link", "h3", "h4"]


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning")), ("tip", _("Tip"))],
        default="info",
        label=_("kind"),
    )
    title = blocks.CharBlock(required=False, label=_("title"))
    text = blocks.TextBlock(label=_("text"))

    class Meta:
        icon = "warning"
        template = "courses/blocks/callout.html"
        label = _("Callout")


class LegalReferenceBlock(blocks.StructBlock):
    """A pointer to a legal document and article, with an optional uploaded copy."""

    document = blocks.CharBlock(
        label=_("legal document"), help_text=_("e.g. Decree 133/2025/NĐ-CP")
    )
    article = blocks.CharBlock(required=False, label=_("article"))
    note = blocks.TextBlock(required=False, label=_("note"))
    file = DocumentChooserBlock(required=False, label=_("document file"))

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/legal_reference.html"
        label = _("Legal reference")


class VideoFileBlock(blocks.StructBlock):
    file = DocumentChooserBlock(label=_("video file"))
    caption = blocks.CharBlock(required=False, label=_("caption"))

    class Meta:
        icon = "media"
        template = "courses/blocks/video_file.html"
        label = _("Video file")


class DocumentBlock(blocks.StructBlock):
    file = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(required=False, label=_("title"))

    class Meta:
        icon = "doc-full-inverse"
        template = "courses/blocks/document.html"
        label = _("Document")


class LessonBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title",
        icon="title",
        label=_("Heading"),
        template="courses/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Rich text"))
    image = ImageBlock(label=_("Image"))
    video = EmbedBlock(label=_("Video embed"), icon="media")
    video_file = VideoFileBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    legal_reference = LegalReferenceBlock()
    task_card = SnippetChooserBlock(
        "courses.DecentralisedTask",
        label=_("Decentralised task"),
        icon="tasks",
        template="courses/blocks/task_card.html",
    )
