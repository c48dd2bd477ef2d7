"""Guidance content. Other apps import the taxonomy from here:
``from services.models import Topic, Subject, Problem``."""

from .feedback import PageFeedback
from .guidance import GuidancePage, TopicIndexPage
from .news import NewsIndexPage, NewsPage
from .search import SuggestionOpening, UnansweredSearch
from .step_by_step import StepByStepPage
from .taxonomy import Problem, Subject, Topic

__all__ = [
    "GuidancePage",
    "NewsIndexPage",
    "NewsPage",
    "PageFeedback",
    "Problem",
    "StepByStepPage",
    "Subject",
    "SuggestionOpening",
    "Topic",
    "TopicIndexPage",
    "UnansweredSearch",
]
