#!/usr/bin/env python
import sys

if __name__ == "__main__":
    from config.env import use_settings_module

    use_settings_module("config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
