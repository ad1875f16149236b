"""What other apps may react to without standards importing them (the layers go one way)."""

from django.dispatch import Signal

# Sent inside the loading transaction with `version` (the stored PackVersion) and `pack` (the parsed Pack): the
# facts store opens the reporting periods of the pack's years.
pack_loaded = Signal()
