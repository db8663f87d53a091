"""Inviting imported staff to choose a password: an e-mail with a password-reset link.

A new account from a staff import has no usable password; the invitation carries Django's
password-reset token, so the link stops working once the person has chosen a password.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from jobs.dispatch import enqueue
from people.models import StaffProfile, User
from people.roles import Role, has_role
from people.scope import scope_to

INVITATION_TASK = "people.tasks.send_staff_invitations"


class InvitationError(Exception):
    """The invitation cannot be sent; the message says why, for the manager."""


def invitable(profile: StaffProfile) -> bool:
    """Whether the person can be invited: an active account with an e-mail and no password."""
    user = profile.user
    return bool(user.email) and user.is_active and not user.has_usable_password()


def invitation_link(user: User) -> str:
    """The link where `user` chooses a password (valid for PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def invitation_message(profile: StaffProfile) -> EmailMessage:
    """The invitation e-mail, in the site's language (Vietnamese)."""
    user = profile.user
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "people/email/invitation.txt",
            {
                "name": profile.full_name,
                "username": user.get_username(),
                "link": invitation_link(user),
                "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
                "site_url": settings.SITE_URL,
            },
        )
        subject = _("Your account on S&T Training: choose your password")
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_invitation(user_id: int, *, again: bool = False) -> bool:
    """E-mail the invitation to a person who can be invited; once, unless `again`.

    True when an e-mail was sent. Safe to retry: the row is locked and the time recorded.
    """
    with transaction.atomic():
        profile = (
            StaffProfile.objects.select_for_update()
            .select_related("user")
            .filter(user_id=user_id)
            .first()
        )
        if profile is None or not invitable(profile):
            return False
        if profile.invited_at is not None and not again:
            return False
        invitation_message(profile).send()
        profile.invited_at = timezone.now()
        profile.save(update_fields=["invited_at"])
    return True


def send_invitations(user_ids: list[int], *, again: bool = False) -> int:
    """Invite each person in turn; how many e-mails were sent."""
    return sum(send_invitation(user_id, again=again) for user_id in user_ids)


def invite_after_commit(user_ids: list[int]) -> None:
    """Queue the invitations of new accounts with the caller's transaction."""
    if user_ids:
        enqueue(INVITATION_TASK, list(user_ids))


def invitable_staff(viewer: User | AnonymousUser) -> QuerySet[StaffProfile]:
    """Staff `viewer` may send an invitation to: all for a ministry admin, their province's for
    a province manager."""
    return scope_to(
        viewer,
        StaffProfile.objects.select_related("user"),
        province="unit__province",
        person="user",
    )


def resend_invitation(profile_id: int, actor: User) -> StaffProfile:
    """Queue the invitation again for a person in `actor`'s scope who has no password yet.

    Raises InvitationError when the person is out of reach or cannot be invited.
    """
    if not (has_role(actor, Role.MINISTRY_ADMIN) or has_role(actor, Role.PROVINCE_MANAGER)):
        raise InvitationError(_("You may not send invitations."))
    profile = invitable_staff(actor).filter(pk=profile_id).first()
    if profile is None:
        raise InvitationError(_("This person is outside your province."))
    if not profile.user.email:
        raise InvitationError(_("This person has no e-mail address."))
    if profile.user.has_usable_password():
        raise InvitationError(_("This person has already chosen a password."))
    if not profile.user.is_active:
        raise InvitationError(_("This account is disabled."))
    with transaction.atomic():
        enqueue(INVITATION_TASK, [profile.user_id], True)
    return profile
