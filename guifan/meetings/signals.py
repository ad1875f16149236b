from django.dispatch import Signal

# Sent after a meeting of `organisation` held in `year` is recorded, changed or removed, once the transaction
# commits; guifan.facts answers by deriving that organisation's facts of the year again.
meetings_changed = Signal()  # kwargs: organisation, year
