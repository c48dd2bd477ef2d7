from django.apps import AppConfig


class StockFormConfig(AppConfig):
    name = "bench.stockform"
    label = "stockform"
    default_auto_field = "django.db.models.BigAutoField"
