"""Readers' answers to "Was this page useful?"."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

COMMENT_MAX_LENGTH = 500


class PageFeedback(models.Model):
    """One reader's yes/no answer, with an optional short comment.

    Nothing identifies the reader: no account, no IP address. The comment is
    free text, so editors are told in the form not to type personal data.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="services_feedback",
    )
    useful = models.BooleanField(_("useful"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")

    def __str__(self):
        return f"{self.page_id}: {self.useful_display()}"

    def useful_display(self):
        return _("Yes") if self.useful else _("No")


class FeedbackMixin(RoutablePageMixin):
    """Adds the "Was this page useful?" form, posted to ``<page>/avaliacao/``."""

    def get_context(self, request, *args, **kwargs):
        from services.feedback import FEEDBACK_SENT_PARAM, FeedbackForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("feedback_form", FeedbackForm())
        context["feedback_sent"] = request.GET.get(FEEDBACK_SENT_PARAM) == "1"
        # The page's own address as Wagtail keeps it for every site (no site look-up
        # for this request, unlike {% routablepageurl %}).
        context["feedback_url"] = self.get_url() + self.reverse_subpage("feedback")
        return context

    @path("avaliacao/", name="feedback")
    def feedback(self, request):
        from services.feedback import handle_feedback

        return handle_feedback(self, request)
