"""`load_demo` tells the apps above directory that the demo world is loaded, so each can add
its own 見本 records (fieldwork: 地域課題 and 支援記録) without directory importing them.

A receiver gets municipality (the demo's Area) and returns one line for the command to print.
"""

from django.dispatch import Signal

demo_loaded = Signal()
