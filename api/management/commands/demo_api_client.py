"""A demo API client with a published key, so the API can be tried at once on a
development machine (`make run` prints it). Refused when DEBUG is off: a key
everyone knows must never open a real site."""

from django.conf import settings
from django.core.management.base import BaseCommand

from api.models import ApiClient

DEMO_NAME = "Aplicativo de demonstração"
DEMO_KEY = "pcn_demo0000_chave-de-demonstracao-do-procon"


class Command(BaseCommand):
    help = "Create (or reset) the demo API client whose key make run prints. DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stdout.write(
                "No demo API client was created: its published key exists only when DEBUG "
                "is on. Create API clients in the admin (Configurações > Clientes da API)."
            )
            return
        client = ApiClient.objects.filter(name=DEMO_NAME).first() or ApiClient(name=DEMO_NAME)
        client.set_key(DEMO_KEY)
        client.requests_per_minute = 600
        client.is_active = True
        client.save()
        self.stdout.write(f"Demo API client: X-Api-Key: {DEMO_KEY}")
