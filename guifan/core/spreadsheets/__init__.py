"""The spreadsheet library: reading, checking and reporting on workbooks, one writer for templates, exports and error
workbooks, and the generic Excel views. It knows no domain: each domain declares a `registry.Sheet` (its columns,
checks, bulk action and export) in its own `sheets.py` and registers it from its AppConfig.ready."""
