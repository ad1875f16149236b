"""The facts ledger as an Excel workbook: a template per region and period generated from the pack, and its
all-or-nothing import (docs/facts-excel.md)."""

KIND = "facts"  # the kind of its import results and error workbooks

