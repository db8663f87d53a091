"""The H5P core's own interface strings (H5P.t, namespace "H5P") in the platform's language.

Content types read these for the controls the core draws (fullscreen, dialogs, "show more");
h5p-standalone only knows the English ones.
"""

from __future__ import annotations

from django.utils.translation import pgettext


def core_strings() -> dict[str, str]:
    return {
        "fullscreen": pgettext("H5P player", "Fullscreen"),
        "disableFullscreen": pgettext("H5P player", "Exit fullscreen"),
        "close": pgettext("H5P player", "Close"),
        "confirmDialogHeader": pgettext("H5P player", "Confirm action"),
        "confirmDialogBody": pgettext(
            "H5P player", "Please confirm that you wish to proceed. This action is not reversible."
        ),
        "cancelLabel": pgettext("H5P player", "Cancel"),
        "confirmLabel": pgettext("H5P player", "Confirm"),
        "contentChanged": pgettext(
            "H5P player", "This content has changed since you last used it."
        ),
        "startingOver": pgettext("H5P player", "You'll be starting over."),
        "showMore": pgettext("H5P player", "Show more"),
        "showLess": pgettext("H5P player", "Show less"),
        "by": pgettext("H5P player", "by"),
    }
