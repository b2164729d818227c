from django.core.wsgi import get_wsgi_application

from config.env import use_settings_module

use_settings_module("config.settings.production")

application = get_wsgi_application()
